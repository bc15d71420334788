"""``smallcap-monitor export``: one panel's PNG or CSV for a share-link state, without a server."""

from __future__ import annotations

from pathlib import Path

import click

from cli import build_config, cache_options
from components.ids import PANELS
from components.png import ExportError


@click.command()
@cache_options
@click.option("--panel", required=True, type=click.Choice(PANELS), help="Panel to export.")
@click.option("--state", "query", default="", help="Share-link query string, e.g. 'start=2018-09-20&end=2018-12-24'.")
@click.option("--output", required=True, type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="File to write; .png or .csv decides the format.")
def export(data=None, cache_dir=None, redis_url=None, panel="relative", query="", output=None) -> None:
    """Write a panel as PNG or CSV for the view a share link describes."""
    from app import create_app

    suffix = output.suffix.lower()
    if suffix not in {".png", ".csv"}:
        raise click.BadParameter("the file name must end in .png or .csv", param_hint="--output")
    # one PNG in this process: no renderer process to start (and leave behind) for it
    app = create_app(build_config(data, cache_dir, redis_url).with_overrides(export_renderer="local"))
    exporter = app.server.extensions["smallcap_exporter"]
    try:
        if suffix == ".png":
            body, name, notices = exporter.png(panel, query)
            output.write_bytes(body)
        else:
            body, name, notices = exporter.csv(panel, query)
            output.write_text(body, encoding="utf-8")
    except ExportError as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror or type(exc).__name__}") from None
    for notice in notices:
        click.echo(f"notice: {notice}", err=True)
    click.echo(f"wrote {output} ({name})")

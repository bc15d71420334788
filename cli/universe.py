"""``smallcap-monitor universe``: uploaded lists in the user store (add, list, show, prune)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from cli import build_config, cache_options


def _universe(data, cache_dir, redis_url):
    from flask import Flask

    from loaders.cache import loader_cache
    from loaders.universe import UniverseData

    config = build_config(data, cache_dir, redis_url)
    return UniverseData(config, loader_cache(config, Flask("smallcap-universe")))


def _fail(exc) -> None:
    click.echo(f"Error: {exc}", err=True)
    sys.exit(1)


@click.group()
def universe() -> None:
    """Uploaded universes (the user store: SMALLCAP_STATE_DIR or SMALLCAP_STORE_URL)."""


@universe.command("add")
@cache_options
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--name", "name", default=None, help="Name stem (default: the file's name).")
def add(file: Path, name=None, data=None, cache_dir=None, redis_url=None) -> None:
    """Store FILE (a CSV with a ticker column); prints the stored name."""
    from loaders.base import LoaderError
    from loaders.upload import UploadError, parse_universe_upload, universe_name_from_filename

    universe_data = _universe(data, cache_dir, redis_url)
    content = file.read_bytes()
    try:
        try:
            known = universe_data.known_tickers()
        except LoaderError:
            known = None
        parsed = parse_universe_upload(content, filename=file.name, known_tickers=known)
        stored = universe_data.add_upload(parsed.members, name=universe_name_from_filename(name or file.name),
                                          note=" ".join(parsed.messages), content=content, client="cli",
                                          origin="cli")
    except (UploadError, LoaderError) as exc:
        _fail(exc)
    for message in parsed.messages:
        click.echo(message, err=True)
    click.echo(stored)


@universe.command("list")
@cache_options
def list_(data=None, cache_dir=None, redis_url=None) -> None:
    """Every stored upload: name, members, size, created and last used (UTC)."""
    from loaders.base import LoaderError

    try:
        rows = _universe(data, cache_dir, redis_url).store.names()
    except LoaderError as exc:
        _fail(exc)
    day = lambda t: dt.datetime.fromtimestamp(t, dt.timezone.utc).strftime("%Y-%m-%d")  # noqa: E731
    for row in rows:
        click.echo(f"{row['name']}\t{row['n_members']} members\t{row['size_bytes']:,} bytes\t"
                   f"created {day(row['created_at'])}\tused {day(row['last_used'])}\t{row['origin']}")
    click.echo(f"{len(rows)} uploads", err=True)


@universe.command("show")
@cache_options
@click.argument("name")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
def show(name: str, fmt: str = "csv", data=None, cache_dir=None, redis_url=None) -> None:
    """Print the members of the stored upload NAME."""
    from loaders.base import LoaderError
    from components.export import neutralise
    from loaders.user_store import members_csv

    try:
        members = _universe(data, cache_dir, redis_url).members(name).data
    except LoaderError as exc:
        _fail(exc)
    if fmt == "csv":  # (text a spreadsheet would run as a formula is quoted, as in the page's exports)
        text = members.select_dtypes(exclude="number").columns
        click.echo(members_csv(members.assign(**{c: members[c].map(neutralise) for c in text})), nl=False)
    else:
        records = [{k: (None if isinstance(v, float) and v != v else v) for k, v in row.items()}
                   for row in members.to_dict(orient="records")]
        click.echo(json.dumps({"name": name, "members": records}, indent=1))


@universe.command("prune")
@cache_options
@click.option("--days", default=180, show_default=True, type=click.IntRange(0, 100_000),
              help="Remove uploads not used for this many days.")
@click.option("--dry-run", is_flag=True, help="Only print what would be removed.")
def prune(days: int = 180, dry_run: bool = False, data=None, cache_dir=None, redis_url=None) -> None:
    """Remove uploads unused for DAYS days (links to them then say 'no uploaded universe')."""
    from loaders.base import LoaderError

    try:
        removed = _universe(data, cache_dir, redis_url).store.prune(days=days, dry_run=dry_run)
    except LoaderError as exc:
        _fail(exc)
    for name in removed:
        click.echo(name)
    click.echo(f"{'would remove' if dry_run else 'removed'} {len(removed)} uploads unused for {days} days", err=True)

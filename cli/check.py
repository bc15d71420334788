"""``smallcap-monitor check``: check the figures of a news paragraph against the data.

stdout carries only the result: a JSON object ``{"as_of", "claims", "message"}`` or, with
``--format text``, one block per claim (verdict, clause, reason, sources, link). Notes on the data
(series not loaded, stale or demo data) go to stderr. Exit status 0 when the text was checked
(whatever the verdicts), 2 on a usage error (bad date, unreadable file, text too long).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from cli import build_config, cache_options, date_option

VERDICT_WORDS = {"consistent": "CONSISTENT", "differs": "DIFFERS", "not_checkable": "NOT CHECKABLE"}


def format_text(result) -> str:
    """The records for people: a verdict line, the clause, the reason, the sources and the link, per claim."""
    lines = [result.message]
    for record in result.claims:
        lines += ["", f"{VERDICT_WORDS[record.verdict]}: \"{record.text}\"", f"  {record.reason}"]
        if record.source:
            lines.append(f"  {record.source}")
        if record.link:
            lines.append(f"  view: {record.link}")
    return "\n".join(lines)


def _read_text(text: str | None, text_file: str | None) -> str:
    from analytics.claims import MAX_CHARS

    if (text is None) == (text_file is None):
        raise click.UsageError("give the paragraph with --text or --text-file (one of them)")
    if text_file is not None:
        path = Path(text_file)
        try:
            if path.stat().st_size > 4 * MAX_CHARS + 4:
                raise click.BadParameter(f"the file is larger than {MAX_CHARS:,} characters",
                                         param_hint="--text-file")
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise click.BadParameter(f"cannot read {text_file!r}: {exc.strerror or exc}",
                                     param_hint="--text-file") from None
    if len(text) > MAX_CHARS:
        raise click.BadParameter(f"the text has {len(text):,} characters; at most {MAX_CHARS:,} can be "
                                 "checked at once", param_hint="--text / --text-file")
    return text


@click.command("check")
@cache_options
@click.option("--as-of", "as_of", required=True, callback=date_option, metavar="YYYY-MM-DD",
              help="Publication date: the reference for 'Friday', 'this year'; later data is ignored.")
@click.option("--text", "text", default=None, help="The paragraph to check.")
@click.option("--text-file", "text_file", default=None, metavar="FILE", help="Read the paragraph from a file.")
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="json", show_default=True,
              help="A JSON object with as_of and claims, or a block per claim.")
def check(as_of: dt.date, text: str | None = None, text_file: str | None = None, fmt: str = "json",
          data=None, cache_dir=None, redis_url=None) -> None:
    """Check the figures of a news paragraph (returns, drawdowns, yields, spreads, records)."""
    from flask import Flask

    from loaders.cache import loader_cache
    from loaders.source import DataSource
    from panels.claims import check_claims

    paragraph = _read_text(text, text_file)
    config = build_config(data, cache_dir, redis_url)
    source = DataSource(config, loader_cache(config, Flask("smallcap-check")))
    result, notes = check_claims(source, paragraph, as_of=as_of)
    for note in notes:
        click.echo(f"note: {note}", err=True)
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(format_text(result))

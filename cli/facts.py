"""``smallcap-monitor facts``: the headline facts as of a date, as JSON or text.

stdout carries only the result (a JSON list of fact records, or one sentence per line); notes go
to stderr: series that could not be loaded, stale or demo data, and the facts that were skipped
with the reason. ``--top N`` keeps the N most notable facts, most notable first; on a day when
none scores :data:`analytics.facts.NOTABLE_MIN` a note on stderr says "Nothing notable as of ...".
"""

from __future__ import annotations

import datetime as dt
import json
import sys

import click

from cli import build_config, cache_options, date_option


def _note(message: str) -> None:
    click.echo(message, err=True)


@click.command("facts")
@cache_options
@click.option("--as-of", "as_of", required=True, callback=date_option, metavar="YYYY-MM-DD",
              help="State the facts as of this date; later data is ignored.")
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="json",
              show_default=True, help="JSON list of fact records, or one sentence per line.")
@click.option("--small", "small", default="RUT", show_default=True, metavar="KEY",
              help="Small-cap side of the pair (RUT, SP600, IWM, IJR, MID, MDY).")
@click.option("--large", "large", default="GSPC", show_default=True, metavar="KEY",
              help="Large-cap side of the pair (GSPC, RUI, SPY, IWB, IXIC...).")
@click.option("--top", "top", type=click.IntRange(min=1), default=None, metavar="N",
              help="Only the N most notable facts, most notable first (a day on which nothing "
                   "is notable says so on standard error).")
def facts(as_of: dt.date, fmt: str = "json", top: int | None = None, small: str = "RUT",
          large: str = "GSPC", data=None, cache_dir=None, redis_url=None) -> None:
    """Headline facts (returns, records, drawdowns, spreads, correlation, Fed) as of a date."""
    from flask import Flask

    from analytics.facts import (
        any_notable, calc_headline_facts, format_text, nothing_notable, to_records, top_facts,
    )
    from panels.fact_series import load_fact_series
    from analytics.series import observation_freqs
    from loaders.cache import loader_cache
    from loaders.source import DataSource

    from loaders.catalog import LARGE_CAP_KEYS, SMALL_CAP_KEYS

    small, large = small.strip().upper(), large.strip().upper()
    for side, key, keys in (("--small", small, SMALL_CAP_KEYS), ("--large", large, LARGE_CAP_KEYS)):
        if key not in keys:
            raise click.BadParameter(f"{key!r} is not a {side[2:]}-cap series; choose one of "
                                     f"{', '.join(keys)}", param_hint=side)
    config = build_config(data, cache_dir, redis_url)
    source = DataSource(config, loader_cache(config, Flask("smallcap-facts")))
    inputs = load_fact_series(source, small=small, large=large)
    for note in inputs.notes():
        _note(f"note: {note}")
    missing = [key for key in (small, large) if key not in inputs.series]
    if missing:
        _note(f"error: the pair {small} / {large} cannot be loaded ({', '.join(missing)}): no facts")
        sys.exit(2)
    # the pair's last common observation, as the page bounds its as-of date (the 10-year going on to
    # July made "--as-of 2026-05-01" state 12 facts, every Russell 2000 one skipped as stale, where
    # the page states 34 as of the pair's last day)
    last = min(inputs.series[small].index[-1], inputs.series[large].index[-1]).date()
    if as_of > last:
        _note(f"error: --as-of {as_of} is after the last observation the pair {small} / {large} has in common "
              f"({last}); use {last} or earlier")
        sys.exit(2)
    # as the page states them: each series' observation frequency decides which facts it supports
    sheet = calc_headline_facts(inputs.series, as_of=as_of, small=small, large=large,
                                observed=observation_freqs(inputs.series))
    for fact_id, reason in sheet.skipped:
        _note(f"skipped {fact_id}: {reason}")
    shown = list(sheet) if top is None else top_facts(sheet, top)
    if top is not None and len(sheet) and not any_notable(sheet):
        _note(f"note: {nothing_notable(sheet.as_of)}")
    if fmt == "json":
        click.echo(json.dumps(to_records(shown), indent=2))
    elif shown:
        click.echo(format_text(shown))
    if not len(sheet):
        _note(f"no facts could be stated as of {sheet.as_of}")
        sys.exit(1)

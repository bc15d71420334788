"""``smallcap-monitor sectors`` and ``breadth``: inside a universe, as JSON or CSV.

Standard output carries the records only; standard error the data source and what was left out.
Bad input (an unknown universe, inverted windows, a high window not before the as-of date,
dates before any data) exits 2 with a message.
"""

from __future__ import annotations

import csv
import io
import json

import click
import pandas as pd

from cli import build_config, cache_options
from cli.quartiles import timestamp_option


def _universe_data(data, cache_dir, redis_url, universe: str):
    """``(UniverseData, members frame)``; unknown universe: a usage error (exit 2)."""
    from flask import Flask

    from loaders.cache import loader_cache
    from loaders.universe import UniverseData

    config = build_config(data, cache_dir, redis_url)
    source = UniverseData(config, loader_cache(config, Flask("smallcap-universe")))
    known = source.known_universes(universe)
    if universe not in known:
        raise click.BadParameter(f"unknown universe {universe!r}; available: {', '.join(known) or 'none'}",
                                 param_hint="--universe")
    return source, source.members(universe).data


def _emit(records: list[dict], fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(records if len(records) != 1 or "sector" in records[0] else records[0], indent=2))
        return
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(records[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: ("" if v is None else v) for k, v in r.items()} for r in records)
    click.echo(buffer.getvalue(), nl=False)


@click.command()
@cache_options
@click.option("--universe", required=True, help="Membership list name.")
@click.option("--start", callback=timestamp_option, required=True, help="Window start (YYYY-MM-DD).")
@click.option("--end", callback=timestamp_option, required=True, help="Window end (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True)
def sectors(data=None, cache_dir=None, redis_url=None, universe="", start=None, end=None, fmt="json") -> None:
    """Equal-weighted mean and median return per sector over a window, and ALL."""
    from analytics.universe_stats import UniverseInputError, sector_returns
    from loaders.base import LoaderError

    try:
        source, members = _universe_data(data, cache_dir, redis_url, universe)
        result = sector_returns(members, source.statements(), source.price_history(), start=start, end=end)
    except UniverseInputError as exc:
        raise click.UsageError(str(exc)) from None
    except LoaderError as exc:
        raise click.ClickException(str(exc)) from None
    records = [{"sector": sector, "n": int(row["n"]), "mean_return": float(row["mean_return"]),
                "median_return": float(row["median_return"])} for sector, row in result.table.iterrows()]
    _emit(records, fmt)
    click.echo(f"Universe {universe}: {result.members} members, {result.table.loc['ALL', 'n']} with returns "
               f"from {start:%Y-%m-%d} to {end:%Y-%m-%d} (decimal, equal-weighted).", err=True)
    for reason, count in result.left_out.items():
        click.echo(f"Left out: {count} - {reason}", err=True)


@click.command()
@cache_options
@click.option("--universe", required=True, help="Membership list name.")
@click.option("--as-of", "as_of", callback=timestamp_option, required=True, help="The date (YYYY-MM-DD).")
@click.option("--high-start", callback=timestamp_option, default="2021-01-01", show_default=True,
              help="Start of the window whose highest close counts as the high.")
@click.option("--high-end", callback=timestamp_option, default="2021-12-31", show_default=True,
              help="End of the high window (before the as-of date).")
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
def breadth(data=None, cache_dir=None, redis_url=None, universe="", as_of=None, high_start=None,
            high_end=None, fmt="json") -> None:
    """Net-loss share, share below the high, share above the 200-day average and valuation on a date."""
    from analytics.universe_stats import UniverseInputError, breadth as calc_breadth
    from loaders.base import LoaderError

    try:
        source, members = _universe_data(data, cache_dir, redis_url, universe)
        first = source.prices_provenance().first
        if first is not None and pd.Timestamp(as_of) < first:
            raise UniverseInputError(f"--as-of {as_of:%Y-%m-%d} is before the first price ({first:%Y-%m-%d})")
        result = calc_breadth(members, source.statements(), source.price_history(), as_of=as_of,
                              high_window=(high_start, high_end))
    except UniverseInputError as exc:
        raise click.UsageError(str(exc)) from None
    except LoaderError as exc:
        raise click.ClickException(str(exc)) from None
    _emit([result.to_record(universe)], fmt)
    click.echo(f"Shares are decimals; the high is the highest close {high_start:%Y-%m-%d} to {high_end:%Y-%m-%d}; "
               f"P/E rests on {result.pe_n} positive earners.", err=True)

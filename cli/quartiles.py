"""``smallcap-monitor quartiles``: leverage or return quartiles of a universe, as JSON or CSV.

Standard output gets the four quartile records only (``quartile, n, median_debt_to_equity,
mean_return, median_return, share_net_loss``; ratios and decimal returns, null = unknown), so
it can be piped. Standard error gets the data source, what was left out and why, the
negative-equity group and how blank debt was treated.
"""

from __future__ import annotations

import csv
import io
import json

import click
import pandas as pd

from analytics.format import counted
from analytics.leverage import group_words
from cli import build_config, cache_options, date_option


def timestamp_option(ctx, param, value):
    """:func:`cli.date_option` of the value without surrounding spaces, as a ``pandas.Timestamp``
    (the windows' type)."""
    day = date_option(ctx, param, None if value is None else value.strip())
    return None if day is None else pd.Timestamp(day)


def _percent(value) -> str:
    return "n/a" if value is None else f"{value:+.1%}"


@click.command()
@cache_options
@click.option("--universe", required=True, help="Membership list name (a file stem under universe/members).")
@click.option("--rank-by", type=click.Choice(["leverage", "return"]), required=True,
              help="Rank by debt-to-equity at the rank end, or by return over the rank window.")
@click.option("--rank-start", callback=timestamp_option, default=None, help="Rank window start (YYYY-MM-DD); needed for return.")
@click.option("--rank-end", callback=timestamp_option, required=True, help="Rank window end, and the leverage date.")
@click.option("--measure-start", callback=timestamp_option, required=True, help="Measure window start (YYYY-MM-DD).")
@click.option("--measure-end", callback=timestamp_option, required=True, help="Measure window end (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True)
def quartiles(data=None, cache_dir=None, redis_url=None, universe="", rank_by="", rank_start=None,
              rank_end=None, measure_start=None, measure_end=None, fmt="json") -> None:
    """Rank a universe into quartiles and print each quartile's leverage, returns and losses."""
    from flask import Flask

    from analytics.leverage import LeverageInputError, QuartileSpec, compute_quartiles
    from loaders.base import LoaderError
    from loaders.cache import loader_cache
    from loaders.universe import UniverseData

    try:
        spec = QuartileSpec(rank_by=rank_by, rank_start=rank_start, rank_end=rank_end,
                            measure_start=measure_start, measure_end=measure_end)
    except LeverageInputError as exc:
        raise click.UsageError(str(exc)) from None
    config = build_config(data, cache_dir, redis_url)
    data_source = UniverseData(config, loader_cache(config, Flask("smallcap-quartiles")))
    try:
        known = data_source.known_universes(universe)
        if universe not in known:
            raise click.BadParameter(f"unknown universe {universe!r}; available: {', '.join(known) or 'none'}",
                                     param_hint="--universe")
        members = data_source.members(universe)
        result = compute_quartiles(members.data["ticker"], data_source.statements(),
                                   data_source.price_history(), spec)
        provenance = data_source.prices_provenance()
    except LeverageInputError as exc:
        raise click.UsageError(str(exc)) from None
    except LoaderError as exc:
        raise click.ClickException(str(exc)) from None
    records = result.to_records()
    if fmt == "json":
        click.echo(json.dumps(records, indent=2))
    else:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(records[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: ("" if v is None else v) for k, v in r.items()} for r in records)
        click.echo(buffer.getvalue(), nl=False)
    _report(result, data_source.describe(), provenance)


def _report(result, source: str, provenance) -> None:
    """Counts, exclusions and notes on standard error."""
    say = lambda text: click.echo(text, err=True)  # noqa: E731
    spec = result.spec
    say(f"Data: {source}{' (DEMO DATA)' if provenance.demo else ''}"
        f"{'; ' + provenance.note if provenance.note else ''}")
    say(f"Universe: {result.members} members, {result.ranked} ranked by {spec.rank_by}; "
        f"leverage as of {spec.as_of_leverage:%Y-%m-%d}.")
    for reason, count in result.left_out.items():
        say(f"Left out: {count} - {reason}")
    neg = result.negative_equity
    say(f"Negative or zero equity: {neg.n} stocks ({group_words(spec)}; mean measure return {_percent(neg.mean_return)} "
        f"over {neg.n_return} with prices).")
    say(f"Blank debt counted as zero (liabilities reported): {counted(result.debt_blank_as_zero, 'ranked stock')}.")

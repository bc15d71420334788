"""Universe panel: inside the chosen universe over the window: sector returns, breadth (net
losses, below the old high, above the 200-day average) and valuation through time.

Definitions: :mod:`analytics.universe_stats`. The data's own caveats (survivorship, coverage)
from ``universe/SOURCES.md`` are quoted in the summary when the folder has one.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analytics.universe_stats import HIGH_WINDOW, UniverseInputError, breadth_series, sector_returns
from components.figures.universe import universe_spec
from analytics.format import possessive, signed_percent
from loaders.base import LoaderError
from loaders.universe import read_sources
from panels.contract import Panel, PanelError

TITLE = "Inside the universe: sectors, breadth and valuation"
#: Monthly breadth points at most (the last ten years of the window).
MAX_MONTHS = 120


def caveats(universe) -> tuple[str, ...]:
    """The caveat lines of the universe folder's SOURCES.md ("- Survivorship: ..."), if any."""
    root = getattr(universe, "root", None)
    lines = read_sources(root / "SOURCES.md" if root is not None else None).splitlines()
    keep = [line[2:].strip() for line in lines if line.startswith("- ")
            and any(word in line.lower() for word in ("survivorship", "excludes", "coverage"))]
    return tuple(keep[:3])


@dataclass(frozen=True)
class UniverseResult:
    name: str
    sectors: pd.DataFrame
    members: int
    left_out: dict
    series: pd.DataFrame
    start: pd.Timestamp
    end: pd.Timestamp
    caveats: tuple[str, ...]
    source: str
    high: tuple[pd.Timestamp, pd.Timestamp] = HIGH_WINDOW
    movers: tuple = ()


def compute(data, view) -> UniverseResult:
    universe = data.universe
    if not view.universe:
        raise PanelError("Choose a universe (or upload a list) to see its sectors, breadth and valuation.",
                         short="Choose a universe or upload a list")
    if view.start is None or view.end is None:
        raise PanelError(f"Cannot describe {view.universe}: no window")
    name, start, end = view.universe, pd.Timestamp(view.start), pd.Timestamp(view.end)
    high = (pd.Timestamp(view.hstart or HIGH_WINDOW[0]), pd.Timestamp(view.hend or HIGH_WINDOW[1]))
    try:
        members = universe.members(name).data
        statements, history = universe.statements(), universe.price_history()
        prices = universe.prices_provenance()
        sectors = sector_returns(members, statements, history, start=start, end=end)
        first = max(start, end - pd.DateOffset(months=MAX_MONTHS))
        series = breadth_series(members, statements, history, start=first, end=end, high_window=high)
    except (LoaderError, UniverseInputError) as exc:
        text = f"Cannot describe {name}: {exc}"
        raise PanelError(text, short=text) from exc
    origin = "DEMO DATA (synthetic)" if prices.demo else universe.describe()
    last = f"{pd.Timestamp(prices.last):%Y-%m-%d}" if prices.last is not None else "unknown"
    left_out = f" ({prices.left_out})" if getattr(prices, "left_out", "") else ""
    source = (f"Source: {origin}; prices to {last}{left_out}; statements by publication date. "
              f"{sectors.members} members, {int(sectors.table.loc['ALL', 'n'])} with returns. Small-Cap Monitor.")
    return UniverseResult(name, sectors.table, sectors.members, sectors.left_out, series, start, end,
                          caveats(universe), source, high, sectors.movers)


def figure(result: UniverseResult, max_points: int | None = None) -> dict:
    return universe_spec(result.sectors, result.series, source_line=result.source, high=high_label(result.high),
                         title=f"{result.name}, {result.start:%Y-%m-%d} to {result.end:%Y-%m-%d}: "
                               f"median member {signed_percent(result.sectors.loc['ALL', 'median_return'])}")


def _pct(value) -> str:
    return "n/a" if value is None or pd.isna(value) else f"{100 * value:.0f}%"


def high_label(high: tuple[pd.Timestamp, pd.Timestamp]) -> str:
    """``"2021 high"`` for a calendar year, else ``"high of 2022-06-01 to 2023-05-31"``."""
    start, end = high
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return f"{start.year} high"
    return f"high of {start:%Y-%m-%d} to {end:%Y-%m-%d}"


def _below_high(result: UniverseResult, last) -> str:
    if pd.isna(last["share_below_high"]) and result.series.index[-1] <= result.high[1]:
        return f"no share below their {high_label(result.high)} yet (that window ends {result.high[1]:%Y-%m-%d})"
    return f"{_pct(last['share_below_high'])} below their {high_label(result.high)}"


#: Sectors named best and worst have at least this many members with returns.
MIN_NAMED = 5
#: Members named as moving their sector's mean, at most.
SHOWN_MOVERS = 3


def best_and_worst(sectors: pd.DataFrame) -> str:
    """``"best sector by median Information Technology +83.5%, worst Energy -12.0%"`` among the
    sectors of :data:`MIN_NAMED` or more members (a mean can be one member's, see
    :func:`movers_text`; a one-member group is no sector to name); empty when fewer than two."""
    named = sectors.drop(index="ALL")
    named = named[named["n"] >= MIN_NAMED].sort_values("median_return", ascending=False, kind="mergesort")
    if len(named) < 2:
        return ""
    (best, b), (worst, w) = (named.index[0], named.iloc[0]), (named.index[-1], named.iloc[-1])
    return (f"; best sector by median {best} {signed_percent(b['median_return'])}, worst {worst} "
            f"{signed_percent(w['median_return'])} (sectors of {MIN_NAMED} or more)")


def movers_text(result: UniverseResult) -> str:
    """The members whose return alone moves their sector's mean by 10 pp or more."""
    if not result.movers:
        return ""
    shown = [f"{m.ticker} ({signed_percent(m.ret)}) moves {possessive(m.sector)} mean by {100 * m.shift:+.0f} pp "
             f"(median {signed_percent(result.sectors.loc[m.sector, 'median_return'])})"
             for m in result.movers[:SHOWN_MOVERS]]
    more = len(result.movers) - SHOWN_MOVERS
    return (" One member's return alone: " + "; ".join(shown) + (f"; and {more} more" if more > 0 else "")
            + ". Check such a return (a split the prices do not adjust for?) before quoting a sector's mean.")


def summary(result: UniverseResult) -> str:
    all_row = result.sectors.loc["ALL"]
    last = result.series.iloc[-1]
    text = (f"{result.name}, {result.start:%Y-%m-%d} to {result.end:%Y-%m-%d}: equal-weighted mean "
            f"{signed_percent(all_row['mean_return'])}, median {signed_percent(all_row['median_return'])} over "
            f"{int(all_row['n'])} of {result.members} members{best_and_worst(result.sectors)}.{movers_text(result)} "
            f"On {result.series.index[-1]:%Y-%m-%d}: {_pct(last['share_net_loss'])} with a net loss (of "
            f"{int(last['with_statements'])} with an annual statement in 18 months), "
            f"{_below_high(result, last)}, "
            f"{_pct(last['share_above_200d'])} above their 200-day average, median trailing P/E "
            f"{'n/a' if pd.isna(last['median_pe']) else f'{last.median_pe:.1f}'} over {int(last['pe_n'])} "
            f"positive earners ({_pct(last['share_negative_earnings'])} have negative earnings).")
    for reason, count in result.left_out.items():
        text += f" Left out of the returns: {count} ({reason})."
    if result.caveats:
        text += " Caveats: " + " ".join(result.caveats)
    return text


def table(result: UniverseResult) -> pd.DataFrame:
    """Sector returns (decimal) with the member count (CSV)."""
    return result.sectors.rename(columns={"mean_return": "mean_return [decimal]",
                                          "median_return": "median_return [decimal]", "n": "n [members]"})


def cache_key(data, view) -> tuple:
    return (data.universe.version(view.universe),) if view.universe else ()


PANEL = Panel(name="universe", title=TITLE, reads=("start", "end", "universe", "hstart", "hend"), compute=compute,
              figure=figure,
              summary=summary, table=table, cache_key=cache_key, requires="universe")

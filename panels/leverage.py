"""Leverage panel: a company universe ranked into quartiles over the view's window.

Windows. The rank window is the view's window (:class:`panels.view.ResolvedView` ``start`` ..
``end``). The measure window is ``mstart`` .. ``mend`` of the view: by default a month from
the as-of date (which follows the window's end unless pinned). Ranking by leverage uses the
debt-to-equity at the rank end, as the ``quartiles`` command does. A measure window that ends
more than :data:`analytics.leverage.MAX_STALE_DAYS` days after the last price gives a message
instead of quartiles.
"""

from __future__ import annotations

from analytics.format import agreeing, counted, signed_percent
from dataclasses import dataclass

import pandas as pd

from analytics.leverage import (
    NO_MEASURE_PRICES, LeverageInputError, QuartileResult, QuartileSpec, UniverseProfile, compute_quartiles,
    group_words, universe_profile,
)
from components.figures.leverage import SMALL_SAMPLE, leverage_spec as leverage_figure_spec
from components.leverage_table import extreme_table
from loaders.base import LoaderError
from loaders.universe import list_date
from panels.contract import Panel, PanelError
from panels.view import measure_window

TITLE = "Leverage quartiles"
#: Names listed per extreme quartile in the table.
TABLE_ROWS = 15


def _pct(value) -> str:
    return "n/a" if value is None or pd.isna(value) else signed_percent(value)


def describe_ranking(spec: QuartileSpec) -> str:
    """``"return 2018-09-28 to 2018-12-31"`` or ``"debt-to-equity at 2018-12-31"``."""
    if spec.rank_by == "return":
        return f"return {spec.rank_start:%Y-%m-%d} to {spec.rank_end:%Y-%m-%d}"
    return f"debt-to-equity at {spec.as_of_leverage:%Y-%m-%d}"


def ranked_on(spec: QuartileSpec) -> pd.Timestamp:
    """The last day the ranking reads: the leverage date, or the rank window's end."""
    return spec.as_of_leverage if spec.rank_by == "leverage" else spec.rank_end


def timing_notes(spec: QuartileSpec, name: str, lists: list[str]) -> tuple[str, ...]:
    """Cautions on when things are known: a measure window that starts before the ranking date
    (the quartiles sort returns by what was known only later: look-ahead), and a member list
    dated after the measure start (companies that left it before its date are missing:
    survivorship), naming the latest list of the same index dated by the measure start (or the
    ranking date, when earlier), if any.

    Args:
        spec: The quartile request.
        name: The universe (its name may carry its date: :func:`loaders.universe.list_date`).
        lists: Every universe of the source, for an earlier list of the same index.
    """
    notes = []
    ranked = ranked_on(spec)
    if spec.measure_start < ranked:
        notes.append(f"Look-ahead: ranked by {describe_ranking(spec)}, known only after the measure window "
                     f"starts ({spec.measure_start:%Y-%m-%d}): the quartiles sort returns by what was known "
                     f"later. For a test as of {spec.measure_start:%Y-%m-%d}, end the window there"
                     + (", or pin the as-of date there (a debt-to-equity ranking is then as of it)"
                        if spec.rank_by == "leverage" else "") + ".")
    dated = list_date(name)
    if dated is not None and dated > spec.measure_start:
        family, by = name.split("_")[0], min(ranked, spec.measure_start)
        earlier = sorted((list_date(n), n) for n in lists
                         if n.split("_")[0] == family and list_date(n) is not None and list_date(n) <= by)
        hint = f" The latest {family} list by {by:%Y-%m-%d}: {earlier[-1][1]}." if earlier else ""
        notes.append(f"Survivorship: the list is of {dated:%Y-%m-%d}, after the measure start "
                     f"{spec.measure_start:%Y-%m-%d}; companies that left it before then (failures, "
                     f"take-overs, demotions) are not ranked.{hint}")
    return tuple(notes)


def value_text(value: float, rank_by: str) -> str:
    """A rank value as the summary and the table write it: a ratio ``"0.00"`` or a return ``"+1.2%"``."""
    return f"{value:.2f}" if rank_by == "leverage" else signed_percent(value)


def tie_note(table: pd.DataFrame, rows: int, rank_by: str) -> str:
    """A sentence when more stocks share the value at a quartile's cut than are shown (ranked at
    2022-01-01, all 297 stocks of the 2025-11-05 Russell 2000 list's Q1 report no debt, 0.00: the
    15 shown are no more extreme than the rest): how many share it, and that the list's order
    picked them."""
    notes = []
    for quartile, lowest in ((1, True), (4, False)):
        values = table.loc[table["quartile"] == quartile, "rank_value"].dropna().sort_values(
            ascending=lowest, kind="mergesort")
        if len(values) <= rows:
            continue
        cut = values.iloc[rows - 1]
        if values.iloc[rows] == cut:  # a stock left out shares the last shown one's value
            tied = int((values == cut).sum())
            notes.append(f"{tied} stocks of Q{quartile} share the value {value_text(cut, rank_by)}, so those "
                         "shown of them are in the list's order, no more extreme than the rest")
    return "" if not notes else " " + "; ".join(notes) + "."


def cut_ties(result: QuartileResult) -> str:
    """A sentence for each value shared across a quartile cut (304 stocks with no debt, D/E 0.00,
    filling Q1 and 7 places of Q2): which quartile such a stock lands in is by ticker, not by
    leverage; empty when no cut falls inside a tie."""
    table = result.table.dropna(subset=["rank_value"])
    spans = table.groupby("quartile")["rank_value"].agg(["min", "max"]).sort_index()
    out = []
    for (_, row), (_, after) in zip(spans.iloc[:-1].iterrows(), spans.iloc[1:].iterrows()):
        if row["max"] == after["min"]:
            value = row["max"]
            holders = sorted(table.loc[table["rank_value"] == value, "quartile"].unique())
            text = (f" {int((table['rank_value'] == value).sum())} stocks share the value "
                    f"{value_text(value, result.spec.rank_by)} across "
                    f"{' and '.join(f'Q{int(h)}' for h in holders)}: which of those quartiles holds each is by ticker.")
            if text not in out:
                out.append(text)
    return "".join(out)


def small_sample(result: QuartileResult) -> str:
    """A sentence when a quartile holds fewer than :data:`components.figures.leverage.SMALL_SAMPLE`
    stocks (an 8-stock upload gives quartiles of 2: the chart's labels said "small sample", the
    summary nothing)."""
    sizes = [q.n for q in result.quartiles]
    if not sizes or min(sizes) >= SMALL_SAMPLE:
        return ""
    held = f"{min(sizes)}" if min(sizes) == max(sizes) else f"{min(sizes)} to {max(sizes)}"
    return (f" Small sample: the quartiles hold {held} stocks each; a mean of so few says little beyond "
            "these companies.")


#: The share of the rankable stocks (those ranked and those left out for want of a measure-window
#: close) without such a close above which the summary says what that means for the means.
MISSING_PRICES_SHARE = 0.05


def missing_prices(result: QuartileResult) -> str:
    """A sentence when many stocks could be ranked but have no close at one end of the measure
    window (77 of the S&P 600's 2019 list, ranked by debt-to-equity at 2020-02-20 and measured to
    2020-03-18): a price source that drops delisted tickers leaves out companies that failed in the
    window, so the quartile means can be better than what holders got."""
    n = result.left_out.get(NO_MEASURE_PRICES, 0)
    if not n or n < MISSING_PRICES_SHARE * (result.ranked + n):
        return ""
    return (f" Missing prices: {n} companies that could be ranked have no close at one end of the measure window "
            "(delisted, or not covered by the price source); those that failed in the window are among them, "
            "so the quartile means may be better than what holders got.")


def left_out_text(result: QuartileResult) -> str:
    """``"45 no prices and no statements in the data source; 96 no prices ..."`` (or "none")."""
    return "; ".join(f"{n} {why}" for why, n in result.left_out.items()) or "none"


def leverage_summary(name: str, profile: UniverseProfile, result: QuartileResult,
                     notes: tuple[str, ...] = ()) -> str:
    """The cautions (:func:`timing_notes`) first, then the profile at the leverage date, the
    quartile returns, what was left out and why."""
    spec = result.spec
    q1, q4 = result.quartiles[0], result.quartiles[-1]
    loss = ("share with a net loss unknown" if profile.share_net_loss is None else
            f"{profile.share_net_loss:.0%} of {profile.net_income_known} with a net loss in their latest annual "
            f"statement (public by then, its period ended in the {spec.lookback_months} months before)")
    median = ("n/a" if profile.median_debt_to_equity is None else f"{profile.median_debt_to_equity:.2f}")
    negative = result.negative_equity
    return "".join(f"{note} " for note in notes) + (
        f"{name}: {counted(profile.members, 'member')}; at {profile.as_of:%Y-%m-%d} "
        f"{agreeing(profile.with_statement, 'has a statement', 'have a statement')} in force, "
        f"{agreeing(profile.with_prices, 'has prices', 'have prices')}, "
        f"{agreeing(profile.not_in_data, 'is not', 'are not')} in the data; "
        f"{loss}; median debt-to-equity {median}. "
        f"Ranked {result.ranked} by {describe_ranking(spec)}; equal-weighted mean return (closes adjusted for "
        "splits and dividends) "
        f"{spec.measure_start:%Y-%m-%d} to {spec.measure_end:%Y-%m-%d}: Q1 {_pct(q1.mean_return)}, "
        f"Q4 {_pct(q4.mean_return)}. Left out: {left_out_text(result)}. "
        f"Negative or zero equity: {negative.n} ({group_words(spec)}, mean return {_pct(negative.mean_return)} over "
        f"{negative.n_return} with prices). Blank debt counted as zero: {result.debt_blank_as_zero} ranked"
        f"{blank_debt_note(result)}."
        f"{cut_ties(result)}{small_sample(result)}{missing_prices(result)}"
    )


def blank_debt_note(result: QuartileResult) -> str:
    """Where the blank debt lines counted as zero sit, when they make up half of a quartile or
    more (``" (Q1 324 of 324, Q2 8 of 324: ...)"``), else ``""``."""
    if not result.mostly_blank_debt():
        return ""
    where = ", ".join(f"Q{q.label} {q.n_debt_blank} of {q.n}" for q in result.quartiles if q.n_debt_blank)
    return (f" ({where}: a quartile made of them has the return of companies that report no debt line, "
            "not of low borrowers that report one)")


def extreme_rows(result: QuartileResult, members: pd.DataFrame, rank_returns: pd.Series,
                 *, rows: int = TABLE_ROWS, known_names: dict[str, str] | None = None) -> pd.DataFrame:
    """The ``rows`` most extreme names of Q1 (lowest rank values) and Q4 (highest).

    A member without a name in its list (an upload of tickers only) takes the company name the
    source's other lists give its ticker (``known_names``), else stays blank.

    Returns:
        Frame with ``quartile, ticker, name, debt_to_equity, status, rank_return,
        measure_return`` (ratios, decimal returns).
    """
    table = result.table
    q1 = table[table["quartile"] == 1].sort_values("rank_value", kind="mergesort").head(rows)
    q4 = table[table["quartile"] == 4].sort_values("rank_value", ascending=False, kind="mergesort").head(rows)
    picked = pd.concat([q1, q4])
    names = members.drop_duplicates("ticker").set_index("ticker")["name"] if "name" in members else pd.Series()
    names = names.reindex(picked.index).fillna("").astype(str).str.strip()
    if known_names:
        names = names.mask(names.eq(""), picked.index.map(lambda t: known_names.get(t, "")))
    return pd.DataFrame({
        "quartile": picked["quartile"].to_numpy(), "ticker": picked.index.to_numpy(),
        "name": names.to_numpy(),
        "debt_to_equity": picked["debt_to_equity"].to_numpy(), "status": picked["status"].to_numpy(),
        "rank_return": rank_returns.reindex(picked.index).to_numpy(),
        "measure_return": picked["measure_return"].to_numpy(),
    })


def source_text(universe, result: QuartileResult, prices) -> str:
    """The line under the figure: source, last price, members, ranked and left out.

    Args:
        universe: The :class:`~loaders.universe.UniverseData`.
        result: The quartiles.
        prices: Provenance of the prices.
    """
    origin = "DEMO DATA (synthetic)" if prices.demo else universe.describe()
    last = pd.Timestamp(prices.last) if prices.last is not None else None
    left_out = f" ({prices.left_out})" if getattr(prices, "left_out", "") else ""
    return (f"Source: {origin}; prices to {f'{last:%Y-%m-%d}' if last is not None else 'unknown'}{left_out}. "
            f"{result.members} members, {result.ranked} ranked; left out: {left_out_text(result)}. "
            "Small-Cap Monitor.")


@dataclass(frozen=True)
class LeverageResult:
    """The quartiles of the view and what the figure, summary and table name."""

    name: str
    spec: QuartileSpec
    result: QuartileResult
    profile: UniverseProfile
    extremes: pd.DataFrame
    source: str
    notes: tuple[str, ...] = ()


def quartile_spec(view) -> QuartileSpec:
    """The quartile request of ``view`` (see the module docstring).

    Raises:
        LeverageInputError: the windows are empty or reversed (the message says which).
    """
    mstart, mend = measure_window(view.mstart, view.mend, view.asof or view.end)
    # debt-to-equity as of a pinned as-of date before the window's end (the facts' date), not at the
    # end: pinned before a selloff, the ranking used statements of its end (look-ahead)
    pinned = view.asof is not None and view.end is not None and view.asof < view.end
    return QuartileSpec(rank_by=view.rank_by, rank_start=pd.Timestamp(view.start), rank_end=pd.Timestamp(view.end),
                        measure_start=pd.Timestamp(mstart), measure_end=pd.Timestamp(mend),
                        leverage_date=pd.Timestamp(view.asof) if pinned else None)


def compute(data, view) -> LeverageResult:
    """The leverage panel for ``view`` (:class:`panels.view.ResolvedView`)."""
    universe = data.universe
    if not view.universe:
        try:
            known = ", ".join(universe.list_universes()) or "none"
        except LoaderError:
            known = "none"
        raise PanelError(f"Choose a universe to rank its stocks into quartiles (available: {known}).",
                         short="Choose a universe or upload a list")
    name = view.universe
    if view.start is None or view.end is None:
        raise PanelError(f"Cannot rank {name}: no window (no price series could be loaded)")
    try:
        members = universe.members(name).data
        spec = quartile_spec(view)
        prices = universe.prices_provenance()
        last = pd.Timestamp(prices.last)
        if spec.measure_end > last + pd.Timedelta(days=spec.max_stale_days):
            text = (f"The measure window {spec.measure_start:%Y-%m-%d} to {spec.measure_end:%Y-%m-%d} ends after "
                    f"the last price in the data ({last:%Y-%m-%d}): choose an earlier window or set the "
                    "measure dates.")
            raise PanelError(text, short=text)
        statements, history = universe.statements(), universe.price_history()
        result = compute_quartiles(members["ticker"], statements, history, spec)
        profile = universe_profile(members["ticker"], statements, history, as_of=spec.as_of_leverage,
                                   lookback_months=spec.lookback_months, max_stale_days=spec.max_stale_days)
    except (LoaderError, LeverageInputError) as exc:
        text = f"Cannot rank {name}: {exc}"
        raise PanelError(text, short=text) from exc
    rank_returns = (result.table["rank_value"] if spec.rank_by == "return" else
                    history.window_returns(result.table.index, spec.rank_start, spec.rank_end,
                                           max_stale_days=spec.max_stale_days))
    blank = "name" not in members or members["name"].fillna("").astype(str).str.strip().eq("").any()
    extremes = extreme_rows(result, members, rank_returns, known_names=universe.known_names() if blank else None)
    try:
        lists = universe.list_universes()
    except LoaderError:
        lists = []
    return LeverageResult(name, spec, result, profile, extremes, source_text(universe, result, prices),
                          timing_notes(spec, name, lists))


def figure(result: LeverageResult, max_points: int | None = None) -> dict:
    cautions = [note.split(":")[0].lower() for note in result.notes]  # the PNG carries them too
    caution = f" (caution: {', '.join(cautions)})" if cautions else ""
    return leverage_figure_spec(result.result, source_line=result.source,
                                title=f"{result.name}: quartiles by {describe_ranking(result.spec)}{caution}")


def summary(result: LeverageResult) -> str:
    return leverage_summary(result.name, result.profile, result.result, result.notes)


def extra(result: LeverageResult):
    return extreme_table(result.extremes, result.result, rows=TABLE_ROWS,
                         note=tie_note(result.result.table, TABLE_ROWS, result.spec.rank_by))


def table(result: LeverageResult) -> pd.DataFrame:
    """One row per ranked stock (ticker index) with units and dates in the column names, so the
    CSV stands alone (its file is named after the ranking window, not the measure window):
    ``rank_value [debt/equity at 2020-02-20]``, ``measure_return 2020-02-20 to 2020-03-18 [decimal]``."""
    spec = result.spec
    rank_unit = (f"debt/equity at {spec.as_of_leverage:%Y-%m-%d}" if spec.rank_by == "leverage" else
                 f"decimal return {spec.rank_start:%Y-%m-%d} to {spec.rank_end:%Y-%m-%d}")
    rows = result.result.table
    negative = result.result.negative_table
    if spec.rank_by == "leverage" and negative is not None and len(negative):
        # the chart's "Equity ≤ 0" bar: its stocks, unranked (no D/E to rank by), after the quartiles
        rows = pd.concat([rows, negative.assign(quartile="negative or zero equity")])
    return rows.rename(columns={
        "rank_value": f"rank_value [{rank_unit}]",
        "debt_to_equity": f"debt_to_equity [ratio at {spec.as_of_leverage:%Y-%m-%d}]",
        "measure_return": f"measure_return {spec.measure_start:%Y-%m-%d} to {spec.measure_end:%Y-%m-%d} [decimal]",
    }).rename_axis("ticker")


def cache_key(data, view) -> tuple:
    """The universe's version: a new upload or fetch is a new cache key."""
    return (data.universe.version(view.universe),) if view.universe else ()


PANEL = Panel(name="leverage", title=TITLE,
              reads=("small", "large", "start", "end", "asof", "universe", "rank_by", "mstart", "mend"),
              compute=compute, figure=figure, summary=summary, table=table, extra=extra, cache_key=cache_key,
              requires="universe")

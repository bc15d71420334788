"""View state -> rates figure: 10-year and 2-year yields with the fed funds target."""

from __future__ import annotations

import pandas as pd
from dash import Input, Output

from analytics.regimes import RANGE_START_DATE
from analytics.spreads import WindowStats, calc_window_stats, calc_window_summary
from analytics.downsample import thin_series
from callbacks.common import (
    PanelError, is_window_view, load, memoised_panel, resolved_window, source_line, unavailable, window,
)
from callbacks.relative import TARGET_KEYS, context_sources
from components.figures.common import empty_figure
from components.figures.rates import build_rates_figure, format_target, rates_spec
from components.ids import Id, view_id
from loaders.base import Loaded
from state import ViewState

TITLE = "Rates"
#: Yield key -> label, in drawing order.
YIELDS = {"DGS10": "10-year", "DGS2": "2-year"}


def panel_window(data, state: ViewState, *own: pd.Series, resolved: bool = False
                 ) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The window all time panels share, as timestamps.

    The state's window resolved on the small/large pair's common span, exactly as the state
    hub resolves it for the date controls (:func:`callbacks.common.resolved_window`), so the
    rates and spreads panels show the dates the relative panel shows. When the pair cannot
    load and the state has no explicit dates, the panel's ``own`` series decide.
    ``resolved=True``: the state's dates are that window already (the hub's window view,
    :func:`callbacks.common.hub_view`).

    Raises:
        PanelError: when the clamped window ends before it starts (a window entirely before
            the data).
    """
    start, end = (state.start, state.end) if resolved else resolved_window(data, state)
    if start is None or end is None:
        start, end = window(state, *own)
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    if start > end:
        raise PanelError(f"the window ends on {end:%Y-%m-%d}, before the data starts "
                         f"({start:%Y-%m-%d}); choose a later window")
    return start, end


def in_window(series: pd.Series, start: pd.Timestamp, end: pd.Timestamp) -> pd.Series:
    """Observations of ``series`` (NaN dropped) dated in ``[start, end]``."""
    return series.dropna().loc[start:end]


def to_target_bounds(loaded: dict[str, Loaded], *, start: pd.Timestamp, end: pd.Timestamp
                     ) -> pd.DataFrame | None:
    """The fed funds target in the window as ``lower``/``upper`` (percent) at its changes.

    DFEDTAR (single target, lower = upper) up to 2008-12-15, DFEDTARL/DFEDTARU from
    2008-12-16 (both needed). Rows: the target in force on ``start`` (dated ``start``), each
    change inside the window, and the last observation on or before ``end``, so a step line
    (``shape="hv"``) draws the whole path from a few points.

    Returns:
        The frame, or ``None`` when no target series loaded or none has an observation in
        the window.
    """
    parts = []
    if "DFEDTAR" in loaded:
        single = loaded["DFEDTAR"].data.dropna().loc[: RANGE_START_DATE - pd.Timedelta(days=1)]
        parts.append(pd.DataFrame({"lower": single, "upper": single}))
    if "DFEDTARU" in loaded and "DFEDTARL" in loaded:
        ranged = pd.concat([loaded["DFEDTARL"].data.rename("lower"), loaded["DFEDTARU"].data.rename("upper")],
                           axis=1, join="inner").dropna()
        parts.append(ranged.loc[RANGE_START_DATE:])
    if not parts:
        return None
    bounds = pd.concat(parts).sort_index().astype(float)
    inside = bounds.loc[start:end]
    if inside.empty:
        return None
    before = bounds.loc[: start - pd.Timedelta(days=1)]
    if inside.index[0] > start and not before.empty:
        inside = pd.concat([before.iloc[[-1]].set_axis(pd.DatetimeIndex([start])), inside])
    changed = (inside != inside.shift()).any(axis=1)
    changed.iloc[-1] = True
    out = inside[changed]
    out.index.name = "date"
    return out


def format_change(change: float) -> str:
    """``0.22`` -> ``"+0.22 pp, +22 bp"``; ``0`` -> ``"unchanged"``."""
    if change == 0:
        return "unchanged"
    return f"{change:+.2f} pp, {100 * change:+.0f} bp"


def yield_stats(shown: dict[str, pd.Series], full: dict[str, pd.Series], *, start: pd.Timestamp,
                end: pd.Timestamp) -> pd.DataFrame:
    """:func:`analytics.spreads.calc_window_summary` of each yield that has data in the window.

    A yield whose history starts inside the window is measured from its first observation.
    """
    rows = [calc_window_summary({name: full[name]}, start=max(start, full[name].index[0]), end=end)
            for name in shown]
    return pd.concat(rows)


def rates_summary(stats: pd.DataFrame, target: pd.DataFrame | None) -> str:
    """``"From 2025-01-02 to 2025-01-13: 10-year 4.79% (+0.22 pp, +22 bp), ... ."``"""
    first = stats.iloc[0]
    span = (first["start_date"], first["end_date"])
    parts = []
    for name, row in stats.iterrows():
        dates = ""
        if (row["start_date"], row["end_date"]) != span:
            dates = f" from {row['start_date']:%Y-%m-%d} to {row['end_date']:%Y-%m-%d}"
        parts.append(f"{name} {row['end_level']:.2f}% ({format_change(row['change'])}{dates})")
    if target is not None:
        mid = target.mean(axis=1)
        moved: WindowStats = calc_window_stats(mid, start=mid.index[0], end=mid.index[-1])
        last = target.iloc[-1]
        change = f"midpoint {format_change(moved.change)}" if moved.change else "unchanged"
        parts.append(f"fed funds target {format_target(last['lower'], last['upper'])} ({change})")
    return f"From {span[0]:%Y-%m-%d} to {span[1]:%Y-%m-%d}: " + ", ".join(parts) + "."


def make_update_rates(data, *, max_points: int | None = None, raw: bool = False):
    """Build the callback body bound to ``data`` (plain function, unit-testable).

    ``raw=True`` returns the figure as a plain dict spec (the page; no plotly validation),
    otherwise a ``go.Figure`` (exports, tests).

    ``max_points``: draw at most about this many points per chart (``None``: all, exports).
    """

    def update_rates(state_data):
        state = ViewState.from_dict(state_data)
        try:
            failed: dict[str, str] = {}
            loaded = load(data, optional=(*YIELDS, *TARGET_KEYS, "USREC"), errors=failed)
            full = {label: loaded[key].data.dropna() for key, label in YIELDS.items() if key in loaded}
            full = {label: s for label, s in full.items() if not s.empty}
            if not full:
                raise PanelError(unavailable("10-year or 2-year Treasury yield (DGS10, DGS2)", YIELDS, failed))
            start, end = panel_window(data, state, *full.values(), resolved=is_window_view(state_data))
            shown = {label: in_window(s, start, end) for label, s in full.items()}
            shown = {label: s for label, s in shown.items() if not s.empty}
            if not shown:
                spans = ", ".join(f"{k} {s.index[0]:%Y-%m-%d} to {s.index[-1]:%Y-%m-%d}" for k, s in full.items())
                raise PanelError(f"no yield observations between {start:%Y-%m-%d} and {end:%Y-%m-%d} "
                                 f"(data: {spans})")
            target = to_target_bounds(loaded, start=start, end=end)
            stats = yield_stats(shown, full, start=start, end=end)
            used = {k: v for k, v in context_sources(loaded, start=start, end=end).items()
                    if k not in YIELDS or YIELDS[k] in shown}
            drawn = {k: thin_series(v, max_points and max_points // len(shown)) for k, v in shown.items()}
            build = rates_spec if raw else build_rates_figure
            figure = build(drawn, target=target, start=start, end=end,
                                        source_line=source_line(used),
                                        usrec=loaded["USREC"].data if "USREC" in loaded else None)
            summary = rates_summary(stats, target)
        except (PanelError, ValueError) as exc:
            return empty_figure(f"Cannot draw this view: {exc}", title=TITLE), str(exc)
        return figure, summary

    return update_rates


def register(app, data, *, memo=None, max_points: int | None = None) -> None:
    """Wire the rates panel; ``memo`` (:class:`panels.cache.Memo`) caches per view."""
    app.callback(
        Output(Id.RATES_GRAPH, "figure"), Output(Id.RATES_SUMMARY, "children"),
        Input(view_id("rates"), "data"),
    )(memoised_panel(memo, "rates", make_update_rates(data, max_points=max_points, raw=True), max_points))

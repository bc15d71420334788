"""View state -> relative-performance figure, with Fed cycles, recessions and drawdown troughs."""

from __future__ import annotations

import pandas as pd
from dash import Input, Output

from analytics.downsample import thin_rows
from analytics.drawdowns import calc_drawdown_episodes
from analytics.regimes import (
    RANGE_START_DATE, calc_fed_cycles, calc_fed_events, calc_fed_moves, to_fed_target,
)
from analytics.relative import to_relative_frame
from callbacks.common import PanelError, load, memoised_panel, source_line, window
from components.figures.common import empty_figure
from components.figures.relative import RelativeContext, build_relative_figure, relative_spec
from components.ids import Id, view_id
from loaders.base import Loaded
from loaders.catalog import label
from state import ViewState

TITLE = "Relative performance"
#: Fed target series: DFEDTAR to 2008-12-15, the range limits from 2008-12-16.
TARGET_KEYS = ("DFEDTAR", "DFEDTARU", "DFEDTARL")
#: Optional series of the context layers; a source without them draws the chart without it.
CONTEXT_KEYS = ("USREC", *TARGET_KEYS)
#: Drawdown episodes at least this deep (positive fraction) get a trough marker.
TROUGH_MIN_DEPTH = 0.10


def context_sources(loaded: dict[str, Loaded], *, start: pd.Timestamp, end: pd.Timestamp
                    ) -> dict[str, Loaded]:
    """``loaded`` without the target series the window cannot involve (for the source line).

    DFEDTAR (to 2008-12-15) matters when the window starts on or before 2008-12-16 (a cycle
    crossing the splice uses both), DFEDTARU/DFEDTARL when it ends on or after that day.
    """
    skip = set()
    if start > RANGE_START_DATE:
        skip.add("DFEDTAR")
    if end < RANGE_START_DATE:
        skip.update({"DFEDTARU", "DFEDTARL"})
    return {k: v for k, v in loaded.items() if k not in skip}


def _empty_series() -> pd.Series:
    return pd.Series(dtype=float, index=pd.DatetimeIndex([], name="date"))


def fed_cycles(loaded: dict[str, Loaded]) -> pd.DataFrame | None:
    """Fed cycles from whichever target series loaded, or ``None`` when none did.

    The range era needs both limits; with only DFEDTAR the cycles stop in 2008 and with only
    the limits they start in 2008-12 (the first cycle then begins with the 2015 hike).

    Raises:
        ValueError: from :mod:`analytics.regimes` on malformed target series.
    """
    single = loaded["DFEDTAR"].data if "DFEDTAR" in loaded else None
    has_range = "DFEDTARU" in loaded and "DFEDTARL" in loaded
    if single is None and not has_range:
        return None
    upper = loaded["DFEDTARU"].data if has_range else _empty_series()
    lower = loaded["DFEDTARL"].data if has_range else _empty_series()
    target = to_fed_target(single if single is not None else _empty_series(), upper, lower)
    return calc_fed_cycles(calc_fed_moves(target))


def fed_cycles_and_events(loaded: dict[str, Loaded]) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """:func:`fed_cycles` and their :func:`analytics.regimes.calc_fed_events` (None, None: no target)."""
    cycles = fed_cycles(loaded)
    return cycles, (calc_fed_events(cycles) if cycles is not None else None)


def relative_context(loaded: dict[str, Loaded], small: pd.Series, *, end: pd.Timestamp,
                     cycles=None) -> tuple[RelativeContext, list[str]]:
    """The context layers of the chart and a note for each one that could not be drawn.

    Drawdown episodes use the small-cap levels up to the window end (what was known then):
    a trough is the lowest point of its episode as of the window end.
    """
    notes = []
    compute, cycles, events = cycles or fed_cycles_and_events, None, None
    try:
        cycles, events = compute(loaded)
    except ValueError as exc:
        notes.append(f"Fed cycles not shown: {exc}")
    if cycles is None and not notes:
        notes.append("Fed cycles not shown: no fed funds target series in this data source")
    if "USREC" not in loaded:
        notes.append("recessions not shaded: no USREC series in this data source")
    try:
        episodes = tuple(calc_drawdown_episodes(small.loc[:end], min_depth=TROUGH_MIN_DEPTH))
    except ValueError as exc:
        episodes = ()
        notes.append(f"drawdown troughs not shown: {exc}")
    usrec = loaded["USREC"].data if "USREC" in loaded else None
    return RelativeContext(cycles=cycles, events=events, usrec=usrec, episodes=episodes), notes


def make_update_relative(data, *, max_points: int | None = None, raw: bool = False, cycles=None):
    """Build the callback body bound to ``data`` (plain function, unit-testable).

    ``raw=True`` returns the figure as a plain dict spec (the page; no plotly validation),
    otherwise a ``go.Figure`` (exports, tests).

    Args:
        data: The data source.
        max_points: Draw at most about this many points (:mod:`analytics.downsample`);
            ``None`` draws every observation (exports).
        cycles: Replacement for :func:`fed_cycles_and_events` (the app passes a memoised one).
    """
    cycles = cycles or fed_cycles_and_events

    def update_relative(state_data):
        state = ViewState.from_dict(state_data)
        try:
            loaded = load(data, state.small, state.large, optional=CONTEXT_KEYS)
            small, large = loaded[state.small].data, loaded[state.large].data
            start, end = window(state, small, large)
            frame = to_relative_frame(small, large, start=start, end=end)
            context, notes = relative_context(loaded, small, end=frame.index[-1], cycles=cycles)
            shown = thin_rows(frame, ["small_rebased", "large_rebased", "ratio"], max_points)
            build = relative_spec if raw else build_relative_figure
            figure = build(shown, small_label=label(state.small),
                                           large_label=label(state.large),
                                           source_line=source_line(context_sources(
                                               loaded, start=frame.index[0], end=frame.index[-1])),
                                           context=context)
        except (PanelError, ValueError) as exc:
            return empty_figure(f"Cannot draw this view: {exc}", title=TITLE), str(exc)
        last = frame.iloc[-1]
        summary = (f"{label(state.small)} {last['small_rebased'] / 100 - 1:+.1%}, "
                   f"{label(state.large)} {last['large_rebased'] / 100 - 1:+.1%}, "
                   f"relative {last['relative_return']:+.1%} "
                   f"({frame.index[0]:%Y-%m-%d} to {frame.index[-1]:%Y-%m-%d}).")
        if notes:
            text = "; ".join(notes)
            summary += f" {text[0].upper()}{text[1:]}."
        return figure, summary

    return update_relative


def register(app, data, *, memo=None, max_points: int | None = None) -> None:
    """Wire the relative panel; ``memo`` (:class:`panels.cache.Memo`) caches per view."""
    cycles = None
    if memo is not None:
        by_key = memo.wrap("relative:fed_cycles",
                           lambda keys: fed_cycles_and_events(load(data, optional=keys)), shared=False)
        cycles = lambda loaded: by_key(tuple(k for k in TARGET_KEYS if k in loaded))  # noqa: E731
    update = make_update_relative(data, max_points=max_points, raw=True, cycles=cycles)
    app.callback(
        Output(Id.RELATIVE_GRAPH, "figure"), Output(Id.RELATIVE_SUMMARY, "children"),
        Input(view_id("relative"), "data"),
    )(memoised_panel(memo, "relative", update, max_points))

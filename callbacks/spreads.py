"""View state -> credit spreads figure: HY OAS, IG OAS and Baa minus the 10-year Treasury."""

from __future__ import annotations

import pandas as pd
from dash import Input, Output

from analytics.spreads import calc_window_summary
from analytics.downsample import thin_series
from callbacks.common import PanelError, is_window_view, load, memoised_panel, source_line, unavailable
from callbacks.rates import in_window, panel_window
from components.figures.common import empty_figure
from components.figures.spreads import build_spreads_figure, spreads_spec, stats_line
from components.ids import Id, view_id
from state import ViewState

TITLE = "Credit spreads"
#: Spread key -> short label, in drawing order.
SPREADS = {"BAMLH0A0HYM2": "HY OAS", "BAMLC0A0CM": "IG OAS", "BAA10Y": "Baa - 10-year"}


def spread_stats(full: dict[str, pd.Series], shown: dict[str, pd.Series], *, start: pd.Timestamp,
                 end: pd.Timestamp) -> pd.DataFrame:
    """:func:`analytics.spreads.calc_window_summary` of each spread drawn in the window.

    A series whose history starts inside the window is measured from its first observation
    (the others from the last observation on or before ``start``); each ends at its last
    observation on or before ``end``.
    """
    return pd.concat([calc_window_summary({name: full[name]}, start=max(start, full[name].index[0]), end=end)
                      for name in shown])


def missing_note(name: str, series: pd.Series, start: pd.Timestamp) -> str:
    """Why a series is not drawn: ``"IG OAS: no data in the window (series ends 2025-12-30)"``."""
    if series.index[-1] < start:
        return f"{name}: no data in the window (series ends {series.index[-1]:%Y-%m-%d})"
    return f"{name}: no data in the window (series starts {series.index[0]:%Y-%m-%d})"


def make_update_spreads(data, *, max_points: int | None = None, raw: bool = False):
    """Build the callback body bound to ``data`` (plain function, unit-testable).

    ``raw=True`` returns the figure as a plain dict spec (the page; no plotly validation),
    otherwise a ``go.Figure`` (exports, tests).

    ``max_points``: draw at most about this many points per chart (``None``: all, exports).
    """

    def update_spreads(state_data):
        state = ViewState.from_dict(state_data)
        try:
            failed: dict[str, str] = {}
            loaded = load(data, optional=(*SPREADS, "USREC"), errors=failed)
            full = {label: loaded[key].data.dropna() for key, label in SPREADS.items() if key in loaded}
            full = {label: s for label, s in full.items() if not s.empty}
            if not full:
                raise PanelError(unavailable("credit spread series (BAMLH0A0HYM2, BAMLC0A0CM, BAA10Y)",
                                             SPREADS, failed))
            start, end = panel_window(data, state, *full.values(), resolved=is_window_view(state_data))
            shown = {label: in_window(s, start, end) for label, s in full.items()}
            notes = [missing_note(label, full[label], start) for label, s in shown.items() if s.empty]
            shown = {label: s for label, s in shown.items() if not s.empty}
            if not shown:
                raise PanelError(f"no credit spread data between {start:%Y-%m-%d} and {end:%Y-%m-%d}: "
                                 + "; ".join(notes))
            stats = spread_stats(full, shown, start=start, end=end)
            used = {k: v for k, v in loaded.items() if k == "USREC" or SPREADS.get(k) in shown}
            drawn = {k: thin_series(v, max_points and max_points // len(shown)) for k, v in shown.items()}
            build = spreads_spec if raw else build_spreads_figure
            figure = build(drawn, stats=stats, start=start, end=end,
                                          source_line=source_line(used), notes=notes,
                                          usrec=loaded["USREC"].data if "USREC" in loaded else None)
            lines = [stats_line(name, stats.loc[name], start=start, end=end) for name in shown]
        except (PanelError, ValueError) as exc:
            return empty_figure(f"Cannot draw this view: {exc}", title=TITLE), str(exc)
        summary = f"{start:%Y-%m-%d} to {end:%Y-%m-%d}: " + "; ".join(lines + notes) + "."
        return figure, summary

    return update_spreads


def register(app, data, *, memo=None, max_points: int | None = None) -> None:
    """Wire the spreads panel; ``memo`` (:class:`panels.cache.Memo`) caches per view."""
    app.callback(
        Output(Id.SPREADS_GRAPH, "figure"), Output(Id.SPREADS_SUMMARY, "children"),
        Input(view_id("spreads"), "data"),
    )(memoised_panel(memo, "spreads", make_update_spreads(data, max_points=max_points, raw=True), max_points))

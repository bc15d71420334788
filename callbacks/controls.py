"""Controls -> view state: the pair, the window and its presets."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from dash import ALL, Input, Output, State, ctx, no_update

from components.ids import Id
from state import ViewState, parse_date


def preset_window(years: int, *, end: dt.date, data_start: dt.date) -> tuple[dt.date, dt.date]:
    """Window of ``years`` ending at ``end`` (0 = from ``data_start``), clipped to the data."""
    if not years:
        return data_start, end
    try:
        start = end.replace(year=end.year - years)
    except ValueError:
        start = end.replace(year=end.year - years, day=28)
    return max(start, data_start), end


def _date(text) -> dt.date | None:
    try:
        return parse_date(str(text)[:10]) if text else None
    except ValueError:
        return None


def apply_preset(_clicks, min_date, max_date, end_date):
    """Preset button clicked: set the date picker's window."""
    years = (ctx.triggered_id or {}).get("years") if isinstance(ctx.triggered_id, dict) else None
    data_end, data_start = _date(max_date), _date(min_date)
    if years is None or data_end is None or data_start is None:
        return no_update, no_update
    start, end = preset_window(int(years), end=data_end, data_start=data_start)
    return start.isoformat(), end.isoformat()


def controls_to_state(small, large, start_date, end_date, current):
    """Any control changed: write the new view state (invalid inputs keep the current value)."""
    state = ViewState.from_dict(current)
    start, end = _date(start_date), _date(end_date)
    if start and end and start > end:
        start, end = end, start
    return replace(state, small=small or state.small, large=large or state.large,
                   start=start or state.start, end=end or state.end).to_dict()


def register(app) -> None:
    """Wire the shared controls to the view-state store."""
    app.callback(
        Output(Id.WINDOW, "start_date"), Output(Id.WINDOW, "end_date"),
        Input({"type": Id.PRESETS, "years": ALL}, "n_clicks"),
        State(Id.WINDOW, "min_date_allowed"), State(Id.WINDOW, "max_date_allowed"),
        State(Id.WINDOW, "end_date"),
        prevent_initial_call=True,
    )(apply_preset)
    app.callback(
        Output(Id.STATE, "data"),
        Input(Id.SMALL, "value"), Input(Id.LARGE, "value"),
        Input(Id.WINDOW, "start_date"), Input(Id.WINDOW, "end_date"),
        State(Id.STATE, "data"),
        prevent_initial_call=True,
    )(controls_to_state)

"""Shared controls: the pair, the window, frequency, correlation window, as-of, event, universe."""

from __future__ import annotations

import datetime as dt

import dash_bootstrap_components as dbc
from dash import dcc, html

from components.ids import Id
from loaders.catalog import ALL_SERIES, LARGE_CAP_KEYS, SMALL_CAP_KEYS, label
from state import EVENTS, NOT_OVERLAYS, WINDOW_BOUNDS, ViewState

PRESET_YEARS = (1, 3, 5, 10, 0)  # 0 = all available history
#: Preset buttons: id value (years, "ytd", "fed"), label, tooltip.
PRESETS = (("ytd", "YTD", "Year to date"),
           *((y, f"{y}Y" if y else "Max", f"Last {y} years" if y else "All the history the pair has")
             for y in PRESET_YEARS),
           ("fed", "Fed", "Since the last Fed move (announcement of the last target change)"))
EVENT_LABELS = {"first_hike": "First hike", "last_hike": "Last hike",
                "first_cut": "First cut", "last_cut": "Last cut"}


def pair_options(keys: list[str], failed: dict[str, str] | None = None) -> list[dict]:
    """Dropdown options ``{"label": "Russell 2000 (RUT)", "value": "RUT"}``; a series of
    ``failed`` (key -> the loader's message) is listed disabled, saying it does not load (a link
    that names it shows it chosen, not another series)."""
    options = [{"label": f"{label(k)} ({k})", "value": k} for k in keys]
    return options + [{"label": f"{label(k)} ({k}): does not load", "value": k, "disabled": True,
                       "title": message[:300]} for k, message in (failed or {}).items() if k not in keys]


def _of(failed: dict[str, str] | None, keys) -> dict[str, str]:
    return {k: failed[k] for k in keys if failed and k in failed}


def _field(text: str, control, *, md: int, html_for: str | None = None) -> dbc.Col:
    return dbc.Col([dbc.Label(text, html_for=html_for, className="small mb-0"), control], md=md)


def build_controls(*, small_keys: list[str], large_keys: list[str], state: ViewState,
                   failed: dict[str, str] | None = None,
                   start: dt.date, end: dt.date, data_start: dt.date, data_end: dt.date,
                   universes: list[str], overlay_keys: list[str] = ()) -> html.Div:
    """Two rows of controls shared by every panel, initialised from ``state``."""
    presets = [dbc.Button(label, id={"type": Id.PRESETS, "years": key}, title=tip,
                          size="sm", outline=True, color="secondary", className="me-1 mb-1")
               for key, label, tip in PRESETS]
    low, high = WINDOW_BOUNDS
    first_row = dbc.Row(className="g-2 align-items-end mb-2", children=[
        _field("Small caps", dcc.Dropdown(id=Id.SMALL, options=pair_options(small_keys, _of(failed, SMALL_CAP_KEYS)),
                                          value=state.small, clearable=False), md=3, html_for=Id.SMALL),
        _field("Large caps", dcc.Dropdown(id=Id.LARGE, options=pair_options(large_keys, _of(failed, LARGE_CAP_KEYS)),
                                          value=state.large, clearable=False), md=3, html_for=Id.LARGE),
        _field("Window", dcc.DatePickerRange(
            id=Id.WINDOW, start_date=start, end_date=end, min_date_allowed=data_start,
            max_date_allowed=data_end, display_format="YYYY-MM-DD", first_day_of_week=1,
            className="d-block"), md=4),
        dbc.Col(presets, md=2),
    ])
    second_row = dbc.Row(className="g-2 align-items-end mb-3", children=[
        _field("Frequency", dbc.RadioItems(
            id=Id.FREQ, inline=True, value=state.freq,
            options=[{"label": "Daily", "value": "D"}, {"label": "Weekly", "value": "W"},
                     {"label": "Monthly", "value": "M"}]), md=3),
        _field(f"Correlation window (periods, {low}-{high})", dbc.Input(
            id=Id.CORR_WINDOW, type="number", min=low, max=high, step=1, value=state.window,
            debounce=True, size="sm"), md=2, html_for=Id.CORR_WINDOW),
        dbc.Col([
            dbc.Label("Facts as of", html_for=Id.ASOF, className="small mb-0"),
            dcc.DatePickerSingle(id=Id.ASOF, date=state.asof or end, min_date_allowed=data_start,
                                 max_date_allowed=data_end, display_format="YYYY-MM-DD", first_day_of_week=1,
                                 className="d-block"),
            html.Div(className="small", children=[
                html.Span("follows the window's end", id=Id.ASOF_MODE, className="text-muted"),
                dbc.Button("follow the window", id=Id.ASOF_FOLLOW, n_clicks=0, color="link", size="sm",
                           className="p-0 ms-1 align-baseline", style={"display": "none"},
                           title="Unpin the as-of date: it follows the window's end again"),
            ]),
        ], md=2),
        _field("Event study", dcc.Dropdown(
            id=Id.EVENT, value=state.event, clearable=False,
            options=[{"label": EVENT_LABELS[e], "value": e} for e in EVENTS]), md=2, html_for=Id.EVENT),
        _field("Universe", dcc.Dropdown(
            id=Id.UNIVERSE, value=state.universe, options=[{"label": u, "value": u} for u in universes],
            placeholder="choose a universe"), md=2, html_for=Id.UNIVERSE),
        _field("Rank by", dbc.RadioItems(
            id=Id.RANK_BY, inline=True, value=state.rank_by,
            options=[{"label": "Return", "value": "return"}, {"label": "Leverage", "value": "leverage"}]),
            md=1),
    ])
    overlay_row = dbc.Row(className="g-2 align-items-end mb-3", children=[
        _field("Overlay on rates and spreads (up to 3 series, each on its own axis)", dcc.Dropdown(
            id=Id.OVERLAY, multi=True, value=[k for k in (state.overlay or "").split(",") if k],
            options=[{"label": f"{ALL_SERIES[k].label} ({k})" if k in ALL_SERIES else k, "value": k}
                     for k in overlay_keys if k not in NOT_OVERLAYS], placeholder="add a series: VIX, 3-month bill, 10y-2y..."),
            md=6, html_for=Id.OVERLAY),
    ])
    # On small screens the controls fold behind one line that summarises the view
    # (assets/app.css, callbacks/controls_bar.py); from 768 px up they are always shown.
    toggle = html.Button(
        "Controls", id=Id.CONTROLS_TOGGLE, n_clicks=0, type="button",
        className="controls-toggle d-md-none btn btn-light border w-100 text-start mb-2 text-truncate",
        **{"aria-expanded": "false", "aria-controls": "controls"})
    return html.Div([toggle, html.Div([first_row, second_row, overlay_row], id="controls",
                                      className="controls-body")])


def universe_options(universe, mine=None, current=None) -> list[dict]:
    """Options of the universe menu: the source's lists, this browser's uploads (``mine``, from
    its local storage) and the upload the current link names; never anyone else's uploads."""
    names = list(universe.list_universes())
    for name in [*(mine if isinstance(mine, list) else []), current]:
        if isinstance(name, str) and name.startswith("upload:") and name not in names and universe.has_upload(name):
            names.append(name)
    return [{"label": u, "value": u} for u in names]

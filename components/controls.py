"""Shared controls: the small/large pair and the window."""

from __future__ import annotations

import datetime as dt

import dash_bootstrap_components as dbc
from dash import dcc, html

from components.ids import Id
from loaders.catalog import label

PRESET_YEARS = (1, 3, 5, 10, 0)  # 0 = all available history


def pair_options(keys: list[str]) -> list[dict]:
    """Dropdown options ``{"label": "Russell 2000 (RUT)", "value": "RUT"}``."""
    return [{"label": f"{label(k)} ({k})", "value": k} for k in keys]


def build_controls(*, small_keys: list[str], large_keys: list[str], small: str, large: str,
                   start: dt.date, end: dt.date, data_start: dt.date, data_end: dt.date) -> dbc.Row:
    """Pair dropdowns, date range picker and window presets."""
    presets = [dbc.Button(f"{y}Y" if y else "Max", id={"type": Id.PRESETS, "years": y},
                          size="sm", outline=True, color="secondary", className="me-1")
               for y in PRESET_YEARS]
    return dbc.Row(className="g-2 align-items-end mb-2", children=[
        dbc.Col([dbc.Label("Small caps", html_for=Id.SMALL, className="small mb-0"),
                 dcc.Dropdown(id=Id.SMALL, options=pair_options(small_keys), value=small,
                              clearable=False)], md=3),
        dbc.Col([dbc.Label("Large caps", html_for=Id.LARGE, className="small mb-0"),
                 dcc.Dropdown(id=Id.LARGE, options=pair_options(large_keys), value=large,
                              clearable=False)], md=3),
        dbc.Col([dbc.Label("Window", html_for=Id.WINDOW, className="small mb-0"), html.Br(),
                 dcc.DatePickerRange(id=Id.WINDOW, start_date=start, end_date=end,
                                     min_date_allowed=data_start, max_date_allowed=data_end,
                                     display_format="YYYY-MM-DD", first_day_of_week=1)], md=4),
        dbc.Col(presets, md=2),
    ])

"""The page: header, controls and panels, built per page view from the data source."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from components.claims import build_claims_box
from components.controls import build_controls
from components.header import build_header
from components.ids import PANELS, Id, view_id
from components.panels import build_panels
from loaders.base import LoaderError
from loaders.catalog import LARGE_CAP_KEYS, SMALL_CAP_KEYS
from loaders.source import DataSource, summarize
from panels.pair import default_pair, pair_span
from panels.view import resolve_window


def pair_keys(available: list[str]) -> tuple[list[str], list[str]]:
    """Small-cap and large-cap keys this source has, in catalog order."""
    return ([k for k in SMALL_CAP_KEYS if k in available],
            [k for k in LARGE_CAP_KEYS if k in available])


def _universes(universe) -> list[str]:
    if universe is None:
        return []
    try:
        return universe.list_universes()
    except LoaderError:
        return []


def share_toolbar() -> html.Div:
    """Copy the share links (pinned, latest); download every panel's PNG and CSV."""
    return html.Div(className="d-flex gap-3 align-items-center mb-2 small flex-wrap", children=[
        dcc.Store(id=Id.LINKS),
        dcc.Store(id=Id.WINDOWS, data=[]),
        html.Span([dcc.Clipboard(id=Id.COPY_LINK, className="d-inline-block me-1 key-button",
                                 title="Copy a link to exactly this view: dates written out, it reopens the "
                                       "same view after the data is updated"), "Copy link"]),
        html.Span([dcc.Clipboard(id=Id.COPY_LATEST, className="d-inline-block me-1 key-button",
                                 title="Copy a link that follows the latest data: its default dates move "
                                       "when the data is updated"), "Copy link to the latest data"]),
        html.A("Download all panels (PNG + CSV, zip)", id=Id.EXPORT_ALL, href="/export/all.zip",
               className="link-secondary"),
        html.Span(id=Id.COPY_STATUS, role="status", **{"aria-live": "polite"}),
        html.Label("The link to copy", htmlFor=Id.COPY_FALLBACK, className="visually-hidden"),
        dcc.Input(id=Id.COPY_FALLBACK, type="text", readOnly=True, style={"display": "none"},
                  className="form-control form-control-sm"),
    ])


def build_layout(data: DataSource, universe=None) -> dbc.Container:
    """Whole page for ``data``. The URL callback then applies the link's view state."""
    loaded, errors = data.many(data.available_series())
    summary = summarize(loaded)
    small_keys, large_keys = pair_keys(list(loaded))
    state, _ = default_pair(data)  # what the page shows for a link that names no pair
    bounds = pair_span(data, state.small, state.large)
    if bounds:
        data_start, data_end = bounds
        start, end, _ = resolve_window(None, None, bounds)
    else:
        data_start = data_end = start = end = None
    return dbc.Container(fluid=True, className="py-3", children=[
        dcc.Location(id=Id.URL, refresh=False),
        dcc.Store(id=Id.STATE),
        dcc.Store(id=Id.VIEW),
        dcc.Store(id=Id.ZOOM),
        dcc.Store(id=Id.FACT_SHOWN),
        *[dcc.Store(id=view_id(panel)) for panel in PANELS],
        build_header(description=data.describe(), kind=data.kind, as_of=summary["as_of"],
                     loaded=loaded, errors=errors),
        html.Div(id=Id.NOTICES),
        share_toolbar(),
        build_controls(small_keys=small_keys, large_keys=large_keys, state=state, failed=errors, start=start,
                       end=end, data_start=data_start, data_end=data_end,
                       universes=_universes(universe), overlay_keys=sorted(loaded)),
        *build_panels((start, end)),
        build_claims_box(as_of=data_end),
    ])

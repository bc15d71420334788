"""Panel cards: a title, a graph with its modebar download settings, a summary line."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from components.ids import Id


def graph_config(panel: str) -> dict:
    """Modebar settings: PNG download named after the panel at scale 2."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": panel, "scale": 2},
    }


def relative_panel() -> dbc.Card:
    """Small-cap vs large-cap relative performance."""
    return dbc.Card(className="mb-3", id="panel-relative", children=[
        dbc.CardHeader("Relative performance: small caps vs large caps"),
        dbc.CardBody([
            dcc.Loading(dcc.Graph(id=Id.RELATIVE_GRAPH, config=graph_config("relative")),
                        type="dot", delay_show=300),
            html.P(id=Id.RELATIVE_SUMMARY, className="small text-muted mb-0"),
        ]),
    ])

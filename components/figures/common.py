"""Shared look of every figure: layout defaults and the source line."""

from __future__ import annotations

import plotly.graph_objects as go

SMALL_COLOR = "#d62728"
LARGE_COLOR = "#1f77b4"
RATIO_COLOR = "#2c3e50"
FONT = "Inter, Helvetica, Arial, sans-serif"


def base_layout(fig: go.Figure, *, title: str, uirevision: str, height: int = 520) -> go.Figure:
    """Apply the common layout: title, legend, margins, hover, ``uirevision`` to keep zoom."""
    fig.update_layout(
        title={"text": title, "x": 0.01, "xanchor": "left"},
        template="plotly_white",
        font={"family": FONT, "size": 12},
        height=height,
        margin={"l": 60, "r": 20, "t": 70, "b": 80},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0.0},
        hovermode="x unified",
        uirevision=uirevision,
    )
    return fig


def add_source_line(fig: go.Figure, text: str) -> go.Figure:
    """Write the source and as-of line under the plot, so an exported PNG stands alone."""
    fig.add_annotation(
        text=text, showarrow=False, xref="paper", yref="paper", x=0.0, y=-0.16,
        xanchor="left", yanchor="top", font={"size": 10, "color": "#666"}, align="left",
    )
    return fig


def empty_figure(message: str, *, title: str = "") -> go.Figure:
    """A blank figure that says why there is nothing to show (never a blank panel)."""
    fig = go.Figure()
    base_layout(fig, title=title, uirevision="empty", height=420)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.add_annotation(text=message, showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5,
                       font={"size": 14, "color": "#a33"})
    return fig

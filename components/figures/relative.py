"""Figure of the ``relative`` panel: rebased lines and the small/large ratio."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from components.figures.common import (
    LARGE_COLOR, RATIO_COLOR, SMALL_COLOR, add_source_line, base_layout,
)


def build_relative_figure(
    frame: pd.DataFrame, *, small_label: str, large_label: str, source_line: str,
) -> go.Figure:
    """Two stacked charts sharing the time axis.

    Args:
        frame: Output of :func:`analytics.relative.to_relative_frame`.
        small_label: Name of the small-cap series ("Russell 2000").
        large_label: Name of the large-cap series ("S&P 500").
        source_line: Sources and as-of date, printed under the chart.

    Returns:
        Top: both series rebased to 100 at the window start. Bottom: the ratio small/large,
        1.0 at the window start (above 1 = small caps outperformed since the start).
    """
    start, end = frame.index[0], frame.index[-1]
    rel = frame["relative_return"].iloc[-1]
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.06,
                        row_heights=[0.62, 0.38])
    for column, label, color in (("small_rebased", small_label, SMALL_COLOR),
                                 ("large_rebased", large_label, LARGE_COLOR)):
        fig.add_trace(go.Scatter(
            x=frame.index, y=frame[column], name=label, mode="lines",
            line={"color": color, "width": 1.6},
            hovertemplate="%{y:.1f}<extra>" + label + "</extra>",
        ), row=1, col=1)
    fig.add_trace(go.Scatter(
        x=frame.index, y=frame["ratio"], name=f"{small_label} / {large_label}", mode="lines",
        line={"color": RATIO_COLOR, "width": 1.4}, hovertemplate="%{y:.3f}<extra>ratio</extra>",
    ), row=2, col=1)
    fig.add_hline(y=1.0, line={"color": "#999", "width": 1, "dash": "dot"}, row=2, col=1)
    title = (f"{small_label} vs {large_label}, {start:%Y-%m-%d} to {end:%Y-%m-%d}: "
             f"relative return {rel:+.1%}")
    base_layout(fig, title=title, uirevision="relative")
    fig.update_yaxes(title_text=f"Rebased ({start:%Y-%m-%d} = 100)", row=1, col=1)
    fig.update_yaxes(title_text="Ratio (start = 1)", row=2, col=1)
    fig.update_xaxes(title_text="Date", row=2, col=1)
    return add_source_line(fig, source_line)

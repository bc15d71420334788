"""Figure of the leverage-quartile analysis: returns per quartile and debt-to-equity spread."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analytics.leverage import QuartileResult
from components.figures.common import LARGE_COLOR, RATIO_COLOR, SMALL_COLOR, add_source_line, base_layout

MEDIAN_COLOR = "#ff9896"


def _percent(value: float | None) -> float | None:
    return None if value is None else 100.0 * value


def build_leverage_figure(result: QuartileResult, *, title: str, source_line: str) -> go.Figure:
    """Side by side: measure-window returns per quartile, and debt-to-equity per quartile.

    Args:
        result: Output of :func:`analytics.leverage.compute_quartiles`.
        title: Figure title.
        source_line: Sources, as-of date and what was left out, printed under the chart.

    Returns:
        Left: bars of mean and median measure-window return (percent) for quartiles 1-4
        (and the negative-equity group when it has returns). Right: a box of debt-to-equity
        (ratio) per quartile with every stock as a point; the axis stops at 1.25 times the
        95th percentile so a few extreme ratios do not flatten the boxes (a note says how many
        points lie above).
    """
    spec = result.spec
    order = "worst" if spec.rank_by == "return" else "least levered"
    labels = [f"Q{q.label}" + (f" ({order})" if q.label == "1" else "") for q in result.quartiles]
    means = [_percent(q.mean_return) for q in result.quartiles]
    medians = [_percent(q.median_return) for q in result.quartiles]
    hover_n = [q.n for q in result.quartiles]
    negative = result.negative_equity
    if negative.n_return:
        labels.append("Neg. equity")
        means.append(_percent(negative.mean_return))
        medians.append(_percent(negative.median_return))
        hover_n.append(negative.n_return)
    fig = make_subplots(rows=1, cols=2, column_widths=[0.55, 0.45], horizontal_spacing=0.1,
                        subplot_titles=(f"Return {spec.measure_start:%Y-%m-%d} to {spec.measure_end:%Y-%m-%d}",
                                        f"Debt-to-equity at {spec.as_of_leverage:%Y-%m-%d}"))
    for name, values, color in (("Mean return", means, SMALL_COLOR), ("Median return", medians, MEDIAN_COLOR)):
        fig.add_trace(go.Bar(
            x=labels, y=values, name=name, marker_color=color, customdata=hover_n,
            hovertemplate="%{x}: %{y:+.1f}% (n=%{customdata})<extra>" + name + "</extra>",
        ), row=1, col=1)
    table = result.table
    for q in result.quartiles:
        values = table.loc[table["quartile"] == int(q.label), "debt_to_equity"].dropna()
        fig.add_trace(go.Box(
            y=values.tolist(), name=f"Q{q.label}", text=list(values.index), boxpoints="all", jitter=0.4,
            pointpos=0, marker={"color": LARGE_COLOR, "size": 4, "opacity": 0.5},
            line={"color": RATIO_COLOR}, fillcolor="rgba(44, 62, 80, 0.08)", showlegend=False,
            hovertemplate="%{text}: %{y:.2f}<extra>Q" + q.label + "</extra>",
        ), row=1, col=2)
    base_layout(fig, title=title, uirevision="leverage")
    # the legend sits right of the title block, above the subplot titles
    fig.update_layout(barmode="group", hovermode="closest", margin={"t": 110},
                      legend={"y": 1.13, "yanchor": "bottom", "x": 1.0, "xanchor": "right"})
    fig.update_yaxes(title_text="Return (%)", ticksuffix="%", row=1, col=1)
    fig.update_yaxes(title_text="Debt / equity (ratio)", row=1, col=2)
    ratios = table["debt_to_equity"].dropna().to_numpy()
    if len(ratios):
        top = max(float(np.percentile(ratios, 95)) * 1.25, 0.1)
        above = int((ratios > top).sum())
        fig.update_yaxes(range=[0, top], row=1, col=2)
        if above:
            fig.add_annotation(text=f"{above} stocks above {top:.1f} not shown", showarrow=False, xref="x2 domain",
                               yref="y2 domain", x=1.0, y=1.0, xanchor="right", yanchor="top",
                               font={"size": 10, "color": "#666"})
    return add_source_line(fig, source_line)

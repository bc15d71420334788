"""Figure and outcomes table of the ``regimes`` panel: an event study around Fed moves.

The x axis is months after the event (not calendar time), so this figure takes no part in
the zoom linking of the time panels.
"""

from __future__ import annotations

import re

import dash_bootstrap_components as dbc
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from dash import html
from plotly.colors import sample_colorscale
from plotly.subplots import make_subplots

from components.figures.common import RATIO_COLOR, SMALL_COLOR, base_layout
from components.figures.shading import add_wrapped_source_line

EVENT_WORDS = {"first_hike": "first hike", "last_hike": "last hike",
               "first_cut": "first cut", "last_cut": "last cut"}
RATE_COLORS = ("#8c564b", "#2ca02c", "#9467bd")
MISSING = "\u2013"  # en dash: no value (no data, or the horizon is after the as-of date)
X_RANGE = (-6, 24)
SOURCE_WIDTH = 160  # characters per line of the source note (as the relative panel)


def event_label(date: pd.Timestamp, provisional: bool) -> str:
    """``"2023-07-26"`` or ``"2025-12-10 (provisional)"``."""
    return f"{pd.Timestamp(date):%Y-%m-%d}" + (" (provisional)" if provisional else "")


def trace_uid(prefix: str, name: str) -> str:
    """A trace ``uid`` usable as a CSS selector (plotly.js uses it as one): ``event-20250910``."""
    return prefix + "-" + re.sub(r"[^0-9A-Za-z]", "", name.removesuffix(" (provisional)"))


def event_colors(n: int) -> list[str]:
    """``n`` blues from light (oldest event) to dark (latest)."""
    if n <= 0:
        return []
    if n == 1:
        return sample_colorscale("Blues", [0.8])
    return sample_colorscale("Blues", list(np.linspace(0.35, 0.95, n)))


def build_regimes_figure(
    paths: pd.DataFrame,
    median: pd.Series,
    *,
    rates: pd.DataFrame | None = None,
    title: str,
    source_line: str,
    uirevision: str = "regimes",
) -> go.Figure:
    """One thin line per event, the median as a thick line, rate changes below.

    Args:
        paths: Relative return since the event (decimal), index = months after the event,
            one column per event (named by its label, oldest first).
        median: Median across events on the same index (decimal); NaN points are gaps.
        rates: Median change since the event (pp) per rate (columns), same index; ``None``
            or no column with a value: no second chart.
        title: Figure title.
        source_line: Sources and as-of date, printed under the chart (wrapped).
        uirevision: Keeps legend clicks while the event type stays the same.

    Returns:
        Top: the paths in percent (``y = 100 * paths``), zero line, dotted line at the
        event. Bottom (when ``rates``): median rate changes in percentage points.
    """
    rates = None if rates is None else rates.loc[:, rates.notna().any()]
    with_rates = rates is not None and rates.shape[1] > 0
    x = np.round(paths.index.to_numpy(dtype=float), 4)
    if with_rates:
        fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08,
                            row_heights=[0.68, 0.32])
        top = {"row": 1, "col": 1}
    else:
        fig = go.Figure()
        top = {}
    for column, color in zip(paths.columns, event_colors(paths.shape[1])):
        provisional = "provisional" in str(column)
        fig.add_trace(go.Scatter(
            x=x, y=np.round(100 * paths[column].to_numpy(dtype=float), 3), name=str(column),
            mode="lines", uid=trace_uid("event", str(column)), legendgroup="events",
            line={"color": color, "width": 1.1, "dash": "dot" if provisional else "solid"},
            hovertemplate="%{y:+.1f}%<extra>" + str(column) + "</extra>",
        ), **top)
    fig.add_trace(go.Scatter(
        x=x, y=np.round(100 * median.to_numpy(dtype=float), 3), name="Median across events",
        mode="lines", uid="median", line={"color": SMALL_COLOR, "width": 3.5},
        hovertemplate="%{y:+.1f}%<extra>median</extra>",
    ), **top)
    if with_rates:
        for column, color in zip(rates.columns, RATE_COLORS):
            fig.add_trace(go.Scatter(
                x=x, y=np.round(rates[column].to_numpy(dtype=float), 4),
                name=f"{column}: median change", mode="lines", uid=trace_uid("rate", str(column)),
                line={"color": color, "width": 2.0},
                hovertemplate="%{y:+.2f} pp<extra>" + str(column) + "</extra>",
            ), row=2, col=1)
    fig.add_hline(y=0.0, line={"color": "#999", "width": 1, "dash": "dot"}, **top)
    fig.add_vline(x=0.0, line={"color": RATIO_COLOR, "width": 1, "dash": "dash"})
    base_layout(fig, title=title, uirevision=uirevision, height=600 if with_rates else 520)
    fig.update_layout(
        legend={"orientation": "v", "x": 1.02, "xanchor": "left", "y": 1.0, "yanchor": "top"},
        margin={"r": 190},
    )
    fig.update_xaxes(range=list(X_RANGE), dtick=3, zeroline=False)
    fig.update_xaxes(title_text="Months after the event (FOMC announcement)", **({"row": 2, "col": 1}
                                                                                  if with_rates else {}))
    fig.update_yaxes(title_text="Relative return since the event (%)", ticksuffix="%", **top)
    if with_rates:
        fig.update_yaxes(title_text="Change (pp)", row=2, col=1)
    return add_wrapped_source_line(fig, source_line, width=SOURCE_WIDTH)


def _percent(value: float) -> str:
    return MISSING if pd.isna(value) else f"{100 * value:+.1f}"


def _points(value: float) -> str:
    return MISSING if pd.isna(value) else f"{value:+.2f}"


def _metrics(outcomes: pd.DataFrame, small_key: str, large_key: str) -> list[tuple[str, str, object]]:
    """(column, header, formatter) of each outcome column present, in table order."""
    metrics = [("small", f"{small_key} (%)", _percent), ("large", f"{large_key} (%)", _percent),
               ("relative", "Relative (%)", _percent)]
    fixed = {"event_date", "horizon", "label", "small", "large", "relative"}
    metrics += [(c, f"{c} (pp)", _points) for c in outcomes.columns if c not in fixed]
    return [m for m in metrics if m[0] in outcomes.columns]


def outcomes_display_frame(outcomes: pd.DataFrame, summaries: dict[str, pd.DataFrame], *,
                           small_key: str, large_key: str) -> pd.DataFrame:
    """The outcomes table as strings: one row per event, a column group per horizon.

    Args:
        outcomes: One row per event and horizon with ``event_date``, ``horizon``, ``label``,
            ``small``/``large``/``relative`` (decimal returns) and rate columns (pp changes).
        summaries: :func:`analytics.events.summarize_outcomes` output per outcome column.
        small_key: Small-cap key for its header ("RUT").
        large_key: Large-cap key for its header ("GSPC").

    Returns:
        DataFrame of strings with two column levels (``"3 months after"``, metric header),
        a first column ``("", "Event")``, the events in date order, then a last row
        ``"Median / range"``: the median, a line break, and ``min to max``. Returns in
        percent with one decimal, changes in pp with two; missing values are an en dash.
    """
    metrics = _metrics(outcomes, small_key, large_key)
    horizons = sorted(outcomes["horizon"].unique())
    order = outcomes.drop_duplicates("event_date").sort_values("event_date")
    columns = [("", "Event")] + [(f"{h} months after", header) for h in horizons for _, header, _ in metrics]
    rows = []
    for _, event in order.iterrows():
        mine = outcomes[outcomes["event_date"] == event["event_date"]].set_index("horizon")
        row = [event["label"]]
        for h in horizons:
            row += [fmt(mine.at[h, column]) for column, _, fmt in metrics]
        rows.append(row)
    last = ["Median\nrange"]
    for h in horizons:
        for column, _, fmt in metrics:
            summary = summaries[column]
            if h not in summary.index or summary.at[h, "count"] == 0:
                last.append(MISSING)
                continue
            stats = summary.loc[h]
            last.append(f"{fmt(stats['median'])}\n{fmt(stats['min'])} to {fmt(stats['max'])}")
    rows.append(last)
    return pd.DataFrame(rows, columns=pd.MultiIndex.from_tuples(columns))


def build_outcomes_table(outcomes: pd.DataFrame, summaries: dict[str, pd.DataFrame], *,
                         small_key: str, large_key: str, event: str) -> list:
    """A caption and a ``dbc.Table`` of :func:`outcomes_display_frame`."""
    frame = outcomes_display_frame(outcomes, summaries, small_key=small_key, large_key=large_key)
    horizons = sorted(outcomes["horizon"].unique())
    caption = html.P(className="small text-muted mb-1", children=(
        f"Outcomes {', '.join(str(h) for h in horizons)} months after each {EVENT_WORDS[event]} "
        "(from the last close on or before the FOMC announcement to the last close on or before "
        "the horizon date). Returns and the relative return (small minus large) in percent; "
        f"spread and yield changes in percentage points; {MISSING} = no data yet. "
        "Last row: median across events, with the range (min to max) below."))
    table = dbc.Table.from_dataframe(frame, striped=True, bordered=True, hover=True, size="sm",
                                     responsive=True, className="small mb-0 regimes-table",
                                     style={"whiteSpace": "pre-line"})
    return [caption, table]

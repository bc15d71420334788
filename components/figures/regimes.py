"""Figure and outcomes table of the ``regimes`` panel: an event study around Fed moves.

The x axis is months after the event (not calendar time), so this figure takes no part in
the zoom linking of the time panels.

:func:`regimes_spec` builds the figure as a plain dict (no plotly object: cheap enough for
every interaction); :func:`build_regimes_figure` is that dict as a validated ``go.Figure``.
"""

from __future__ import annotations

import functools
import re
from html import escape
from itertools import groupby

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from dash import dcc, html
from plotly.colors import sample_colorscale

from components.figures.common import RATIO_COLOR, SMALL_COLOR, base_layout_dict, figure_of
from analytics.event_study import EVENT_WORDS
from analytics.format import signed
from components.figures.shading import with_wrapped_source_line

RATE_COLORS = ("#8c564b", "#2ca02c", "#9467bd")
MISSING = "\u2013"  # en dash: no value (no data, or the horizon is after the as-of date)
X_RANGE = (-6, 24)
SOURCE_WIDTH = 160  # characters per line of the source note (as the relative panel)
#: The two charts' y domains with rates, top and bottom: what ``make_subplots(rows=2, cols=1,
#: vertical_spacing=0.08, row_heights=[0.68, 0.32])`` lays out (0.92 of the height split
#: 68/32 with a 0.08 gap).
TOP_DOMAIN = (0.3744, 1.0)
BOTTOM_DOMAIN = (0.0, 0.2944)


def trace_uid(prefix: str, name: str) -> str:
    """A trace ``uid`` usable as a CSS selector (plotly.js uses it as one): ``event-20250910``."""
    return prefix + "-" + re.sub(r"[^0-9A-Za-z]", "", name.removesuffix(" (provisional)"))


def event_colors(n: int) -> list[str]:
    """``n`` blues from light (oldest event) to dark (latest)."""
    return list(_event_colors(max(0, n)))


@functools.lru_cache(maxsize=64)
def _event_colors(n: int) -> tuple[str, ...]:
    # plotly samples the scale in Python (about a millisecond); a study has a few dozen events
    if n == 0:
        return ()
    if n == 1:
        return tuple(sample_colorscale("Blues", [0.8]))
    return tuple(sample_colorscale("Blues", list(np.linspace(0.35, 0.95, n))))


#: Legend order: the medians first (ranks 1, 2, ...), then the events newest first from this
#: rank on, so that a legend taller than a PNG loses the oldest events, not the medians.
EVENTS_RANK = 100


def regimes_spec(
    paths: pd.DataFrame,
    median: pd.Series,
    *,
    rates: pd.DataFrame | None = None,
    title: str,
    source_line: str,
    uirevision: str = "regimes",
    event_dates: str = "FOMC announcement",
) -> dict:
    """One thin line per event, the median as a thick line, rate changes below, as a plain figure dict.

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
        ``{"data": [...], "layout": {...}}`` of plain Python/numpy values. Top (axes
        ``x``/``y``): the paths in percent (``y = 100 * paths``), zero line, dashed line at
        the event. Bottom (when ``rates``; axes ``x2``/``y2``, the x axis the top one
        matches): median rate changes in percentage points, dashed line at the event.
    """
    rates = None if rates is None else rates.loc[:, rates.notna().any()]
    with_rates = rates is not None and rates.shape[1] > 0
    x = np.round(paths.index.to_numpy(dtype=float), 4)
    top = {"xaxis": "x", "yaxis": "y"} if with_rates else {}
    data = [
        {"type": "scatter", **top, "x": x, "y": np.round(100 * paths[column].to_numpy(dtype=float), 3),
         "name": str(column), "mode": "lines", "uid": trace_uid("event", str(column)), "legendgroup": "events",
         "legendrank": EVENTS_RANK + paths.shape[1] - i,
         "line": {"color": color, "width": 1.1, "dash": "dot" if "provisional" in str(column) else "solid"},
         "hovertemplate": "%{y:+.1f}%<extra>" + str(column) + "</extra>"}
        for i, (column, color) in enumerate(zip(paths.columns, event_colors(paths.shape[1])))
    ]
    data.append({
        "type": "scatter", **top, "x": x, "y": np.round(100 * median.to_numpy(dtype=float), 3),
        "name": "Median across events", "mode": "lines", "uid": "median", "legendrank": 1,
        "line": {"color": SMALL_COLOR, "width": 3.5}, "hovertemplate": "%{y:+.1f}%<extra>median</extra>",
    })
    if with_rates:
        data += [
            {"type": "scatter", "xaxis": "x2", "yaxis": "y2", "x": x,
             "y": np.round(rates[column].to_numpy(dtype=float), 4), "name": f"{column}: median change",
             "mode": "lines", "uid": trace_uid("rate", str(column)), "line": {"color": color, "width": 2.0},
             "legendrank": 2 + j, "hovertemplate": "%{y:+.2f} pp<extra>" + str(column) + "</extra>"}
            for j, (column, color) in enumerate(zip(rates.columns, RATE_COLORS))
        ]
    layout = base_layout_dict(title=title, uirevision=uirevision, height=600 if with_rates else 520)
    layout["legend"] = {"orientation": "v", "x": 1.02, "xanchor": "left", "y": 1.0, "yanchor": "top"}
    layout["margin"]["r"] = 190
    months = {"range": list(X_RANGE), "dtick": 3, "zeroline": False}
    x_title = {"title": {"text": f"Months after the event ({event_dates})"}}
    y_title = {"title": {"text": "Relative return since the event (%)"}, "ticksuffix": "%"}
    event_line = {"color": RATIO_COLOR, "width": 1, "dash": "dash"}
    shapes = [{"type": "line", "xref": "x domain", "yref": "y", "x0": 0, "x1": 1, "y0": 0.0, "y1": 0.0,
               "line": {"color": "#999", "width": 1, "dash": "dot"}},
              {"type": "line", "xref": "x", "yref": "y domain", "x0": 0.0, "x1": 0.0, "y0": 0, "y1": 1,
               "line": event_line}]
    if with_rates:
        layout.update(
            xaxis={"anchor": "y", "domain": [0.0, 1.0], "matches": "x2", "showticklabels": False, **months},
            yaxis={"anchor": "x", "domain": list(TOP_DOMAIN), **y_title},
            xaxis2={"anchor": "y2", "domain": [0.0, 1.0], **months, **x_title},
            yaxis2={"anchor": "x2", "domain": list(BOTTOM_DOMAIN), "title": {"text": "Change (pp)"}},
        )
        shapes.append({"type": "line", "xref": "x2", "yref": "y2 domain", "x0": 0.0, "x1": 0.0, "y0": 0, "y1": 1,
                       "line": event_line})
    else:
        layout.update(xaxis={**months, **x_title}, yaxis=y_title)
    layout["shapes"] = shapes
    return with_wrapped_source_line({"data": data, "layout": layout}, source_line, width=SOURCE_WIDTH)


build_regimes_figure = figure_of(regimes_spec)


def _percent(value: float) -> str:
    return MISSING if pd.isna(value) else signed(100 * value, 1)  # never "-0.0"


def _points(value: float) -> str:
    return MISSING if pd.isna(value) else signed(value, 2)


def _metrics(outcomes: pd.DataFrame, small_key: str, large_key: str) -> list[tuple[str, str, object]]:
    """(column, header, formatter) of each outcome column present, in table order."""
    metrics = [("small", f"{small_key} (%)", _percent), ("large", f"{large_key} (%)", _percent),
               ("relative", "Relative (%)", _percent)]
    fixed = {"event_date", "horizon", "label", "small", "large", "relative"}
    metrics += [(c, f"{c} (pp)", _points) for c in outcomes.columns if c not in fixed]
    return [m for m in metrics if m[0] in outcomes.columns]


#: The last row of the outcomes table: the number of cycles behind each median.
CYCLES_ROW = "Cycles (n)"


def _summary_rows(summary: pd.DataFrame) -> dict:
    """Horizon -> ``(count, median, min, max)`` of a :func:`analytics.events.summarize_outcomes` table."""
    columns = (summary[stat].to_numpy() for stat in ("count", "median", "min", "max"))
    return dict(zip(summary.index, zip(*columns)))


def _display_rows(outcomes: pd.DataFrame, summaries: dict[str, pd.DataFrame], *, small_key: str,
                  large_key: str) -> tuple[list[tuple[str, str]], list[list[str]]]:
    """The column labels and the rows of strings of :func:`outcomes_display_frame`."""
    metrics = _metrics(outcomes, small_key, large_key)
    horizons = sorted(outcomes["horizon"].unique())
    columns = [("", "Event")] + [(f"{h} months after", header) for h in horizons for _, header, _ in metrics]
    events = outcomes["event_date"].to_numpy()
    row_of = {key: i for i, key in enumerate(zip(events, outcomes["horizon"].to_numpy()))}
    values = {column: outcomes[column].to_numpy() for column, _, _ in metrics}
    order, first = np.unique(events, return_index=True)  # events in date order, each one's first row
    labels = outcomes["label"].to_numpy()[first]
    rows = []
    for event, name in zip(order, labels):
        row = [name]
        for h in horizons:
            i = row_of[(event, h)]
            row += [fmt(values[column][i]) for column, _, fmt in metrics]
        rows.append(row)
    last = ["Median\nrange"]
    stats = {column: _summary_rows(summaries[column]) for column, _, _ in metrics}
    for h in horizons:
        for column, _, fmt in metrics:
            count, median, low, high = stats[column].get(h, (0, None, None, None))
            last.append(MISSING if count == 0 else f"{fmt(median)}\n{fmt(low)} to {fmt(high)}")
    rows.append(last)
    # how many cycles (one event each) every median rests on: fewer at the longer horizons
    rows.append([CYCLES_ROW] + [str(int(stats[column].get(h, (0,))[0])) for h in horizons
                                for column, _, _ in metrics])
    return columns, rows


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
        a first column ``("", "Event")``, the events in date order, then a row
        ``"Median / range"``: the median, a line break, and ``min to max``, and a last row
        ``"Cycles (n)"``: how many cycles (events) each median rests on. Returns in
        percent with one decimal, changes in pp with two; missing values are an en dash.
    """
    columns, rows = _display_rows(outcomes, summaries, small_key=small_key, large_key=large_key)
    return pd.DataFrame(rows, columns=pd.MultiIndex.from_tuples(columns))


def _header_cells(columns: list[tuple[str, ...]]) -> list[list[tuple[str, int]]]:
    """Per header level, ``(text, colSpan)`` of each cell: runs of columns that agree on this
    level and every level above share one cell (as ``dbc.Table.from_dataframe`` draws them)."""
    return [[(prefix[-1], len(list(run))) for prefix, run in groupby(column[:level + 1] for column in columns)]
            for level in range(len(columns[0]))]


#: Bootstrap classes of the outcomes table (striped, bordered, hover, small).
TABLE_CLASSES = "table table-sm table-striped table-bordered table-hover small mb-0 regimes-table"


def outcomes_table_html(columns: list[tuple[str, ...]], rows: list[list[str]]) -> str:
    """The outcomes table as one HTML string, every text escaped.

    One string, not a component per cell: Markdown turns it into plain elements, where a
    tree of ``html.Td`` components (hundreds of cells) took Dash about 0.3 s to render on
    page load. Line breaks in a cell (the median row) become ``<br/>`` (Markdown drops the
    whole table at a ``<br>`` without the slash). One line, so that Markdown keeps it as a
    single HTML block.
    """
    def cell(tag: str, text: str, span: int = 1) -> str:
        body = escape(str(text)).replace("\n", "<br/>")
        return f'<{tag} colspan="{span}">{body}</{tag}>' if span > 1 else f"<{tag}>{body}</{tag}>"

    head = "".join("<tr>" + "".join(cell("th", text, span) for text, span in level) + "</tr>"
                   for level in _header_cells(columns))
    body = "".join("<tr>" + "".join(cell("td", text) for text in row) + "</tr>" for row in rows)
    return (f'<div class="table-responsive"><table class="{TABLE_CLASSES}">'
            f"<thead>{head}</thead><tbody>{body}</tbody></table></div>")


def build_outcomes_table(outcomes: pd.DataFrame, summaries: dict[str, pd.DataFrame], *,
                         small_key: str, large_key: str, event: str, month_ends: bool = False) -> list:
    """A caption and the table of :func:`outcomes_display_frame` (:func:`outcomes_table_html`,
    in a Markdown component that renders it as HTML); ``month_ends``: a monthly pair's outcomes
    run from the month-end on or after each event (:class:`analytics.event_study.EventStudy`)."""
    columns, rows = _display_rows(outcomes, summaries, small_key=small_key, large_key=large_key)
    horizons = sorted(outcomes["horizon"].unique())
    base = ("the month-end on or after the FOMC announcement (the pair is monthly)" if month_ends
            else "the last close on or before the FOMC announcement")
    caption = html.P(className="small text-muted mb-1", children=(
        f"Outcomes {', '.join(str(h) for h in horizons)} months after each {EVENT_WORDS[event]} "
        f"(from {base} to the last close on or before "
        "the horizon date). Returns and the relative return ((1 + small) / (1 + large) - 1, the "
        "ratio's change) in percent; "
        f"spread and yield changes in percentage points; {MISSING} = no data yet. "
        "Last rows: median across events, with the range (min to max) below, and the number of "
        "cycles (one event each) the median rests on."))
    table = dcc.Markdown(outcomes_table_html(columns, rows), dangerously_allow_html=True,
                         className="regimes-table-wrap")
    return [caption, table]

"""Shared look of every figure: layout defaults and the source line.

Each piece exists as a plain dict (:func:`base_layout_dict`, :func:`source_annotation`,
:func:`empty_spec`), which the panels' spec functions use without building any plotly
object, and as the ``go.Figure`` helpers (:func:`base_layout`, :func:`add_source_line`,
:func:`empty_figure`) that apply those same dicts to a figure.
"""

from __future__ import annotations

import functools
import re
from typing import Callable, Mapping

import pandas as pd

import plotly.graph_objects as go

SMALL_COLOR = "#d62728"
LARGE_COLOR = "#1f77b4"
RATIO_COLOR = "#2c3e50"
FONT = "Inter, Helvetica, Arial, sans-serif"


GRID = "#EBF0F8"


def compact_template() -> dict:
    """The parts of Plotly's ``plotly_white`` look these charts use (a 0.5 KB template).

    The full ``plotly_white`` template is about 7 KB of JSON in every figure sent to the
    page, and deep-copied on every figure built; this one carries only what the charts
    show: white background, light grid, the font colour, the colour cycle, table colours.
    """
    axis = {"gridcolor": GRID, "linecolor": GRID, "zerolinecolor": GRID, "zerolinewidth": 2,
            "ticks": "", "automargin": True, "title": {"standoff": 15}}
    return {
        "layout": {"paper_bgcolor": "white", "plot_bgcolor": "white", "font": {"color": "#2a3f5f"},
                   "colorway": ["#636efa", "#EF553B", "#00cc96", "#ab63fa", "#FFA15A", "#19d3f3"],
                   "xaxis": axis, "yaxis": axis, "hoverlabel": {"align": "left"},
                   "annotationdefaults": {"arrowcolor": "#2a3f5f", "arrowhead": 0, "arrowwidth": 1}},
        "data": {"table": [{"header": {"fill": {"color": "#C8D4E3"}, "line": {"color": "white"}},
                            "cells": {"fill": {"color": GRID}, "line": {"color": "white"}}}]},
    }


#: Pixels above the title: the modebar's strip (its buttons are about 26 px tall).
TITLE_TOP = 40


def base_layout_dict(*, title: str, uirevision: str, height: int = 520) -> dict:
    """The common layout as a new plain dict: template, title, legend, margins, hover, ``uirevision``.

    Args:
        title: Title text (left-aligned).
        uirevision: Keeps the user's zoom while it is unchanged.
        height: Figure height, pixels.

    Returns:
        A ``layout`` dict for a figure spec; ``template`` is :func:`compact_template`.
    """
    return {
        "template": compact_template(),
        # the title has its own strip under the modebar's (TITLE_TOP px): the two never overlap
        "title": {"text": title, "x": 0.01, "xanchor": "left", "yref": "container", "y": 1.0,
                  "yanchor": "top", "pad": {"t": TITLE_TOP}},
        "font": {"family": FONT, "size": 12},
        "height": height,
        "margin": {"l": 60, "r": 20, "t": 70 + TITLE_TOP, "b": 80},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0.0},
        "hovermode": "x unified",
        "uirevision": uirevision,
    }


def level_lines(series: Mapping[str, pd.Series], colors, *, width: float, uid: str) -> list[dict]:
    """One line trace per named level series in percent (yields, spreads), ISO-dated x."""
    return [
        {"type": "scatter", "x": series_i.index.strftime("%Y-%m-%d").tolist(), "y": series_i.tolist(),
         "name": name, "mode": "lines", "line": {"color": color, "width": width},
         "uid": f"{uid}-" + re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-"),
         "hovertemplate": "%{y:.2f}%<extra>" + name + "</extra>"}
        for (name, series_i), color in zip(series.items(), colors)
    ]


def figure_of(spec: Callable[..., dict]) -> Callable[..., go.Figure]:
    """The ``go.Figure`` builder of a spec function: same arguments, content and errors.

    The page draws the spec dicts as they are (no plotly objects, fast); exports and tests
    use the validated figure.
    """

    @functools.wraps(spec)
    def build(*args, **kwargs) -> go.Figure:
        return go.Figure(spec(*args, **kwargs))

    build.__doc__ = f":func:`{spec.__name__}` as a ``go.Figure`` (arguments, content and errors as there)."
    return build


def base_layout(fig: go.Figure, *, title: str, uirevision: str, height: int = 520) -> go.Figure:
    """Apply :func:`base_layout_dict` to ``fig`` (changed in place and returned)."""
    layout = base_layout_dict(title=title, uirevision=uirevision, height=height)
    fig.layout.template = layout.pop("template")  # assigned, not merged into the default template
    fig.update_layout(layout)
    return fig


def source_annotation(text: str) -> dict:
    """The source and as-of line under the plot as an annotation dict."""
    return {"text": text, "showarrow": False, "xref": "paper", "yref": "paper", "x": 0.0, "y": -0.16,
            "xanchor": "left", "yanchor": "top", "font": {"size": 10, "color": "#666"}, "align": "left"}


def empty_spec(message: str, *, title: str = "") -> dict:
    """A blank figure spec that says why there is nothing to show (never a blank panel)."""
    layout = base_layout_dict(title=title, uirevision="empty", height=420)
    layout["xaxis"] = {"visible": False}
    layout["yaxis"] = {"visible": False}
    layout["annotations"] = [{"text": message, "showarrow": False, "xref": "paper", "yref": "paper",
                              "x": 0.5, "y": 0.5, "font": {"size": 14, "color": "#a33"}}]
    layout["meta"] = {"empty": True}  # the page hides the toolbar of such a figure (assets/fit_titles.js)
    return {"data": [], "layout": layout}


def empty_figure(message: str, *, title: str = "") -> go.Figure:
    """:func:`empty_spec` as a figure."""
    return go.Figure(empty_spec(message, title=title))


def wrap_axis_title(text: str, width: int) -> str:
    """``text`` broken at spaces into lines of at most ``width`` characters (a longer word, or a
    parenthesis that fits a line, stays whole), joined by ``<br>``: a y-axis title longer than its
    subplot is tall would run into the neighbouring subplot's title (plotly does not wrap them)."""
    words: list[str] = []
    for word in text.split():
        inside = words and words[-1].startswith("(") and not words[-1].endswith(")")
        if inside and len(words[-1]) + 1 + len(word) <= width:
            words[-1] += " " + word
        else:
            words.append(word)
    lines: list[str] = []
    for word in words:
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def base_of(shown: Mapping[str, pd.Series], start: pd.Timestamp) -> pd.Timestamp:
    """The date a chart's title and summary start at: the base reading (the last one on or before
    the window's start, which the changes are measured from) of the first line that reaches back
    to the start, else the first reading of any line (a window from 1927 over yields from 1962 says
    1962), else ``start``."""
    firsts = [s.index[0] for s in shown.values() if len(s)]
    return next((first for first in firsts if first <= start), min(firsts, default=start))


#: A line whose last reading is more than this many days before the window's end gives its date.
STALE_DAYS = 7


def dated(last: pd.Timestamp, end) -> str:
    """``" on 2026-06-05"`` for a last reading more than :data:`STALE_DAYS` before ``end``, else ``""``
    (the series stopped: its value is not the window end's)."""
    return f" on {last:%Y-%m-%d}" if last < pd.Timestamp(end) - pd.Timedelta(days=STALE_DAYS) else ""

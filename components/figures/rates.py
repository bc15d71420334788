"""Figure of the ``rates`` panel: Treasury yields and the fed funds target over the window.

Reading key: solid lines are the 10-year and 2-year constant-maturity yields (percent). The
grey step line is the single fed funds target (to 2008-12-15); from 2008-12-16 the grey
band spans the target range (lower to upper limit). Grey rectangles behind are NBER
recessions.

:func:`rates_spec` builds the figure as a plain dict (no plotly object: cheap enough for
every interaction); :func:`build_rates_figure` is that dict as a validated ``go.Figure``.
"""

from __future__ import annotations

from typing import Mapping

import pandas as pd

from components.figures.common import TITLE_TOP, base_layout_dict, base_of, dated, figure_of, level_lines
from components.figures.shading import with_recession_shading, with_wrapped_source_line

YIELD_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c")
TARGET_COLOR = "#555555"
TARGET_FILL = "rgba(85, 85, 85, 0.22)"
TARGET_NAME = "Fed funds target"
RANGE_NAME = "Fed funds target range"
#: The target's CSV columns say their dates are FRED's effective dates (the facts and the event
#: study date a move by its announcement, usually the day before).
EFFECTIVE = "limit (by FRED's effective date)"


def _dates(index: pd.Index) -> list[str]:
    """ISO dates. Traces carry plain lists: FRED's 2-decimal values are shorter as JSON text
    than as binary arrays, and dates shorter without a time of day."""
    return pd.DatetimeIndex(index).strftime("%Y-%m-%d").tolist()


def format_target(lower: float, upper: float) -> str:
    """``(4.25, 4.5)`` -> ``"4.25-4.50%"``; a single target ``(1.0, 1.0)`` -> ``"1.00%"``."""
    if lower == upper:
        return f"{upper:.2f}%"
    return f"{lower:.2f}-{upper:.2f}%"


def _target_traces(target: pd.DataFrame) -> list[dict]:
    """The single-target era as a step line, the range era as a filled step band."""
    single = target[target["lower"] == target["upper"]]
    ranged = target[target["lower"] != target["upper"]]
    traces = []
    if not single.empty:
        traces.append({
            "type": "scatter", "x": _dates(single.index), "y": single["upper"].tolist(), "name": TARGET_NAME,
            "meta": {"column": f"{TARGET_NAME} (by FRED's effective date)"},
            "mode": "lines", "line": {"color": TARGET_COLOR, "width": 1.6, "shape": "hv"}, "uid": "target",
            "hovertemplate": "%{y:.2f}%<extra>target</extra>",
        })
    if not ranged.empty:
        traces.append({
            "type": "scatter", "x": _dates(ranged.index), "y": ranged["lower"].tolist(),
            "name": f"{RANGE_NAME}, lower limit", "mode": "lines", "meta": {"column": f"{RANGE_NAME}, lower {EFFECTIVE}"},
            "line": {"color": TARGET_COLOR, "width": 0.8, "shape": "hv"}, "showlegend": False,
            "legendgroup": "target-range", "hoverinfo": "skip", "uid": "target-lower",
        })
        traces.append({
            "type": "scatter", "x": _dates(ranged.index), "y": ranged["upper"].tolist(), "name": RANGE_NAME,
            "mode": "lines", "line": {"color": TARGET_COLOR, "width": 0.8, "shape": "hv"}, "fill": "tonexty",
            "fillcolor": TARGET_FILL, "legendgroup": "target-range", "uid": "target-upper",
            "meta": {"column": f"{RANGE_NAME}, upper {EFFECTIVE}"},  # the CSV's column (the legend names the band)
            "customdata": ranged["lower"].tolist(),
            "hovertemplate": "%{customdata:.2f}-%{y:.2f}%<extra>target range</extra>",
        })
    return traces


def rates_title(yields: Mapping[str, pd.Series], target: pd.DataFrame | None, *, start, end) -> dict:
    """Title (the window) and subtitle (the last level of each line in the window, dated when
    it is older than a week)."""
    parts = [f"{name} {series.iloc[-1]:.2f}%{dated(series.index[-1], end)}" for name, series in yields.items()
             if not series.empty]
    if target is not None and not target.empty:
        last = target.iloc[-1]
        parts.append(f"target {format_target(last['lower'], last['upper'])}{dated(target.index[-1], end)}")
    return {"text": f"Yields and fed funds target, {start:%Y-%m-%d} to {end:%Y-%m-%d}",
            "subtitle": {"text": ", ".join(parts)}}


def rates_spec(
    yields: Mapping[str, pd.Series],
    *,
    target: pd.DataFrame | None,
    start: pd.Timestamp,
    end: pd.Timestamp,
    source_line: str,
    usrec: pd.Series | None = None,
) -> dict:
    """Yields and the fed funds target over ``[start, end]``, as a plain figure dict.

    Args:
        yields: Label -> yield in percent, already cut to the window (``{"10-year": dgs10,
            "2-year": dgs2}``); empty series are skipped. At least one must have a value.
        target: Fed funds target in the window with columns ``lower`` and ``upper``
            (percent, equal in the single-target era), one row per change plus the first and
            last day (see :func:`callbacks.rates.to_target_bounds`); ``None`` draws none.
        start: First date of the window.
        end: Last date of the window.
        source_line: Sources and as-of dates, printed under the chart.
        usrec: FRED USREC for recession shading; ``None`` draws none.

    Returns:
        ``{"data": [...], "layout": {...}}`` of plain Python values. One chart: a line per
        yield (in the mapping's order, first the 10-year), then the target line and/or range
        band; the title names the window and its subtitle the last levels ("10-year 4.79%,
        2-year 4.40%, target 4.25-4.50%"); y axis "Percent"; x range the window;
        ``uirevision`` ``"rates:<start>:<end>"``.

    Raises:
        ValueError: when no yield has a value.
    """
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    shown = {name: s.dropna() for name, s in yields.items() if not s.dropna().empty}
    if not shown:
        raise ValueError(f"no yield observations between {start:%Y-%m-%d} and {end:%Y-%m-%d}")
    data = level_lines(shown, YIELD_COLORS, width=1.6, uid="yield")
    if target is not None and not target.empty:
        data.extend(_target_traces(target))
    title = rates_title(shown, target, start=base_of(shown, start), end=end)
    first, last = f"{start:%Y-%m-%d}", f"{end:%Y-%m-%d}"
    layout = base_layout_dict(title=title["text"], uirevision=f"rates:{first}:{last}")
    layout["margin"]["t"] = 110 + TITLE_TOP
    layout["title"].update(subtitle=title["subtitle"], y=0.97, yanchor="top")
    layout["yaxis"] = {"title": {"text": "Percent"}, "ticksuffix": "%"}
    layout["xaxis"] = {"title": {"text": "Date"}, "type": "date", "range": [first, last]}
    spec = with_recession_shading({"data": data, "layout": layout}, usrec, start=start, end=end)
    return with_wrapped_source_line(spec, source_line, width=95)  # a half-width panel


build_rates_figure = figure_of(rates_spec)

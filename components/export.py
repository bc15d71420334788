"""Pure conversions for exports: the data behind a figure as a table, safe CSV text."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _axis_title(fig: go.Figure, axis_ref: str | None, kind: str) -> str:
    name = (axis_ref or kind).replace(kind, f"{kind}axis", 1)
    axis = fig.layout[name] if name in fig.layout else None
    text = axis.title.text if axis is not None and axis.title is not None else None
    return text or ""


def figure_to_frame(fig: go.Figure) -> pd.DataFrame:
    """The data traces of ``fig`` as one table, joined on x.

    Each named trace with x and y becomes a column ``"<trace name> [<y axis title>]"`` so the
    unit travels with the number (a trace's ``meta`` ``{"column": ...}`` names its column when the
    legend's short name would not say what it is alone: the correlation's window, the target
    range's upper limit); the index is named after the x axis title (``date`` for time axes).
    Decorative traces (regime bands, markers without a name) are left out. A step line (``hv``:
    the fed funds target, drawn from its changes) holds its value until its next point, so its
    column does on every row up to its last point (it was blank on 741 of 752 rows).
    """
    columns: dict[str, pd.Series] = {}
    steps: list[str] = []
    index_name = "x"
    for trace in fig.data:
        if not trace.name or getattr(trace, "fill", None) == "toself" or trace.x is None or trace.y is None:
            continue
        if trace.legendgroup in {"band", "recession"}:
            continue
        x, y = np.asarray(trace.x), np.asarray(trace.y, dtype=object)
        if len(x) != len(y):
            continue
        unit = _axis_title(fig, getattr(trace, "yaxis", None), "y")
        meta = trace.meta if isinstance(trace.meta, dict) else {}
        name = meta.get("column", trace.name)
        label = f"{name} [{unit}]" if unit else str(name)
        while label in columns:
            label += " (2)"
        x_title = _axis_title(fig, getattr(trace, "xaxis", None), "x")
        index_name = x_title or index_name
        series = pd.Series(pd.to_numeric(pd.Series(y), errors="coerce").to_numpy(), index=x)
        columns[label] = series[~series.index.duplicated()]
        if getattr(getattr(trace, "line", None), "shape", None) == "hv":
            steps.append(label)
    if not columns:
        return pd.DataFrame()
    frame = pd.concat(columns, axis=1).sort_index()
    for label in steps:
        last = frame[label].last_valid_index()
        if last is not None:
            frame[label] = frame[label].ffill().where(frame.index <= last)
    if str(index_name).lower() == "date" or np.issubdtype(np.asarray(frame.index).dtype, np.datetime64):
        frame.index = pd.to_datetime(frame.index).strftime("%Y-%m-%d")
        index_name = "date"
    frame.index.name = index_name
    return frame


def neutralise(value):
    """Prefix text that a spreadsheet would read as a formula with a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def to_safe_csv(frame: pd.DataFrame) -> str:
    """CSV with a header row, ISO dates and formula-like text cells neutralised."""
    safe = frame.copy()
    safe.columns = [neutralise(str(c)) for c in safe.columns]
    if safe.index.name is not None:
        safe.index = safe.index.map(neutralise)
        safe.index.name = neutralise(str(safe.index.name))
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column].dtype):
            safe[column] = safe[column].astype(object).map(neutralise)
    for column in safe.columns:
        if pd.api.types.is_float_dtype(safe[column].dtype):  # no "-0" in a file
            safe[column] = safe[column].where(safe[column] != 0, 0.0)
    # 12 significant digits: the data's precision without binary float noise (0.09, not 0.08999999999999986)
    return safe.to_csv(index=safe.index.name is not None, date_format="%Y-%m-%d", lineterminator="\n",
                       float_format="%.12g")

"""Transforms of a small/large pair, as FRED's graph tool offers them (pure pandas).

Each transform turns the pair into two series lines (top chart) and one relative measure
(bottom chart), all on the pair's common dates within the window. Units: ``level`` in index
points rebased to 100 (the relative measure a ratio, 1.0 at the start); every other
transform in decimal fractions (0.05 = 5 %), shown in % by the panel.

========== ============================================ ============================================
transform  each series (top)                            relative measure (bottom)
========== ============================================ ============================================
level      rebased to 100 at the window start           ratio small / large (start = 1)
change     % change since the window start              relative return since the start,
           (cumulative return)                          ``(1 + r_s) / (1 + r_l) - 1``
yoy        % change from a year earlier                 YoY return gap, small minus large (pp)
rolling12  trailing 12-month return                     rolling 12-month relative return,
                                                        ``(1 + r_s) / (1 + r_l) - 1``
drawdown   drawdown from the running peak               drawdown of the ratio from its running peak
========== ============================================ ============================================

"A year earlier" is the last observation whose date plus a year is on or before the day
(2020-02-29 plus a year is 2021-02-28); history before the window is used, so the measure starts at
the window start when the data go back a year further. The running peak of ``drawdown`` is
the peak since the window start (the drawdown is 0 at the start), as FRED computes it over the
graph's range.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.series import window_with_base

TRANSFORMS = ("level", "change", "yoy", "rolling12", "drawdown")


@dataclass(frozen=True)
class TransformUnits:
    """Axis titles and CSV units of a transform (``{first}`` is the window's first date)."""

    series: str
    relative: str
    relative_name: str


UNITS = {
    "level": TransformUnits("Rebased ({first} = 100)", "Ratio (start = 1)", "ratio"),
    "change": TransformUnits("% change since {first}", "Relative return since {first} (%)",
                             "relative return"),
    "yoy": TransformUnits("% change from a year earlier", "YoY return gap (pp)", "YoY gap"),
    "rolling12": TransformUnits("Trailing 12-month return (%)", "Rolling 12-month relative return (%)",
                                "12-month relative return"),
    "drawdown": TransformUnits("Drawdown from the running peak (%)", "Ratio drawdown from its peak (%)",
                               "ratio drawdown"),
}


def change_since_start(levels: pd.Series) -> pd.Series:
    """Cumulative return since the first observation (decimal): ``level / first - 1``."""
    levels = levels.dropna()
    if levels.empty:
        raise ValueError(f"{levels.name or 'the series'} has no observation")
    return levels / levels.iloc[0] - 1.0


def year_ago_change(levels: pd.Series) -> pd.Series:
    """Change from a year earlier (decimal) at each date: ``level / level a year before - 1``.

    The level a year before is the last observation whose date plus one year is on or before
    the date (29 February plus a year is 28 February: month-end data compare February with
    February); NaN where the series does not go back that far.
    """
    levels = levels.dropna().sort_index()
    # the last observation s with s + 1 year <= t (month ends: 2020-02-29 is a year before 2021-02-28)
    position = (levels.index + pd.DateOffset(years=1)).searchsorted(levels.index, side="right") - 1
    values = levels.to_numpy(dtype=float)
    earlier = np.where(position >= 0, values[np.maximum(position, 0)] if len(values) else values, np.nan)
    return pd.Series(levels.to_numpy() / earlier - 1.0, index=levels.index, name=levels.name)


def drawdown_from_peak(levels: pd.Series) -> pd.Series:
    """Drawdown from the running peak (decimal, <= 0): ``level / running max - 1``."""
    levels = levels.dropna()
    return levels / levels.cummax() - 1.0


def to_transform_frame(small: pd.Series, large: pd.Series, transform: str, *,
                       start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """The pair under ``transform`` on its common dates in ``[start, end]``.

    Args:
        small, large: Level series (index points or USD), whole history.
        transform: One of :data:`TRANSFORMS`.
        start, end: The window (inclusive).

    Returns:
        Frame with columns ``small``, ``large`` (each series' transform) and ``relative``
        (the relative measure), see the module table; rows where the transform is not
        defined yet (less than a year of history for ``yoy``/``rolling12``) are dropped.

    Raises:
        ValueError: an unknown transform, or fewer than two dates with a value in the window.
    """
    if transform not in TRANSFORMS:
        raise ValueError(f"transform must be one of {', '.join(TRANSFORMS)}")
    pair = pd.concat({"small": small, "large": large}, axis=1, sort=True).dropna()
    pair = pair[(pair["small"] > 0) & (pair["large"] > 0)]
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    window = pair.iloc[window_with_base(pair.index, start, end)]  # from the base close, as the levels
    ratio = pair["small"] / pair["large"]
    if transform in ("yoy", "rolling12"):
        history = pair.loc[:end]
        s, l = year_ago_change(history["small"]), year_ago_change(history["large"])
        rel = s - l if transform == "yoy" else (1.0 + s) / (1.0 + l) - 1.0
        out = pd.DataFrame({"small": s, "large": l, "relative": rel}).loc[start:end].dropna()
    else:
        if len(window) < 2:
            raise _too_few(small, large, transform, start, end)
        if transform == "level":
            s, l = 100.0 * (1.0 + change_since_start(window["small"])), 100.0 * (1.0 + change_since_start(window["large"]))
            rel = ratio.loc[window.index] / ratio.loc[window.index].iloc[0]
        elif transform == "change":
            s, l = change_since_start(window["small"]), change_since_start(window["large"])
            rel = (1.0 + s) / (1.0 + l) - 1.0
        else:
            s, l = drawdown_from_peak(window["small"]), drawdown_from_peak(window["large"])
            rel = drawdown_from_peak(ratio.loc[window.index])
        out = pd.DataFrame({"small": s, "large": l, "relative": rel})
    if len(out) < 2:
        raise _too_few(small, large, transform, start, end)
    out.index.name = "date"
    return out


def _too_few(small: pd.Series, large: pd.Series, transform: str, start, end) -> ValueError:
    return ValueError(
        f"{small.name} and {large.name} have fewer than two dates with a {transform} value between "
        f"{start:%Y-%m-%d} and {end:%Y-%m-%d}"
        + (" (the measure needs a year of history before them)" if transform in ("yoy", "rolling12") else ""))


__all__ = ["TRANSFORMS", "UNITS", "TransformUnits", "change_since_start", "drawdown_from_peak",
           "to_transform_frame", "year_ago_change"]

"""Display downsampling: fewer points for a long chart, the same picture.

A 36-year daily series has about 9,000 points; a chart is at most about 1,400 pixels wide. The
page draws at most ``max_points`` points per chart (MinMax-LTTB from ``tsdownsample``: the
extremes of each pixel bucket, then largest-triangle selection), so peaks, troughs and the
shape survive; zooming in sets a shorter window, which is drawn at full resolution again.
Exports (CSV and PNG) use the full data.

Functions return row subsets of their input (same values, fewer rows): they never
interpolate or average.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from tsdownsample import NaNMinMaxLTTBDownsampler

#: Fewest points a column is given when a frame's budget is shared by its columns.
MIN_POINTS_PER_COLUMN = 200


def select_positions(values: np.ndarray, n_out: int) -> np.ndarray:
    """Positions (sorted, unique) of at most ``n_out`` points of ``values`` worth drawing.

    NaN gaps are kept visible (their edges are selected). The first and last positions are
    always included.
    """
    values = np.asarray(values, dtype=np.float64)
    n = len(values)
    if n <= n_out:
        return np.arange(n)
    n_out = max(4, n_out - n_out % 2)  # MinMax-LTTB wants an even count
    x = np.arange(n, dtype=np.int64)
    chosen = NaNMinMaxLTTBDownsampler().downsample(x, values, n_out=n_out).astype(np.int64)
    return np.unique(np.concatenate([[0, n - 1], chosen]))


def thin_rows(frame: pd.DataFrame, columns: list[str], max_points: int | None, *,
              keep: pd.Index | None = None) -> pd.DataFrame:
    """Rows of ``frame`` enough to draw ``columns`` with about ``max_points`` points in all.

    Args:
        frame: Rows on an ordered index (dates).
        columns: The columns drawn; each gets an equal share of the budget (at least
            :data:`MIN_POINTS_PER_COLUMN`) and the union of their selections is kept.
        max_points: The budget; ``None`` or 0 keeps every row.
        keep: Index labels that must stay (record markers, events).

    Returns:
        ``frame`` itself when it is short enough, else a subset of its rows in order.
    """
    if not max_points or len(frame) <= max_points:
        return frame
    share = max(MIN_POINTS_PER_COLUMN, max_points // max(len(columns), 1))
    positions = [select_positions(frame[c].to_numpy(dtype=np.float64), share) for c in columns]
    if keep is not None and len(keep):
        positions.append(np.flatnonzero(frame.index.isin(keep)))
    rows = np.unique(np.concatenate(positions)) if positions else np.arange(len(frame))
    return frame.iloc[rows]


def thin_series(series: pd.Series, max_points: int | None) -> pd.Series:
    """A series with at most about ``max_points`` observations (see :func:`select_positions`)."""
    if not max_points or len(series) <= max_points:
        return series
    return series.iloc[select_positions(series.to_numpy(dtype=np.float64), max_points)]

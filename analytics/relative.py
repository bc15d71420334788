"""Small-cap vs large-cap relative performance over a window (pure pandas)."""

from __future__ import annotations

import pandas as pd

from analytics.returns import clean_series, to_ratio, to_rebased


def to_relative_frame(
    small: pd.Series, large: pd.Series, *, start: pd.Timestamp, end: pd.Timestamp
) -> pd.DataFrame:
    """Align two level series on common dates within ``[start, end]`` and compare them.

    Args:
        small: Small-cap levels (index points or USD).
        large: Large-cap levels.
        start: Window start; the window begins at the first common date on or after it.
        end: Window end (inclusive).

    Returns:
        Frame on the common dates with columns ``small`` and ``large`` (levels),
        ``small_rebased`` and ``large_rebased`` (100 at the window's first date),
        ``ratio`` (small / large, rebased to 1.0 at the first date), ``relative_return``
        (``ratio - 1``: ``(1 + small's return) / (1 + large's return) - 1`` since the first
        date, decimal) and ``return_gap`` (small's return minus large's return, decimal
        fraction of percentage points).

    Raises:
        ValueError: when the two series share fewer than two dates in the window.
    """
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    # both checked whole (clean_series), then cut to the window before they are aligned: the
    # ratio on a date is the same, without aligning and dividing decades outside the window
    num, den = (_window(clean_series(s, what=w), start, end) for s, w in ((small, "numerator"), (large, "denominator")))
    num, den = num.align(den, join="inner")
    ratio, common = num / den, num.index
    if len(common) < 2:
        to_ratio(small, large)  # raises when the two share no date at all (its message)
        raise ValueError(
            f"{small.name} and {large.name} share fewer than two dates between "
            f"{pd.Timestamp(start):%Y-%m-%d} and {pd.Timestamp(end):%Y-%m-%d}"
        )
    frame = pd.DataFrame({"small": small.reindex(common), "large": large.reindex(common)})
    frame["small_rebased"] = to_rebased(frame["small"], base=100.0)
    frame["large_rebased"] = to_rebased(frame["large"], base=100.0)
    frame["ratio"] = ratio.reindex(common) / ratio.reindex(common).iloc[0]
    frame["relative_return"] = frame["ratio"] - 1.0
    frame["return_gap"] = (frame["small_rebased"] - frame["large_rebased"]) / 100.0
    return frame


def _window(levels: pd.Series, start: pd.Timestamp, end: pd.Timestamp) -> pd.Series:
    """The observations of a checked (sorted) series from ``start`` to ``end``, by position."""
    index = levels.index
    return levels.iloc[index.searchsorted(start, side="left"):index.searchsorted(end, side="right")]

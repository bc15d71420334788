"""Small-cap vs large-cap relative performance over a window (pure pandas)."""

from __future__ import annotations

import pandas as pd

from analytics.returns import clean_series, to_ratio, to_rebased
from analytics.series import window_with_base


def to_relative_frame(
    small: pd.Series, large: pd.Series, *, start: pd.Timestamp, end: pd.Timestamp
) -> pd.DataFrame:
    """Align two level series on common dates within ``[start, end]`` and compare them.

    Args:
        small: Small-cap levels (index points or USD).
        large: Large-cap levels.
        start: Window start; the frame begins at its base, the pair's last common date on or
            before it (:func:`analytics.series.window_with_base`; the first common date when
            none is), so its returns run from the close every other panel measures from.
        end: Window end (inclusive).

    Returns:
        Frame on the common dates with columns ``small`` and ``large`` (levels),
        ``small_rebased`` and ``large_rebased`` (100 at the base),
        ``ratio`` (small / large, rebased to 1.0 at the first date), ``relative_return``
        (``ratio - 1``: ``(1 + small's return) / (1 + large's return) - 1`` since the first
        date, decimal) and ``return_gap`` (small's return minus large's return, decimal
        fraction of percentage points).

    Raises:
        ValueError: when the two series share fewer than two dates in the window.
    """
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    # both checked whole (clean_series), then cut to the window before they are aligned (the
    # ratio on a date is the same, without aligning and dividing decades outside the window), with
    # a margin before the start for the base: the pair's last common date on or before it
    num, den = (_window(clean_series(s, what=w), start, end) for s, w in ((small, "numerator"), (large, "denominator")))
    num, den = num.align(den, join="inner")
    num, den = (x.iloc[window_with_base(num.index, start, end)] for x in (num, den))
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


#: Observations kept before a window's start, so the pair's last common date on or before it (the
#: base) is among them even where the two series' dates differ.
BASE_MARGIN = 40


def _window(levels: pd.Series, start: pd.Timestamp, end: pd.Timestamp) -> pd.Series:
    """The observations of a checked (sorted) series from :data:`BASE_MARGIN` before ``start``
    to ``end``, by position."""
    index = levels.index
    first = max(int(index.searchsorted(start, side="left")) - BASE_MARGIN, 0)
    return levels.iloc[first:index.searchsorted(end, side="right")]

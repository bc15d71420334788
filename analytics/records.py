"""Records: "highest since", "largest widening since", "worst month since", "on record".

Pure pandas/numpy. Works on a series of values of *any* statistic on a sorted DatetimeIndex: a
level series (the 10-year yield), a change series (:func:`analytics.spreads.to_spread_change`),
calendar-period returns (:func:`analytics.returns.to_period_returns_series`), a rolling
correlation. NaN is dropped first (so the leading NaN of a trailing window are not history).

Rule: for the value on date *t* and ``direction="high"``, the record is "since" the **last
earlier date** whose value was **at least as high** (``>=``); for ``"low"``, at least as low
(``<=``). Every value strictly between that date and *t* is strictly less extreme. When no
earlier value is at least as extreme, the value is a record for all the history available
(``record_since is None``, ``is_record is True``); check ``history_start`` before calling it
"on record". Comparisons are exact (no tolerance), so ties with an earlier value end the run.

Example: DGS10 was 4.79 on 2025-01-13, and 4.88 on 2023-10-31, with every close in between
below 4.79: "the highest since 2023-10-31".

Rank: besides "since when", a value is ranked among the history up to it (later values are
ignored): ``rank`` is 1 plus the number of earlier values strictly more extreme in the
direction (ties share the better rank), ``comparables`` the number of values ranked, the value
itself included; so ``1 <= rank <= comparables``, and ``rank == 1`` for every record. An
S&P 500 return of +0.9% over the 69 days after the 2024 election, against the same span after
the ten elections 1988-2024, is ``rank=8, comparables=10`` (seven earlier ones did better).
``between`` counts the comparable values strictly between ``record_since`` and the value (for a
record: every earlier value): how many values the claim "the highest since X" actually beats.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from analytics.returns import DateLike, clean_series, obs_on_or_before, to_timestamp

__all__ = ["Direction", "RecordResult", "calc_record_since", "ordinal", "record_at", "to_record_since"]

Direction = Literal["high", "low"]


@dataclass(frozen=True)
class RecordResult:
    """How extreme a value is against the history before it.

    Attributes:
        value: The value on ``at`` (in the statistic's own units).
        at: Date of that value (the last observation on or before the requested date).
        direction: ``"high"`` (highest since) or ``"low"`` (lowest since).
        record_since: Last earlier date with a value at least as extreme; ``None`` when there
            is none.
        is_record: ``True`` when no earlier value is at least as extreme (``record_since`` is
            ``None``): the most extreme value since ``history_start``.
        history_start: First date of the (NaN-dropped) history compared against.
        record_since_value: The value on ``record_since``; ``None`` with it.
        rank: 1 + the number of earlier values strictly more extreme (1 = most extreme).
        comparables: The number of values ranked: the earlier values and this one.
        between: The number of values strictly between ``record_since`` and ``at`` (all the
            earlier values for a record): the values the record claim beats.
    """

    value: float
    at: pd.Timestamp
    direction: str
    record_since: pd.Timestamp | None
    is_record: bool
    history_start: pd.Timestamp
    record_since_value: float | None = None
    rank: int = 1
    comparables: int = 1
    between: int = 0


def _check_direction(direction: object) -> None:
    if direction not in ("high", "low"):
        raise ValueError(f"direction={direction!r}: use 'high' (highest since) or 'low' (lowest since)")


def calc_record_since(
    values: pd.Series, *, at: DateLike | None = None, direction: Direction = "high"
) -> RecordResult:
    """Since when is the value at a date the most extreme?

    Args:
        values: Values of a statistic on a sorted DatetimeIndex (NaN dropped first).
        at: Target date; the last observation on or before it is used (a Saturday uses
            Friday). ``None`` (default) uses the last observation. Later values are ignored.
        direction: ``"high"``: last earlier date with a value ``>=`` the target value;
            ``"low"``: last earlier date with a value ``<=``.

    Returns:
        :class:`RecordResult`.

    Raises:
        ValueError: when ``values`` is empty, ``direction`` is unknown, or ``at`` precedes the
            first observation.
    """
    _check_direction(direction)
    clean = clean_series(values, what="values")
    if at is None:
        pos = len(clean) - 1
    else:
        t = to_timestamp(at, clean.index, what="at")
        pos = obs_on_or_before(clean.index, t, what="at")
    return record_at(clean.index, clean.to_numpy(), pos, direction)


def record_at(index: pd.DatetimeIndex, values: np.ndarray, pos: int, direction: Direction) -> RecordResult:
    """:func:`calc_record_since` of the value at position ``pos``, for values already checked:
    float64 without NaN on a sorted DatetimeIndex without duplicates (not checked here).

    Raises:
        ValueError: when ``direction`` is unknown.
    """
    _check_direction(direction)
    value = float(values[pos])
    earlier = values[:pos]
    hits = np.flatnonzero(earlier >= value if direction == "high" else earlier <= value)
    since = int(hits[-1]) if hits.size else None
    beaten_by = int(np.count_nonzero(earlier > value if direction == "high" else earlier < value))
    return RecordResult(
        value=value,
        at=index[pos],
        direction=direction,
        record_since=index[since] if since is not None else None,
        is_record=since is None,
        history_start=index[0],
        record_since_value=float(values[since]) if since is not None else None,
        rank=1 + beaten_by,
        comparables=pos + 1,
        between=pos if since is None else pos - since - 1,
    )


def ordinal(n: int) -> str:
    """English ordinal of a positive integer: 1 -> "1st", 2 -> "2nd", 11 -> "11th", 23 -> "23rd",
    4189 -> "4,189th"."""
    if 10 <= n % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n:,}{suffix}"


def to_record_since(values: pd.Series, direction: Direction = "high") -> pd.Series:
    """:func:`calc_record_since` for every date at once (O(n), for record markers on charts).

    Uses a monotonic stack: scanning forward, the stack keeps the earlier dates that can still
    be "the last value at least as extreme" for some later date; each date is pushed and popped
    at most once.

    Args:
        values: Values of a statistic on a sorted DatetimeIndex (NaN dropped first).
        direction: ``"high"`` or ``"low"``, as in :func:`calc_record_since`.

    Returns:
        Series of datetimes on the input's dates that have a value: the ``record_since`` date
        of each value, ``NaT`` where the value is a record for all earlier history (the first
        date always is). ``result.isna()`` marks the records.

    Raises:
        ValueError: when ``values`` is empty or ``direction`` is unknown.
    """
    _check_direction(direction)
    clean = clean_series(values, what="values")
    arr = clean.to_numpy()
    if direction == "low":
        arr = -arr
    vals = arr.tolist()
    since = np.full(len(vals), -1, dtype=np.int64)
    stack: list[int] = []
    for i, v in enumerate(vals):
        # Drop earlier dates strictly less extreme than v: they can never answer for a later date
        # either, because v is at least as extreme and more recent.
        while stack and vals[stack[-1]] < v:
            stack.pop()
        if stack:
            since[i] = stack[-1]
        stack.append(i)
    out = pd.Series(clean.index.take(np.maximum(since, 0)), index=clean.index, name=clean.name)
    return out.where(since >= 0)

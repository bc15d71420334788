"""Levels and changes of credit spreads and yields, in percentage points.

Pure pandas/numpy. Inputs are :class:`pandas.Series` of spreads or yields **in percent** on a
sorted DatetimeIndex (FRED's BAMLH0A0HYM2 reads 3.12 for a 312 bp high-yield spread; DGS10 reads
4.79 for a 4.79 % yield); NaN is dropped first. Changes are differences in **percentage points**
(``0.25`` = 25 basis points, multiply by 100 for bp), never relative changes.

Trailing-window rule (as in :mod:`analytics.returns`): the level "N months before date *d*" is
the last observation on or before ``d - N calendar months`` (month ends clip: 31 March minus one
month is 28/29 February).

Changes are rounded to 10 decimals (1e-10 pp) to remove floating-point residue: ``3.12 - 2.89``
and ``4.50 - 4.27`` are then both exactly ``0.23``, so equal changes compare equal in
:func:`analytics.records.calc_record_since` ("largest widening since").
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields
from typing import Mapping

import numpy as np
import pandas as pd

from analytics.returns import (
    DateLike,
    clean_series,
    obs_on_or_before,
    position_on_or_before,
    to_timestamp,
)

__all__ = [
    "WindowStats",
    "calc_spread_change",
    "calc_window_stats",
    "calc_window_summary",
    "to_spread_change",
    "to_zscore",
]

_DECIMALS = 10
_CALENDAR_FREQ = re.compile(r"^(\d+)([wmy])$")


@dataclass(frozen=True)
class WindowStats:
    """A spread (or yield) over a window: where it started, ended, and its range.

    Attributes:
        start_date: Date of the start observation (last on or before the window start).
        start_level: Level there, percent.
        end_date: Date of the end observation (last on or before the window end).
        end_level: Level there, percent.
        change: ``end_level - start_level``, percentage points (rounded to 1e-10).
        max_level: Highest level from ``start_date`` to ``end_date`` inclusive, percent.
        max_date: Date of that high (the first, if repeated).
        min_level: Lowest level in the same observations, percent.
        min_date: Date of that low (the first, if repeated).
    """

    start_date: pd.Timestamp
    start_level: float
    end_date: pd.Timestamp
    end_level: float
    change: float
    max_level: float
    max_date: pd.Timestamp
    min_level: float
    min_date: pd.Timestamp


def to_spread_change(
    spread: pd.Series, *, periods: int | None = None, freq: str | None = None
) -> pd.Series:
    """Change of a spread over a trailing window, on every date.

    Give exactly one of ``periods`` or ``freq``.

    Args:
        spread: Spread or yield in percent on a sorted DatetimeIndex.
        periods: Window in observations: ``periods=1`` is the day-on-day change, ``periods=5``
            the change over the last five observations (like :meth:`pandas.Series.diff`).
        freq: Window in calendar time: ``"<N>w"`` (N weeks = 7N days), ``"<N>m"`` (N calendar
            months) or ``"<N>y"``, e.g. ``"1m"``, ``"3m"``, ``"12m"``. The base of date *d* is
            the last observation on or before ``d`` minus the window.

    Returns:
        Series on the input's dates that have a value (NaN dropped): level minus the base
        level, in percentage points. NaN where there is no base yet (the first ``periods``
        observations, or dates less than ``freq`` after the first observation).

    Raises:
        ValueError: when ``spread`` is empty, both or neither of ``periods`` and ``freq`` are
            given, ``periods`` is not a positive integer, or ``freq`` is not understood.
    """
    if (periods is None) == (freq is None):
        raise ValueError("give exactly one of periods= (observations) or freq= (e.g. '1m')")
    clean = clean_series(spread, what="spread")
    if periods is not None:
        if isinstance(periods, bool) or not isinstance(periods, (int, np.integer)) or periods < 1:
            raise ValueError(f"periods={periods!r}: use a positive number of observations")
        return (clean - clean.shift(int(periods))).round(_DECIMALS)
    offset = _parse_calendar_freq(freq)
    targets = clean.index - offset
    pos = clean.index.searchsorted(targets, side="right") - 1
    values = clean.to_numpy()
    base = np.where(pos >= 0, values[np.maximum(pos, 0)], np.nan)
    return pd.Series(np.round(values - base, _DECIMALS), index=clean.index, name=clean.name)


def _parse_calendar_freq(freq: object) -> pd.DateOffset:
    match = _CALENDAR_FREQ.match(str(freq).strip().lower()) if isinstance(freq, str) else None
    if not match or int(match.group(1)) == 0:
        raise ValueError(
            f"freq={freq!r}: use '<N>w', '<N>m' or '<N>y' with N >= 1, e.g. '1m', '3m', '12m'; "
            "for a change over N observations use periods=N"
        )
    n, unit = int(match.group(1)), match.group(2)
    if unit == "w":
        return pd.DateOffset(days=7 * n)
    return pd.DateOffset(months=n if unit == "m" else 12 * n)


def calc_spread_change(spread: pd.Series, *, start: DateLike, end: DateLike) -> float:
    """Change of a spread between two dates.

    Args:
        spread: Spread or yield in percent on a sorted DatetimeIndex.
        start: Base date; the last observation on or before it is used.
        end: End date; the last observation on or before it is used.

    Returns:
        ``level(end) - level(start)`` in percentage points (``0.25`` = 25 bp wider), rounded
        to 1e-10.

    Raises:
        ValueError: when ``spread`` is empty, ``start`` is after ``end`` or precedes the first
            observation.
    """
    clean = clean_series(spread, what="spread")
    i0, i1 = _window_positions(clean, start, end)
    return round(float(clean.iat[i1] - clean.iat[i0]), _DECIMALS)


def _window_positions(clean: pd.Series, start: DateLike, end: DateLike) -> tuple[int, int]:
    t0 = to_timestamp(start, clean.index, what="start")
    t1 = to_timestamp(end, clean.index, what="end")
    if t0 > t1:
        raise ValueError(f"start {t0:%Y-%m-%d} is after end {t1:%Y-%m-%d}; swap them")
    i0 = obs_on_or_before(clean.index, t0, what="start")
    return i0, position_on_or_before(clean.index, t1)


def to_zscore(series: pd.Series, *, window: int, min_periods: int | None = None) -> pd.Series:
    """Trailing z-score: how many standard deviations a value is from its recent mean.

    The mean and the sample standard deviation (ddof=1) are taken over the last ``window``
    observations *including the current one*.

    Args:
        series: Any numeric series on a sorted DatetimeIndex (spread, yield, ratio).
        window: Window length in observations (e.g. 252 for about a year of trading days), >= 2.
        min_periods: Fewest observations needed for a value; default ``window`` (so the first
            ``window - 1`` values are NaN). Between 2 and ``window``.

    Returns:
        Series on the input's dates that have a value (NaN dropped), in standard deviations
        (unitless). NaN where there are too few observations or the window is flat (zero
        standard deviation).

    Raises:
        ValueError: when ``series`` is empty or ``window``/``min_periods`` are out of range.
    """
    if isinstance(window, bool) or not isinstance(window, (int, np.integer)) or window < 2:
        raise ValueError(f"window={window!r}: use an integer number of observations >= 2")
    if min_periods is None:
        min_periods = int(window)
    if not 2 <= min_periods <= window:
        raise ValueError(f"min_periods={min_periods!r}: use 2..window ({window})")
    clean = clean_series(series, what="series")
    roll = clean.rolling(int(window), min_periods=int(min_periods))
    mean = roll.mean()
    std = roll.std(ddof=1)
    # Rolling sums leave rounding residue on flat windows: treat tiny std as zero.
    scale = np.maximum(clean.abs().rolling(int(window), min_periods=1).max(), 1.0)
    std = std.where(std > 1e-12 * scale)
    return (clean - mean) / std


def calc_window_stats(spread: pd.Series, *, start: DateLike, end: DateLike) -> WindowStats:
    """Start and end level, change, high and low of a spread over a window.

    Args:
        spread: Spread or yield in percent on a sorted DatetimeIndex.
        start: Window start; the last observation on or before it is the start level and is
            part of the range.
        end: Window end; the last observation on or before it is the end level.

    Returns:
        :class:`WindowStats` (levels in percent, change in percentage points).

    Raises:
        ValueError: when ``spread`` is empty, ``start`` is after ``end`` or precedes the first
            observation.
    """
    clean = clean_series(spread, what="spread")
    i0, i1 = _window_positions(clean, start, end)
    window = clean.iloc[i0 : i1 + 1]
    start_level = float(clean.iat[i0])
    end_level = float(clean.iat[i1])
    return WindowStats(
        start_date=clean.index[i0],
        start_level=start_level,
        end_date=clean.index[i1],
        end_level=end_level,
        change=round(end_level - start_level, _DECIMALS),
        max_level=float(window.max()),
        max_date=window.idxmax(),
        min_level=float(window.min()),
        min_date=window.idxmin(),
    )


def calc_window_summary(
    spreads: Mapping[str, pd.Series], *, start: DateLike | Mapping[str, DateLike], end: DateLike
) -> pd.DataFrame:
    """:func:`calc_window_stats` for several spreads, as a table.

    Args:
        spreads: Series keyed by name, e.g. ``{"HY": hy_oas, "IG": ig_oas, "BAA10Y": baa}``.
        start: Window start (see :func:`calc_window_stats`), or one per key.
        end: Window end.

    Returns:
        DataFrame with one row per key (in the mapping's order) and the columns of
        :class:`WindowStats`.

    Raises:
        ValueError: when ``spreads`` is empty, or for any series as in
            :func:`calc_window_stats` (the message names the key).
    """
    if not spreads:
        raise ValueError("spreads is empty: pass a mapping of name -> series")
    rows = {}
    for key, series in spreads.items():
        try:
            rows[key] = asdict(calc_window_stats(series, start=start[key] if isinstance(start, Mapping) else start,
                                                 end=end))
        except ValueError as exc:
            raise ValueError(f"spread {key!r}: {exc}") from exc
    # column by column: what DataFrame.from_dict(rows, orient="index") gives, in a third less time
    return pd.DataFrame({f.name: [row[f.name] for row in rows.values()] for f in fields(WindowStats)},
                        index=list(rows))

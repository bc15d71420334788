"""Simple returns of level series: between two dates, over named periods, rebased and resampled.

Pure pandas/numpy. Every function takes a :class:`pandas.Series` of *levels* (index points,
fund prices) on a sorted :class:`pandas.DatetimeIndex`. Missing values (NaN) are dropped first,
so "an observation" always means a date with a value; gaps (weekends, holidays, closures) are
simply absent dates.

Conventions used throughout:

* Returns are simple returns as decimal fractions: ``-0.016`` means -1.6 %.
* "The last observation on or before *d*" is the close used for a date *d*: a Saturday
  ``as_of`` uses Friday's close, a holiday uses the previous trading day's close.
* Dates may be given as ``str`` (``"2025-01-13"``), :class:`datetime.date`,
  :class:`pandas.Timestamp` or :class:`numpy.datetime64`.

Named periods (see :func:`resolve_period`):

==================  =============================================  ================================
period              base observation (start)                       end observation
==================  =============================================  ================================
``"1d"``            the observation before the end observation     last obs on or before ``as_of``
``"<N>m"``          last obs on or before ``as_of`` - N calendar   last obs on or before ``as_of``
                    months (``"1m"``, ``"3m"``, ``"12m"``)
``"<N>y"``          same, ``as_of`` - N calendar years             last obs on or before ``as_of``
``"mtd"``           last obs of the previous calendar month        last obs on or before ``as_of``
``"qtd"``           last obs of the previous calendar quarter      last obs on or before ``as_of``
``"ytd"``           last obs of the previous calendar year         last obs on or before ``as_of``
``"month"``         last obs of the month before the last          last obs of the last *complete*
                    complete month                                 calendar month
``"quarter"``       same, quarters                                 same, quarters
``"year"``          same, years                                    same, years
``"since:DATE"``    last obs on or before DATE (``YYYY-MM-DD``)    last obs on or before ``as_of``
==================  =============================================  ================================

A calendar month/quarter/year is *complete* as of a date when its last calendar day is on or
before that date: as of Friday 2025-01-31 January is complete; as of Friday 2025-05-30 May is
not (its last day is Saturday the 31st), so ``"month"`` is still April until ``as_of`` reaches
2025-05-31. The rule uses the calendar only, never the data, so it does not change when a late
observation arrives.

For ``"since:DATE"`` (returns "since an event") the base is the close of DATE itself when DATE is
a trading day, so the return measures the move *after* the event-day close; when DATE has no
observation the previous close is used.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from analytics.series import HOLE, SeriesError, check_series, in_hole, period_codes, period_last_days, run_ends

DateLike = str | dt.date | pd.Timestamp | np.datetime64

__all__ = [
    "DateLike",
    "PeriodReturn",
    "calc_period_return",
    "calc_relative_return",
    "calc_return_gap",
    "calc_gap_between",
    "calc_return_for_period",
    "resolve_period",
    "to_period_returns_series",
    "to_ratio",
    "to_rebased",
    "to_returns",
]

_TRAILING = re.compile(r"^(\d+)([my])$")
_CALENDAR_PERIODS = {"month": "M", "quarter": "Q", "year": "Y"}
_TO_DATE_PERIODS = {"mtd": "M", "qtd": "Q", "ytd": "Y"}


@dataclass(frozen=True)
class PeriodReturn:
    """Simple return of a level series over a named period.

    Attributes:
        period: The period as requested, e.g. ``"ytd"`` or ``"since:2022-03-16"``.
        start: Date of the base observation (the close the return is measured from).
        end: Date of the end observation.
        value: Simple return, decimal fraction (``-0.016`` means -1.6 %).
        start_level: Level at ``start``.
        end_level: Level at ``end``.
    """

    period: str
    start: pd.Timestamp
    end: pd.Timestamp
    value: float
    start_level: float
    end_level: float


# ----------------------------------------------------------------------------- helpers
# Shared with the other analytics modules (drawdowns, spreads, records); private to the package.


def clean_series(values: pd.Series, *, what: str = "levels") -> pd.Series:
    """A dated series as float64 with missing values dropped (see :func:`analytics.series.check_series`).

    Raises:
        SeriesError (a ValueError): when ``values`` is not a Series on a sorted DatetimeIndex
            without duplicates, the values are not numeric, or nothing is left after dropping NaN.
    """
    label = f"{what} {values.name!r}" if isinstance(values, pd.Series) else what
    values = check_series(values, label)  # copy-on-write: float64 input is not copied
    clean = values.dropna() if np.isnan(values.to_numpy()).any() else values
    if clean.empty:
        raise SeriesError(f"{label}: no observations (empty, or all values missing)")
    return clean


def to_timestamp(value: DateLike, index: pd.DatetimeIndex, *, what: str = "date") -> pd.Timestamp:
    """A date argument as a Timestamp comparable with ``index`` (same time zone handling)."""
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{what}: cannot read {value!r} as a date ({exc})") from None
    if ts is pd.NaT:
        raise ValueError(f"{what}: missing date (NaT)")
    if index.tz is not None and ts.tz is None:
        ts = ts.tz_localize(index.tz)
    elif index.tz is None and ts.tz is not None:
        ts = ts.tz_convert(None)
    return ts


def position_on_or_before(index: pd.DatetimeIndex, date: pd.Timestamp) -> int:
    """Position of the last index entry on or before ``date``; -1 when there is none."""
    return int(index.searchsorted(date, side="right")) - 1


def obs_on_or_before(index: pd.DatetimeIndex, date: pd.Timestamp, *, what: str) -> int:
    """Like :func:`position_on_or_before` but raises when ``date`` precedes the first observation."""
    pos = position_on_or_before(index, date)
    if pos < 0:
        raise ValueError(
            f"{what} {date:%Y-%m-%d} is before the first observation "
            f"{index[0]:%Y-%m-%d}; choose a later date"
        )
    return pos


def _fmt(ts: pd.Timestamp) -> str:
    return f"{ts:%Y-%m-%d}"


# ----------------------------------------------------------------------------- between dates


def calc_period_return(levels: pd.Series, *, start: DateLike, end: DateLike) -> float:
    """Simple return between the closes used for ``start`` and ``end``.

    The base is the last observation on or before ``start`` and the end is the last observation
    on or before ``end`` (a Saturday uses Friday). When both resolve to the same observation the
    return is ``0.0``.

    Args:
        levels: Level series (index points or prices) on a sorted DatetimeIndex.
        start: Base date.
        end: End date, on or after ``start``.

    Returns:
        Simple return ``end_level / base_level - 1`` as a decimal fraction (``-0.016`` = -1.6 %).

    Raises:
        ValueError: when ``levels`` is empty, ``start`` is after ``end``, ``start`` precedes the
            first observation, or the base level is zero.
    """
    clean = clean_series(levels)
    idx = clean.index
    t0 = to_timestamp(start, idx, what="start")
    t1 = to_timestamp(end, idx, what="end")
    if t0 > t1:
        raise ValueError(f"start {_fmt(t0)} is after end {_fmt(t1)}; swap them")
    i0 = obs_on_or_before(idx, t0, what="start")
    i1 = position_on_or_before(idx, t1)
    return _simple_return(clean, i0, i1)


def calc_gap_between(small: pd.Series, large: pd.Series, i0: int, i1: int) -> float:
    """:func:`calc_return_gap` of two clean series on the same dates (already aligned, no NaN)
    from position ``i0`` to ``i1`` of that index, taken directly by position (the same value).

    Raises:
        ValueError: a zero base level, as :func:`calc_period_return`.
    """
    return _simple_return(small, i0, i1) - _simple_return(large, i0, i1)


def _simple_return(clean: pd.Series, i0: int, i1: int) -> float:
    base = float(clean.iat[i0])
    if base == 0.0:
        raise ValueError(
            f"levels {clean.name!r}: base level is zero on {_fmt(clean.index[i0])}; "
            "a simple return is undefined (use a level series, not a change series)"
        )
    return float(clean.iat[i1]) / base - 1.0


# ----------------------------------------------------------------------------- named periods


def resolve_period(
    period: str, as_of: DateLike, index: pd.DatetimeIndex
) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Observation dates (base, end) that a named period uses as of a date: the dates of
    :func:`resolve_positions` (same arguments, rules and errors)."""
    i0, i1 = resolve_positions(period, as_of, index)
    return index[i0], index[i1]


def resolve_positions(period: str, as_of: DateLike, index: pd.DatetimeIndex) -> tuple[int, int]:
    """Positions in ``index`` of the observations (base, end) that a named period uses as of a date.

    See the module docstring for the table of rules. ``index`` should hold only dates that have a
    value (e.g. ``levels.dropna().index``); it must be sorted.

    Args:
        period: ``"1d"``, ``"<N>m"`` (``"1m"``, ``"3m"``, ``"12m"``), ``"<N>y"``, ``"mtd"``,
            ``"qtd"``, ``"ytd"``, ``"month"``, ``"quarter"``, ``"year"`` or
            ``"since:YYYY-MM-DD"``. Case-insensitive.
        as_of: The date the question is asked on; data after it is ignored.
        index: Sorted DatetimeIndex of the observations.

    Returns:
        ``(i0, i1)``: the positions of the base observation and the end observation in
        ``index``; ``i0 <= i1`` (equal when nothing has happened since the base, e.g. ``"ytd"``
        before the first trading day of the year).

    Raises:
        ValueError: for an unknown period, an empty index, ``as_of`` before the first observation,
            a base date before the first observation, a ``since`` date after ``as_of``, or a
            complete calendar period without observations.
    """
    if not isinstance(index, pd.DatetimeIndex):
        raise TypeError(f"index: expected a DatetimeIndex, got {type(index).__name__}")
    if len(index) == 0:
        raise ValueError("index is empty: no observations to resolve a period on")
    if not index.is_monotonic_increasing:
        raise ValueError("index is not sorted; call .sort_values() first")
    if not isinstance(period, str):
        raise ValueError(f"period must be a string such as '1m' or 'ytd', got {period!r}")
    key = period.strip().lower()
    t = to_timestamp(as_of, index, what="as_of")

    def on_or_before(date: pd.Timestamp, what: str) -> int:
        pos = obs_on_or_before(index, date, what=what)
        _check_hole(index, pos, date, period, t)
        return pos

    if key in _CALENDAR_PERIODS:
        freq = _CALENDAR_PERIODS[key]
        current = t.tz_localize(None).to_period(freq) if t.tz is not None else t.to_period(freq)
        # Complete when the period's last calendar day is on or before as_of.
        last_complete = current if _period_last_day(current, t) <= t else current - 1
        period_end = _period_last_day(last_complete, t)
        prior_end = _period_last_day(last_complete - 1, t)
        i1 = position_on_or_before(index, period_end)
        if i1 < 0 or index[i1] <= prior_end:
            raise ValueError(
                f"period {period!r} as of {_fmt(t)}: no observations in {last_complete}; "
                "the data has a gap there"
            )
        i0 = on_or_before(prior_end, f"period {period!r}: base date (end of {last_complete - 1})")
        return i0, i1

    i1 = on_or_before(t, "as_of")
    if key == "1d":
        if i1 < 1:
            raise ValueError(
                f"period '1d' as of {_fmt(t)}: needs two observations, the only one on or "
                f"before as_of is {_fmt(index[i1])}"
            )
        return i1 - 1, i1
    if key in _TO_DATE_PERIODS:
        freq = _TO_DATE_PERIODS[key]
        current = t.tz_localize(None).to_period(freq) if t.tz is not None else t.to_period(freq)
        prior_end = _period_last_day(current - 1, t)
        i0 = on_or_before(prior_end, f"period {period!r}: base date (end of {current - 1})")
        return i0, i1
    match = _TRAILING.match(key)
    if match:
        n = int(match.group(1))
        if n == 0:
            raise ValueError(f"period {period!r}: the number of months/years must be positive")
        months = n if match.group(2) == "m" else 12 * n
        target = t - pd.DateOffset(months=months)
        i0 = on_or_before(target, f"period {period!r}: base date")
        return i0, i1
    if key.startswith("since:"):
        text = key.split(":", 1)[1].strip()
        try:
            since = to_timestamp(text, index, what=f"period {period!r}")
        except ValueError:
            raise ValueError(f"period {period!r}: expected 'since:YYYY-MM-DD'") from None
        if since > t:
            raise ValueError(f"period {period!r}: {_fmt(since)} is after as_of {_fmt(t)}")
        i0 = on_or_before(since, f"period {period!r}: base date")
        return i0, i1
    raise ValueError(
        f"unknown period {period!r}; use '1d', '1m', '3m', '12m', '<N>m', '<N>y', 'mtd', 'qtd', "
        "'ytd', 'month', 'quarter', 'year' or 'since:YYYY-MM-DD'"
    )


def _check_hole(index: pd.DatetimeIndex, pos: int, date: pd.Timestamp, period: str, t: pd.Timestamp) -> None:
    """Raise when ``date`` (a base date, or the as-of date) falls in a hole of the data
    (:func:`analytics.series.in_hole`): its last observation far older, the data going on later."""
    # (the rule of in_hole on one date, without a copy of the index per call)
    if 0 <= pos < len(index) - 1 and date - index[pos] > pd.Timedelta(HOLE):
        raise ValueError(f"period {period!r} as of {_fmt(t)}: no observations between {_fmt(index[pos])} and "
                         f"{_fmt(index[pos + 1])}; the data has a gap there")


def _period_last_day(p: pd.Period, like: pd.Timestamp) -> pd.Timestamp:
    """Midnight of the last calendar day of ``p`` (a month, quarter or year period), in the time
    zone of ``like``. A period's ordinal is its :func:`analytics.series.period_codes` code, so
    the day comes from :func:`analytics.series.period_last_days` (``p.end_time`` takes ~30 µs)."""
    day = pd.Timestamp(period_last_days(np.array([p.ordinal]), p.freqstr[0])[0])
    return day.tz_localize(like.tz) if like.tz is not None else day


def calc_return_for_period(levels: pd.Series, period: str, *, as_of: DateLike) -> PeriodReturn:
    """Simple return of ``levels`` over a named period as of a date.

    Args:
        levels: Level series on a sorted DatetimeIndex (NaN dropped first).
        period: A period name understood by :func:`resolve_period` (``"1d"``, ``"1m"``,
            ``"3m"``, ``"12m"``, ``"ytd"``, ``"month"``, ``"quarter"``, ``"year"``,
            ``"since:YYYY-MM-DD"``, ...).
        as_of: The date the question is asked on; data after it is ignored.

    Returns:
        :class:`PeriodReturn` with the observation dates used, the levels and the simple return
        (decimal fraction).

    Raises:
        ValueError: see :func:`resolve_period`; also when ``levels`` is empty.

    Example:
        Russell 2000 on 2025-01-13 (2194.40) against 2024-12-31 (2230.16):
        ``calc_return_for_period(rut, "ytd", as_of="2025-01-13").value`` is -0.016.
    """
    clean = clean_series(levels)
    index = clean.index
    i0, i1 = resolve_positions(period, as_of, index)
    return PeriodReturn(
        period=period,
        start=index[i0],
        end=index[i1],
        value=_simple_return(clean, i0, i1),
        start_level=float(clean.iat[i0]),
        end_level=float(clean.iat[i1]),
    )


# ----------------------------------------------------------------------------- series transforms


def to_rebased(levels: pd.Series, *, base: float = 100.0, at: DateLike | None = None) -> pd.Series:
    """Levels rescaled so that they equal ``base`` at a reference observation.

    Args:
        levels: Level series on a sorted DatetimeIndex.
        base: Value at the reference observation (100 by default; 1.0 for growth of a dollar).
        at: Reference date; the first observation on or after it is used. ``None`` (default)
            uses the first observation.

    Returns:
        Series on the input's dates that have a value (NaN dropped), ``levels / levels[ref] *
        base``; dates before the reference are rebased too.

    Raises:
        ValueError: when ``levels`` is empty, ``at`` is after the last observation, or the level
            at the reference is zero.
    """
    clean = clean_series(levels)
    if at is None:
        pos = 0
    else:
        t = to_timestamp(at, clean.index, what="at")
        pos = int(clean.index.searchsorted(t, side="left"))
        if pos >= len(clean):
            raise ValueError(
                f"at {_fmt(t)} is after the last observation {_fmt(clean.index[-1])}; "
                "choose an earlier date"
            )
    ref = float(clean.iat[pos])
    if ref == 0.0:
        raise ValueError(f"levels {clean.name!r}: level is zero on {_fmt(clean.index[pos])}; cannot rebase")
    return clean / ref * base


def to_ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """Ratio of two level series on their common dates (e.g. RUT / GSPC).

    Args:
        numerator: Level series, e.g. small caps.
        denominator: Level series, e.g. large caps.

    Returns:
        ``numerator / denominator`` on the dates where both have a value (inner join, NaN
        dropped), named ``"<numerator>/<denominator>"`` when both series are named. A rising
        ratio means the numerator outperforms.

    Raises:
        ValueError: when either series is empty or they share no date.
    """
    num = clean_series(numerator, what="numerator")
    den = clean_series(denominator, what="denominator")
    num, den = num.align(den, join="inner")
    if num.empty:
        raise ValueError(
            f"numerator {numerator.name!r} and denominator {denominator.name!r} share no date"
        )
    ratio = num / den
    if numerator.name is not None and denominator.name is not None:
        ratio.name = f"{numerator.name}/{denominator.name}"
    else:
        ratio.name = None
    return ratio


def _pair_returns(small: pd.Series, large: pd.Series, *, start: DateLike, end: DateLike) -> tuple[float, float]:
    """Both simple returns over the same base and end observation (common dates only)."""
    s = clean_series(small, what="small")
    g = clean_series(large, what="large")
    s, g = s.align(g, join="inner")
    if s.empty:
        raise ValueError(f"small {small.name!r} and large {large.name!r} share no date")
    return calc_period_return(s, start=start, end=end), calc_period_return(g, start=start, end=end)


def calc_relative_return(
    small: pd.Series, large: pd.Series, *, start: DateLike, end: DateLike
) -> float:
    """Relative return: ``(1 + small's return) / (1 + large's return) - 1``, decimal.

    The change of the ratio small/large over the period (shown in %): ``-0.23`` means the
    ratio fell 23%. Both series are first aligned on their common dates (inner join, NaN
    dropped), so both returns use the *same* base and end observation: the last common date
    on or before ``start`` and on or before ``end``. For the difference of the two returns
    (in percentage points) see :func:`calc_return_gap`.

    Raises:
        ValueError: as :func:`calc_period_return`, or when the series share no date.
    """
    rs, rl = _pair_returns(small, large, start=start, end=end)
    return (1.0 + rs) / (1.0 + rl) - 1.0


def calc_return_gap(
    small: pd.Series, large: pd.Series, *, start: DateLike, end: DateLike
) -> float:
    """Return gap: small's return minus large's return, a decimal fraction of percentage
    points (``0.05`` = small caps ahead by 5 pp). Aligned as :func:`calc_relative_return`.

    Raises:
        ValueError: as :func:`calc_period_return`, or when the series share no date.
    """
    rs, rl = _pair_returns(small, large, start=start, end=end)
    return rs - rl


_RETURN_FREQS = {"D": None, "W": "W-FRI", "M": "M"}


def to_returns(levels: pd.Series, *, freq: Literal["D", "W", "M"] = "D") -> pd.Series:
    """Simple returns between consecutive period-end observations.

    * ``"D"``: observation to observation (a Monday return covers Friday's close to Monday's).
    * ``"W"``: weeks ending Friday; each week's level is its last observation (Thursday when
      Friday is a holiday).
    * ``"M"``: calendar months; each month's level is its last observation.

    Each return is **labelled by the date of the last observation in its period** (so the
    result's index is a subset of the input's dates, and Good Friday weeks are labelled
    Thursday). The first period has no base and is left out; the last period may be incomplete
    (week-/month-to-date). Periods without any observation are skipped, so the following return
    spans from the last period that has one.

    Args:
        levels: Level series on a sorted DatetimeIndex.
        freq: ``"D"``, ``"W"`` or ``"M"``.

    Returns:
        Series of simple returns (decimal fractions), one fewer than the number of periods.
        Empty when there is only one period.

    Raises:
        ValueError: when ``levels`` is empty or ``freq`` is unknown.
    """
    if freq not in _RETURN_FREQS:
        raise ValueError(f"freq {freq!r}: use 'D', 'W' (weeks ending Friday) or 'M' (month end)")
    clean = clean_series(levels)
    if freq == "D":
        ends = clean
    else:
        ends = _last_per_period(clean, _RETURN_FREQS[freq])
    return (ends / ends.shift(1) - 1.0).iloc[1:]


def _last_per_period(clean: pd.Series, freq: str) -> pd.Series:
    """The last observation of each period, on its own date (periods without data are absent)."""
    is_last = run_ends(period_codes(clean.index, freq))
    return clean[is_last]


_PERIOD_FREQS = {"W-FRI": "W-FRI", "M": "M", "Q": "Q", "Y": "Y"}


def to_period_returns_series(
    levels: pd.Series, freq: Literal["W-FRI", "M", "Q", "Y"], *, as_of: DateLike | None = None
) -> pd.Series:
    """Week (to Friday), calendar month, quarter or year returns (for "worst month since" style
    records).

    The return of a calendar period is its last observation against the last observation of
    the previous period (the same rule as ``"month"``/``"quarter"``/``"year"`` in
    :func:`resolve_period`). Each return is **labelled by the period's last calendar day**
    (``2025-01-31`` for January 2025, ``2025-03-31`` for Q1, the Friday for a week), whatever the date of the last
    observation. The first period (no base) is left out; periods without observations are
    absent.

    Args:
        levels: Level series on a sorted DatetimeIndex.
        freq: ``"W-FRI"`` (weeks to Friday), ``"M"`` (months), ``"Q"`` (quarters) or ``"Y"`` (years).
        as_of: When given, only data on or before it is used and only periods *complete* as of
            it (last calendar day on or before ``as_of``) are returned, so the last value equals
            ``calc_return_for_period(levels, "month", as_of=as_of).value`` for ``"M"``. When
            ``None`` (default) every period is returned, the last one possibly incomplete.

    Returns:
        Series of simple returns (decimal fractions) on period-end dates.

    Raises:
        ValueError: when ``levels`` is empty or ``freq`` is unknown.
    """
    if freq not in _PERIOD_FREQS:
        raise ValueError(f"freq {freq!r}: use 'W-FRI' (weeks), 'M' (months), 'Q' (quarters) or 'Y' (years)")
    clean = clean_series(levels)
    if as_of is not None:
        t = to_timestamp(as_of, clean.index, what="as_of")
        clean = clean.loc[:t]
    codes = period_codes(clean.index, freq)
    is_last = run_ends(codes)
    values = clean.to_numpy()[is_last]
    labels = pd.DatetimeIndex(period_last_days(codes[is_last], freq).astype("datetime64[ns]"),
                              name=clean.index.name)
    if clean.index.tz is not None:
        labels = labels.tz_localize(clean.index.tz)
    returns = values[1:] / values[:-1] - 1.0
    labels = labels[1:]
    # a base across a hole of the data (the period before without observations for more than
    # HOLE) is no base, as resolve_positions refuses it
    local = clean.index.tz_localize(None) if clean.index.tz is not None else clean.index
    rows = np.flatnonzero(is_last)
    prior_ends = period_last_days(codes[rows][1:] - 1, freq).astype("datetime64[ns]")
    across = in_hole(local.to_numpy(), rows[:-1], prior_ends)
    returns, labels = returns[~across], labels[~across]
    if as_of is not None:
        keep = labels <= t
        returns, labels = returns[keep], labels[keep]
    return pd.Series(returns, index=labels, name=levels.name)

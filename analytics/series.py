"""One validator for the time series every analytics function takes.

A series must be a ``pd.Series`` on a sorted ``DatetimeIndex`` without duplicate dates and
with numeric values. Each check fails with :class:`SeriesError` (a ``ValueError``) whose
message names the argument and says how to fix the input.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


class SeriesError(ValueError):
    """A series argument that analytics cannot use; the message says which and why."""


def check_series(series, name: str, *, allow_empty: bool = True, unit: str = "") -> pd.Series:
    """``series`` as floats, after checking its type, index and values.

    ``allow_empty=False`` also refuses a series without any observation; ``unit`` (e.g.
    ``"percent"``) is named in the message for non-numeric values.
    """
    if not isinstance(series, pd.Series):
        raise SeriesError(f"{name} must be a pandas Series, got {type(series).__name__}")
    if not isinstance(series.index, pd.DatetimeIndex):
        raise SeriesError(f"{name} must have a DatetimeIndex (parse the date column), "
                          f"got {type(series.index).__name__}")
    if series.index.has_duplicates:
        dup = series.index[series.index.duplicated()][0]
        raise SeriesError(f"{name}: duplicate date {dup:%Y-%m-%d}; keep one row per date, "
                          "e.g. s[~s.index.duplicated(keep='last')]")
    if not series.index.is_monotonic_increasing:
        raise SeriesError(f"{name}: dates are not sorted; call .sort_index() first")
    if not allow_empty and series.dropna().empty:
        raise SeriesError(f"{name} has no observations")
    if series.dtype == "float64":
        return series.copy(deep=False)  # copy-on-write: the values are copied only if written
    try:
        return series.astype(float)
    except (TypeError, ValueError) as exc:
        raise SeriesError(f"{name} must be numeric{f' ({unit})' if unit else ''}: {exc}") from None


def calendar_dates(series: pd.Series) -> pd.Series:
    """``series`` on the calendar dates of its own time zone, without the zone (a daily series'
    dates are days, not instants: 2024-06-28 00:00 in New York stays 2024-06-28). A series
    without a time zone is returned as it is."""
    if isinstance(series.index, pd.DatetimeIndex) and series.index.tz is not None:
        return series.set_axis(series.index.tz_localize(None))
    return series


def calendar_day(value) -> pd.Timestamp:
    """``value`` as a timestamp on the calendar day it is in its own time zone, without the zone."""
    t = pd.Timestamp(value)
    return t.tz_localize(None) if t.tz is not None else t


#: Frequencies from the finest to the coarsest (daily, weekly, monthly).
FREQ_ORDER = ("D", "W", "M")
_FREQ_WORDS = {"D": "daily", "W": "weekly", "M": "monthly"}


def observation_freq(index: pd.DatetimeIndex) -> str:
    """How often a series is observed: ``"D"`` (trading or calendar days), ``"W"`` or ``"M"``,
    from the median gap between its dates (at most 4 days: daily; at most 10: weekly;
    longer: monthly). Fewer than two dates count as daily (nothing says otherwise)."""
    if len(index) < 2:
        return "D"
    gap = float(np.median(np.diff(index[-400:].to_numpy()) / np.timedelta64(1, "D")))
    return "D" if gap <= 4 else "W" if gap <= 10 else "M"


def observation_freqs(series) -> dict[str, str]:
    """:func:`observation_freq` of each dated series of a mapping (by key; other values left out):
    the facts a weekly or monthly series cannot support are skipped with the reason."""
    return {key: observation_freq(values.dropna().index) for key, values in series.items()
            if isinstance(values, pd.Series) and isinstance(values.index, pd.DatetimeIndex)}


def coarser(a: str, b: str) -> str:
    """The coarser of two frequencies of :data:`FREQ_ORDER` (``coarser("D", "M") == "M"``)."""
    return max(a, b, key=FREQ_ORDER.index)


def freq_word(freq: str) -> str:
    """``"daily"``, ``"weekly"`` or ``"monthly"``."""
    return _FREQ_WORDS[freq]


#: Calendar months per period of :func:`period_codes`' month-based frequencies.
_MONTHS_PER_PERIOD = {"M": 1, "Q": 3, "Y": 12}
#: Day 0 of ``datetime64`` (1970-01-01) is a Thursday: the first week ending on a Friday starts on
#: day 2 (a Saturday).
_FIRST_SATURDAY = 2


def period_codes(index: pd.DatetimeIndex, freq: str) -> np.ndarray:
    """An integer per date: equal within one period of ``freq`` and one more for each period
    after (``"W-FRI"``: weeks ending Friday; ``"M"``, ``"Q"``, ``"Y"``: calendar months, quarters,
    years), in numpy (``to_period`` is many times slower). Dates with a time zone are taken in
    their local time, as ``to_period`` takes them."""
    idx = index.tz_localize(None) if index.tz is not None else index
    if freq == "W-FRI":
        days = idx.to_numpy().astype("datetime64[D]").astype(np.int64)
        return (days - _FIRST_SATURDAY) // 7
    step = _MONTHS_PER_PERIOD.get(freq)
    if step is None:
        raise ValueError(f"freq {freq!r}: use 'W-FRI', 'M', 'Q' or 'Y'")
    return idx.to_numpy().astype("datetime64[M]").astype(np.int64) // step


def period_last_days(codes: np.ndarray, freq: str) -> np.ndarray:
    """The last calendar day (``datetime64[D]``) of each period of :func:`period_codes`."""
    codes = np.asarray(codes, dtype=np.int64)
    if freq == "W-FRI":
        return (codes * 7 + _FIRST_SATURDAY + 6).astype("datetime64[D]")
    step = _MONTHS_PER_PERIOD[freq]
    next_start = ((codes + 1) * step).astype("datetime64[M]").astype("datetime64[D]")
    return next_start - np.timedelta64(1, "D")


def run_ends(codes: np.ndarray) -> np.ndarray:
    """True at the last element of each run of equal values (the last observation of each
    period, for :func:`period_codes` of sorted dates)."""
    is_last = np.ones(len(codes), dtype=bool)
    if len(codes) > 1:
        is_last[:-1] = codes[1:] != codes[:-1]
    return is_last


def period_ends(codes: np.ndarray, values: np.ndarray) -> np.ndarray:
    """The last of ``values`` in each period from the first code to the last, one per period
    (NaN for a period without any): ``resample(...).last()`` of sorted, NaN-free observations.
    ``codes`` must not be empty."""
    is_last = run_ends(codes)
    ends = np.full(int(codes[-1] - codes[0]) + 1, np.nan)
    ends[codes[is_last] - codes[0]] = np.asarray(values, dtype="float64")[is_last]
    return ends


def shift_months(index: pd.DatetimeIndex, months: int) -> pd.DatetimeIndex:
    """``index + pd.DateOffset(months=months)`` computed with numpy (the same dates, faster).

    The day of the month is kept, clipped to the target month's length (31 March minus one
    month is 28 or 29 February), and so is the time of day. An index with a time zone goes
    through pandas (wall times that do not exist after the shift are pandas' business).
    """
    if index.tz is not None:
        return index + pd.DateOffset(months=months)
    values = index.to_numpy().astype("datetime64[ns]")
    month = values.astype("datetime64[M]")
    into_month = values - month.astype("datetime64[ns]")  # day of month and time, as a duration
    target = month + np.timedelta64(months, "M")
    length = (target + np.timedelta64(1, "M")).astype("datetime64[D]") - target.astype("datetime64[D]")
    day = np.minimum(into_month.astype("timedelta64[D]"), length - np.timedelta64(1, "D"))
    time_of_day = into_month - into_month.astype("timedelta64[D]").astype("timedelta64[ns]")
    shifted = target.astype("datetime64[ns]") + day.astype("timedelta64[ns]") + time_of_day
    return pd.DatetimeIndex(shifted, name=index.name)


#: A date whose last observation is more than this much older, with later observations in the
#: data, is in a hole of the data: no base or end of a return (longer than any exchange closure or
#: a monthly series' spacing). RUT.csv without 2008-2011 read "down 0.2% over the past month" as of
#: 2012-01-10, a return from the 2007-12-31 close, ranked "on record".
HOLE = np.timedelta64(35, "D")


def naive_dates(dates) -> np.ndarray:
    """The dates as numpy datetime64 values (zone-aware ones in UTC); a numpy array as it is."""
    if isinstance(dates, np.ndarray):
        return dates
    return (dates.tz_convert(None) if dates.tz is not None else dates).to_numpy()


def in_hole(stamps: np.ndarray, pos: np.ndarray, dates: np.ndarray) -> np.ndarray:
    """Whether each of ``dates`` falls in a hole of the data (:data:`HOLE`): ``pos`` the position
    of its last observation on or before it in the sorted dates ``stamps`` (-1: none), and a
    later observation exists. A date past the data's end is not in a hole (it is stale; the
    facts skip such a series)."""
    pos = np.asarray(pos)
    n = len(stamps)
    inside = (pos >= 0) & (pos + 1 < n)
    last = stamps[np.clip(pos, 0, max(n - 1, 0))]
    return inside & (np.asarray(dates) - last > HOLE)


def same_point_positions(levels: pd.Series, as_of: pd.Timestamp, *,
                         nonzero_base: bool = False) -> tuple[pd.DatetimeIndex, np.ndarray, np.ndarray, np.ndarray]:
    """Positions of each year's year-to-date span at the same point (month and day of ``as_of``;
    29 February is 28 February in other years): ``(index, values, ends, bases)`` of ``levels``'
    observations, ``ends[i]`` the last on or before the year's same day, ``bases[i]`` the last on
    or before the previous year's end. Years without such a base are left out (with
    ``nonzero_base``, also a base of zero); a year without an observation up to its same-day point
    yields to the later year ending on the same observation."""
    clean = levels.dropna()
    index, values = clean.index, clean.to_numpy(dtype="float64")
    years = np.arange(levels.index[0].year, as_of.year + 1)
    if as_of.month == 2 and as_of.day == 29:  # 29 February becomes 28 February in other years
        leap = (years % 4 == 0) & ((years % 100 != 0) | (years % 400 == 0))
        days = np.where(leap, 29, 28)
    else:
        days = np.full(len(years), as_of.day)
    months = (years - 1970).astype("datetime64[Y]").astype("datetime64[M]") + (as_of.month - 1)
    same_day = months.astype("datetime64[D]") + (days - 1) + (as_of - as_of.normalize()).to_timedelta64()
    year_ends = (years - 1970).astype("datetime64[Y]").astype("datetime64[D]") - 1
    if index.tz is not None:  # the dates as the index's (numpy's searchsorted below takes naive ones)
        same_day, year_ends = (pd.DatetimeIndex(d).tz_localize(index.tz) for d in (same_day, year_ends))
    stamps = index if index.tz is not None else index.to_numpy()  # (numpy: no pandas checks per call)
    ends = stamps.searchsorted(same_day, side="right") - 1
    bases = stamps.searchsorted(year_ends, side="right") - 1
    usable = (bases >= 0) & (ends >= 0)  # a base (and an end) in the data
    naive = naive_dates(index)
    usable &= ~in_hole(naive, bases, naive_dates(year_ends)) & ~in_hole(naive, ends, naive_dates(same_day))
    if nonzero_base:  # (a return's base)
        usable[usable] = values[bases[usable]] != 0.0
    ends, bases = ends[usable], bases[usable]
    # A year without data ends on the same close as the next year: keep the later year only.
    later = np.ones(len(ends), dtype=bool)
    later[:-1] = ends[1:] != ends[:-1]
    ends, bases = ends[later], bases[later]
    return index, values, ends, bases


def window_with_base(index: pd.DatetimeIndex, start, end) -> slice:
    """Positions of a window's observations on a sorted ``index``, from its **base**: the last
    observation on or before ``start`` (the first one when none is), to the last on or before
    ``end``. A window's return runs from the base's close, as every panel measures it (the rates
    and spreads from the last reading on or before the start, the facts' year to date from the
    year before's last close): 2022-01-01 to 2022-10-12 runs from the 2021-12-31 close."""
    first = max(int(index.searchsorted(pd.Timestamp(start), side="right")) - 1, 0)
    return slice(first, int(index.searchsorted(pd.Timestamp(end), side="right")))

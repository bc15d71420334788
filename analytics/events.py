"""Event studies: how a series behaved around dated events (pure pandas/numpy).

Conventions shared by every function here:

* **Day 0** of an event is the last non-NaN observation on or before the event date
  (for a Fed decision announced at 2 pm, the close of the announcement day; for a
  Sunday decision, the previous Friday's close). An event is usable only when it lies
  within the data: ``first observation <= event date <= last observation``. Events
  outside produce no window rows and NaN outcomes; nothing is extrapolated.
* **kind**: ``"return"`` for price levels (index points, USD): the value is the simple
  return since day 0 in decimal (``-0.05`` = -5 %), levels must be positive.
  ``"change"`` for yields, spreads and rates in percent: the value is the change since
  day 0 in percentage points (``0.25`` = +25 bp).
* **Time axes**: ``day`` counts observations (trading days of the series, NaN rows
  dropped) relative to day 0 (``0`` at day 0, ``1`` the next observation, ``-1`` the
  previous). ``months`` is calendar time from the *event date* in average months,
  ``(date - event_date).days / 30.436875``; it is slightly negative at day 0 when the
  event falls on a non-trading day.
* **Horizons** are calendar months after the event date: the horizon date is
  ``event_date + pd.DateOffset(months=h)`` (month-end clipped: Jan 31 + 1 month = Feb 28)
  and the outcome uses the last observation on or before it. When the horizon date is
  after the last observation the outcome is NaN (the series may not cover it). For a pair
  observed at month-ends (``month_ends=True``: events measured from a month-end), the horizon
  date is the month-end ``h`` months later (1987-09-30 + 3 months: 1987-12-31, not 12-30,
  whose last month-end on or before it is November's).
* **Relative performance** (the relative return ``(1 + small) / (1 + large) - 1``, the change
  of the ratio small/large): both level series are first aligned on
  the dates where both have an observation, so both returns span exactly the same dates.
"""

from __future__ import annotations

from typing import Iterable, Literal

import numpy as np
import pandas as pd

from analytics.series import check_series, in_hole, naive_dates, shift_months

#: Average calendar month in days (365.25 / 12), for the ``months`` axis.
AVG_MONTH_DAYS = 365.25 / 12

Kind = Literal["return", "change"]
_KINDS = ("return", "change")


def _check_kind(kind: str) -> None:
    if kind not in _KINDS:
        raise ValueError(f"kind must be 'return' (price levels, decimal return) or 'change' "
                         f"(yields/spreads in percent, pp change), got {kind!r}")


def _check_levels(series: pd.Series, name: str, kind: str) -> pd.Series:
    values = check_series(series, name).dropna()
    if kind == "return" and (values <= 0).any():
        first = values.index[(values <= 0).to_numpy()][0]
        raise ValueError(f"{name} has a non-positive level on {first:%Y-%m-%d}; kind='return' needs "
                         "price levels > 0 (use kind='change' for yields and spreads)")
    return values


def event_index(event_dates: Iterable) -> pd.DatetimeIndex:
    """The event dates as the study functions use them: parsed, sorted, duplicates dropped.

    Raises:
        ValueError: on values that are not dates, or NaT.
    """
    if isinstance(event_dates, (str, pd.Timestamp)):
        event_dates = [event_dates]
    try:
        dates = pd.DatetimeIndex(pd.to_datetime(list(event_dates)))
    except (TypeError, ValueError) as exc:
        raise ValueError(f"event_dates must be dates: {exc}") from None
    if dates.hasnans:
        raise ValueError("event_dates contains NaT; drop missing dates first")
    return dates.unique().sort_values()


def _check_months(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
        raise ValueError(f"{name} must be a whole number of months >= 0, got {value!r}")
    return int(value)


def _rebase(values: np.ndarray, base: np.ndarray, kind: str) -> np.ndarray:
    return values / base - 1.0 if kind == "return" else values - base


def _aligned(small: pd.Series, large: pd.Series) -> pd.DataFrame:
    small = _check_levels(small, "small", "return")
    large = _check_levels(large, "large", "return")
    if small.index.dtype == large.index.dtype and not (small.empty or large.empty):
        # Both sorted and unique: the common dates by one binary search (what an inner join gives).
        pos = np.minimum(large.index.searchsorted(small.index), len(large) - 1)
        hit = np.asarray(large.index[pos] == small.index)
        frame = pd.DataFrame({"small": small.to_numpy()[hit], "large": large.to_numpy()[pos[hit]]},
                             index=small.index[hit])
    else:
        frame = pd.concat({"small": small, "large": large}, axis=1, join="inner")
    if frame.empty:
        raise ValueError("small and large share no dates; check that both are daily level series")
    return frame


def _window_positions(index: pd.DatetimeIndex, events: pd.DatetimeIndex, before: int,
                      after: int) -> tuple[pd.DatetimeIndex, np.ndarray, np.ndarray, np.ndarray]:
    """The usable events (inside the data) and, per usable event, the positions in ``index``
    of day 0 and of the window's first row and one past its last row."""
    if index.empty:
        none = np.empty(0, dtype=np.intp)
        return events[:0], none, none, none
    usable = events[(events >= index[0]) & (events <= index[-1])]
    pos0 = index.searchsorted(usable, side="right") - 1
    lo = np.minimum(index.searchsorted(shift_months(usable, -before), side="left"), pos0)
    hi = index.searchsorted(shift_months(usable, after), side="right")
    return usable, pos0, lo, hi


def _window_rows(frame: pd.DataFrame, events: pd.DatetimeIndex, before: int, after: int,
                 kind: str) -> dict[str, np.ndarray] | None:
    """The long window rows of every usable event as columns, raw frame columns as they are and
    rebased ones prefixed by ``_`` (shared by the public windows); ``None``: no usable event."""
    index = frame.index
    usable, pos0, lo, hi = _window_positions(index, events, before, after)
    if usable.empty:
        return None
    lengths = hi - lo
    owner = np.repeat(np.arange(len(usable)), lengths)  # the event of each row
    pos = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths - lo, lengths)
    base = pos0[owner]
    days = index.to_numpy()
    dates, event_dates = days[pos], usable.to_numpy()[owner]
    values = frame.to_numpy(dtype=float)
    rebased = _rebase(values[pos], values[base], kind)
    rows = {
        "event_date": event_dates,
        "day0_date": days[base],
        "date": dates,
        "day": pos - base,
        "months": (dates - event_dates) // np.timedelta64(1, "D") / AVG_MONTH_DAYS,
    }
    for j, column in enumerate(frame.columns):
        rows[column] = values[pos, j]
        rows[f"_{column}"] = rebased[:, j]
    return rows


def calc_event_window(
    series: pd.Series,
    event_dates: Iterable,
    *,
    before_months: int = 6,
    after_months: int = 24,
    kind: Kind = "return",
) -> pd.DataFrame:
    """Paths of a series around each event, rebased to day 0.

    The window holds the observations dated from ``event - before_months`` to
    ``event + after_months`` (calendar months, inclusive) and always day 0. After the end
    of the data the path simply stops.

    Args:
        series: Daily levels (index points for ``kind="return"``, percent for ``"change"``).
        event_dates: Event dates (e.g. FOMC announcement dates); duplicates are dropped.
        before_months: Calendar months shown before the event.
        after_months: Calendar months shown after the event.
        kind: ``"return"`` (decimal return since day 0) or ``"change"`` (pp since day 0).

    Returns:
        Long DataFrame sorted by event then date with ``event_date``, ``day0_date``,
        ``date``, ``day`` (observation offset, 0 at day 0), ``months`` (float, from the
        event date), ``level`` (the raw value) and ``value`` (rebased; 0 at day 0).
        Events outside the data have no rows.

    Raises:
        ValueError: on a bad series, bad dates, an unknown kind or negative months.
    """
    _check_kind(kind)
    before = _check_months(before_months, "before_months")
    after = _check_months(after_months, "after_months")
    levels = _check_levels(series, "series", kind)
    events = event_index(event_dates)
    rows = _window_rows(levels.to_frame("level"), events, before, after, kind)
    columns = ["event_date", "day0_date", "date", "day", "months", "level", "value"]
    if rows is None:
        return _empty(columns)
    rows["value"] = rows.pop("_level")
    return pd.DataFrame({c: rows[c] for c in columns})


def calc_relative_event_window(
    small: pd.Series,
    large: pd.Series,
    event_dates: Iterable,
    *,
    before_months: int = 6,
    after_months: int = 24,
) -> pd.DataFrame:
    """Small caps' relative return since day 0 around each event: ``(1 + small) / (1 + large) - 1``
    (the change of the ratio small/large since day 0).

    Both level series are aligned on their common dates first, so day 0 and every row
    use the same dates for both.

    Args:
        small: Small-cap levels (e.g. RUT), positive.
        large: Large-cap levels (e.g. GSPC), positive.
        event_dates: Event dates.
        before_months: Calendar months shown before the event.
        after_months: Calendar months shown after the event.

    Returns:
        Long DataFrame with ``event_date``, ``day0_date``, ``date``, ``day``, ``months``,
        ``small`` and ``large`` (decimal returns since day 0) and ``value`` (the relative
        return ``(1 + small) / (1 + large) - 1``, decimal; 0 at day 0).

    Raises:
        ValueError: on bad series (non-positive levels, no common dates) or arguments.
    """
    before = _check_months(before_months, "before_months")
    after = _check_months(after_months, "after_months")
    frame = _aligned(small, large)
    events = event_index(event_dates)
    rows = _window_rows(frame, events, before, after, "return")
    columns = ["event_date", "day0_date", "date", "day", "months", "small", "large", "value"]
    if rows is None:
        return _empty(columns)
    rows["small"], rows["large"] = rows.pop("_small"), rows.pop("_large")
    rows["value"] = (1.0 + rows["small"]) / (1.0 + rows["large"]) - 1.0
    return pd.DataFrame({c: rows[c] for c in columns})


def _check_grid(before_months, after_months, days) -> tuple[int, int, np.ndarray]:
    """The grid functions' window months and day offsets, checked."""
    return (_check_months(before_months, "before_months"), _check_months(after_months, "after_months"),
            _check_days(days))


def _check_days(days) -> np.ndarray:
    offsets = np.asarray(days)
    if offsets.ndim != 1 or offsets.dtype.kind not in "iu":
        raise ValueError(f"days must be whole calendar days (a 1-d array of integers), got {days!r}")
    return offsets.astype("int64")


def _grid(frame: pd.DataFrame, events: pd.DatetimeIndex, days: np.ndarray, end, before: int, after: int,
          kind: str) -> tuple[list[pd.Timestamp], np.ndarray]:
    """The usable events and their windows sampled at ``days`` (shared by the public grids):
    rebased values of shape ``(len(days), events, frame columns)``."""
    index = frame.index
    usable, pos0, lo, hi = _window_positions(index, events, before, after)
    events_out = list(usable)
    values = frame.to_numpy(dtype=float)
    if not events_out:
        return events_out, np.full((len(days), 0, values.shape[1]), np.nan)
    # A window row is on or before offset d when (date - event).days <= d, i.e. date < event + d + 1 days.
    limits = usable.to_numpy()[None, :] + (days[:, None] + 1) * np.timedelta64(1, "D")
    count = index.searchsorted(limits.ravel(), side="left").reshape(limits.shape)
    pos = np.minimum(count, hi) - 1  # the last such row up to the window's end; before lo: none
    sampled = _rebase(values[np.maximum(pos, 0)], values[pos0][None, :, :], kind)
    end = index[-1] if end is None else pd.Timestamp(end)
    sampled[(pos < lo) | (days[:, None] > (end - usable).days.to_numpy()[None, :])] = np.nan
    return events_out, sampled


def _grid_frame(events: list[pd.Timestamp], values: np.ndarray, days: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame(values, index=pd.Index(days / AVG_MONTH_DAYS, name="months"),
                        columns=pd.DatetimeIndex(events, name="event_date"))


def calc_event_grid(
    series: pd.Series,
    event_dates: Iterable,
    *,
    days,
    end: pd.Timestamp | None = None,
    before_months: int = 6,
    after_months: int = 24,
    kind: Kind = "return",
) -> pd.DataFrame:
    """The paths of :func:`calc_event_window` sampled on common calendar-day offsets.

    At offset ``d`` each event's value is that of the last window row dated on or before
    ``d`` days after the event date (``(date - event_date).days <= d``), so paths of events
    on different weekdays line up on one axis.

    Args:
        series: Daily levels (index points for ``kind="return"``, percent for ``"change"``).
        event_dates: Event dates; duplicates are dropped.
        days: Offsets from the event date in whole calendar days (1-d integers).
        end: Offsets after this date are NaN (the path has not happened yet); default the
            last observation.
        before_months: Calendar months of window before the event.
        after_months: Calendar months of window after the event.
        kind: ``"return"`` (decimal return since day 0) or ``"change"`` (pp since day 0).

    Returns:
        Wide DataFrame: index ``months`` (``days / AVG_MONTH_DAYS``), one column per event
        inside the data (``event_date``, ascending); NaN before a window's first row and
        after ``end``. Equals sampling the rows of :func:`calc_event_window`.

    Raises:
        ValueError: on a bad series, dates, days, an unknown kind or negative months.
    """
    _check_kind(kind)
    before, after, offsets = _check_grid(before_months, after_months, days)
    levels = _check_levels(series, "series", kind).to_frame("level")
    return _level_grid(levels, event_index(event_dates), offsets, end, before, after, kind)


def _level_grid(levels: pd.DataFrame, events: pd.DatetimeIndex, offsets: np.ndarray, end, before: int,
                after: int, kind: str) -> pd.DataFrame:
    events_out, values = _grid(levels, events, offsets, end, before, after, kind)
    return _grid_frame(events_out, values[:, :, 0], offsets)


def calc_relative_event_grid(
    small: pd.Series,
    large: pd.Series,
    event_dates: Iterable,
    *,
    days,
    end: pd.Timestamp | None = None,
    before_months: int = 6,
    after_months: int = 24,
) -> pd.DataFrame:
    """The paths of :func:`calc_relative_event_window` sampled as :func:`calc_event_grid` does.

    Args:
        small: Small-cap levels (e.g. RUT), positive.
        large: Large-cap levels (e.g. GSPC), positive.
        event_dates: Event dates.
        days: Offsets from the event date in whole calendar days (1-d integers).
        end: Offsets after this date are NaN; default the last common observation.
        before_months: Calendar months of window before the event.
        after_months: Calendar months of window after the event.

    Returns:
        Wide DataFrame as :func:`calc_event_grid` of the relative return since day 0
        (``(1 + small) / (1 + large) - 1``, decimal; 0 at day 0).

    Raises:
        ValueError: on bad series (non-positive levels, no common dates) or arguments.
    """
    before, after, offsets = _check_grid(before_months, after_months, days)
    return _relative_grid(_aligned(small, large), event_index(event_dates), offsets, end, before, after)


def _relative_grid(frame: pd.DataFrame, events: pd.DatetimeIndex, offsets: np.ndarray, end, before: int,
                   after: int) -> pd.DataFrame:
    events_out, values = _grid(frame, events, offsets, end, before, after, "return")
    return _grid_frame(events_out, (1.0 + values[:, :, 0]) / (1.0 + values[:, :, 1]) - 1.0, offsets)


def calc_study_parts(
    series: pd.Series,
    event_dates: Iterable,
    *,
    large: pd.Series | None = None,
    days,
    horizons: Iterable[int] = (3, 6, 12),
    end: pd.Timestamp | None = None,
    before_months: int = 6,
    after_months: int = 24,
    kind: Kind = "return",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`calc_event_grid` and :func:`calc_event_outcomes` of one series and the same events
    (the series checked once), or with ``large`` :func:`calc_relative_event_grid` and
    :func:`calc_relative_outcomes` of the pair ``(series, large)`` (checked and aligned once;
    ``kind`` is not read): ``(grid, outcomes)``, each as those functions give it.

    Raises:
        ValueError: as those functions do.
    """
    if large is None:
        _check_kind(kind)
    _check_grid(before_months, after_months, days)
    _check_horizons(horizons)
    frame = prepare_levels(series, kind=kind) if large is None else prepare_pair(series, large)
    return calc_prepared_parts(frame, event_dates, days=days, horizons=horizons, end=end, before_months=before_months,
                               after_months=after_months, kind=kind if large is None else "relative")


def prepare_levels(series: pd.Series, *, kind: Kind = "return") -> pd.DataFrame:
    """``series`` checked as the study functions check it, NaN dropped, as a one-column frame
    (``value``) for :func:`calc_prepared_parts`; check once, cut at any date with :func:`cut_at`.

    Raises:
        ValueError: on a bad series (non-positive levels for ``kind="return"``) or kind.
    """
    _check_kind(kind)
    return _check_levels(series, "series", kind).to_frame("value")


def prepare_pair(small: pd.Series, large: pd.Series) -> pd.DataFrame:
    """The pair checked (positive levels) and aligned on its common dates, columns ``small``
    and ``large``, for :func:`calc_prepared_parts` with ``kind="relative"``. Cut at a date with
    :func:`cut_at`, it equals the pair of the series cut at that date.

    Raises:
        ValueError: on bad series (non-positive levels, no common dates).
    """
    return _aligned(small, large)


def cut_at(frame: pd.DataFrame, date) -> pd.DataFrame:
    """The rows of a prepared frame dated on or before ``date`` (a view, no copy)."""
    return frame.iloc[: frame.index.searchsorted(pd.Timestamp(date), side="right")]


def horizon_dates(events: pd.DatetimeIndex, months: int, *, month_ends: bool = False) -> pd.DatetimeIndex:
    """The horizon date ``months`` after each event (see the module docstring): the same day of
    the month (clipped), or with ``month_ends`` the month-end of the month it falls in."""
    shifted = shift_months(events, months)
    return shifted + pd.offsets.MonthEnd(0) if month_ends else shifted


def calc_prepared_parts(
    frame: pd.DataFrame,
    event_dates: Iterable,
    *,
    days,
    horizons: Iterable[int] = (3, 6, 12),
    end: pd.Timestamp | None = None,
    before_months: int = 6,
    after_months: int = 24,
    kind: Kind | Literal["relative"] = "return",
    month_ends: bool = False,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`calc_study_parts` of a frame of :func:`prepare_levels` (``kind`` ``"return"``
    or ``"change"``), or of one of :func:`prepare_pair` (``kind="relative"``), without checking the data again: what an event study at many as-of
    dates computes on one prepared frame cut at each (:func:`cut_at`).

    Raises:
        ValueError: on bad dates, days, horizons, months or kind.
    """
    before, after, offsets = _check_grid(before_months, after_months, days)
    hs = _check_horizons(horizons)
    events = event_index(event_dates)
    if kind == "relative":
        if frame.empty:
            raise ValueError("small and large share no dates; check that both are daily level series")
        return (_relative_grid(frame, events, offsets, end, before, after),
                _relative_outcomes(frame, events, hs, month_ends=month_ends))
    _check_kind(kind)
    return (_level_grid(frame, events, offsets, end, before, after, kind),
            _outcomes(frame, events, hs, kind, month_ends=month_ends))


def _check_horizons(horizons: Iterable[int]) -> tuple[int, ...]:
    if isinstance(horizons, (int, np.integer)):
        horizons = (horizons,)
    result = tuple(horizons)
    if not result:
        raise ValueError("horizons is empty; pass calendar months such as (3, 6, 12)")
    for h in result:
        if isinstance(h, bool) or not isinstance(h, (int, np.integer)) or h <= 0:
            raise ValueError(f"horizons must be whole months > 0, got {h!r}")
    if len(set(result)) != len(result):
        raise ValueError(f"horizons has duplicates: {result}")
    return tuple(int(h) for h in result)


def _dates_at(index: pd.DatetimeIndex, pos: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """``index[pos]`` where ``valid``, NaT elsewhere; all NaT: ``datetime64[s]`` (the unit
    pandas gives a column of NaT only)."""
    if not valid.any():
        return np.full(len(valid), np.datetime64("NaT"), dtype="datetime64[s]")
    dates = index.to_numpy()[np.where(valid, pos, 0)]
    dates[~valid] = np.datetime64("NaT")
    return dates


def _outcomes(frame: pd.DataFrame, events: pd.DatetimeIndex, horizons: tuple[int, ...],
              kind: str, *, month_ends: bool = False) -> pd.DataFrame:
    """Long outcome rows (event-major, horizons in the given order), one rebased column per
    frame column (same name)."""
    index = frame.index
    values = frame.to_numpy(dtype=float)
    n, k = len(events), len(horizons)
    # Per row (event-major): day 0 is in the data (covered), so is the horizon date (reached).
    covered, reached = np.zeros(n * k, dtype=bool), np.zeros(n * k, dtype=bool)
    pos0, pos = np.zeros(n * k, dtype=np.intp), np.zeros(n * k, dtype=np.intp)
    if n and not index.empty:
        covered = np.repeat(np.asarray((events >= index[0]) & (events <= index[-1])), k)
        pos0 = np.repeat(index.searchsorted(events, side="right") - 1, k)
        when = np.column_stack([horizon_dates(events, h, month_ends=month_ends).to_numpy() for h in horizons]).ravel()
        reached = covered & (when <= index[-1].to_datetime64())
        pos = index.searchsorted(when, side="right") - 1
        # a day 0 or horizon date in a hole of the data (its last observation more than HOLE
        # before it) has no outcome: RUT.csv without 2008-2011 gave the 6 and the 12 months after
        # the 2007-09-18 cut one number, the 2007-12-31 close
        stamps = naive_dates(index)
        covered &= ~in_hole(stamps, pos0, np.repeat(naive_dates(events), k))
        reached &= covered & ~in_hole(stamps, pos, when)
    result = np.full((n * k, values.shape[1]), np.nan)
    result[reached] = _rebase(values[pos[reached]], values[pos0[reached]], kind)
    table = pd.DataFrame({
        "event_date": events.to_numpy().repeat(k),
        "horizon": np.tile(np.asarray(horizons, dtype="int64"), n),
        "start_date": _dates_at(index, pos0, covered),
        "end_date": _dates_at(index, pos, reached),
        **{column: result[:, j] for j, column in enumerate(frame.columns)},
    })
    if not n:  # no rows: the value columns have no values to infer a dtype from
        table = table.astype({column: object for column in frame.columns})
    return table


def calc_event_outcomes(
    series: pd.Series,
    event_dates: Iterable,
    *,
    horizons: Iterable[int] = (3, 6, 12),
    kind: Kind = "return",
) -> pd.DataFrame:
    """Outcome of each event at fixed horizons (calendar months after the event date).

    Args:
        series: Daily levels (index points for ``kind="return"``, percent for ``"change"``).
        event_dates: Event dates; duplicates are dropped.
        horizons: Whole calendar months after the event, each > 0.
        kind: ``"return"`` (decimal return from day 0) or ``"change"`` (pp change from day 0).

    Returns:
        Long DataFrame (one row per event and horizon, events in date order) with
        ``event_date``, ``horizon`` (months), ``start_date`` (day 0), ``end_date`` (last
        observation on or before the horizon date) and ``value``. NaN/NaT when the event is
        outside the data or the horizon date is after the last observation.
        Pivot with ``table.pivot(index="event_date", columns="horizon", values="value")``.

    Raises:
        ValueError: on a bad series, dates, horizons or kind.
    """
    _check_kind(kind)
    hs = _check_horizons(horizons)
    levels = _check_levels(series, "series", kind)
    return _outcomes(levels.to_frame("value"), event_index(event_dates), hs, kind)


def calc_relative_outcomes(
    small: pd.Series,
    large: pd.Series,
    event_dates: Iterable,
    *,
    horizons: Iterable[int] = (3, 6, 12),
) -> pd.DataFrame:
    """Small caps' relative return at each horizon after each event:
    ``(1 + small) / (1 + large) - 1``, the change of the ratio small/large.

    Both series are aligned on their common dates first, so both returns run from the same
    day 0 to the same end date.

    Args:
        small: Small-cap levels (e.g. RUT), positive.
        large: Large-cap levels (e.g. GSPC), positive.
        event_dates: Event dates.
        horizons: Whole calendar months after the event, each > 0.

    Returns:
        Long DataFrame with ``event_date``, ``horizon``, ``start_date``, ``end_date``,
        ``small`` and ``large`` (decimal returns) and ``value`` (the relative return,
        decimal; e.g. 0.03 = the ratio small/large rose 3%).

    Raises:
        ValueError: on bad series (non-positive levels, no common dates) or arguments.
    """
    hs = _check_horizons(horizons)
    return _relative_outcomes(_aligned(small, large), event_index(event_dates), hs)


def _relative_outcomes(frame: pd.DataFrame, events: pd.DatetimeIndex, hs: tuple[int, ...], *,
                       month_ends: bool = False) -> pd.DataFrame:
    table = _outcomes(frame, events, hs, "return", month_ends=month_ends)
    table["value"] = (1.0 + table["small"]) / (1.0 + table["large"]) - 1.0
    return table


def summarize_outcomes(table: pd.DataFrame) -> pd.DataFrame:
    """Cross-event summary of an outcomes table, per horizon.

    Args:
        table: Output of :func:`calc_event_outcomes` or :func:`calc_relative_outcomes`.

    Returns:
        DataFrame indexed by ``horizon`` (months, ascending) with ``count`` (events with a
        value), ``median``, ``min``, ``max`` (same units as ``value``) and
        ``share_positive`` (fraction of counted events with value > 0). Statistics are NaN
        for a horizon with no value.

    Raises:
        ValueError: when ``table`` lacks the ``horizon`` or ``value`` column.
    """
    if not isinstance(table, pd.DataFrame) or not {"horizon", "value"} <= set(table.columns):
        raise ValueError("table must be an outcomes table with 'horizon' and 'value' columns "
                         "(from calc_event_outcomes or calc_relative_outcomes)")
    horizon, value = table["horizon"], table["value"]
    if len(table) and horizon.dtype == "int64" and value.dtype == "float64":
        return summarize_values(horizon.to_numpy(), value.to_numpy())
    grouped = table.groupby("horizon", sort=True)["value"]  # any other dtypes: pandas' groupby
    summary = pd.DataFrame({
        "count": grouped.count().astype("int64"),
        "median": grouped.median(),
        "min": grouped.min(),
        "max": grouped.max(),
        "share_positive": grouped.apply(lambda v: (v.dropna() > 0).mean() if v.notna().any() else np.nan),
    })
    summary.index.name = "horizon"
    return summary


def summarize_values(horizon: np.ndarray, value: np.ndarray) -> pd.DataFrame:
    """:func:`summarize_outcomes` of a table with these ``horizon`` (whole months, int64) and
    ``value`` (float64) columns, without building the table: one numpy pass per horizon."""
    keys, group = np.unique(horizon, return_inverse=True)
    count = np.zeros(len(keys), dtype="int64")
    stats = np.full((len(keys), 4), np.nan)  # median, min, max, share_positive
    for g in range(len(keys)):
        values = value[group == g]
        values = values[~np.isnan(values)]
        count[g] = len(values)
        if len(values):
            stats[g] = np.median(values), values.min(), values.max(), np.count_nonzero(values > 0) / len(values)
    return pd.DataFrame({"count": count, "median": stats[:, 0], "min": stats[:, 1], "max": stats[:, 2],
                         "share_positive": stats[:, 3]}, index=pd.Index(keys, name="horizon"))


def _empty(columns: list[str]) -> pd.DataFrame:
    dtypes = {"event_date": "datetime64[ns]", "day0_date": "datetime64[ns]", "date": "datetime64[ns]",
              "day": "int64"}
    return pd.DataFrame({c: pd.Series(dtype=dtypes.get(c, float)) for c in columns})

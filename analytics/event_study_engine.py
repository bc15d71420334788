"""Event-study parts computed once on the whole data and masked per as-of date (pure; no I/O).

:func:`analytics.events.calc_prepared_parts` of a prepared frame cut at a date (``cut_at``)
equals that of the whole frame, masked, for the events inside the data (``first row <= event
<= L``, ``L`` the cut frame's last row):

* grid: the columns of the events inside; each value is the whole frame's (the rows a value
  reads are dated on or before ``event + offset``), except offsets after ``end`` (``(end -
  event).days``), which are NaN;
* outcomes: one row per event and horizon, the whole frame's where the event is inside and its
  horizon date (:func:`analytics.events.horizon_dates`) is on or before ``L``, NaN elsewhere.

That holds when every date is midnight (a row read at an offset is then on or before the
offset's date); :func:`full_parts` keeps no candidate otherwise, so every lookup misses and the
caller computes the parts of the cut frame instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Literal

import numpy as np
import pandas as pd

from analytics.events import AVG_MONTH_DAYS, calc_prepared_parts, event_index, horizon_dates

#: The parts of one frame as of a date: its grid (one column per event inside the data,
#: ``event_date`` ascending, as :func:`analytics.events.calc_prepared_parts` gives it) and its
#: outcome value columns by name (one row per event and horizon, event-major).
FrameParts = tuple[pd.DataFrame, dict[str, np.ndarray]]


@dataclass(frozen=True, eq=False)
class FrameGrid:
    """The parts of one prepared frame, whole, for every candidate event (read-only arrays).

    Attributes:
        dates: The frame's dates (``datetime64[ns]``).
        grid: ``(offsets, candidates)`` grid values; NaN columns for candidates outside the data.
        outcomes: Outcome value columns by name, ``candidates * horizons`` rows (event-major).
    """

    dates: np.ndarray
    grid: np.ndarray
    outcomes: dict[str, np.ndarray]


@dataclass(frozen=True, eq=False)
class StudyParts:
    """The parts of a pair and its rates for every candidate event, once per data version
    (:func:`full_parts`); :func:`parts_as_of` masks them for the events known on a date.
    Read-only: threads may share one.

    Attributes:
        candidates: The event dates the parts hold (sorted, unique, ``datetime64[ns]``); empty
            when the dates are not all midnight (nothing to mask then).
        days: Grid offsets in calendar days.
        months: The grid's index (``days / AVG_MONTH_DAYS``, named ``months``).
        horizons: Outcome horizons (months).
        when: ``(candidates, horizons)`` horizon dates.
        pair: The relative parts of the pair.
        rates: The change parts of each rate.
    """

    candidates: np.ndarray
    days: np.ndarray
    months: pd.Index
    horizons: tuple[int, ...]
    when: np.ndarray
    pair: FrameGrid
    rates: dict[str, FrameGrid]


def full_parts(pair: pd.DataFrame, rates: dict[str, pd.DataFrame], candidates: Iterable, *, days: np.ndarray,
               horizons: tuple[int, ...], before_months: int, after_months: int,
               month_ends: bool = False) -> StudyParts:
    """:func:`analytics.events.calc_prepared_parts` of the whole ``pair`` (``kind="relative"``)
    and ``rates`` (``"change"``; each non-empty) at every date of ``candidates``.

    Raises:
        ValueError: as :func:`analytics.events.calc_prepared_parts` does.
    """
    events = event_index(candidates)
    frames = [pair, *rates.values()]
    if not all(_midnight(frame.index) for frame in frames) or not _midnight(events):
        events = events[:0]
    days = np.array(days, dtype="int64")  # a copy: locked below
    spec = dict(days=days, horizons=horizons, before_months=before_months, after_months=after_months,
                month_ends=month_ends)
    when = np.column_stack([horizon_dates(events, h, month_ends=month_ends).to_numpy()
                            for h in horizons]).reshape(len(events), len(horizons))
    candidates = _nanoseconds(events)
    _lock(days, when, candidates)
    return StudyParts(
        candidates=candidates, days=days, months=pd.Index(days / AVG_MONTH_DAYS, name="months"),
        horizons=tuple(horizons), when=when, pair=_frame_grid(pair, events, "relative", spec),
        rates={name: _frame_grid(frame, events, "change", spec) for name, frame in rates.items()})


def _midnight(index: pd.DatetimeIndex) -> bool:
    return index.tz is None and bool(index.is_normalized)


def _nanoseconds(index: pd.DatetimeIndex) -> np.ndarray:
    return index.to_numpy().astype("datetime64[ns]")


def _lock(*arrays: np.ndarray) -> None:
    for array in arrays:
        array.flags.writeable = False


def _frame_grid(frame: pd.DataFrame, events: pd.DatetimeIndex, kind: Literal["relative", "change"],
                spec: dict) -> FrameGrid:
    # No offset is after the end: it is masked per as-of date.
    end = frame.index[-1] + pd.Timedelta(days=int(max(spec["days"].max(initial=0), 0)) + 1)
    grid, table = calc_prepared_parts(frame, events, end=end, kind=kind, **spec)
    values = np.full((len(spec["days"]), len(events)), np.nan)
    values[:, events.get_indexer(grid.columns)] = grid.to_numpy(dtype=float)
    names = ["small", "large", "value"] if kind == "relative" else ["value"]
    outcomes = {name: table[name].to_numpy(dtype=float) for name in names}
    dates = _nanoseconds(frame.index)
    _lock(dates, values, *outcomes.values())
    return FrameGrid(dates, values, outcomes)


def parts_as_of(parts: StudyParts, dates: pd.DatetimeIndex, as_of: pd.Timestamp
                ) -> tuple[FrameParts, dict[str, FrameParts]] | None:
    """The parts of the pair cut at ``as_of`` (``end=as_of``) and of each rate with data on or
    before it (``end`` its last observation then) at the events ``dates`` (sorted, unique; from
    :func:`analytics.events.event_index`), as :func:`analytics.events.calc_prepared_parts` gives
    them (the outcomes as columns); ``None`` when a date is not a candidate or the pair has no
    row on or before ``as_of``."""
    events = _nanoseconds(dates)
    pos = np.minimum(parts.candidates.searchsorted(events), len(parts.candidates) - 1)
    if not len(parts.candidates) or (parts.candidates[pos] != events).any():
        return None
    as_of = pd.Timestamp(as_of).to_datetime64().astype("datetime64[ns]")
    pair = _frame_as_of(parts, parts.pair, pos, dates, events, as_of, as_of)
    if pair is None:
        return None
    rates = {}
    for name, frame in parts.rates.items():
        n = frame.dates.searchsorted(as_of, side="right")
        if n:
            rates[name] = _frame_as_of(parts, frame, pos, dates, events, as_of, frame.dates[n - 1])
    return pair, rates


def _frame_as_of(parts: StudyParts, frame: FrameGrid, pos: np.ndarray, dates: pd.DatetimeIndex, events: np.ndarray,
                 as_of: np.datetime64, end: np.datetime64) -> FrameParts | None:
    """One frame's parts cut at ``as_of`` with offsets after ``end`` NaN; ``None``: no row."""
    n = frame.dates.searchsorted(as_of, side="right")
    if not n:
        return None
    last = frame.dates[n - 1]
    inside = (events >= frame.dates[0]) & (events <= last)
    values = frame.grid[:, pos[inside]]
    values[parts.days[:, None] > ((end - events[inside]) // np.timedelta64(1, "D"))[None, :]] = np.nan
    # the columns as calc_prepared_parts builds them (from a list: an empty one is datetime64[s])
    columns = pd.DatetimeIndex(list(dates[inside]), name="event_date")
    grid = pd.DataFrame(values, index=parts.months, columns=columns)
    k = len(parts.horizons)
    reached = (inside[:, None] & (parts.when[pos] <= last)).ravel()
    rows = (pos[:, None] * k + np.arange(k)).ravel()
    return grid, {name: np.where(reached, column[rows], np.nan) for name, column in frame.outcomes.items()}

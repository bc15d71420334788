"""Fed-cycle event study: relative performance around each event of a type (pure; no I/O).

For an event type (``first_hike``, ``last_hike``, ``first_cut``, ``last_cut``) the events come
from the Fed target path (:mod:`analytics.regimes`) *as known on the as-of date*: moves are
those announced by then (a decision is public before that day's close; the module's as-of
rule), the last one is flagged provisional, and every series is cut at that date, so neither
the paths nor the table use data the analyst could not have had.

Paths are small caps' relative return since each event (``(1 + small) / (1 + large) - 1``,
:mod:`analytics.events`, decimal) from 6 months before to 24 months after, sampled on a common grid of calendar days (weekly),
so the events can be drawn on one "months after the event" axis and their median taken per
grid point. The median is drawn where at least half of the events with data have a value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Iterable

import numpy as np
import pandas as pd

from analytics.event_study_engine import FrameParts, StudyParts, full_parts, parts_as_of
from analytics.events import (
    AVG_MONTH_DAYS, calc_prepared_parts, cut_at, event_index, prepare_levels, prepare_pair, summarize_values,
)
from analytics.regimes import (
    FIRST_TARGET_DATE, announced_by, calc_dff_cycles, calc_fed_cycles, calc_fed_events, calc_fed_moves, join_cycles,
)
from analytics.series import calendar_day, calendar_dates, observation_freq

#: Event types and their words.
EVENT_WORDS = {"first_hike": "first hike", "last_hike": "last hike",
               "first_cut": "first cut", "last_cut": "last cut"}


class NoEvents(ValueError):
    """No event of the asked type lies within the data (the message says which window)."""


def event_label(date: pd.Timestamp, provisional: bool) -> str:
    """``"2023-07-26"`` or ``"2025-12-10 (provisional)"``."""
    return f"{pd.Timestamp(date):%Y-%m-%d}" + (" (provisional)" if provisional else "")


TARGET_KEYS = ("DFEDTAR", "DFEDTARU", "DFEDTARL")
#: Rate series shown around the events (key -> short label); optional.
RATE_KEYS = {"BAMLH0A0HYM2": "HY OAS", "DGS10": "10-year yield"}
BEFORE_MONTHS, AFTER_MONTHS = 6, 24
HORIZONS = (3, 6, 12)
#: Spacing of the common grid the paths are sampled on (calendar days).
GRID_STEP_DAYS = 7


@dataclass(frozen=True)
class EventStudy:
    """Everything the regimes panel shows.

    Attributes:
        events: The usable events: ``date`` (announcement), ``provisional``, ``label``.
        paths: Relative return since each event (decimal), one column per event
            label, on the grid index ``months`` (months after the event).
        median: Median of ``paths`` across events per grid point (decimal; NaN where fewer
            than half of the events have a value).
        rates: Median change since the event (pp) of each rate, one column per rate label;
            may have no columns.
        outcomes: One row per event and horizon: ``event_date``, ``horizon``, ``label``,
            ``small``, ``large``, ``relative`` (decimal returns) and one column per rate
            label (pp changes); NaN where the horizon is after the as-of date.
        summaries: :func:`analytics.events.summarize_outcomes` per outcome column.
        as_of: The date the study is as of.
        skipped: Events before the first common observation of the two series (no data).
        month_ends: The pair is observed monthly: each event is measured from the month-end on
            or after its date (``date``; ``announced`` keeps the event's own date), so that no
            month before the event is in its outcome (from the month-end before, the 12 months
            after the 2018-12-19 hike would hold December 2018 up to the hike and not December 2019).
    """

    events: pd.DataFrame
    paths: pd.DataFrame
    median: pd.Series
    rates: pd.DataFrame
    outcomes: pd.DataFrame
    summaries: dict[str, pd.DataFrame]
    as_of: pd.Timestamp
    skipped: int
    month_ends: bool = False


def grid_days(before_months: int = BEFORE_MONTHS, after_months: int = AFTER_MONTHS,
              step_days: int = GRID_STEP_DAYS) -> np.ndarray:
    """Calendar-day offsets from the event: multiples of ``step_days``, always including 0."""
    before = int(math.floor(before_months * AVG_MONTH_DAYS))
    after = int(math.floor(after_months * AVG_MONTH_DAYS))
    return np.concatenate([-np.arange(step_days, before + 1, step_days)[::-1],
                           np.arange(0, after + 1, step_days)])


def to_event_grid(windows: pd.DataFrame, *, end: pd.Timestamp, column: str = "value",
                  days: np.ndarray | None = None) -> pd.DataFrame:
    """Sample each event's path on common calendar-day offsets (last value on or before).

    For windows already built; :func:`analytics.events.calc_event_grid` samples a series
    directly (the same values, without the long table).

    Args:
        windows: Long output of :func:`analytics.events.calc_event_window` or
            :func:`analytics.events.calc_relative_event_window` (each event's rows in date
            order; the events in any order).
        end: Last date of the data: offsets after it are NaN (the path has not happened).
        column: The column to sample (``"value"``).
        days: Offsets in calendar days from the event date; default :func:`grid_days`.

    Returns:
        Wide DataFrame: index ``months`` (``days / AVG_MONTH_DAYS``), one column per event
        date (in order), NaN before a path's first row and after ``end``.
    """
    days = grid_days() if days is None else np.asarray(days)
    if windows["event_date"].hasnans:
        windows = windows.loc[windows["event_date"].notna()]
    # The rows by event as groupby gives them: events ascending, each event's rows in their order.
    order = np.argsort(windows["event_date"].to_numpy(), kind="stable")
    event_of_row = windows["event_date"].to_numpy()[order]
    offsets = (windows["date"].to_numpy()[order] - event_of_row) // np.timedelta64(1, "D")  # floored days
    values = windows[column].to_numpy(dtype=float)[order]
    _, starts = np.unique(event_of_row, return_index=True)
    events = list(windows["event_date"].iloc[order[starts]])
    bounds = [*starts, len(order)]
    sampled = np.full((len(days), len(events)), np.nan)
    for j, event in enumerate(events):
        block_offsets, block_values = offsets[bounds[j]:bounds[j + 1]], values[bounds[j]:bounds[j + 1]]
        pos = np.searchsorted(block_offsets, days, side="right") - 1
        sampled[:, j] = np.where(pos >= 0, block_values[np.maximum(pos, 0)], np.nan)
        sampled[days > (end - event).days, j] = np.nan
    index = pd.Index(days / AVG_MONTH_DAYS, name="months")
    return pd.DataFrame(sampled, index=index, columns=pd.DatetimeIndex(events, name="event_date"))


def to_median_path(paths: pd.DataFrame) -> pd.Series:
    """Median across columns per row where at least half of the columns with data have a value."""
    values = paths.to_numpy(dtype=float)
    values = values[:, ~np.isnan(values).all(axis=0)]  # the columns with data
    if values.shape[1] == 0:
        return pd.Series(np.nan, index=paths.index, name="median")
    count = (~np.isnan(values)).sum(axis=1)
    enough = count >= math.ceil(values.shape[1] / 2)
    # np.nanmedian by row as its masked-array path computes it (to the bit, -0.0 included): NaN
    # filled with inf and argsorted, the two middle values (the middle one twice for an odd
    # count) summed by a row sum and halved
    filled = np.where(np.isnan(values), np.inf, values)
    ordered = np.take_along_axis(filled, filled.argsort(axis=1), axis=1)
    high = np.minimum(count // 2, values.shape[1] - 1)
    low = np.maximum(np.where(count % 2 == 1, high, high - 1), 0)
    median = np.take_along_axis(ordered, np.column_stack([low, high]), axis=1).sum(axis=1) / 2.0
    return pd.Series(np.where(enough, median, np.nan), index=paths.index, name="median")


def fed_events_as_of(target: pd.Series, as_of: pd.Timestamp, *, dff: pd.Series | None = None,
                     moves: pd.DataFrame | None = None) -> pd.DataFrame:
    """The Fed's cycle events known on ``as_of``: :func:`analytics.regimes.calc_fed_events` of
    the cycles of the moves in ``target`` up to that day; with ``dff``, preceded by the
    pre-target era's cycles (:func:`analytics.regimes.calc_dff_cycles`, 1954 to 1982).

    ``moves``: :func:`analytics.regimes.calc_fed_moves` of the whole ``target`` when the caller
    keeps it (one per data version): the moves known on ``as_of`` are those announced by then
    (:func:`analytics.regimes.announced_by`; a move is a change between consecutive
    observations, both on or before its effective date), so they are cut from it instead of
    computed again.
    """
    moves = calc_fed_moves(target, as_of=as_of) if moves is None else announced_by(moves, as_of)
    cycles = calc_fed_cycles(moves)
    if dff is not None:
        cycles = join_cycles(calc_dff_cycles(dff, as_of=as_of), cycles)
    return calc_fed_events(cycles)


@dataclass(frozen=True)
class StudyInputs:
    """The series of an event study checked and aligned once (:func:`prepare_study`), for
    studies at many as-of dates (:func:`study_as_of`).

    Attributes:
        pair: :func:`analytics.events.prepare_pair` of the pair (NaN dropped).
        rates: :func:`analytics.events.prepare_levels` (``kind="change"``) of each rate with data.
        start: The later of the two series' first observations.
        end: The earlier of their last observations (the latest as-of date).
        parts: The grids and outcomes of the whole pair and rates at the candidate event dates
            (:mod:`analytics.event_study_engine`), or ``None``.
        month_ends: The pair is observed monthly (see :class:`EventStudy`).
    """

    pair: pd.DataFrame
    rates: dict[str, pd.DataFrame]
    start: pd.Timestamp
    end: pd.Timestamp
    parts: StudyParts | None = None
    month_ends: bool = False


def prepare_study(small: pd.Series, large: pd.Series, rates: dict[str, pd.Series] | None = None, *,
                  candidates: Iterable | None = None) -> StudyInputs:
    """The pair and rates of :func:`compute_event_study` checked once for every as-of date.

    ``candidates``: the dates any event may have (e.g. every move's announcement date): their
    grids and outcomes are computed here on the whole data, and :func:`study_as_of` masks them
    for the events known on its date instead of computing them on the data cut there (a date
    with an event outside them is computed so).

    Raises:
        NoEvents: when either series has no observation.
        ValueError: on bad series anywhere in them (:func:`compute_event_study` checks only the
            observations up to its as-of date: use it when this raises).
    """
    small, large = _observed(small, large)
    observed = {name: calendar_dates(levels.dropna()) for name, levels in (rates or {}).items()}
    prepared = {name: prepare_levels(levels, kind="change") for name, levels in observed.items() if not levels.empty}
    pair = prepare_pair(small, large)
    monthly = is_monthly(small, large)
    if monthly and candidates is not None:
        candidates = measured_dates(candidates)
    parts = None if candidates is None else full_parts(
        pair, prepared, candidates, days=grid_days(), horizons=HORIZONS, before_months=BEFORE_MONTHS,
        after_months=AFTER_MONTHS, month_ends=monthly)
    return StudyInputs(pair, prepared, max(small.index[0], large.index[0]), min(small.index[-1], large.index[-1]),
                       parts, monthly)


def is_monthly(small: pd.Series, large: pd.Series) -> bool:
    """Whether either side of the pair is observed monthly (a Ken French portfolio)."""
    return "M" in (observation_freq(small.index), observation_freq(large.index))


def measured_dates(dates) -> pd.DatetimeIndex:
    """The month-end on or after each date: where a monthly pair's event is measured from."""
    return pd.DatetimeIndex(dates) + pd.offsets.MonthEnd(0)


def _observed(small: pd.Series, large: pd.Series) -> tuple[pd.Series, pd.Series]:
    """The pair's observations on their calendar days (events' dates carry no time zone)."""
    small, large = calendar_dates(small.dropna()), calendar_dates(large.dropna())
    if small.empty or large.empty:
        raise NoEvents("the small- or large-cap series has no observations")
    return small, large


def compute_event_study(
    small: pd.Series,
    large: pd.Series,
    target: pd.Series,
    *,
    event: str,
    as_of: pd.Timestamp | None = None,
    rates: dict[str, pd.Series] | None = None,
    fed_events: Callable[[pd.Timestamp], pd.DataFrame] | None = None,
) -> EventStudy:
    """The event study of ``event`` as of ``as_of`` (pure; no I/O).

    Args:
        small: Small-cap levels (positive).
        large: Large-cap levels (positive).
        target: Daily fed funds target in percent (:func:`analytics.regimes.to_fed_target`).
        event: ``first_hike``, ``last_hike``, ``first_cut`` or ``last_cut``.
        as_of: Use only moves and observations on or before this date; default and upper
            bound: the last common date of ``small`` and ``large``.
        rates: Optional rate levels in percent by label (``{"HY OAS": ..., ...}``).
        fed_events: ``fed_events(t)`` gives :func:`fed_events_as_of` ``(target, t)``; pass a
            memoised one to share it between pairs (it depends on the target only).

    Returns:
        :class:`EventStudy`; :func:`study_as_of` gives the same from series prepared once.

    Raises:
        NoEvents: (a ValueError) when no event of this type lies within the data up to ``as_of``.
        ValueError: from the analytics (bad series).
    """
    _check_event(event)
    small, large = _observed(small, large)
    start, end = max(small.index[0], large.index[0]), min(small.index[-1], large.index[-1])
    as_of = end if as_of is None else min(calendar_day(as_of), end)
    monthly = is_monthly(small, large)
    usable, skipped = _usable_events(event, as_of, start, target, fed_events, month_ends=monthly)
    cut = {name: calendar_dates(levels.dropna()).loc[:as_of] for name, levels in (rates or {}).items()}
    return _study(prepare_pair(small.loc[:as_of], large.loc[:as_of]),
                  {name: prepare_levels(levels, kind="change") for name, levels in cut.items() if not levels.empty},
                  usable, skipped, as_of, monthly)


def study_as_of(inputs: StudyInputs, *, event: str, as_of: pd.Timestamp | None = None,
                fed_events: Callable[[pd.Timestamp], pd.DataFrame]) -> EventStudy:
    """:func:`compute_event_study` of the series of ``inputs`` (:func:`prepare_study`) as of
    ``as_of``: the same study, the prepared frames cut at the date instead of checked again, or,
    when ``inputs`` holds the parts of every event known then, those parts masked at the date.

    Raises:
        NoEvents, ValueError: as :func:`compute_event_study` does.
    """
    _check_event(event)
    as_of = inputs.end if as_of is None else min(calendar_day(as_of), inputs.end)
    usable, skipped = _usable_events(event, as_of, inputs.start, None, fed_events, month_ends=inputs.month_ends)
    if inputs.parts is not None:
        dates = event_index(usable["date"])
        masked = parts_as_of(inputs.parts, dates, as_of)
        if masked is not None:
            return _assemble(usable, skipped, as_of, dates, *masked, month_ends=inputs.month_ends)
    rates = {name: cut for name, frame in inputs.rates.items() if not (cut := cut_at(frame, as_of)).empty}
    return _study(cut_at(inputs.pair, as_of), rates, usable, skipped, as_of, inputs.month_ends)


def _check_event(event: str) -> None:
    if event not in EVENT_WORDS:
        raise ValueError(f"event must be one of {', '.join(EVENT_WORDS)}, got {event!r}")


def _usable_events(event: str, as_of: pd.Timestamp, data_start: pd.Timestamp, target: pd.Series | None,
                   fed_events: Callable[[pd.Timestamp], pd.DataFrame] | None, *,
                   month_ends: bool = False) -> tuple[pd.DataFrame, int]:
    """The events of type ``event`` known on ``as_of`` from ``data_start`` on (``date``,
    ``provisional``, ``label``, ``announced``) and how many earlier ones were skipped. With
    ``month_ends`` (a monthly pair) ``date`` is the month-end on or after ``announced``, where
    the event is measured from, and the label says so ("2018-12-19, from 2018-12-31").

    Raises:
        NoEvents: when there is none.
    """
    events = fed_events(as_of) if fed_events is not None else fed_events_as_of(target, as_of)
    # the arrays of the columns (their dtypes kept), not a pandas selection per date
    date, provisional = events["date"].array, events["provisional"].array
    of_type = np.asarray(events["event"].array == event, dtype=bool)
    date, provisional = date[of_type], provisional[of_type]
    keep = np.asarray(date >= data_start, dtype=bool)
    skipped = len(date) - int(keep.sum())
    if not keep.any():
        if as_of < data_start:  # ("between 1987-09-10 and 1985-01-01": dates the wrong way round)
            raise NoEvents(f"no {EVENT_WORDS[event]}: the as-of date {as_of:%Y-%m-%d} is before the pair's data "
                           f"(from {data_start:%Y-%m-%d})")
        raise NoEvents(f"no {EVENT_WORDS[event]} between {data_start:%Y-%m-%d} and {as_of:%Y-%m-%d}"
                       + (f" ({skipped} earlier, before the data start)" if skipped else ""))
    announced, provisional = pd.DatetimeIndex(date[keep]), provisional[keep]
    measured = measured_dates(announced) if month_ends else announced
    labels = [event_label(d, p) + (f", from {m:%Y-%m-%d}" if m != d else "")
              for d, m, p in zip(announced, measured, provisional)]
    return pd.DataFrame({"date": measured, "provisional": provisional, "label": labels, "announced": announced}), skipped


def _study(pair: pd.DataFrame, rates: dict[str, pd.DataFrame], usable: pd.DataFrame, skipped: int,
           as_of: pd.Timestamp, month_ends: bool = False) -> EventStudy:
    """The study of the events ``usable`` on the prepared frames cut at ``as_of``."""
    dates = event_index(usable["date"])
    spec = dict(days=grid_days(), horizons=HORIZONS, before_months=BEFORE_MONTHS, after_months=AFTER_MONTHS,
                month_ends=month_ends)  # (a monthly pair's horizons are month-ends; its rates' too)
    paths, relative = calc_prepared_parts(pair, dates, end=as_of, kind="relative", **spec)
    rate_parts = {}
    for name, levels in rates.items():
        # Same event dates and horizons as the relative outcomes: the same rows in the same order.
        grid, table = calc_prepared_parts(levels, dates, end=min(as_of, levels.index[-1]), kind="change", **spec)
        rate_parts[name] = grid, {"value": table["value"].to_numpy()}
    columns = {c: relative[c].to_numpy() for c in ("small", "large", "value")}
    return _assemble(usable, skipped, as_of, dates, (paths, columns), rate_parts, month_ends=month_ends)


def _assemble(usable: pd.DataFrame, skipped: int, as_of: pd.Timestamp, dates: pd.DatetimeIndex,
              pair: FrameParts, rates: dict[str, FrameParts], *, month_ends: bool = False) -> EventStudy:
    """The study from the parts of the events ``dates`` (:func:`analytics.events.event_index` of
    ``usable``'s) on the pair and each rate with data as of ``as_of``."""
    labels = dict(zip(usable["date"], usable["label"]))
    paths, relative = pair
    paths = paths.rename(columns=labels)
    event_dates = dates.to_numpy().repeat(len(HORIZONS))
    outcomes = {"event_date": event_dates, "horizon": np.tile(np.asarray(HORIZONS, dtype="int64"), len(dates)),
                "label": [labels[d] for d in pd.DatetimeIndex(event_dates)], "small": relative["small"],
                "large": relative["large"], "relative": relative["value"]}
    rate_paths = {}
    for name, (grid, columns) in rates.items():
        if grid.shape[1]:  # some event inside the rate's data
            rate_paths[name] = to_median_path(grid)
        outcomes[name] = columns["value"]
    horizon = outcomes["horizon"]
    summaries = {c: summarize_values(horizon, values) for c, values in outcomes.items()
                 if c not in ("event_date", "horizon", "label")}
    outcomes = pd.DataFrame(outcomes)
    return EventStudy(
        events=usable, paths=paths, median=to_median_path(paths),
        rates=pd.DataFrame(rate_paths, index=paths.index), outcomes=outcomes,
        summaries=summaries, as_of=as_of, skipped=skipped, month_ends=month_ends,
    )

"""Fed policy regimes from the fed funds target path (pure pandas/numpy).

Pipeline::

    target = to_fed_target(dfedtar, dfedtaru, dfedtarl, dff=dff)   # daily, percent
    moves = calc_fed_moves(target)                                  # one row per target change
    cycles = calc_fed_cycles(moves)                                 # runs of same-direction moves
    regime = to_fed_regime(target, cycles)                          # "hiking" / "cutting" / "hold"
    events = calc_fed_events(cycles)                                # first/last hike/cut dates

Units: every rate is in percent (``5.375`` = 5.375 %) and every change in
percentage points (``-0.25`` = a quarter-point cut).

Dating (checked on the FRED data in ``shared/data/fred``):

* FRED dates a target change on the first day the series shows the new value. That
  date is the ``effective_date`` of a move here. It is FRED's date, not always the
  legal one: the Fed's implementation notes made the December 2015 and December 2016
  changes effective the day after the decision, yet FRED shows them on the decision day.
* The 1982-1989 part of DFEDTAR is a reconstruction of an unannounced target: it moves
  in steps as small as 1/16 pp, often between FOMC meetings and back and forth within
  weeks, so that decade has many short (often one-move) cycles. Filter by date if an
  analysis should start in, e.g., 1990.
* Analysts cite the FOMC announcement (decision) date. FRED's convention relative to it
  changed once:

  - DFEDTAR (1982-09-27 .. 2008-12-15) and DFEDTARU/DFEDTARL up to the December 2016
    decision: the change shows on the announcement day itself (2001-01-03 intermeeting
    cut, 2004-06-30 first hike, 2008-10-08 coordinated cut, 2008-12-16 switch to the
    0-0.25 range, 2015-12-16 first hike, 2016-12-14 hike).
  - From the March 2017 decision on: the change shows the day after the announcement
    (2017-03-15 decision -> 2017-03-16, 2019-07-31 -> 2019-08-01, the Sunday
    2020-03-15 emergency cut -> Monday 2020-03-16, 2022-03-16 -> 2022-03-17,
    2023-07-26 -> 2023-07-27, 2024-09-18 -> 2024-09-19).

  Hence ``announcement_date = effective_date`` for effective dates before
  :data:`DAY_AFTER_CONVENTION_START` (2017-01-01) and ``effective_date - 1 calendar
  day`` from then on. Before 1994 the Fed did not announce its target; for those
  years the "announcement date" is simply the date the target changed.

As-of use: a move is known as of a date ``d`` when it was announced on or before ``d``
(``announcement_date <= d``): the FOMC publishes its decision at 2 p.m., before the close that
``d``'s figures use, so an analyst writing that evening knows it. In the day-after era FRED
shows the new target only from the next day, so the moves as of ``d`` read the target series up
to ``d`` + :data:`KNOWN_AHEAD` (one day) and keep those announced by ``d``; nothing else of the
next day is used. ``calc_fed_moves`` and ``calc_fed_cycles`` take ``as_of``; the last cycle of
any result is flagged ``provisional`` because a later move in the same direction may still
extend it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from analytics.series import calendar_day, calendar_dates, check_series

#: First observation of FRED's DFEDTAR. Days before it have no target; DFF may fill them.
FIRST_TARGET_DATE = pd.Timestamp("1982-09-27")
#: First day of the DFEDTARU/DFEDTARL range era; DFEDTAR is used up to the day before.
RANGE_START_DATE = pd.Timestamp("2008-12-16")
#: Effective dates on or after this show the change the day after the announcement.
DAY_AFTER_CONVENTION_START = pd.Timestamp("2017-01-01")
#: How far past an as-of date the target series is read for the moves announced by then (the
#: effective date of a day-after-era move is one day after its announcement).
KNOWN_AHEAD = pd.Timedelta(days=1)

REGIME_LABELS = ("hiking", "cutting", "hold")
EVENT_TYPES = ("first_hike", "last_hike", "first_cut", "last_cut")

_MOVE_COLUMNS = ["effective_date", "announcement_date", "old", "new", "change", "direction"]
_CYCLE_COLUMNS = [
    "cycle_id", "direction", "first_date", "last_date", "first_effective_date",
    "last_effective_date", "n_moves", "start_rate", "end_rate", "total_change", "provisional",
]
_EVENT_COLUMNS = ["event", "date", "effective_date", "cycle_id", "provisional"]
# Changes are rounded to this many decimals: FRED targets are multiples of 1/16 pp and
# range midpoints multiples of 1/8 pp, so this only removes float noise.
_DECIMALS = 6


def _timestamp(value, name: str) -> pd.Timestamp:
    """``value`` as a date on its calendar day (without a time zone, as :func:`_daily`'s)."""
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name}={value!r} is not a date: {exc}") from None
    if pd.isna(stamp):
        raise ValueError(f"{name} must be a date, got NaT")
    return calendar_day(stamp)


def _daily(series, name: str) -> pd.Series:
    """A daily rate series in percent, checked, on its calendar days: dates with a time zone
    are read as the days they are in it (the module's dates carry none)."""
    return calendar_dates(check_series(series, name, unit="percent"))


def to_fed_target(
    dfedtar: pd.Series,
    dfedtaru: pd.Series,
    dfedtarl: pd.Series,
    dff: pd.Series | None = None,
) -> pd.Series:
    """Splice FRED's target series into one daily fed funds target path.

    Rules, applied on a calendar-day index:

    * up to and including 2008-12-15: DFEDTAR (values of DFEDTAR after that day are ignored);
    * from 2008-12-16: the midpoint ``(DFEDTARU + DFEDTARL) / 2`` (range values before that
      day are ignored). The 2008-12-16 switch from 1.00 to the 0-0.25 range (midpoint 0.125)
      therefore shows as a 0.875 pp cut, as it was;
    * the target is a step function: calendar days without an observation between the first
      and the last target observation take the last known target (forward fill). DFF never
      fills those gaps, because its daily noise would create fake moves;
    * ``dff`` (effective fed funds rate), when given, fills only days before
      :data:`FIRST_TARGET_DATE` (1982-09-27, the first DFEDTAR observation), where no target
      exists; it is forward filled within that stretch. If ``dfedtar`` starts later than
      1982-09-27, the days from 1982-09-27 to its first observation stay NaN.
      :func:`calc_fed_moves` derives no moves from days before 1982-09-27 (see its
      ``moves_from``), so the DFF stretch is for display only.
    * the result ends at the last target observation; it is not extended with DFF.

    Args:
        dfedtar: DFEDTAR, the single target rate (percent), 1982-09-27..2008-12-15.
        dfedtaru: DFEDTARU, upper limit of the target range (percent), from 2008-12-16.
        dfedtarl: DFEDTARL, lower limit of the target range (percent), from 2008-12-16.
        dff: DFF, the effective fed funds rate (percent), optional.

    Returns:
        Daily (calendar-day) series of the target in percent, named ``"fed_target"``.

    Dates with a time zone are read as the calendar days they are in it (the path's days, as the
    as-of dates it is compared with, carry none).

    Raises:
        ValueError: on a non-Series or unsorted/duplicated index, when the upper limit is
            below the lower limit on a date, or when no target observation is left.
    """
    dfedtar = _daily(dfedtar, "dfedtar")
    upper = _daily(dfedtaru, "dfedtaru")
    lower = _daily(dfedtarl, "dfedtarl")
    both = pd.concat([upper, lower], axis=1, join="inner").dropna()
    bad = both.index[both.iloc[:, 0] < both.iloc[:, 1]]
    if len(bad):
        raise ValueError(f"dfedtaru is below dfedtarl on {len(bad)} date(s), first {bad[0]:%Y-%m-%d}; "
                         "were the upper and lower limits swapped?")
    target = target_observations(dfedtar, upper, lower)
    if target.empty:
        raise ValueError("no target observation: dfedtar (to 2008-12-15) and dfedtaru/dfedtarl "
                         "(from 2008-12-16) are all empty or NaN")
    start, end = target.index[0], target.index[-1]
    filled = target.reindex(pd.date_range(start, end, freq="D")).ffill()
    if dff is not None:
        dff = _daily(dff, "dff").dropna()
        dff = dff.loc[: FIRST_TARGET_DATE - pd.Timedelta(days=1)]
        if not dff.empty:
            days = pd.date_range(dff.index[0], FIRST_TARGET_DATE - pd.Timedelta(days=1), freq="D")
            early = dff.reindex(days).ffill()
            early = early.loc[: start - pd.Timedelta(days=1)]
            gap = pd.date_range(FIRST_TARGET_DATE, start - pd.Timedelta(days=1), freq="D")
            filled = pd.concat([early, pd.Series(np.nan, index=gap), filled])
    filled.index.name = "date"
    return filled.rename("fed_target")


def target_observations(dfedtar: pd.Series, upper: pd.Series, lower: pd.Series) -> pd.Series:
    """The target's own observations, before :func:`to_fed_target` fills the calendar: DFEDTAR up
    to 2008-12-15, then the midpoint of the range on the days both limits are observed
    (checked series, see :func:`to_fed_target`)."""
    single = dfedtar.loc[: RANGE_START_DATE - pd.Timedelta(days=1)].dropna()
    midpoint = ((upper + lower) / 2.0).loc[RANGE_START_DATE:].dropna()
    return pd.concat([single, midpoint])


def to_announcement_date(
    effective_date: pd.Timestamp, *, day_after_from: pd.Timestamp | None = DAY_AFTER_CONVENTION_START
) -> pd.Timestamp:
    """Map the first day FRED shows a new target to the FOMC announcement date.

    Args:
        effective_date: First day the series shows the new target.
        day_after_from: Effective dates on or after this are one day after the announcement
            (default 2017-01-01, see the module docstring); earlier ones are the announcement
            day itself. ``None`` means every change is dated on its announcement day.

    Returns:
        The announcement date (midnight timestamp).
    """
    effective_date = _timestamp(effective_date, "effective_date")
    if day_after_from is not None and effective_date >= pd.Timestamp(day_after_from):
        return effective_date - pd.Timedelta(days=1)
    return effective_date


def calc_fed_moves(
    target: pd.Series,
    *,
    as_of: pd.Timestamp | str | None = None,
    moves_from: pd.Timestamp | str | None = FIRST_TARGET_DATE,
    day_after_from: pd.Timestamp | str | None = DAY_AFTER_CONVENTION_START,
) -> pd.DataFrame:
    """List every change of the target path.

    A move is a change between two consecutive non-NaN observations (NaN days are skipped;
    a gap is never a move) by more than float noise (changes are rounded to 1e-6 pp). Its
    ``effective_date`` is the first observation showing the new value.

    Args:
        target: Daily target in percent, e.g. from :func:`to_fed_target`.
        as_of: Only the moves announced on or before this (the module docstring's as-of
            rule): the observations up to one day later are read for them, nothing else.
        moves_from: Only changes whose previous and new observations are both on or after
            this date count. Default 1982-09-27 keeps the DFF fill of :func:`to_fed_target`
            from producing moves. ``None`` uses the whole series.
        day_after_from: Passed to :func:`to_announcement_date`.

    Returns:
        DataFrame (RangeIndex, chronological) with columns ``effective_date``,
        ``announcement_date``, ``old`` and ``new`` (percent), ``change`` (pp, new - old) and
        ``direction`` (``"hike"`` or ``"cut"``).

    Raises:
        ValueError: on a non-Series, unsorted or duplicated index, or non-numeric values.
    """
    target = _daily(target, "target")
    if as_of is not None:
        as_of = _timestamp(as_of, "as_of")
        target = target.loc[: as_of + KNOWN_AHEAD]
    if moves_from is not None:
        target = target.loc[_timestamp(moves_from, "moves_from"):]
    values = target.dropna()
    if len(values) < 2:
        return _empty(_MOVE_COLUMNS, target.index.dtype)
    old = values.to_numpy()[:-1]
    new = values.to_numpy()[1:]
    change = np.round(new - old, _DECIMALS)
    hit = change != 0
    effective = values.index[1:][hit]
    day_after = None if day_after_from is None else _timestamp(day_after_from, "day_after_from")
    announcement = [to_announcement_date(d, day_after_from=day_after) for d in effective]
    moves = pd.DataFrame({
        "effective_date": effective,
        "announcement_date": pd.DatetimeIndex(announcement, dtype=effective.dtype),
        "old": old[hit],
        "new": new[hit],
        "change": change[hit],
        "direction": np.where(change[hit] > 0, "hike", "cut").astype(object),
    })
    return moves if as_of is None else announced_by(moves, as_of)


def announced_by(moves: pd.DataFrame, as_of: pd.Timestamp | str) -> pd.DataFrame:
    """The moves of a moves table known on ``as_of``: those announced on or before it
    (renumbered from 0)."""
    return moves.loc[moves["announcement_date"] <= _timestamp(as_of, "as_of")].reset_index(drop=True)


def _empty(columns: list[str], date_dtype) -> pd.DataFrame:
    """Empty table with the usual dtypes (dates in the resolution of the input)."""

    def dtype(column: str):
        if column.endswith("date"):
            return date_dtype
        if column in {"direction", "event"}:
            return "str"
        if column in {"cycle_id", "n_moves"}:
            return "int64"
        return bool if column == "provisional" else float

    return pd.DataFrame({c: pd.Series(dtype=dtype(c)) for c in columns})


def check_moves(moves: pd.DataFrame) -> pd.DataFrame:
    """``moves`` when it is a moves table (:func:`calc_fed_moves`) in chronological order.

    Raises:
        ValueError: a missing column, moves out of order or an unknown direction.
    """
    if not isinstance(moves, pd.DataFrame):
        raise ValueError(f"moves must be the DataFrame from calc_fed_moves, got {type(moves).__name__}")
    missing = [c for c in _MOVE_COLUMNS if c not in moves.columns]
    if missing:
        raise ValueError(f"moves lacks column(s) {missing}; build it with calc_fed_moves(target)")
    if not moves["effective_date"].is_monotonic_increasing:
        raise ValueError("moves are not in chronological order; sort by effective_date")
    bad = set(moves["direction"]) - {"hike", "cut"}
    if bad:
        raise ValueError(f"moves.direction must be 'hike' or 'cut', found {sorted(map(str, bad))}")
    return moves


def calc_fed_cycles(moves: pd.DataFrame, *, as_of: pd.Timestamp | str | None = None) -> pd.DataFrame:
    """Group moves into hiking and cutting cycles.

    A cycle is a maximal run of consecutive moves in the same direction. A hold between
    two moves, however long, does not break a cycle (e.g. the 2015-12-16 and 2016-12-14
    hikes, a year apart, are one cycle); only a move in the other direction starts a new
    one. So cycles alternate direction. Before 1994, a finished run one way of less than
    :data:`MINOR_CYCLE_PP` in all is no cycle: it and the run after it continue the cycle
    before it (:func:`_merge_minor`), whose moves are then not all one way.

    The last cycle is always ``provisional``: its last move is only final once a move in
    the other direction happens, which the data has not shown yet. No hold length confirms
    it (a 12-month rule would have split 2015-2018 and the 2024-2025 cutting cycle paused
    for 9 months). Symmetrically, the first cycle may have begun before the data: its
    first move is the first in the data (1982-10-01 for FRED's DFEDTAR).

    Args:
        moves: Output of :func:`calc_fed_moves`.
        as_of: Use only moves known on this date (announced on or before it).

    Returns:
        DataFrame, one row per cycle, with ``cycle_id`` (1, 2, ... chronological),
        ``direction`` (``"hike"``/``"cut"``), ``first_date``/``last_date`` (announcement
        dates of the first/last move), ``first_effective_date``/``last_effective_date``,
        ``n_moves``, ``start_rate`` (target before the first move, percent), ``end_rate``
        (after the last move), ``total_change`` (pp, end - start) and ``provisional``.

    Raises:
        ValueError: when ``moves`` is not a moves table.
    """
    moves = check_moves(moves)
    if as_of is not None:
        moves = announced_by(moves, as_of)
    if moves.empty:
        return _empty(_CYCLE_COLUMNS, moves["effective_date"].dtype)
    first = _cycle_starts(moves["direction"].to_numpy())
    return _cycle_table(moves, first, np.append(first[1:] - 1, len(moves) - 1))


#: Before the Fed announced its target (its first announced move: 4 February 1994), FRED's
#: reconstructed target moves in steps of 1/16 to 3/16 pp that no one reported as a decision; a
#: run of moves one way that adds up to less than this (pp) between runs the other way is no
#: cycle of its own (see :func:`_merge_minor`).
FIRST_ANNOUNCED_MOVE = pd.Timestamp("1994-02-04")
MINOR_CYCLE_PP = 0.25


def _merge_minor(moves: pd.DataFrame, first: np.ndarray, last: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Cycle bounds without the minor cycles of the unannounced era: a finished cycle (one the
    other way follows) whose last move is before :data:`FIRST_ANNOUNCED_MOVE` and whose total
    change is under :data:`MINOR_CYCLE_PP` joins the cycle before it together with the one after
    it (the 1987-07-02 cut of 1/8 pp inside the hikes of January to September 1987). The last
    cycle is never merged, so as of any date this uses the moves known then only."""
    dates = moves["announcement_date"].to_numpy()
    old, new = moves["old"].to_numpy(), moves["new"].to_numpy()
    cutoff = FIRST_ANNOUNCED_MOVE.to_datetime64()
    kept_first, kept_last = [int(first[0])], [int(last[0])]
    i = 1
    while i < len(first):
        if (i + 1 < len(first) and dates[last[i]] < cutoff
                and abs(new[last[i]] - old[first[i]]) < MINOR_CYCLE_PP - 1e-9):
            kept_last[-1] = int(last[i + 1])  # the minor run and the run after it continue the cycle before
            i += 2
            continue
        kept_first.append(int(first[i]))
        kept_last.append(int(last[i]))
        i += 1
    return np.asarray(kept_first, dtype=np.intp), np.asarray(kept_last, dtype=np.intp)


def _cycle_starts(direction: np.ndarray) -> np.ndarray:
    """The position of each cycle's first move: a cycle is a run of equal directions."""
    return np.flatnonzero(np.concatenate([[True], direction[1:] != direction[:-1]]))


def _cycle_table(moves: pd.DataFrame, first: np.ndarray, last: np.ndarray) -> pd.DataFrame:
    """The cycles table of the cycles whose first and last moves are at these positions of
    ``moves`` (the last one provisional), minor cycles of the unannounced era merged
    (:func:`_merge_minor`)."""
    first, last = _merge_minor(moves, first, last)
    column = {name: moves[name].to_numpy() for name in ("direction", "announcement_date", "effective_date", "old",
                                                        "new")}
    cycle_id = np.arange(1, len(first) + 1, dtype="int64")
    start_rate, end_rate = column["old"][first], column["new"][last]
    return pd.DataFrame({
        "cycle_id": cycle_id,
        "direction": column["direction"][first],
        "first_date": column["announcement_date"][first],
        "last_date": column["announcement_date"][last],
        "first_effective_date": column["effective_date"][first],
        "last_effective_date": column["effective_date"][last],
        "n_moves": (last - first + 1).astype("int64"),
        "start_rate": start_rate,
        "end_rate": end_rate,
        "total_change": np.round(end_rate - start_rate, _DECIMALS),
        "provisional": cycle_id == len(first),
    })


def _check_cycles(cycles: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(cycles, pd.DataFrame):
        raise ValueError(f"cycles must be the DataFrame from calc_fed_cycles, got {type(cycles).__name__}")
    missing = [c for c in _CYCLE_COLUMNS if c not in cycles.columns]
    if missing:
        raise ValueError(f"cycles lacks column(s) {missing}; build it with calc_fed_cycles(moves)")
    return cycles


def to_fed_regime(
    target: pd.Series,
    cycles: pd.DataFrame,
    *,
    anchor: Literal["announcement", "effective"] = "announcement",
    regime_from: pd.Timestamp | str | None = FIRST_TARGET_DATE,
) -> pd.Series:
    """Label each day of the target path ``"hiking"``, ``"cutting"`` or ``"hold"``.

    Rule: the days from a cycle's first move to its last move, both inclusive, carry the
    cycle's regime (``"hiking"`` for a hike cycle, ``"cutting"`` for a cut cycle), pauses
    inside the cycle included. Every other day is ``"hold"``: the days after a cycle's
    last move until the next cycle's first move, and the days before the first move.
    Days before ``regime_from`` (the DFF-only history) are NaN: no target, no regime.
    Single-move cycles cover exactly one day.

    Like the cycles, the labels are hindsight-consistent only up to the data: the days
    after the provisional last move of the final cycle are "hold" until a further move in
    the same direction turns them into that cycle's regime.

    Rejected alternatives: labelling by the sign of the trailing N-month target change
    (depends on N, lags, and splits the 2015-2018 cycle); starting "hold" after a fixed
    pause inside a cycle (a 9-12 month pause is common mid-cycle); labelling up to the next
    cycle's first move with the previous direction (mislabels long holds such as
    2006-06 .. 2007-09 as hiking).

    Args:
        target: Daily target (percent); only its index is used.
        cycles: Output of :func:`calc_fed_cycles`.
        anchor: ``"announcement"`` (default; the market reacts on the decision day) uses
            ``first_date``/``last_date``; ``"effective"`` uses the effective dates.
        regime_from: Days before this are NaN (default 1982-09-27); ``None`` labels all.

    Returns:
        Series of str on ``target``'s index, named ``"fed_regime"``.

    Raises:
        ValueError: on a bad target index, a non-cycles table or an unknown ``anchor``.
    """
    target = _daily(target, "target")
    cycles = _check_cycles(cycles)
    if anchor == "announcement":
        first, last = cycles["first_date"], cycles["last_date"]
    elif anchor == "effective":
        first, last = cycles["first_effective_date"], cycles["last_effective_date"]
    else:
        raise ValueError(f"anchor must be 'announcement' or 'effective', got {anchor!r}")
    index = target.index
    labels = np.full(len(index), "hold", dtype=object)
    days = index.to_numpy()
    for start, end, direction in zip(first, last, cycles["direction"]):
        inside = (days >= np.datetime64(start)) & (days <= np.datetime64(end))
        labels[inside] = "hiking" if direction == "hike" else "cutting"
    regime = pd.Series(labels, index=index, name="fed_regime", dtype=object)
    if regime_from is not None:
        regime[index < _timestamp(regime_from, "regime_from")] = np.nan
    return regime


def calc_fed_events(cycles: pd.DataFrame) -> pd.DataFrame:
    """First and last move of every cycle as dated events.

    Each cycle gives two events: ``first_hike``/``last_hike`` for a hiking cycle,
    ``first_cut``/``last_cut`` for a cutting cycle (the same move twice for a one-move
    cycle). The last event of the final (``provisional``) cycle is flagged
    ``provisional=True``; first events are never provisional. For an as-of list pass
    ``calc_fed_cycles(moves, as_of=d)`` (or moves from ``calc_fed_moves(target, as_of=d)``).

    Args:
        cycles: Output of :func:`calc_fed_cycles`.

    Returns:
        DataFrame sorted by date with ``event``, ``date`` (announcement date, the date
        analysts cite), ``effective_date``, ``cycle_id`` (join to the cycles table for
        rates) and ``provisional``.

    Raises:
        ValueError: when ``cycles`` is not a cycles table.
    """
    cycles = _check_cycles(cycles)
    if cycles.empty:
        return _empty(_EVENT_COLUMNS, cycles["first_date"].dtype)
    word = cycles["direction"].to_numpy().astype(str)
    k = len(cycles)
    cycle = np.tile(cycles["cycle_id"].to_numpy(), 2)
    date = np.concatenate([cycles["first_date"].to_numpy(), cycles["last_date"].to_numpy()])
    # by date, then cycle, a cycle's first event before its last (a stable sort)
    order = np.lexsort((np.repeat(np.array([0, 1]), k), cycle, date))
    return pd.DataFrame({
        "event": np.concatenate([np.char.add("first_", word), np.char.add("last_", word)]).astype(object)[order],
        "date": date[order],
        "effective_date": np.concatenate([cycles["first_effective_date"].to_numpy(),
                                          cycles["last_effective_date"].to_numpy()])[order],
        "cycle_id": cycle[order],
        "provisional": np.concatenate([np.zeros(k, bool), cycles["provisional"].to_numpy().astype(bool)])[order],
    })


@dataclass(frozen=True, eq=False)
class KnownMoves:
    """The cycles and events of every set of moves known on some date, from one moves table.

    The moves known on a date are a prefix of the table (those announced by then,
    :meth:`known`), and their cycles are the table's cycles up to the one holding the last
    known move, cut there. So :meth:`cycles` and :meth:`events` build what
    :func:`calc_fed_cycles` gives for the first ``n`` moves from positions, instead of a pandas
    pass over the prefix.
    Read-only: threads may share one.
    """

    moves: pd.DataFrame
    starts: np.ndarray  # the position of each cycle's first move

    @classmethod
    def of(cls, moves: pd.DataFrame) -> "KnownMoves":
        """Raises ValueError as :func:`calc_fed_cycles` does for a table that is not one of moves."""
        moves = check_moves(moves).reset_index(drop=True)
        return cls(moves, _cycle_starts(moves["direction"].to_numpy()) if len(moves) else np.empty(0, dtype=np.intp))

    def known(self, as_of: pd.Timestamp) -> int:
        """How many moves are announced on or before ``as_of`` (the as-of rule of the module)."""
        return int(self.moves["announcement_date"].searchsorted(pd.Timestamp(as_of), side="right"))

    def _bounds(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        """The first and last move of each cycle of the first ``n`` moves (``n`` > 0)."""
        first = self.starts[self.starts < n]
        return first, np.append(first[1:] - 1, n - 1)

    def cycles(self, n: int) -> pd.DataFrame:
        """``calc_fed_cycles(moves.iloc[:n])``: the cycles of the first ``n`` moves."""
        if n <= 0:
            return calc_fed_cycles(self.moves.iloc[:0])
        return _cycle_table(self.moves, *self._bounds(n))

    def events(self, n: int) -> pd.DataFrame:
        """``calc_fed_events(calc_fed_cycles(moves.iloc[:n]))``: the events of the first ``n`` moves."""
        return calc_fed_events(self.cycles(n))


#: Pre-target era (before :data:`FIRST_TARGET_DATE`): a turn of the monthly average effective
#: fed funds rate counts once the rate has moved this many pp back from its extreme.
PRE_TARGET_THRESHOLD = 1.0


def calc_dff_cycles(
    dff: pd.Series,
    *,
    until: pd.Timestamp | str = FIRST_TARGET_DATE,
    threshold: float = PRE_TARGET_THRESHOLD,
    as_of: pd.Timestamp | str | None = None,
) -> pd.DataFrame:
    """Hiking and cutting cycles of the pre-target era, from the effective rate (DFF).

    Before 1982-09-27 there is no target series: the Fed steered reserves and the effective
    rate moves every day, so moves cannot be read as target changes. The rule here, a
    zigzag on monthly averages:

    * the effective rate is averaged per calendar month (month-end dates); only months that
      end before ``until`` and on or before ``as_of`` count;
    * a turning point (trough or peak of the monthly averages) is confirmed once the average
      has moved at least ``threshold`` pp (default 1.0) away from it in the other direction;
    * a hiking cycle runs from a confirmed trough to the next confirmed peak, a cutting cycle
      from a peak to the next trough: its first "move" is the month after the turning point
      it starts from, its last "move" the month of the turning point it ends at; both dated
      at the month's end (``first_date`` = ``first_effective_date``, likewise the last);
    * the leg still running at ``until`` or ``as_of`` (not confirmed) is left out, so every
      cycle here is final (``provisional`` False); the target era's first cycle (from
      1982-10) continues the leg running in September 1982.

    Args:
        dff: Effective fed funds rate, percent (FRED DFF, daily from 1954-07-01).
        until: First day of the target era; later observations are ignored.
        threshold: Reversal (pp) that confirms a turning point.
        as_of: Use only months ending on or before this date (no look-ahead).

    Returns:
        A cycles table with the columns of :func:`calc_fed_cycles` (``n_moves``: the months of
        the leg whose average moved in the cycle's direction); empty when DFF has no
        confirmed cycle.

    Raises:
        ValueError: on a bad series or a threshold that is not positive.
    """
    dff = _daily(dff, "dff")
    if not threshold > 0:
        raise ValueError(f"threshold must be a positive number of pp, got {threshold!r}")
    end = _timestamp(until, "until")
    if as_of is not None:
        end = min(end, _timestamp(as_of, "as_of") + pd.Timedelta(days=1))
    monthly = dff.dropna().resample("ME").mean().dropna()
    monthly = monthly.loc[monthly.index < end]
    values, dates = monthly.to_numpy(), monthly.index
    pivots: list[int] = []
    trend, high, low = 0, 0, 0
    for i in range(1, len(values)):
        if trend >= 0 and values[i] > values[high]:
            high = i
        if trend <= 0 and values[i] < values[low]:
            low = i
        if trend == 0:
            if values[high] - values[low] >= threshold:
                trend = 1 if high > low else -1
                pivots.append(low if trend == 1 else high)
        elif trend == 1 and values[high] - values[i] >= threshold:
            pivots.append(high)
            trend, low = -1, i
        elif trend == -1 and values[i] - values[low] >= threshold:
            pivots.append(low)
            trend, high = 1, i
    rows = []
    for start, stop in zip(pivots[:-1], pivots[1:]):
        direction = "hike" if values[stop] > values[start] else "cut"
        steps = np.diff(values[start:stop + 1])
        first, last = dates[start + 1], dates[stop]
        rows.append({
            "direction": direction, "first_date": first, "last_date": last,
            "first_effective_date": first, "last_effective_date": last,
            "n_moves": int(np.sum(steps > 0) if direction == "hike" else np.sum(steps < 0)),
            "start_rate": float(np.round(values[start], _DECIMALS)),
            "end_rate": float(np.round(values[stop], _DECIMALS)),
        })
    if not rows:
        return _empty(_CYCLE_COLUMNS, dff.index.dtype)
    cycles = pd.DataFrame(rows)
    cycles.insert(0, "cycle_id", np.arange(1, len(rows) + 1, dtype="int64"))
    cycles["total_change"] = np.round(cycles["end_rate"] - cycles["start_rate"], _DECIMALS)
    cycles["provisional"] = False
    return cycles[_CYCLE_COLUMNS]


def join_cycles(*tables: pd.DataFrame) -> pd.DataFrame:
    """Cycle tables of consecutive eras as one table, ``cycle_id`` renumbered 1, 2, ..."""
    tables = [_check_cycles(t) for t in tables if not t.empty]
    if not tables:
        return _empty(_CYCLE_COLUMNS, "datetime64[ns]")
    out = pd.concat([t[_CYCLE_COLUMNS] for t in tables], ignore_index=True)
    out["cycle_id"] = np.arange(1, len(out) + 1, dtype="int64")
    return out

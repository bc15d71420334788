"""Return and relative-return facts, with the record rule for each period (family of
:mod:`analytics.facts`).

Values come from :func:`analytics.returns.calc_return_for_period` and
:func:`analytics.returns.calc_return_gap` (relative facts carry the return gap in percentage
points, unit ``pp``); this module adds the *comparable series* that
a value's record status is checked against with :func:`analytics.records.calc_record_since`
("the best month since ..."). Record rule, per period:

==========  ==========================================================================
period      compared with
==========  ==========================================================================
``1d``      every earlier daily return (observation to observation),
            :func:`analytics.returns.to_returns` ``freq="D"``.
``1m``      every earlier *trailing one-calendar-month* return, one per observation
            date (:func:`to_trailing_returns`): the return into date *d* from the last
            observation on or before *d* minus one month, the same rule as ``"1m"`` in
            :func:`analytics.returns.resolve_period`. The windows overlap, so "the best
            one-month return since D" means no one-month window ending between D and
            today did better.
``ytd``     the year-to-date return at the *same point* of every earlier year
            (:func:`to_ytd_returns`): for as of 13 January, each year's return from its
            previous year-end close to its close on or before 13 January (29 February
            becomes 28 February in other years). One value per year, labelled by the date
            of its end observation; years whose base (the prior year-end) precedes the
            data are left out.
``month``   every earlier complete calendar month (quarter, year):
``quarter`` :func:`analytics.returns.to_period_returns_series`, labelled by the
``year``    period's last calendar day.
``since:``  the return over the same number of calendar days after each earlier event
            of the same type (every earlier election in the list; every earlier Fed move
            in the same direction), labelled by the event date (:func:`to_event_returns`).
==========  ==========================================================================

Direction: ``"high"`` (best since) when the value is positive, ``"low"`` (worst since) otherwise.
Relative returns (small minus large) use the same rules on both series aligned on their common
dates, the comparable series being the difference of the two comparable series.

Wording: a record gets a clause in the sentence ("..., its worst month since March 2020") only
when it is notable: a record for the whole history, or ``record_since`` more than two years
before the end observation (:func:`analytics.facts_common.is_notable`), and it beats at least
three comparable values (:func:`analytics.facts_common.states_record`). A return since an
event without such a record says where it ranks instead ("..., the 8th-best of the 10
presidential elections since 1988 over the same span"; only with three or more events); so
does any other return among the three most extreme of 30 or more ("..., the 2nd-worst of the
8,177 one-month returns since 1987", :func:`analytics.facts_common.rank_phrase`).
``record_since``, ``history_start``, ``rank`` and ``comparables`` are in the fact either way.
"""

from __future__ import annotations

from typing import Iterable

import numpy as np
import pandas as pd

from analytics.facts_common import (
    GAP_PLURALS, MIN_BETWEEN, RETURN_PLURALS, Fact, FactSkipped, capitalize, history_of, is_notable, iso, name, pct,
    period_label, rank_fields, rank_phrase, record_of, record_of_values, states_record,
)
from analytics.facts_history import FactHistory, pair_side
from analytics.records import RecordResult, ordinal
from analytics.series import freq_word, in_hole, naive_dates, same_point_positions, shift_months
from analytics.returns import (
    calc_gap_between,
    calc_return_for_period,
    resolve_positions,
    to_period_returns_series,
    to_returns,
)

#: A return since an event on a series not observed daily (its base is the last observation
#: before the event, up to a month earlier) is stated only when the span is at least this long.
MIN_COARSE_EVENT_DAYS = 92
RETURN_PERIODS = ("1d", "1m", "ytd", "month", "quarter", "year")
_CALENDAR = {"month": "M", "quarter": "Q", "year": "Y"}
#: What one comparable value is called in a record clause ("its best <thing> since").
_THINGS = {"1d": "day", "1m": "one-month return", "ytd": "start to a year", "month": "month",
           "quarter": "quarter", "year": "year"}


# ----------------------------------------------------------------------------- comparable series


def to_trailing_returns(levels: pd.Series, *, months: int = 1) -> pd.Series:
    """Trailing N-calendar-month return on every observation date.

    Args:
        levels: Clean level series (sorted DatetimeIndex, no NaN).
        months: Window in calendar months.

    Returns:
        Simple returns (decimal) on the dates whose base, the last observation on or before
        ``date - months``, exists; the last value equals
        ``calc_return_for_period(levels, f"{months}m", as_of=levels.index[-1]).value``.
    """
    index = levels.index
    targets = shift_months(index, -months)  # month ends clip: 31 March -> 28/29 Feb
    pos = index.searchsorted(targets, side="right") - 1
    values = levels.to_numpy()
    ok = pos >= 0
    naive = naive_dates(index)
    ok &= ~in_hole(naive, pos, naive_dates(targets))  # (a base in a hole of the data: none, as resolve_positions says)
    out = values[ok] / values[pos[ok]] - 1.0
    return pd.Series(out, index=index[ok], name=levels.name)


def to_ytd_returns(levels: pd.Series, *, as_of: pd.Timestamp) -> pd.Series:
    """Year-to-date return at the same point (month and day of ``as_of``) of every year.

    Returns:
        One decimal return per year up to ``as_of``'s, labelled by the date of the year's end
        observation; the last value is ``calc_return_for_period(levels, "ytd", as_of=as_of)``.
        Years without a prior year-end close in the data are left out; a year without an
        observation up to its same-day point yields to the later year ending on the same close.
    """
    index, values, ends, bases = same_point_positions(levels, as_of, nonzero_base=True)
    return pd.Series(values[ends] / values[bases] - 1.0, index=index[ends].rename(None), name=levels.name,
                     dtype="float64")


def to_comparable_returns(levels: pd.Series, period: str, *, as_of: pd.Timestamp) -> pd.Series:
    """The series a period return's record is checked against (table in the module docstring)."""
    if period == "1d":
        return to_returns(levels, freq="D")
    if period == "1m":
        return to_trailing_returns(levels, months=1)
    if period == "ytd":
        return to_ytd_returns(levels, as_of=as_of)
    if period in _CALENDAR:
        return to_period_returns_series(levels, _CALENDAR[period], as_of=as_of)
    raise ValueError(f"period {period!r}: no comparable series; use one of {RETURN_PERIODS}")


def to_event_returns(
    levels: pd.Series, events: Iterable[pd.Timestamp], *, span_days: int,
    large: pd.Series | None = None,
) -> pd.Series:
    """Return over ``span_days`` calendar days after each event (relative when ``large`` is given).

    The base is the close on or before the event date, the end the close on or before
    ``event + span_days`` (both on the two series' common dates when ``large`` is given, as
    `analytics.returns.calc_return_gap` does). Events before the first observation
    are left out.

    Returns:
        Decimal returns labelled by event date, sorted.
    """
    given = events if isinstance(events, pd.DatetimeIndex) else pd.DatetimeIndex(list(events))
    small = _float_values(levels)
    series = [small]
    if large is not None:
        big = _float_values(large)
        if not small.index.equals(big.index):  # (the facts pass an aligned pair)
            small, big = small.align(big, join="inner")
        series = [small, big]
    index = small.index
    if given.empty or index.empty:
        return pd.Series([], index=pd.DatetimeIndex([]), dtype="float64", name=levels.name)
    # on numpy's dates (UTC for zone-aware ones): pandas' checks cost more than the search
    dates, stamps = (np.unique(naive_dates(given)), naive_dates(index))
    start = np.searchsorted(stamps, dates, side="right") - 1
    ends_on = dates + np.timedelta64(span_days, "D")
    end = np.searchsorted(stamps, ends_on, side="right") - 1
    ok = start >= 0
    ok &= ~in_hole(stamps, start, dates) & ~in_hole(stamps, end, ends_on)  # (not across a hole of the data)
    base, last = np.maximum(start, 0), np.maximum(end, 0)
    returns = []
    for s in series:
        values = s.to_numpy()
        ok &= values[base] != 0.0
        with np.errstate(divide="ignore", invalid="ignore"):
            returns.append(values[last] / values[base] - 1.0)
    with np.errstate(invalid="ignore"):  # a zero base gives inf (left out by ok) on both sides
        value = returns[0] - returns[1] if large is not None else returns[0]
    labels = pd.DatetimeIndex(dates[ok])
    if given.tz is not None:
        labels = labels.tz_localize("UTC").tz_convert(given.tz)
    return pd.Series(value[ok], index=labels, dtype="float64", name=levels.name)


def _float_values(levels: pd.Series) -> pd.Series:
    """``levels.dropna().astype("float64")``; the series itself when it already is that (a
    sheet's series are cleaned once, so each event fact does not copy them again)."""
    if levels.dtype == "float64" and not np.isnan(levels.to_numpy()).any():
        return levels
    return levels.dropna().astype("float64")


# ----------------------------------------------------------------------------- wording


def _since_phrase(record: RecordResult, period: str, event_word: str | None) -> str:
    if record.is_record:
        return f"on record (since {iso(record.history_start)})"
    since = record.record_since
    if period in _CALENDAR:
        return f"since {period_label(since, _CALENDAR[period])}"
    if period == "ytd":
        return f"since {since.year}"
    if event_word is not None:
        return f"since the {iso(since)} {event_word}"
    return f"since {iso(since)}"


def _when(period: str, end: pd.Timestamp, event: pd.Timestamp | None, event_word: str | None,
          base: pd.Timestamp | None = None):
    """(past-tense?, phrase) saying when: ``"on 2025-01-13"``, ``"this year (as of ...)"``; since
    an event measured from an earlier ``base`` (a monthly series' month-end before it), says so."""
    if period == "1d":
        return True, f"on {iso(end)}"
    if period in _CALENDAR:
        return True, f"in {period_label(end, _CALENDAR[period])}"
    if period == "1m":
        return False, f"over the past month (as of {iso(end)})"
    if period == "ytd":
        return False, f"this year (as of {iso(end)})"
    measured = f"from the {iso(base)} month-end, " if base is not None and base < event else ""
    return False, f"since the {iso(event)} {event_word} ({measured}as of {iso(end)})"


_SPAN_WORDS = {"1d": "one-day", "1m": "one-month", "ytd": "year-to-date"}


def check_span(start: pd.Timestamp, end: pd.Timestamp, period: str, as_of: pd.Timestamp) -> None:
    """Raise :class:`FactSkipped` for a return over no close at all: on 1 January the year to
    date runs from the last close of the year before to that same close (it was stated "flat this
    year (as of 2021-12-31), the worst of the 95 starts to a year since 1927")."""
    if end <= start:
        raise FactSkipped(f"no close after {iso(start)} by {iso(as_of)}: the "
                          f"{_SPAN_WORDS.get(period, period)} return starts at the {iso(start)} close")


def _rank_clause(record: RecordResult, relative: bool, event_word: str) -> str:
    """", the 8th-best of the 10 presidential elections since 1988 over the same span"."""
    if record.comparables < MIN_BETWEEN:
        return ""
    best = "best" if record.direction == "high" else "worst"
    place = best if record.rank == 1 else f"{ordinal(record.rank)}-{best}"
    what = " return gap" if relative else ""
    return (f", the {place}{what} of the {record.comparables} {event_word}s since "
            f"{record.history_start.year} over the same span")


def _stated(record: RecordResult, end) -> bool:
    """Whether a return's (or return gap's) sentence states its record: notable
    (:func:`~analytics.facts_common.is_notable`) and beating enough values (``states_record``)."""
    return is_notable(record, end) and states_record(record, "return")


def _clause(record: RecordResult, end, period: str, relative: bool, event_word: str | None) -> str:
    if not _stated(record, end):
        # no record worth stating: say where the value ranks instead (after an event, always;
        # otherwise when it is among the few most extreme of a long history)
        if event_word is not None:
            return _rank_clause(record, relative, event_word)
        things = (GAP_PLURALS if relative else RETURN_PLURALS)[period]
        phrase = rank_phrase(record, ("best", "worst"), things)
        return f", {phrase}" if phrase else ""
    best = "best" if record.direction == "high" else "worst"
    if event_word is None:
        # the measure the pair's fact carries, the return gap, not "relative" (the relative return
        # is the ratio's change): "its best annual return gap since 1991"
        thing = GAP_PLURALS[period].removesuffix("s") if relative else _THINGS[period]
    else:  # the gap, not the relative return (the ratio's change)
        thing = f"{'return gap' if relative else 'return'} over the same span after a {event_word}"
    return f", its {best} {thing} {_since_phrase(record, period, event_word)}"


def _return_text(key, value, period, end, record, event=None, event_word=None, base=None) -> str:
    past, when = _when(period, end, event, event_word, base)
    digits = 1 if round(abs(value) * 100, 1) else 2  # 0.01% rather than 0.0%
    flat = round(abs(value) * 100, digits) == 0.0
    if past:
        verb = "was unchanged" if flat else ("rose" if value > 0 else "fell")
    else:
        verb = "is flat" if flat else ("is up" if value > 0 else "is down")
    amount = "" if flat else f" {pct(value, digits)}"
    clause = _clause(record, end, period, False, event_word)
    return capitalize(f"the {name(key)} {verb}{amount} {when}{clause}.")


def _relative_text(small, large, value, period, end, record, event=None, event_word=None, base=None) -> str:
    past, when = _when(period, end, event, event_word, base)
    points = abs(value) * 100
    digits = 1 if round(points, 1) else 2
    if round(points, digits) == 0.0:
        verb = "kept pace with" if past else "is keeping pace with"
        amount = ""
    else:
        if past:
            verb = "outperformed" if value > 0 else "underperformed"
        else:
            verb = "is ahead of" if value > 0 else "is behind"
        amount = f" by {points:.{digits}f} percentage points"
    clause = _clause(record, end, period, True, event_word)
    return capitalize(f"the {name(small)} {verb} the {name(large)}{amount} {when}{clause}.")


def _direction(value: float) -> str:
    return "high" if value > 0 else "low"


# ----------------------------------------------------------------------------- facts


def _comparable(cache: dict | None, key: str, levels: pd.Series, period: str, as_of: pd.Timestamp) -> pd.Series:
    """:func:`to_comparable_returns`, kept in ``cache`` under ``(key, period)`` when given (the
    facts cut them from :class:`~analytics.facts_history.FactHistory` instead when it holds them)."""
    if cache is None:
        return to_comparable_returns(levels, period, as_of=as_of)
    if (key, period) not in cache:
        cache[(key, period)] = to_comparable_returns(levels, period, as_of=as_of)
    return cache[(key, period)]


def check_daily(observed: str, label: str, period: str) -> None:
    """Raise :class:`FactSkipped` for a one-day return of a series not observed daily
    (``observed`` ``"W"`` or ``"M"``: the Ken French portfolios are monthly, their last "day"
    would be a month), and for a trailing month of a monthly one; ``label`` names the series."""
    if period == "1d" and observed != "D":
        raise FactSkipped(f"{label} has {freq_word(observed)} observations only: no one-day return")
    if period == "1m" and observed == "M":
        # a month back from a month-end that the month before lacks (30 September -> 30 August) is
        # the end of July: two months, stated as "over the past month"
        raise FactSkipped(f"{label} has monthly observations only: its past month is the calendar "
                          "month's fact")


def return_fact(levels: pd.Series, key: str, period: str, *, as_of: pd.Timestamp,
                comparables: dict | None = None, observed: str = "D",
                history: FactHistory | None = None) -> Fact:
    """Return of ``levels`` over ``period`` as of a date, with its record status.

    Args:
        levels: Clean levels, already cut at ``as_of``.
        key: Loader key of the series (``"RUT"``).
        period: One of :data:`RETURN_PERIODS`.
        as_of: The date the facts are for.
        comparables: A dict shared by the facts of one sheet: each series' comparable returns
            (keyed by series key and period) are then computed once, for its return fact and
            for the relative return fact (the same series cut at the same date).
        observed: How often the series is observed, ``"D"``, ``"W"`` or ``"M"`` (the caller
            knows; :func:`analytics.series.observation_freq`): no one-day return unless daily.
        history: The comparable returns over the whole history
            (:func:`analytics.facts_history.build_fact_history`), cut at ``as_of``; ``None``:
            computed from ``levels``. The fact is the same either way.

    Raises:
        ValueError: when the period cannot be resolved on the data (too short, a gap).
    """
    check_daily(observed, name(key), period)
    r = calc_return_for_period(levels, period, as_of=measured_at(levels.index, period, as_of))
    check_span(r.start, r.end, period, as_of)
    direction = _direction(r.value)
    cut = None if history is None else history.comparable_values(key, period, as_of)
    if cut is not None:
        record = record_of_values(*cut, r.value, direction)
    else:
        record = record_of(_comparable(comparables, key, levels, period, as_of), r.value, direction)
    return Fact(
        id=f"return:{key}:{period}", kind="return", series=key, period=period,
        start=iso(r.start), end=iso(r.end), value=float(r.value), unit="decimal",
        record_since=iso(record.record_since), direction=direction,
        text=_return_text(key, r.value, period, r.end, record), panel="relative",
        history_start=history_of(record), **rank_fields(record, "return", stated=_stated(record, r.end)),
    )


def _aligned(small: pd.Series, large: pd.Series, cache: dict | None = None) -> tuple[pd.Series, pd.Series]:
    """The pair on its common dates; kept in ``cache`` (a sheet's ``comparables``) for these two
    very series, which every relative fact of a sheet aligns."""
    key = ("aligned", small.name, large.name)
    hit = None if cache is None else cache.get(key)
    if hit is not None and hit[0] is small and hit[1] is large:
        return hit[2], hit[3]
    s, g = small.align(large, join="inner")
    if s.empty:
        raise FactSkipped(f"{small.name} and {large.name} share no date")
    if cache is not None:
        cache[key] = (small, large, s, g)
    return s, g


def measured_at(index: pd.DatetimeIndex, period: str, as_of: pd.Timestamp) -> pd.Timestamp:
    """The date a fact's ``period`` is resolved at: ``as_of``, but a trailing one-month return is the
    month into the last observation on or before it (a Saturday's "over the past month (as of
    Friday)" is Friday's month, the one its sentence dates and its comparable values rank, not one
    from a Saturday a month back: 2013-06-22 stated -1.9% for the Russell 2000, Friday's month
    was -3.5%)."""
    if period != "1m" or not len(index):
        return as_of
    last = index[min(int(index.searchsorted(as_of, side="right")), len(index)) - 1]
    return last if last <= as_of else as_of


def _gap(s: pd.Series, g: pd.Series, period: str, as_of: pd.Timestamp) -> tuple[pd.Timestamp, pd.Timestamp, float]:
    """The dates (base, end) of ``period`` on an aligned pair and the return gap between them."""
    i0, i1 = resolve_positions(period, measured_at(s.index, period, as_of), s.index)
    return s.index[i0], s.index[i1], calc_gap_between(s, g, i0, i1)


def relative_return_fact(
    small: pd.Series, large: pd.Series, keys: tuple[str, str], period: str, *, as_of: pd.Timestamp,
    comparables: dict | None = None, observed: str = "D", history: FactHistory | None = None,
) -> Fact:
    """Small-cap minus large-cap return over ``period`` (the return gap, in percentage points:
    value 5.0 = small caps ahead by 5 pp, unit ``pp``), with its record status.

    Both series are aligned on their common dates first (as
    `analytics.returns.calc_return_gap` does), so both returns use the same base and
    end observation. ``comparables``: as for :func:`return_fact`; used only when the alignment
    dropped no date (the aligned series are then the series themselves). ``observed``: the
    coarser of the two series' frequencies (see :func:`return_fact`). ``history``: as for
    :func:`return_fact`, holding both sides of the aligned pair (:func:`pair_side`).
    """
    s, g = _aligned(small, large, comparables)
    check_daily(observed, f"the pair {name(keys[0])} / {name(keys[1])}", period)
    start, end, value = _gap(s, g, period, as_of)
    check_span(start, end, period, as_of)
    direction = _direction(value)
    cache = comparables if len(s) == len(small) and len(g) == len(large) else None
    sides = [None if history is None else history.comparable_values(pair_side(keys, i), period, as_of)
             for i in (0, 1)]
    if sides[0] is not None and sides[1] is not None and sides[0][0].equals(sides[1][0]):
        record = record_of_values(sides[0][0], sides[0][1] - sides[1][1], value, direction)
    elif sides[0] is not None and sides[1] is not None:  # (the sides of a pair share their dates)
        record = record_of(history.comparable(pair_side(keys, 0), period, as_of)
                           - history.comparable(pair_side(keys, 1), period, as_of), value, direction)
    else:
        record = record_of(_comparable(cache, keys[0], s, period, as_of)
                           - _comparable(cache, keys[1], g, period, as_of), value, direction)
    pair = f"{keys[0]}-{keys[1]}"
    return Fact(
        id=f"relative_return:{pair}:{period}", kind="relative_return", series=pair,
        period=period, start=iso(start), end=iso(end), value=100.0 * float(value), unit="pp",
        record_since=iso(record.record_since), direction=direction,
        text=_relative_text(keys[0], keys[1], value, period, end, record), panel="relative",
        history_start=history_of(record), **rank_fields(record, "relative_return", stated=_stated(record, end)),
    )


def event_return_fact(
    levels: pd.Series, key: str, *, event: pd.Timestamp, earlier: Iterable[pd.Timestamp],
    event_id: str, event_word: str, panel: str, as_of: pd.Timestamp,
    large: pd.Series | None = None, large_key: str | None = None, observed: str = "D",
    comparables: dict | None = None,
) -> Fact:
    """Return (or, with ``large``, relative return) since an event, compared with the same span
    after each ``earlier`` event.

    Args:
        levels: Clean levels cut at ``as_of`` (the small-cap side for a relative fact).
        key: Loader key of ``levels``.
        event: Event date; the base is its close (the close before when it is not a trading day).
        earlier: Dates of earlier events of the same type.
        event_id: Last part of the fact id, ``"since_election"`` or ``"since_fed_move"``.
        event_word: The event in the sentence: ``"presidential election"``, ``"Fed cut"``.
        panel: Dashboard panel.
        as_of: The date the facts are for.
        large: Large-cap levels for a relative return (small minus large).
        large_key: Loader key of ``large``.
        observed: How often the series (both, for a relative return) are observed; not daily,
            the base is the last observation before the event, up to a period earlier, so a
            span under :data:`MIN_COARSE_EVENT_DAYS` is not stated.
        comparables: The sheet's shared dict (see :func:`return_fact`): the pair is aligned
            once for all its relative facts.
    """
    period = f"since:{iso(event)}"
    if large is None:
        r = calc_return_for_period(levels, period, as_of=as_of)
        start, end, value = r.start, r.end, r.value
    else:
        levels, large = _aligned(levels, large, comparables)
        start, end, value = _gap(levels, large, period, as_of)
    if end <= start:  # the event's close (or the close before it) is the last one: no return yet
        raise FactSkipped(f"no close after the {event:%Y-%m-%d} {event_word} by {as_of:%Y-%m-%d}: "
                          f"its return is measured from the {start:%Y-%m-%d} close")
    span = int((end - event).days)
    if observed != "D" and span < MIN_COARSE_EVENT_DAYS:
        raise FactSkipped(f"{name(key)} has {freq_word(observed)} observations only: a return over the "
                          f"{span} days since the {event:%Y-%m-%d} {event_word} cannot be measured from the event")
    earlier = earlier if isinstance(earlier, pd.DatetimeIndex) else pd.DatetimeIndex(list(earlier))
    this = pd.DatetimeIndex([event])
    comparable = to_event_returns(levels, earlier[naive_dates(earlier) < naive_dates(this)[0]].append(this),
                                  span_days=span, large=large)
    if comparable.empty or comparable.index[-1] != event:
        comparable = pd.concat([comparable, pd.Series([value], index=[event])])
    direction = _direction(value)
    base = start if observed == "M" else None  # ("since the 2024-11-05 election" ran from 2024-10-31)
    # (clean already: float64 on sorted, unique event dates, so no series checks per fact)
    record = record_of_values(pd.DatetimeIndex(comparable.index), comparable.to_numpy(dtype="float64"),
                              value, direction)
    if large is None:
        fact_id, kind, series = f"return:{key}:{event_id}", "return", key
        text = _return_text(key, value, period, end, record, event, event_word, base)
    else:
        series = f"{key}-{large_key}"
        fact_id, kind = f"relative_return:{series}:{event_id}", "relative_return"
        text = _relative_text(key, large_key, value, period, end, record, event, event_word, base)
    return Fact(
        id=fact_id, kind=kind, series=series, period=period, start=iso(start), end=iso(end),
        value=float(value) * (1.0 if large is None else 100.0), unit="decimal" if large is None else "pp",
        record_since=iso(record.record_since),
        direction=direction, text=text, panel=panel, history_start=history_of(record),
        **rank_fields(record, kind, stated=_stated(record, end)),
    )

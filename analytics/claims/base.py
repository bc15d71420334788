"""What the claim measures share: the series cut at the as-of date, the reason's words, the
figure and record checks, the Fed's moves and events (:mod:`analytics.claims.compute` uses them).

Nothing after the as-of date is used. A series that ends more than
:data:`analytics.facts.MAX_STALE_DAYS` days before it gives ``not_checkable``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Callable, Mapping

import numpy as np
import pandas as pd

from analytics.claims.dates import Period, Since
from analytics.claims.spec import Spec
from analytics.claims.verdict import compare, vendor_floor
from analytics.event_study import EVENT_WORDS, fed_events_as_of
from analytics.format import signed_percent
from analytics.facts import FED_KEYS, MAX_STALE_DAYS, US_ELECTION_DATES
from analytics.facts_fed import calc_fed_state
from analytics.facts_returns import to_event_returns, to_trailing_returns, to_ytd_returns
from analytics.facts_common import MIN_BETWEEN, MIN_RECORD_DAYS, RECORD_DAYS, states_record
from analytics.records import RecordResult, calc_record_since, ordinal
from analytics.returns import to_period_returns_series, to_ratio, to_returns


#: Names in reasons.
NAMES = {"RUT": "Russell 2000", "GSPC": "S&P 500", "IXIC": "Nasdaq Composite",
         "IWM": "iShares Russell 2000 ETF (IWM)", "SPY": "SPDR S&P 500 ETF (SPY)",
         "IJR": "iShares Core S&P Small-Cap ETF (IJR)", "IWB": "iShares Russell 1000 ETF (IWB)",
         "DGS10": "10-year Treasury yield", "DGS2": "2-year Treasury yield",
         "BAMLH0A0HYM2": "high-yield spread", "BAMLC0A0CM": "investment-grade spread",
         "T10Y2Y": "10-year minus 2-year Treasury yield (the yield curve)"}


#: Months as a record's thing ("its worst September since 2002").
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December")
THINGS = {"day": "day", "week": "week", "month": "month", "quarter": "quarter", "year": "year", "ytd": "start to a year",
           "trailing": "span of that length"}


class NotCheckable(Exception):
    """The claim cannot be checked against the data; the message says why (one sentence)."""


@dataclass
class Outcome:
    """What the computation found, and the view that shows it."""

    computed: float | None = None
    computed_since: str | None = None
    unit: str | None = None
    start: pd.Timestamp | None = None
    end: pd.Timestamp | None = None
    verdict: str = "not_checkable"
    reason: str = ""
    period: str | None = None
    view: dict = field(default_factory=dict)
    #: Series a reading in the reason also used, to cite beside the claim's own (the fund of a
    #: return read with dividends).
    also_from: tuple[str, ...] = ()


def name(key: str) -> str:
    if "/" in key:  # the ratio of a pair
        small, large = key.split("/", 1)
        return f"ratio of the {NAMES.get(small, small)} to the {NAMES.get(large, large)}"
    return NAMES.get(key, key)


def pct(value: float, digits: int = 1) -> str:
    """A decimal fraction as a signed percentage, never "-0.0%" (:func:`analytics.format.signed_percent`)."""
    return signed_percent(value, digits)


def iso(t) -> str | None:
    return None if t is None or pd.isna(t) else f"{pd.Timestamp(t):%Y-%m-%d}"


#: The Fed's target series (the single target to 2008, then the range): a Fed move, the Fed's
#: stance and a "since the Fed's first cut" read them.
TARGET_KEYS = FED_KEYS[:3]


def source_keys(spec: Spec) -> tuple[str, ...]:
    """The loader keys a claim's figure is computed from, to cite them: the series or both sides
    of a pair (``RUT-GSPC``) or correlation (``RUT~DGS10``), the two yields of the yield curve
    (``T10Y2Y``, computed from them), and the Fed's target series for a Fed move, the Fed's
    stance or a span since a Fed event."""
    series = spec.series or ""
    if series == "fed_target" or spec.measure == "regime":
        keys: tuple[str, ...] = TARGET_KEYS
    elif series == "T10Y2Y":
        keys = ("DGS10", "DGS2")
    else:
        keys = tuple(k for k in re.split(r"[-~/]", series) if k)
    if spec.event is not None and spec.event[0] != "election":
        keys += tuple(k for k in TARGET_KEYS if k not in keys)
    return keys


class Series:
    """The input series cut at the as-of date, each checked once (no data after ``as_of``)."""

    def __init__(self, series: Mapping[str, pd.Series], as_of: pd.Timestamp, *,
                 quartiles: Callable | None = None):
        self._series = series
        self.as_of = as_of
        #: ``quartiles(index, start, end)`` -> the leverage quartiles' returns over a span
        #: (:class:`analytics.claims.leverage_measures.QuartileReturns`), or None: no company data
        self.quartiles = quartiles
        self._done: dict[str, pd.Series] = {}
        self._memo: dict[tuple, object] = {}
        self._before: Series | None = None

    def memo(self, key: tuple, compute: Callable[[], object]) -> object:
        """``compute()`` once per check for ``key`` (the Fed's moves, rolling correlations: several
        claims of one text need them); an exception is raised again for every claim."""
        if key not in self._memo:
            try:
                self._memo[key] = compute()
            except (NotCheckable, ValueError, KeyError) as exc:
                self._memo[key] = exc
        value = self._memo[key]
        if isinstance(value, Exception):
            raise value
        return value

    def history(self, key: str) -> pd.Series:
        if "/" in key and key not in self._done:  # a pair's ratio, as the relative panel draws it
            small, large = key.split("/", 1)
            self._done[key] = to_ratio(self.history(small), self.history(large)).rename(key)
        if key == "T10Y2Y" and key not in self._done:  # the two yields the rates panel shows
            ten, two = self.history("DGS10").align(self.history("DGS2"), join="inner")
            self._done[key] = (ten - two).round(10).rename("T10Y2Y")
        if key not in self._done:
            self._done[key] = self._cut(key, self.as_of)
        return self._done[key]

    def ahead(self, key: str, days: int) -> pd.Series:
        """:meth:`history` of ``key`` read ``days`` calendar days past the as-of date (the Fed's
        target series, whose moves are dated the day after their announcement)."""
        return self._cut(key, self.as_of + pd.Timedelta(days=days))

    def _cut(self, key: str, day: pd.Timestamp) -> pd.Series:
        raw = self._series.get(key)
        if raw is None or not isinstance(raw, pd.Series) or not isinstance(raw.index, pd.DatetimeIndex):
            raise NotCheckable(f"no data for the {name(key)} in this data source")
        cut = raw.loc[:day].dropna().astype("float64")
        if cut.empty:
            raise NotCheckable(f"the {name(key)} data start after {iso(self.as_of)}")
        return cut

    def day_before(self, keys) -> "Series | None":
        """The inputs cut at the day before the as-of date when one of ``keys`` has an observation
        on it (a text published that day may have been written before its close), else None."""
        closes = [s for s in (self._series.get(k) for k in keys)
                  if isinstance(s, pd.Series) and isinstance(s.index, pd.DatetimeIndex)]
        if not any(self.as_of in s.index and pd.notna(s.get(self.as_of)) for s in closes):
            return None
        if self._before is None:  # one for every claim of the text (its cuts and memos are shared)
            self._before = Series(self._series, self.as_of - pd.Timedelta(days=1), quartiles=self.quartiles)
        return self._before

    def __call__(self, key: str) -> pd.Series:
        cut = self.history(key)
        age = (self.as_of - cut.index[-1]).days
        if age > MAX_STALE_DAYS:
            raise NotCheckable(f"the {name(key)} data end on {iso(cut.index[-1])}, "
                               f"{age} days before {iso(self.as_of)}")
        return cut


def close_on_or_before(levels: pd.Series, date: pd.Timestamp, what: str) -> pd.Timestamp:
    pos = int(levels.index.searchsorted(date, side="right")) - 1
    if pos < 0:
        raise NotCheckable(f"{what}: {iso(date)} is before the data start ({iso(levels.index[0])})")
    return levels.index[pos]


def named_close(levels: pd.Series, period: Period, key: str) -> pd.Timestamp:
    """The close of a day period: its day (the latest close without one), which must be a
    trading day; for the close of a period ("ended the month at", label ``close:...``) the last
    close on or before its last day."""
    day = period.day if period.day is not None else levels.index[-1]
    if period.label.startswith("close:"):
        day = close_on_or_before(levels, day, period.words)
    if day not in levels.index:
        raise NotCheckable(f"no close of the {name(key)} on {day:%A %Y-%m-%d} in the data (not a trading day)")
    return day


def span_of(levels: pd.Series, period: Period, key: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Dates of the base and end observations of ``period``."""
    if period.kind == "day":
        day = named_close(levels, period, key)
        pos = levels.index.get_loc(day)
        if pos == 0:
            raise NotCheckable(f"no close before {iso(day)} to measure the day's move from")
        return levels.index[pos - 1], day
    if period.kind == "sessions":
        n = int(period.label[:-1])
        pos = int(levels.index.searchsorted(period.end, side="right")) - 1
        if pos < n:
            raise NotCheckable(f"fewer than {n + 1} closes of the {name(key)} to measure {n} sessions")
        return levels.index[pos - n], levels.index[pos]
    if period.kind == "trailing":  # "over the past month" on a Saturday: the month into Friday's close
        end = close_on_or_before(levels, period.end, period.words)  # (as the facts measure it)
        months = int(period.label[:-1])
        return close_on_or_before(levels, end - pd.DateOffset(months=months),
                                  f"the close before the period ({period.words})"), end
    base = close_on_or_before(levels, period.base, f"the close before the period ({period.words})")
    if period.kind == "opening":  # the first n closes after the base
        n = int(period.label[:-1])
        pos = int(levels.index.get_loc(base)) + n
        if pos >= len(levels.index) or levels.index[pos] > period.end:
            raise NotCheckable(f"fewer than {n} closes of the {name(key)} {period.words} by {iso(period.end)}")
        return base, levels.index[pos]
    return base, close_on_or_before(levels, period.end, period.words)


def record_period(levels: pd.Series, period: Period, start: pd.Timestamp, end: pd.Timestamp) -> Period:
    """The period whose earlier values a record over ``period`` (``start`` to ``end``) is compared
    with: ``period`` itself, except a span since a date ("up 9% since April 8, its best run since
    2020", "widened 1 pp since the start of April, the most since 2020"), which has no calendar
    kind: every earlier run of as many sessions as it holds (the rule of the "N-session" records).

    Raises:
        NotCheckable: the span holds no session.
    """
    if period.kind != "since":
        return period
    n = int(levels.index.searchsorted(end, side="right") - levels.index.searchsorted(start, side="right"))
    if n < 1:
        raise NotCheckable(f"no session {period.words} to compare with earlier runs")
    return Period(f"{n}d", "sessions", end, end, None, f"over {n} sessions")


def comparable_returns(levels: pd.Series, period: Period, end: pd.Timestamp) -> pd.Series | None:
    """Earlier values of the same kind of return (the record rule of the facts), ending at ``end``."""
    upto = levels.loc[:end]
    if period.kind == "day":
        return to_returns(upto, freq="D")
    if period.kind in ("week", "month", "quarter", "year"):  # the last one may be running (to date)
        return to_period_returns_series(upto, period.calendar)
    if period.kind == "sessions":  # every earlier run of as many sessions (overlapping)
        n = int(period.label[:-1])
        return (upto / upto.shift(n) - 1.0).iloc[n:]
    if period.kind == "ytd":
        return to_ytd_returns(upto, as_of=period.end)
    if period.kind == "trailing":
        months = int(period.label[:-1])
        return to_trailing_returns(upto, months=months)
    return None


def record_with(values: pd.Series, value: float, direction: str) -> RecordResult:
    values = values.astype("float64").copy()
    values.iloc[-1] = value
    return calc_record_since(values, direction=direction)


def since_holds(since: Since, record: RecordResult, end: pd.Timestamp) -> bool | None:
    """Whether the record clause ``since`` holds of ``record``; ``None`` (not checked) when the
    value beats all the values compared and the stated date is wholly before them ("the most since
    1979" of a series that starts in 1987: nothing in the data contradicts it, nothing confirms it)."""
    got = record.record_since
    if since.kind == "ever":
        return record.is_record
    if since.kind == "by":  # since an event: none as good after its day
        return got is None or got <= since.end
    if since.kind == "within":  # "its best week of the year": none as good since the year began
        return got is None or got < since.start
    if got is None:  # a record for the whole history: "since X" is then true of any X after its start
        if since.start is None or since.start >= record.history_start:
            return True
        # the stated day, month or year wholly before the values compared: not checked; one that
        # overlaps their start ("since 2016" of annual changes from 2016's on) is checked
        return None if since.end is not None and since.end < record.history_start else False
    if since.kind == "span":
        return span_holds(since, got, end)
    return since.start <= got <= since.end


def record_closes(levels: pd.Series) -> pd.Series:
    """True on each close above every earlier close (a record close; the data's first close is
    one): the one rule of the record counts, the first record close since a date and the last
    record before a denied one."""
    before = levels.cummax().shift(1)
    return (levels > before) | before.isna()


def span_holds(since: Since, got: pd.Timestamp, end: pd.Timestamp) -> bool:
    """Whether ``got`` lies the span ``since`` states before ``end`` ("in nearly two years": 0.75
    of it to all of it; "more than": at least; none: within a quarter of it)."""
    years = (end - got).days / 365.25
    want = (end - since.start).days / 365.25
    slack = 0.1 if want >= 1 else 0.04
    if since.qualifier == "nearly":
        return want * 0.75 - slack <= years <= want + slack
    if since.qualifier == "more than":
        return years >= want - slack
    return abs(years - want) <= max(want * 0.25, slack)


def not_since(spec: Spec, record: RecordResult | None = None) -> str:
    """The words after a record clause that does not hold, or (``record`` given, the clause
    :func:`since_holds` could not check) that says why it is not checked."""
    if spec.since is None:
        return ""
    if record is not None and since_holds(spec.since, record, record.at) is None:
        said = spec.since.words if spec.since.words.startswith("a ") else (
            f"in {spec.since.words}" if spec.since.kind == "span" else f"since {spec.since.words}")
        return f" ('{said}' is not checked: the history compared starts on {iso(record.history_start)})"
    if spec.since.kind == "ever":
        return ", not a record"
    if spec.since.kind == "within":
        said = re.sub(r"^(?:so far )?of ", "in ", spec.since.words).replace("in this", "this")
        return f", not {spec.since.words}: an earlier one {said} was at least as extreme"
    if spec.since.words.startswith("a "):  # "a 16-year high"
        return f", not {spec.since.words}"
    if spec.since.kind == "span":  # "its highest in nearly two years"
        return f", not in {spec.since.words}"
    return f", not since {spec.since.words}"


def record_words(record: RecordResult, thing: str, calendar: str | None, end: pd.Timestamp,
                 kind: str = "return") -> str:
    """The record in words, with its rank among the comparable values (:mod:`analytics.records`).

    A record that the facts would not state (:func:`analytics.facts_common.states_record`: fewer
    than three values in between, or a level record less than 30 days back) is called so.
    """
    word = {"high": "highest", "low": "lowest"}[record.direction]
    if thing in ("day", "week", "month", "quarter", "year", "start to a year",
                 "span of that length") or thing.endswith(("-session run", " quarter")) or thing in MONTH_NAMES:
        word = {"high": "best", "low": "worst"}[record.direction]
    elif thing == "":  # a relative return: the gap between small and large
        word = {"high": "widest lead", "low": "widest gap"}[record.direction]
    what = f"{word}{'' if thing in ('level', '') else ' ' + thing}"
    # the rank among calendar periods is telling; among every daily level of a yield it is not
    rank = "" if kind == "level_record" else f"; {ordinal(record.rank)} of {record.comparables:,}"
    if record.is_record:
        return f"the {what} on record (since {iso(record.history_start)}{rank})"
    got = record.record_since
    when = {"W-FRI": f"the week to {iso(got)}", "M": f"{got:%B %Y}", "Q": f"{got.year} Q{got.quarter}",
            "Y": f"{got.year}"}.get(calendar or "", iso(got))
    months = (end.year - got.year) * 12 + end.month - got.month
    days = (end - got).days
    span = (f"{days} day{'' if days == 1 else 's'}" if days < 60 else f"{months} months" if months < 24
            else f"{months / 12:.1f} years")
    if not states_record(record, kind):
        # true as stated ("the widest annual shortfall since 2014" when 2014 was), but too near for
        # the facts to call it a record: said so, without "no record", which read as a denial
        return f"the {what} since {when} ({span}{rank}; {too_near(record, kind)})"
    return f"the {what} since {when} ({span}{rank})"


def too_near(record: RecordResult, kind: str = "level_record") -> str:
    """Why :func:`analytics.facts_common.states_record` does not call ``record`` one, in words."""
    n = record.between
    near = ("no value in between" if n == 0 else f"only {n} value{'' if n == 1 else 's'} in between"
            if n < MIN_BETWEEN else f"less than {RECORD_DAYS.get(kind, MIN_RECORD_DAYS)} days back")
    return f"{near}, so the facts would not call it a record"


def stated_words(spec: Spec, unit: str) -> str:
    if spec.figure is None or spec.stated is None:
        return "no figure"
    q = f"{spec.qualifier} " if spec.qualifier else ""
    if unit == "decimal":
        return f"{q}{spec.figure.value:g}{'%' if spec.figure.unit == '%' else ' bp' if spec.figure.unit == 'bp' else ' pp'}"
    if unit == "points":
        return f"{q}{spec.figure.value:,.{spec.figure.decimals}f}"
    if unit == "point_change":
        return f"{q}{abs(spec.figure.value):,.{spec.figure.decimals}f} points"
    if is_curve_level(spec):  # a bound on a negative level is one on its size
        if spec.unsigned:  # a gap named without its side
            return f"{q}{abs(spec.figure.value):g} pp between the two yields (either way)"
        return f"{q}{curve_words(spec.figure.value)}"
    if spec.figure.unit == "bp":
        return f"{q}{spec.figure.value:g} bp"
    return f"{q}{spec.figure.value:g}{'%' if unit == 'percent' else ' pp'}"


def is_curve_level(spec: Spec) -> bool:
    """A stated level of the yield curve (not a change: "steepened 20 bp" is no side of the 2-year)."""
    return (spec.series == "T10Y2Y" and spec.measure in ("level", "level_record")
            and spec.figure is not None and bool(spec.figure.value))


def curve_words(value: float, decimals: str = "g") -> str:
    """The yield curve's level as a gap: "1.07 pp below the 2-year" (the 10-year's side of it;
    "more than -1%" read as a number is not what "more than 100 bp below" says)."""
    return f"{abs(value):{decimals}} pp {'below' if value < 0 else 'above'} the 2-year"


def figure_check(spec: Spec, computed: float, unit: str) -> tuple[bool | None, str]:
    """(ok or None when nothing was stated, words for the reason)."""
    if spec.stated is None:
        return None, ""
    check = compare(spec.stated, computed, unit, decimals=spec.figure.decimals if spec.figure else 0,
                    qualifier=spec.qualifier, unsigned=spec.unsigned,
                    figure_unit=spec.figure.unit if spec.figure else "")
    stated = stated_words(spec, unit)
    if check.ok:
        return True, f"consistent with {stated}{beyond_bound(spec, computed, unit)}"
    return False, f"not {stated}"


def beyond_bound(spec: Spec, computed: float, unit: str) -> str:
    """What a bound ("below 1%", "more than 5%") met only within the floor of closing-price
    differences between vendors says: the close is on the other side of the line ("The 10-year
    fell below 1%" at a 1.02% close, "closed above 5%" at 4.98%); empty otherwise."""
    if spec.qualifier not in ("more than", "at least", "less than") or unit not in ("percent", "pp", "decimal"):
        return ""
    s, c = abs(spec.stated), abs(computed)
    if (c >= s) if spec.qualifier != "less than" else (c <= s):
        return ""
    written = spec.figure.unit if spec.figure is not None else ""
    points = 100.0 if unit == "decimal" else 1.0  # the record's unit in percent or percentage points

    def shown(value: float, pp: bool) -> str:
        if written == "bp":
            return f"{value * points * 100:.0f} bp"
        return f"{value * points:.2f}{' pp' if pp or written == 'pp' or unit == 'pp' else '%'}"

    within = f" only within the {shown(vendor_floor(unit, spec.stated), True)} that published closes differ by "
    if is_curve_level(spec):
        return f"{within}(the 10-year {curve_words(computed, '.2f')} on this source)"
    side = "below" if spec.qualifier != "less than" else "above"
    return f"{within}({shown(c, False)} is {side} {stated_words(replace(spec, qualifier=None), unit)} on this source)"


def conclude(out: Outcome, checks: list[bool | None], parts: list[str], head: str) -> Outcome:
    given = [c for c in checks if c is not None]
    if not given:
        out.verdict = "not_checkable"
        words = [p for p in parts if p]
        out.reason = f"{head}; " + (", ".join(words) if words else "the text states no figure or record to compare with")
        return out
    out.verdict = "consistent" if all(given) else "differs"
    words = [p for p in parts if p]
    out.reason = head + ("; " + ", ".join(words) if words else "")
    return out


#: Two moves more than this many days apart are not "straight" ("the third straight cut"): a
#: scheduled FOMC meeting passed between them without a move. Moves at consecutive meetings are at
#: most 58 days apart in the data (2005-05-03 to 2005-06-30); skipping a meeting leaves 64 days
#: or more (1992-07-02 to the 1992-09-04 cut, the August meeting without a move).
STRAIGHT_GAP_DAYS = 60


def run_starts(moves: pd.DataFrame) -> np.ndarray:
    """Per move of ``moves`` (``announcement_date``, ``direction``, in date order): whether it
    starts a run of straight moves, being the first, after a move the other way, or after more than
    :data:`STRAIGHT_GAP_DAYS` without a move."""
    dates = pd.DatetimeIndex(moves["announcement_date"]).to_numpy()
    way = moves["direction"].to_numpy()
    starts = np.ones(len(moves), dtype=bool)
    starts[1:] = (way[1:] != way[:-1]) | (np.diff(dates) > np.timedelta64(STRAIGHT_GAP_DAYS, "D"))
    return starts


def fed_state(data: Series):
    return data.memo(("fed_state",), lambda: _load_fed_state(data))


def fed_events(data: Series) -> pd.DataFrame:
    return data.memo(("fed_events",), lambda: fed_events_as_of(fed_state(data).target, data.as_of))


def _load_fed_state(data: Series):
    """The Fed's state on the as-of date. FRED dates a move by the day it takes effect, since 2017
    the day after the announcement: when the target series read to the next day show a move
    announced on the as-of date, that state is used (a move announced that day is known); else the
    series are cut at the as-of date, as the facts cut them."""
    def state(ahead: int):
        histories = []
        for key in FED_KEYS:
            try:
                histories.append(data.history(key) if key == "DFF" or not ahead else data.ahead(key, ahead))
            except NotCheckable:
                histories.append(None)
        return calc_fed_state(*histories)

    try:
        ahead = state(1)
        announced = pd.to_datetime(ahead.moves["announcement_date"])
        today = (announced == data.as_of).any() and not (announced > data.as_of).any()
        return ahead if today else state(0)
    except Exception as exc:  # FactSkipped or ValueError: no target in the data
        raise NotCheckable(f"the Fed's moves cannot be read from the data ({exc})") from None


def event_date(spec: Spec, data: Series) -> tuple[pd.Timestamp, str]:
    """The date of the event a "since" refers to, and its words."""
    event, month = spec.event
    if event == "election":
        dates = [pd.Timestamp(d) for d in US_ELECTION_DATES if pd.Timestamp(d) < data.as_of]
        if not dates:
            raise NotCheckable("no presidential election before the as-of date in the list")
        return dates[-1], "the presidential election"
    state = fed_state(data)
    if event.startswith("resumed_"):
        return _resumed(spec, state.moves, event.split("_", 1)[1], month, data)
    if event.startswith("latest_"):
        direction = event.split("_", 1)[1]
        moves = state.moves.loc[state.moves["direction"] == direction]
        if moves.empty:
            raise NotCheckable(f"no Fed {direction} in the data before {iso(data.as_of)}")
        dates = pd.to_datetime(moves["announcement_date"])
        if month is not None:  # "since the Fed's September cut": its latest one in that month
            inside = dates[(dates >= month.start) & (dates <= month.end)]
            if not inside.empty:
                return pd.Timestamp(inside.iloc[-1]), f"the Fed's {direction} of {month.start:%B %Y}"
            spec.notes.append(f"the Fed's latest {direction} was on {iso(dates.iloc[-1])}, not in {month.start:%B %Y}")
        return pd.Timestamp(dates.iloc[-1]), f"the Fed's {direction}"
    events = fed_events(data)
    events = events.loc[events["event"] == event]
    words = f"the Fed's {EVENT_WORDS[event]}"
    if events.empty:
        raise NotCheckable(f"no {EVENT_WORDS[event]} by the Fed before {iso(data.as_of)}")
    if month is not None:
        inside = events.loc[(events["date"] >= month.start) & (events["date"] <= month.end)]
        if not inside.empty:
            return pd.Timestamp(inside["date"].iloc[-1]), words
        kind = event.split("_", 1)[1]
        if event.startswith("first_"):  # "started cutting again in September" (after a pause)
            try:
                day, resumed = _resumed(spec, state.moves, kind, month, data, strict=True)
            except NotCheckable:
                pass
            else:
                other = "hike" if kind == "cut" else "cut"
                spec.notes.append(f"read as the {kind} that resumed the moves after a pause; the Fed's latest "
                                  f"{EVENT_WORDS[event]} after a {other} was on {iso(events['date'].iloc[-1])}")
                return day, resumed
        spec.notes.append(f"the Fed's latest {EVENT_WORDS[event]} was on "
                          f"{iso(events['date'].iloc[-1])}, not in {month.start:%B %Y}")
    return pd.Timestamp(events["date"].iloc[-1]), words


def _resumed(spec: Spec, moves: pd.DataFrame, kind: str, month: Since | None, data: Series,
             strict: bool = False) -> tuple[pd.Timestamp, str]:
    """The Fed's move of ``kind`` that (re)started its moves that way ("since the Fed resumed
    cutting (in September)", "started cutting again"): the first of a run of straight moves
    (:func:`run_starts`), after a pause or after a move the other way; the latest, or the one in
    ``month`` (``strict``: only one after a pause there, else none).

    Raises:
        NotCheckable: there is none.
    """
    starts = run_starts(moves)
    way = moves["direction"].to_numpy()
    dates = pd.DatetimeIndex(moves["announcement_date"])
    before = np.r_[[""], way[:-1]]
    found = np.flatnonzero(starts & (way == kind) & ((before == kind) if strict else True))
    inside = [i for i in found if month is not None and month.start <= dates[i] <= month.end]
    if inside:
        at = inside[-1]
    elif strict or not len(found):
        raise NotCheckable(f"no Fed {kind} after a pause of more than {STRAIGHT_GAP_DAYS} days without a move "
                           f"{'in ' + f'{month.start:%B %Y}' if month is not None else 'before ' + iso(data.as_of)}")
    else:
        at = found[-1]
        if month is not None:
            spec.notes.append(f"the Fed's latest {kind} after a pause or a reversal was on {iso(dates[at])}, "
                              f"not in {month.start:%B %Y}")
    if not at:
        return pd.Timestamp(dates[at]), f"the Fed's first {kind} in the data"
    if before[at] == kind:
        return pd.Timestamp(dates[at]), f"the Fed's {kind} after {(dates[at] - dates[at - 1]).days} days without a move"
    return pd.Timestamp(dates[at]), f"the Fed's first {kind} after its {iso(dates[at - 1])} {before[at]}"


def event_record(spec: Spec, data: Series, levels: pd.Series, period: Period, end: pd.Timestamp, value: float,
                 large: pd.Series | None = None) -> tuple[bool | None, str, RecordResult]:
    """The record of a return (with ``large``, a return gap) since the event of ``spec`` ("its best
    post-election run since 2016"): against the return over as many calendar days after each
    earlier event of the same kind (the facts' rule for returns since an event,
    :func:`analytics.facts_returns.to_event_returns`); whether the stated "since" holds, its words
    and the record.

    Raises:
        NotCheckable: no earlier event of that kind in the data.
    """
    event, this = spec.event[0], period.base
    if event == "election":
        dates, what = [pd.Timestamp(d) for d in US_ELECTION_DATES if pd.Timestamp(d) <= this], "an election"
    elif event.startswith(("latest_", "resumed_")):
        kind = event.split("_", 1)[1]
        moves = fed_state(data).moves
        dates = list(pd.to_datetime(moves.loc[moves["direction"] == kind, "announcement_date"]))
        dates, what = [d for d in dates if d <= this], f"a Fed {kind}"
    else:
        events = fed_events(data)
        dates = [d for d in pd.to_datetime(events.loc[events["event"] == event, "date"]) if d <= this]
        what = f"the Fed's {EVENT_WORDS[event]}"
    days = int((end - this).days)
    comp = to_event_returns(levels, pd.DatetimeIndex(dates), span_days=days, large=large)
    if len(comp) < 2 or comp.index[-1] != this:
        raise NotCheckable(f"no earlier span after {what} in the data to compare with")
    direction = spec.direction or ("high" if value > 0 else "low")
    record = record_with(comp, value, direction)
    word = ("best" if direction == "high" else "worst") if large is None else (
        "widest lead" if direction == "high" else "widest gap")
    rank = f"{ordinal(record.rank)} of {record.comparables:,}"
    thing = f"{word} {days} days after {what}"
    if record.is_record:
        words = f"the {thing} in the data (since the {iso(record.history_start)} one; {rank})"
    else:
        words = f"the {thing} since the {iso(record.record_since)} one ({rank})"
    good = spec.since is not None and since_holds(spec.since, record, end)
    return good, words, record


def event_period(spec: Spec, data: Series) -> Period:
    """The span since the event a clause names ("since the Fed's first cut", "since the election")."""
    date, words = event_date(spec, data)
    if spec.horizon is not None and spec.measure != "event_outcome":  # "in the 12 months after the Fed's last hike"
        end = date + pd.DateOffset(months=spec.horizon)
        if end > data.as_of:
            raise NotCheckable(f"the {spec.horizon} months after {words} ({iso(date)}) end on {iso(end)}, after "
                               f"{iso(data.as_of)}")
        return Period(f"after:{iso(date)}:{spec.horizon}m", "since", date, end, None,
                      f"in the {spec.horizon} months after {words} ({iso(date)})")
    return Period(f"since:{iso(date)}", "since", date, data.as_of, None, f"since {words} ({iso(date)})")


def went_way(value: float, direction: str, parts: list[str], verbs: tuple[str, str, str]) -> bool:
    """Whether ``value`` went the stated way (``"high"``: up, ``"low"``: down), said in ``parts``
    with ``verbs`` (up, down, flat): "it fell", "it fell, not rose"."""
    up, down, flat = verbs
    good = value > 0 if direction == "high" else value < 0
    parts.append(f"it {up if value > 0 else down if value < 0 else flat}"
                 + ("" if good else f", not {up if direction == 'high' else down}"))
    return good


def aligned_pair(data: Series, pair: str) -> tuple[pd.Series, pd.Series, str, str]:
    small, large = pair.split("-")
    s, g = data(small).align(data(large), join="inner")
    if s.empty:
        raise NotCheckable(f"the {name(small)} and the {name(large)} share no date")
    return s, g, small, large


def on_stated_day(spec: Spec, levels: pd.Series, key: str) -> pd.Series:
    """The closes up to the day the clause names ("on Monday"), else all of them."""
    if spec.period is not None and spec.period.kind == "day":
        levels = levels.loc[:named_close(levels, spec.period, key)]
    return levels


def first_since(past: pd.Series, since) -> tuple[bool, pd.Timestamp | None]:
    """Whether the level is past a mark now (``past``: True where it is) for the first time since
    ``since``: the last earlier day past it, before the present run, falls in ``since`` (or before
    it, for a span; none at all for ``since`` of kind ``"ever"``: "for the first time ever"). Also
    that day (None when there is none)."""
    if not past.iloc[-1]:
        return False, None
    out = past.index[~past.to_numpy()]
    before = past.loc[:out[-1]].iloc[:-1] if len(out) else past.iloc[:0]
    previous = before.index[before.to_numpy()][-1] if before.any() else None
    good = previous is None or (since.kind != "ever" and (
        span_holds(since, previous, past.index[-1]) if since.kind == "span" else since.start <= previous <= since.end))
    return good, previous


def month_end(day: pd.Timestamp) -> pd.Timestamp:
    return day + pd.offsets.MonthEnd(0)

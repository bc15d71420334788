"""Compute what a claim states with the product's analytics, and give the verdict.

Each measure uses the function the dashboard uses for the same figure:

* ``return``, ``return_record``: :func:`analytics.returns.calc_period_return` between the closes
  on or before the period's base and end dates; records against the comparable returns of
  :mod:`analytics.facts_returns` (every earlier calendar month for "its best month since",
  the same point of every earlier year for year to date, every earlier week to Friday for a
  week, every earlier day for a day) with
  :func:`analytics.records.calc_record_since`;
* ``relative_return``, ``return_gap``: :func:`analytics.returns.calc_relative_return` (small
  minus large on common dates), records against the difference of the comparable returns;
* ``drawdown``: :func:`analytics.drawdowns.calc_drawdown_status` ("correction" at -10%, "bear
  market" at -20%, on the current drawdown; the peak is the running maximum); its mirror, a
  rise from a low (period ``trough``; "bull market" at +20%, :func:`_rebound`);
* ``level``, ``level_record``: the last close on or before the as-of date, records with
  :func:`analytics.records.calc_record_since`;
* ``change_record``: :func:`analytics.spreads.calc_spread_change`, records against every earlier
  change of the same kind: a day's against every earlier day's, a week's (to Friday) against
  every earlier week's, a calendar month's against every earlier month's
  (:func:`analytics.facts_rates.to_period_changes`);
* ``correlation_record``: :func:`analytics.correlation.calc_rate_correlation` at the three
  windows of the facts (63 days, 26 weeks, 24 months); the verdict follows the 63-day window
  (the page's default) and the reason gives each window's answer;
* ``relative_peak``: the peak (or trough) of the ratio :func:`analytics.returns.to_ratio`;
* ``event_outcome``: :func:`analytics.events.calc_relative_outcomes` at the stated horizon
  after each Fed event of the type known on the as-of date
  (:func:`analytics.event_study.fed_events_as_of`), as the regimes panel's table.

Nothing after the as-of date is used. A series that ends more than
:data:`analytics.facts.MAX_STALE_DAYS` days before it gives ``not_checkable``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping

import pandas as pd

from analytics.claims.dates import Period, Since, calendar_period, latest_day, week_period
from analytics.claims.interpret import Spec
from analytics.claims.verdict import compare
from analytics.correlation import calc_rate_correlation
from analytics.drawdowns import BEAR_MARKET, CORRECTION, calc_drawdown_status
from analytics.event_study import EVENT_WORDS, fed_events_as_of
from analytics.format import signed, signed_percent
from analytics.events import calc_relative_outcomes
from analytics.facts import MAX_STALE_DAYS, US_ELECTION_DATES
from analytics.facts_fed import HOLD_AFTER_DAYS, calc_fed_state, regime_fact
from analytics.facts_rates import CORRELATION_WINDOWS, to_period_changes
from analytics.facts_returns import to_trailing_returns, to_ytd_returns
from analytics.facts_common import states_record
from analytics.records import RecordResult, calc_record_since, ordinal
from analytics.returns import calc_period_return, to_period_returns_series, to_ratio, to_returns
from analytics.spreads import calc_spread_change

#: Names in reasons.
NAMES = {"RUT": "Russell 2000", "GSPC": "S&P 500", "IXIC": "Nasdaq Composite",
         "DGS10": "10-year Treasury yield", "DGS2": "2-year Treasury yield",
         "BAMLH0A0HYM2": "high-yield spread", "BAMLC0A0CM": "investment-grade spread",
         "T10Y2Y": "10-year minus 2-year Treasury yield (the yield curve)"}
FED_KEYS = ("DFEDTAR", "DFEDTARU", "DFEDTARL", "DFF")
_THINGS = {"day": "day", "week": "week", "month": "month", "quarter": "quarter", "year": "year", "ytd": "start to a year",
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


def name(key: str) -> str:
    return NAMES.get(key, key)


def pct(value: float, digits: int = 1) -> str:
    """A decimal fraction as a signed percentage, never "-0.0%" (:func:`analytics.format.signed_percent`)."""
    return signed_percent(value, digits)


def iso(t) -> str | None:
    return None if t is None or pd.isna(t) else f"{pd.Timestamp(t):%Y-%m-%d}"


class Series:
    """The input series cut at the as-of date, each checked once (no data after ``as_of``)."""

    def __init__(self, series: Mapping[str, pd.Series], as_of: pd.Timestamp):
        self._series = series
        self.as_of = as_of
        self._done: dict[str, pd.Series] = {}
        self._memo: dict[tuple, object] = {}

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
        if key == "T10Y2Y" and key not in self._done:  # the two yields the rates panel shows
            ten, two = self.history("DGS10").align(self.history("DGS2"), join="inner")
            self._done[key] = (ten - two).round(10).rename("T10Y2Y")
        if key not in self._done:
            raw = self._series.get(key)
            if raw is None or not isinstance(raw, pd.Series) or not isinstance(raw.index, pd.DatetimeIndex):
                raise NotCheckable(f"no data for the {name(key)} in this data source")
            cut = raw.loc[:self.as_of].dropna().astype("float64")
            if cut.empty:
                raise NotCheckable(f"the {name(key)} data start after {iso(self.as_of)}")
            self._done[key] = cut
        return self._done[key]

    def __call__(self, key: str) -> pd.Series:
        cut = self.history(key)
        age = (self.as_of - cut.index[-1]).days
        if age > MAX_STALE_DAYS:
            raise NotCheckable(f"the {name(key)} data end on {iso(cut.index[-1])}, "
                               f"{age} days before {iso(self.as_of)}")
        return cut


# ----------------------------------------------------------------------------- helpers


def _obs(levels: pd.Series, date: pd.Timestamp, what: str) -> pd.Timestamp:
    pos = int(levels.index.searchsorted(date, side="right")) - 1
    if pos < 0:
        raise NotCheckable(f"{what}: {iso(date)} is before the data start ({iso(levels.index[0])})")
    return levels.index[pos]


def _span(levels: pd.Series, period: Period, key: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Dates of the base and end observations of ``period``."""
    if period.kind == "day":
        day = period.day if period.day is not None else levels.index[-1]
        if day not in levels.index:
            raise NotCheckable(f"no close of the {name(key)} on {day:%A %Y-%m-%d} in the data "
                               "(not a trading day)")
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
    return (_obs(levels, period.base, f"the close before the period ({period.words})"),
            _obs(levels, period.end, period.words))


def _comparable(levels: pd.Series, period: Period, end: pd.Timestamp) -> pd.Series | None:
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


def _record(values: pd.Series, value: float, direction: str) -> RecordResult:
    values = values.astype("float64").copy()
    values.iloc[-1] = value
    return calc_record_since(values, direction=direction)


def _since_ok(since: Since, record: RecordResult, end: pd.Timestamp) -> bool:
    got = record.record_since
    if since.kind == "ever":
        return record.is_record
    if got is None:  # a record for the whole history: "since X" is then true of any X after its start
        return since.start is None or since.start >= record.history_start
    if since.kind == "span":
        years = (end - got).days / 365.25
        want = (end - since.start).days / 365.25
        slack = 0.1 if want >= 1 else 0.04
        if since.qualifier == "nearly":
            return want * 0.75 - slack <= years <= want + slack
        if since.qualifier == "more than":
            return years >= want - slack
        return abs(years - want) <= max(want * 0.25, slack)
    return since.start <= got <= since.end


def _not_since(spec: Spec) -> str:
    if spec.since is None:
        return ""
    if spec.since.kind == "ever":
        return ", not a record"
    if spec.since.words.startswith("a "):  # "a 16-year high"
        return f", not {spec.since.words}"
    return f", not since {spec.since.words}"


def _since_words(record: RecordResult, thing: str, calendar: str | None, end: pd.Timestamp,
                 kind: str = "return") -> str:
    """The record in words, with its rank among the comparable values (:mod:`analytics.records`).

    A record that the facts would not state (:func:`analytics.facts_common.states_record`: fewer
    than three values in between, or a level record less than 30 days back) is called so.
    """
    word = {"high": "highest", "low": "lowest"}[record.direction]
    if thing in ("day", "week", "month", "quarter", "year", "start to a year",
                 "span of that length") or thing.endswith("-session run"):
        word = {"high": "best", "low": "worst"}[record.direction]
    elif thing == "":  # a relative return: the gap between small and large
        word = {"high": "widest lead", "low": "widest gap"}[record.direction]
    what = f"{word}{'' if thing in ('level', '') else ' ' + thing}"
    # the rank among calendar periods is telling; among every daily level of a yield it is not
    rank = "" if kind == "level_record" else f"; {ordinal(record.rank)} of {record.comparables}"
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
        adjective = {"highest": "high", "lowest": "low", "best": "good", "worst": "bad",
                     "widest": "wide"}[word.split()[0]]
        return f"no record: {when} ({span} earlier) was at least as {adjective}{rank}"
    return f"the {what} since {when} ({span}{rank})"


def _stated_words(spec: Spec, unit: str) -> str:
    if spec.figure is None or spec.stated is None:
        return "no figure"
    q = f"{spec.qualifier} " if spec.qualifier else ""
    if unit == "decimal":
        return f"{q}{spec.figure.value:g}{'%' if spec.figure.unit == '%' else ' pp'}"
    if unit == "points":
        return f"{q}{spec.figure.value:,.{spec.figure.decimals}f}"
    if unit == "point_change":
        return f"{q}{abs(spec.figure.value):,.{spec.figure.decimals}f} points"
    if spec.figure.unit == "bp":
        return f"{q}{spec.figure.value:g} bp"
    return f"{q}{spec.figure.value:g}{'%' if unit == 'percent' else ' pp'}"


def _figure_check(spec: Spec, computed: float, unit: str) -> tuple[bool | None, str]:
    """(ok or None when nothing was stated, words for the reason)."""
    if spec.stated is None:
        return None, ""
    check = compare(spec.stated, computed, unit, decimals=spec.figure.decimals if spec.figure else 0,
                    qualifier=spec.qualifier, unsigned=spec.unsigned,
                    figure_unit=spec.figure.unit if spec.figure else "")
    stated = _stated_words(spec, unit)
    if check.ok:
        return True, f"consistent with {stated}"
    return False, f"not {stated}"


def _verdict(out: Outcome, checks: list[bool | None], parts: list[str], head: str) -> Outcome:
    given = [c for c in checks if c is not None]
    if not given:
        out.verdict = "not_checkable"
        out.reason = f"{head}; the text states no figure or record to compare with"
        return out
    out.verdict = "consistent" if all(given) else "differs"
    words = [p for p in parts if p]
    out.reason = head + ("; " + ", ".join(words) if words else "")
    return out


# ----------------------------------------------------------------------------- events


def _fed_state(data: Series):
    return data.memo(("fed_state",), lambda: _load_fed_state(data))


def _fed_events(data: Series) -> pd.DataFrame:
    return data.memo(("fed_events",), lambda: fed_events_as_of(_fed_state(data).target, data.as_of))


def _load_fed_state(data: Series):
    try:
        histories = []
        for key in FED_KEYS:
            try:
                histories.append(data.history(key))
            except NotCheckable:
                histories.append(None)
        return calc_fed_state(*histories)
    except Exception as exc:  # FactSkipped or ValueError: no target in the data
        raise NotCheckable(f"the Fed's moves cannot be read from the data ({exc})") from None


def _event_date(spec: Spec, data: Series) -> tuple[pd.Timestamp, str]:
    """The date of the event a "since" refers to, and its words."""
    event, month = spec.event
    if event == "election":
        dates = [pd.Timestamp(d) for d in US_ELECTION_DATES if pd.Timestamp(d) < data.as_of]
        if not dates:
            raise NotCheckable("no presidential election before the as-of date in the list")
        return dates[-1], "the presidential election"
    state = _fed_state(data)
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
    events = _fed_events(data)
    events = events.loc[events["event"] == event]
    words = f"the Fed's {EVENT_WORDS[event]}"
    if events.empty:
        raise NotCheckable(f"no {EVENT_WORDS[event]} by the Fed before {iso(data.as_of)}")
    if month is not None:
        inside = events.loc[(events["date"] >= month.start) & (events["date"] <= month.end)]
        if not inside.empty:
            return pd.Timestamp(inside["date"].iloc[-1]), words
        spec.notes.append(f"the Fed's latest {EVENT_WORDS[event]} was on "
                          f"{iso(events['date'].iloc[-1])}, not in {month.start:%B %Y}")
    return pd.Timestamp(events["date"].iloc[-1]), words


# ----------------------------------------------------------------------------- measures


def _return(spec: Spec, data: Series) -> Outcome:
    if spec.streak is not None:
        return _streak(spec, data)
    key = spec.series
    levels = data(key)
    period = spec.period
    if spec.event is not None:
        date, words = _event_date(spec, data)
        period = Period(f"since:{iso(date)}", "since", date, data.as_of, None, f"since {words} ({iso(date)})")
    if period is None:
        raise NotCheckable("the text does not say over which period")
    start, end = _span(levels, period, key)
    value = calc_period_return(levels, start=start, end=end)
    out = Outcome(computed=value, unit="decimal", start=start, end=end, period=period.label)
    out.view = {"start": start, "end": end, "panel": "relative", "series": key}
    head = f"the {name(key)} {pct(value)} {period.words} ({iso(start)} to {iso(end)})"
    ok, words = _figure_check(spec, value, "decimal")
    checks, parts = [ok], [words]
    if spec.measure == "return" and spec.stated is None and spec.direction:  # "has fallen since ..."
        good = value > 0 if spec.direction == "high" else value < 0
        checks.append(good)
        parts.append(f"it {'rose' if value > 0 else 'fell' if value < 0 else 'was unchanged'}"
                     + ("" if good else f", not {'rose' if spec.direction == 'high' else 'fell'}"))
    if spec.measure == "return_record":
        comp = _comparable(levels, period, end)
        if comp is None or comp.empty:
            raise NotCheckable(f"no record rule for a return {period.words}")
        direction = spec.direction or ("high" if value > 0 else "low")
        record = _record(comp, value, direction)
        out.computed_since = iso(record.record_since) if record.record_since is not None else "on record"
        thing = f"{period.label[:-1]}-session run" if period.kind == "sessions" else _THINGS.get(period.kind, "span")
        since_words = _since_words(record, thing, period.calendar, end)
        good = spec.since is not None and _since_ok(spec.since, record, end)
        if spec.rank and spec.since is not None:  # "its second-best day on record / since 2008"
            good, ranked = _ranked(comp, value, direction, spec)
            since_words += f"; the {ranked}"
        checks.append(good)
        parts.append(since_words + ("" if good else _not_since(spec) if not spec.rank else
                                    f", not the {ordinal(spec.rank)}"))
        if record.record_since is not None:
            out.view["start"] = min(start, record.record_since - pd.offsets.MonthBegin(1))
    return _verdict(out, checks, parts, head)


#: Calendar frequencies of a streak's periods (sessions: each close against the one before).
STREAK_FREQS = {"week": "W-FRI", "month": "M", "quarter": "Q", "year": "Y"}


#: A running month, quarter or year counts in a streak in its last days (a wrap of the period);
#: before, the streak is of the complete ones.
STREAK_RUNNING_DAYS = 7


def _period_returns(levels: pd.Series, unit: str, as_of: pd.Timestamp) -> pd.Series:
    """Returns of each session, week (to Friday, this one to date) or calendar month, quarter or
    year, for a streak: the running one only in its last :data:`STREAK_RUNNING_DAYS` days."""
    if unit == "session":
        return to_returns(levels, freq="D")
    if unit == "week":
        return to_period_returns_series(levels, "W-FRI")
    freq = STREAK_FREQS[unit]
    period_end = as_of.to_period(freq).end_time.normalize()
    running = (period_end - as_of).days < STREAK_RUNNING_DAYS
    return to_period_returns_series(levels.loc[:as_of], freq, as_of=None if running else as_of)


def _period_words(day: pd.Timestamp, unit: str) -> str:
    return {"session": iso(day), "week": f"week to {iso(day)}", "month": f"{day:%b %Y}",
            "quarter": f"{day.year} Q{day.quarter}", "year": f"{day.year}"}[unit]


def _streak(spec: Spec, data: Series) -> Outcome:
    """"For a fifth straight session" (exactly five) or "for two straight years" (two at least):
    how many of the latest periods in a row went the stated way, past the stated figure (each
    compared as a figure is: :func:`analytics.claims.verdict.compare`)."""
    n, unit, exact = spec.streak
    if "-" in spec.series:
        s, g, small, large = _aligned(data, spec.series)
        values = (_period_returns(s, unit, data.as_of) - _period_returns(g, unit, data.as_of)).dropna()
        what, verbs = f"the {name(small)} against the {name(large)}", ("led", "lagged")
    else:
        values = _period_returns(data(spec.series), unit, data.as_of)
        what, verbs = f"the {name(spec.series)}", ("rose", "fell")
    if values.empty:
        raise NotCheckable(f"no complete {unit} in the data before {iso(data.as_of)}")
    up = spec.direction == "high"
    if spec.stated is not None:
        figure = spec.figure
        ok = [compare(spec.stated, float(v), "decimal", decimals=figure.decimals if figure else 0,
                      qualifier=spec.qualifier).ok and (v > 0) == up for v in values]
    else:
        ok = [(v > 0) if up else (v < 0) for v in values]
    length = 0
    for good in reversed(ok):
        if not good:
            break
        length += 1
    shown = values.iloc[-max(min(length + 1, len(values)), min(n, len(values))):]
    listed = ", ".join(f"{_period_words(d, unit)} {pct(v)}" for d, v in shown.items())
    verb = verbs[0] if up else verbs[1]
    rule = f" by {_stated_words(spec, 'decimal')}" if spec.stated is not None else ""
    last = iso(values.index[-1]) if unit in ("session", "week") else _period_words(values.index[-1], unit)
    head = f"{what} {verb}{rule} in {length} {unit}{'' if length == 1 else 's'} in a row to {last} ({listed})"
    good = length == n if exact else length >= n
    out = Outcome(computed=float(length), unit="periods", start=values.index[-max(length, 1)], end=values.index[-1],
                  period=f"streak:{unit}")
    first = len(values) - min(max(length, n, 1), len(values))  # the view opens at the close before it
    out.view = {"start": values.index[first - 1] if first else values.index[0] - pd.DateOffset(months=1),
                "end": values.index[-1], "panel": "relative", "series": spec.series}
    wanted = f"{'exactly ' if exact else 'at least '}{n}"
    return _verdict(out, [good], [f"{'consistent with' if good else 'not'} {wanted} in a row"], head)


def _ranked(values: pd.Series, value: float, direction: str, spec: Spec) -> tuple[bool, str]:
    """Whether the return ``value`` (the last of ``values``) has the rank the claim states among
    the returns from the stated "since" on (all of them "on record"), and that rank in words."""
    values = values.astype("float64").copy()
    values.iloc[-1] = value
    since = spec.since
    window = values if since.kind == "ever" or since.start is None else values.loc[since.start:]
    earlier = window.iloc[:-1]
    rank = 1 + int((earlier > value).sum() if direction == "high" else (earlier < value).sum())
    scope = "on record" if since.kind == "ever" else f"since {since.words}"
    return rank == spec.rank, f"{ordinal(rank)} {'best' if direction == 'high' else 'worst'} {scope}"


def _aligned(data: Series, pair: str) -> tuple[pd.Series, pd.Series, str, str]:
    small, large = pair.split("-")
    s, g = data(small).align(data(large), join="inner")
    if s.empty:
        raise NotCheckable(f"the {name(small)} and the {name(large)} share no date")
    return s, g, small, large


def _relative(spec: Spec, data: Series) -> Outcome:
    if spec.streak is not None:
        return _streak(spec, data)
    s, g, small, large = _aligned(data, spec.series)
    period = spec.period
    if period is None:
        raise NotCheckable("the text does not say over which period")
    start, end = _span(s, period, small)
    rs, rl = calc_period_return(s, start=start, end=end), calc_period_return(g, start=start, end=end)
    if spec.measure == "relative_return":  # the ratio's change, in %
        value = (1.0 + rs) / (1.0 + rl) - 1.0
        head = (f"the {name(small)}'s relative return against the {name(large)} (the ratio's change): "
                f"{pct(value)} {period.words} ({iso(start)} to {iso(end)})")
    else:  # the return gap, in percentage points
        value = rs - rl
        head = (f"the {name(small)} minus the {name(large)}: {signed(value * 100, 1, ' pp')} {period.words} "
                f"({iso(start)} to {iso(end)})")
    out = Outcome(computed=value, unit="decimal", start=start, end=end, period=period.label)
    out.view = {"start": start, "end": end, "panel": "relative", "series": spec.series}
    ok, words = _figure_check(spec, value, "decimal")
    checks, parts = [ok], [words]
    if spec.measure == "return_gap" and spec.direction is not None:  # a record clause
        cs, cg = _comparable(s, period, end), _comparable(g, period, end)
        if cs is None:
            raise NotCheckable(f"no record rule for a relative return {period.words}")
        comp = (cs - cg).dropna()
        direction = spec.direction or ("high" if value > 0 else "low")
        record = _record(comp, value, direction)
        out.computed_since = iso(record.record_since) if record.record_since is not None else "on record"
        good = spec.since is not None and _since_ok(spec.since, record, end)
        checks.append(good)
        parts.append(_since_words(record, "", period.calendar, end)
                     + ("" if good else _not_since(spec)))
        if record.record_since is not None:
            out.view["start"] = min(start, record.record_since - pd.offsets.YearBegin(1))
    return _verdict(out, checks, parts, head)


#: A rise of at least this much from a low is a bull market (the mirror of a bear market).
BULL_MARKET = 0.20
#: A low named by no date is the lowest close of this many days back ("off its 52-week low").
LOW_LOOKBACK_DAYS = 364


def _on_stated_day(spec: Spec, levels: pd.Series, key: str) -> pd.Series:
    """The closes up to the day the clause names ("on Monday"), else all of them."""
    if spec.period is not None and spec.period.kind == "day":
        day = spec.period.day
        if day not in levels.index:
            raise NotCheckable(f"no close of the {name(key)} on {day:%A %Y-%m-%d} in the data (not a trading day)")
        levels = levels.loc[:day]
    return levels


def _first_since(past: pd.Series, since) -> tuple[bool, pd.Timestamp | None]:
    """Whether the level is past a mark now (``past``: True where it is) for the first time since
    ``since``: the last earlier day past it, before the present run, falls in ``since`` (or before
    it, for a span). Also that day (None when there is none)."""
    if not past.iloc[-1]:
        return False, None
    out = past.index[~past.to_numpy()]
    before = past.loc[:out[-1]].iloc[:-1] if len(out) else past.iloc[:0]
    previous = before.index[before.to_numpy()][-1] if before.any() else None
    good = previous is None or (previous <= since.start if since.kind == "span" else
                                since.start <= previous <= since.end)
    return good, previous


def _rebound(spec: Spec, data: Series) -> Outcome:
    """How far above a low: the lowest close of the day, month or year the clause names ("its
    April low"; the reason says when a later close was lower, "not the low"), else of the past 52
    weeks; on the stated day or the as-of date. "Bull market": at least 20% above the low."""
    key = spec.series
    levels = _on_stated_day(spec, data(key), key)
    at = levels.index[-1]
    if spec.peak is not None:
        named = levels.loc[spec.peak.start:spec.peak.end]
        if named.empty:
            raise NotCheckable(f"no close of the {name(key)} in {spec.peak.words.strip()} (the stated low)")
    else:
        named = levels.loc[at - pd.Timedelta(days=LOW_LOOKBACK_DAYS):]
    low_date, low = named.idxmin(), float(named.min())
    later = levels.loc[low_date:]
    below = later[later < low]
    value = float(levels.iloc[-1]) / low - 1.0
    label = "bull market" if value >= BULL_MARKET else "not a bull market"
    out = Outcome(computed=value, unit="decimal", start=low_date, end=at, period="trough",
                  computed_since=iso(low_date))
    out.view = {"start": low_date - pd.DateOffset(months=3), "end": at, "panel": "relative", "series": key}
    which = f"its {iso(low_date)} low" if spec.peak is not None else f"its 52-week low of {iso(low_date)}"
    head = f"the {name(key)} {value * 100:.1f}% above {which} on {iso(at)}"
    ok, words = _figure_check(spec, value, "decimal")
    checks, parts = [ok], [words]
    if spec.peak is not None:
        good = below.empty
        checks.append(good)
        parts.append(f"low {'on' if spec.peak.kind == 'day' else 'in'} {spec.peak.words.strip()}" if good else
                     f"not the low: it closed lower on {iso(below.index[0])}")
    if spec.status == "bull market":
        good = value >= BULL_MARKET
        checks.append(good)
        parts.append(f"{'a' if good else 'not a'} bull market (at least 20% above the low)")
    return _verdict(out, checks, parts, head)


def _drawdown(spec: Spec, data: Series) -> Outcome:
    """How far below a peak: the running peak, or the highest close of the stated peak's month
    or year ("its September peak"); on the stated day ("on Monday") or the as-of date; the
    lowest point since the peak for "bottomed ... below"."""
    if spec.trough:
        return _rebound(spec, data)
    key = spec.series
    levels = _on_stated_day(spec, data(key), key)
    at = levels.index[-1]
    higher = None
    if spec.peak is not None:
        named = levels.loc[spec.peak.start:spec.peak.end]
        if named.empty:
            raise NotCheckable(f"no close of the {name(key)} in {spec.peak.words.strip()} (the stated peak)")
        peak_date, peak_level = named.idxmax(), float(named.max())
        later = levels.loc[peak_date:]
        above = later[later > peak_level]
        higher = above.index[0] if len(above) else None
    else:
        status = calc_drawdown_status(levels, as_of=at)
        peak_date, peak_level = status.peak_date, float(levels.loc[status.peak_date])
    since_peak = levels.loc[peak_date:]
    bottomed = spec.direction == "low"
    day = since_peak.idxmin() if bottomed else at
    value = float(since_peak.loc[day]) / peak_level - 1.0
    label = "bear market" if value <= BEAR_MARKET else "correction" if value <= CORRECTION else "normal"
    out = Outcome(computed=value, unit="decimal", start=peak_date, end=day, period="peak",
                  computed_since=iso(peak_date))
    out.view = {"start": peak_date - pd.DateOffset(months=3), "end": at, "panel": "relative", "series": key}
    head = (f"the {name(key)} {'bottomed ' if bottomed else ''}{abs(value) * 100:.1f}% below its "
            f"{iso(peak_date)} peak on {iso(day)} ({label})")
    ok, words = _figure_check(spec, value, "decimal")
    checks, parts = [ok], [words]
    if spec.peak is not None:
        good = higher is None
        checks.append(good)
        parts.append(f"peak {'on' if spec.peak.kind == 'day' else 'in'} {spec.peak.words.strip()}" if good else
                     f"not the peak: it closed higher on {iso(higher)}")
    if spec.status is not None:
        rank = {"normal": 0, "correction": 1, "bear market": 2}
        good = rank[label] >= rank[spec.status] if spec.status == "correction" else label == spec.status
        checks.append(good)
        parts.append(f"{'a' if good else 'not a'} {spec.status} (at least "
                     f"{'20' if spec.status == 'bear market' else '10'}% below the peak)")
    return _verdict(out, checks, parts, head)


def _level(spec: Spec, data: Series) -> Outcome:
    key = spec.series
    levels = data(key)
    if spec.period is not None and spec.period.kind == "day":  # "the 10-year yield was 4.5% on Friday"
        _, day = _span(levels, spec.period, key)
        levels = levels.loc[:day]
    at = levels.index[-1]
    value = float(levels.iloc[-1])
    index = key in ("RUT", "GSPC", "IXIC")
    out = Outcome(computed=value, unit="points" if index else "percent", start=at, end=at, period="level")
    panel = "relative" if index else "rates" if key.startswith(("DGS", "T10Y")) else "spreads"
    out.view = {"start": at - pd.DateOffset(years=1), "end": at, "panel": panel, "series": key}
    head = f"the {name(key)} at {value:,.2f}{'' if index else '%'} on {iso(at)}"
    ok, words = _figure_check(spec, value, "points" if index else "percent")
    checks, parts = [ok], [words]
    if spec.status in ("inverted", "not inverted"):  # the yield curve: the 10-year below the 2-year
        checks.append((value < 0) == (spec.status == "inverted"))
        parts.append("inverted (the 10-year yield below the 2-year)" if value < 0 else
                     "not inverted (the 10-year yield at or above the 2-year)")
    if spec.rank == 0 and spec.since is not None:  # "inverted / closed above 2,400 for the first time since"
        if spec.status == "inverted":
            past, what = levels < 0, "inversion"
        else:
            threshold = spec.stated
            past = levels > threshold if spec.direction != "low" else levels < threshold
            what = f"close {'above' if spec.direction != 'low' else 'below'} {threshold:,g}{'' if index else '%'}"
        good, previous = _first_since(past, spec.since)
        checks.append(good)
        parts.append((f"not past it now" if not past.iloc[-1] else f"the first {what} since {iso(previous)}"
                      if previous is not None else f"the first {what} on record")
                     + ("" if good else f", not since {spec.since.words}"))
        out.computed_since = None if not past.iloc[-1] else iso(previous) if previous is not None else "on record"
    if spec.negated:  # "has not closed at a record in three years": the last record's date
        highs = levels[levels >= levels.cummax()]
        last = highs.index[-1]
        out.computed_since, out.start = iso(last), last
        good = (last <= spec.since.start if spec.since.kind == "span" else last < spec.since.start
                if spec.since.kind in ("day", "month", "year") and spec.since.start is not None else None)
        if spec.since.kind in ("month", "year", "day") and good is not None:
            good = spec.since.start <= last <= spec.since.end  # "since November 2021": the last one then
        checks.append(good)
        parts.append(f"its last record close was on {iso(last)} ({(at - last).days / 365.25:.1f} years earlier)"
                     + ("" if good else f", not {'in' if spec.since.kind == 'span' else 'since'} {spec.since.words}"))
        out.view["start"] = last - pd.DateOffset(months=3)
        return _verdict(out, checks, parts, head)
    if spec.measure == "level_record":
        direction = spec.direction or "high"
        record = calc_record_since(levels, direction=direction)
        out.computed_since = iso(record.record_since) if record.record_since is not None else "on record"
        out.start = record.history_start if record.record_since is None else record.record_since
        good = spec.since is not None and _since_ok(spec.since, record, at)
        checks.append(good)
        parts.append(_since_words(record, "level", None, at, "level_record") + (
            "" if good else _not_since(spec)))
        if record.record_since is not None:
            out.view["start"] = record.record_since - pd.DateOffset(months=3)
    return _verdict(out, checks, parts, head)


#: The periods whose changes of a yield or spread have a record rule: each compares every earlier
#: period of its kind (:func:`analytics.facts_rates.to_period_changes`).
CHANGE_PERIODS = {"day": ("D", "one-day"), "sessions": ("S", "multi-session"), "week": ("W-FRI", "weekly"),
                  "month": ("M", "monthly")}


def _change_comparables(levels: pd.Series, period: Period, end: pd.Timestamp) -> pd.Series:
    """Every earlier change of the period's kind, the period's own (possibly to date) last."""
    freq = CHANGE_PERIODS[period.kind][0]
    if freq == "S":  # every earlier run of as many sessions (overlapping)
        n = int(period.label[:-1])
        upto = levels.loc[:end].dropna()
        return (upto - upto.shift(n)).round(10).iloc[n:]
    if freq == "D":
        label = end
    elif freq == "W-FRI":
        label = period.base + pd.Timedelta(days=7)  # the week's Friday
    else:
        label = period.end + pd.offsets.MonthEnd(0)
    return to_period_changes(levels.loc[:end], freq, as_of=label)


def _change(spec: Spec, data: Series) -> Outcome:
    """A yield's or spread's change over the stated period, with its record. With no period
    stated, each reading a reporter may mean is computed (the latest session, the week to date,
    the latest complete week, the month to date, the last complete month): consistent when one
    of them supports the claim (its value and link are given), else the last complete month's;
    the reason lists each."""
    key = spec.series
    if key == "fed_target":
        return _fed_move(spec, data)
    levels = data(key)
    if spec.event is not None:  # "since the Fed started cutting in September"
        date, words = _event_date(spec, data)
        period = Period(f"since:{iso(date)}", "since", date, data.as_of, None, f"since {words} ({iso(date)})")
        return _change_over(spec, levels, key, period)
    if spec.period is not None:
        return _change_over(spec, levels, key, spec.period)
    as_of = data.as_of
    month = calendar_period(as_of.to_period("M"), as_of, f"{as_of:%B %Y}")
    last = as_of.to_period("M") - 1
    # the week to date when it holds more than one session (Tuesday to Thursday), the latest
    # complete week (to the last Friday on or before the date), the month to date unless complete
    readings = [latest_day(as_of), *([week_period(as_of)] if 0 < as_of.weekday() < 4 else []),
                week_period(as_of, last=as_of.weekday() < 4), *([month] if month.end < _month_end(as_of) else []),
                calendar_period(last, as_of, f"{last.end_time:%B %Y}")]
    results = []
    for period in readings:
        try:
            results.append((period, _change_over(spec, levels, key, period)))
        except (NotCheckable, ValueError) as exc:  # its message names the period
            results.append((period, Outcome(reason=str(exc), period=period.label)))
    checked = [(p, r) for p, r in results if r.verdict != "not_checkable"]
    if not checked:
        return results[-1][1]
    period, chosen = next(((p, r) for p, r in checked if r.verdict == "consistent"), checked[-1])
    held = [p.words for p, r in checked if r.verdict == "consistent"]
    others = [r.reason for p, r in results if r is not chosen]
    # the reading shown first (its value and link are the record's), then the others
    chosen.reason = (chosen.reason + ". No period stated, so each reading was computed: the claim "
                     + (f"holds {', '.join(held)}" if held else "holds in none")
                     + ". The other readings: " + " / ".join(others))
    return chosen


def _fed_move(spec: Spec, data: Series) -> Outcome:
    """The change of the Fed's target (the range's midpoint since 2008) over its moves announced on
    the stated day, since the stated date or Fed event (that move included), else its latest move."""
    state = _fed_state(data)
    moves = state.moves.assign(announcement_date=pd.to_datetime(state.moves["announcement_date"]))
    period = spec.period
    if spec.event is not None:
        date, words = _event_date(spec, data)
        chosen, words = moves.loc[moves["announcement_date"] >= date], f"since {words} ({iso(date)})"
        label = f"since:{iso(date)}"
    elif period is None:
        chosen, words, label = moves.iloc[-1:], "at its latest move", "latest"
    elif period.kind == "day":
        day = period.day if period.day is not None else data.as_of
        chosen, words, label = moves.loc[moves["announcement_date"] == day], f"on {day:%A %Y-%m-%d}", period.label
    else:
        chosen = moves.loc[(moves["announcement_date"] > period.base) & (moves["announcement_date"] <= period.end)]
        words, label = period.words, period.label
    value = round(float(chosen["change"].sum()), 10)
    listed = ", ".join(f"{d:%Y-%m-%d} {signed(c, 2, ' pp')}" for d, c in zip(chosen["announcement_date"], chosen["change"]))
    verb = "cut" if value < 0 else "raised" if value > 0 else "did not move"
    head = (f"the Fed {verb} its target{f' by {abs(value):.2f} pp' if value else ''} {words} "
            + (f"({len(chosen)} move{'s' if len(chosen) != 1 else ''}: {listed})" if len(chosen) else
               f"(no move announced; the latest before {iso(data.as_of)}: "
               f"{moves['announcement_date'].iloc[-1]:%Y-%m-%d}, {signed(float(moves['change'].iloc[-1]), 2, ' pp')})"))
    first = chosen["announcement_date"].iloc[0] if len(chosen) else data.as_of
    out = Outcome(computed=value, unit="pp", start=first, end=data.as_of, period=label)
    out.view = {"panel": "regimes", "event": "last_cut" if value < 0 else "last_hike", "series": "fed_target",
                "start": first - pd.DateOffset(months=6), "end": data.as_of}
    ok, figure_words = _figure_check(spec, value, "pp")
    checks, parts = [ok], [figure_words]
    if spec.rank == 0 and spec.since is not None and len(chosen) == 1:  # "its first cut since 2020"
        move = chosen.iloc[0]
        earlier = moves.loc[(moves["announcement_date"] < move["announcement_date"])
                            & (moves["direction"] == move["direction"])]
        kind = "hike" if move["direction"] == "hike" else "cut"
        previous = earlier["announcement_date"].iloc[-1] if len(earlier) else None
        since = spec.since
        good = previous is None or (previous <= since.start if since.kind == "span" else
                                    since.start <= previous <= since.end)
        checks.append(good)
        parts.append((f"the first {kind} since {iso(previous)}" if previous is not None else f"the first {kind} on record")
                     + ("" if good else f", not since {since.words}"))
        out.computed_since = iso(previous) if previous is not None else "on record"
    elif spec.since is not None and len(chosen) == 1:  # "the biggest increase since 1994"
        move = chosen.iloc[0]
        earlier = moves.loc[(moves["announcement_date"] < move["announcement_date"])
                            & (moves["direction"] == move["direction"])]
        as_big = earlier.loc[earlier["change"].abs() >= abs(move["change"])]
        series = pd.Series([*earlier["change"].abs(), abs(move["change"])],
                           index=pd.DatetimeIndex([*earlier["announcement_date"], move["announcement_date"]]))
        record = calc_record_since(series, direction="high")
        good = _since_ok(spec.since, record, move["announcement_date"])
        checks.append(good)
        kind = "hike" if move["direction"] == "hike" else "cut"
        parts.append((f"the biggest {kind} since {iso(as_big['announcement_date'].iloc[-1])}" if len(as_big) else
                      f"the biggest {kind} on record (since {iso(moves['announcement_date'].iloc[0])})")
                     + ("" if good else _not_since(spec)))
        out.computed_since = iso(as_big["announcement_date"].iloc[-1]) if len(as_big) else "on record"
    return _verdict(out, checks, parts, head)


def _month_end(day: pd.Timestamp) -> pd.Timestamp:
    return day + pd.offsets.MonthEnd(0)


def _change_over(spec: Spec, levels: pd.Series, key: str, period: Period) -> Outcome:
    """:func:`_change` over ``period``."""
    start, end = _span(levels, period, key)
    value = calc_spread_change(levels, start=start, end=end)
    out = Outcome(computed=value, unit="pp", start=start, end=end, period=period.label)
    panel = "rates" if key.startswith(("DGS", "T10Y")) else "spreads"
    out.view = {"start": start, "end": end, "panel": panel, "series": key}
    up, down = (("rose", "fell") if key.startswith("DGS") else ("steepened", "flattened") if key == "T10Y2Y"
                else ("widened", "tightened"))
    verb = up if value > 0 else (down if value < 0 else "was unchanged")
    head = (f"the {name(key)} {verb}{'' if value == 0 else f' by {abs(value):.2f} pp'} "
            f"{period.words} ({float(levels.loc[start]):.2f}% on {iso(start)} to {float(levels.loc[end]):.2f}% "
            f"on {iso(end)})")
    ok, words = _figure_check(spec, value, "pp")
    checks, parts = [ok], [words]
    if spec.event is not None and spec.stated is None and spec.direction:  # "has risen since the Fed's first cut"
        good = value > 0 if spec.direction == "high" else value < 0
        checks.append(good)
        parts.append(f"it {verb}" + ("" if good else f", not {up if spec.direction == 'high' else down}"))
        return _verdict(out, checks, parts, head)
    if spec.since is not None or spec.measure == "change_record" and spec.direction and spec.stated is None:
        if period.kind not in CHANGE_PERIODS:
            raise NotCheckable("records of yield and spread changes are kept for days, runs of sessions, "
                               "weeks (to Friday) and calendar months")
        comp = _change_comparables(levels, period, end)
        if comp.empty:
            raise NotCheckable(f"no earlier {CHANGE_PERIODS[period.kind][1]} changes of the {name(key)} to compare with")
        direction = spec.direction or ("high" if value > 0 else "low")
        if direction == "high" and value <= 0 or direction == "low" and value >= 0:
            checks.append(False)
            parts.append(f"it {verb}, not {up if direction == 'high' else down}")
        else:
            record = _record(comp, round(value, 10), direction)
            out.computed_since = iso(record.record_since) if record.record_since is not None else "on record"
            # a day's or week's change as a day's or week's return (enough changes in between); a
            # month's as the facts' change records (also 30 days back at least)
            stated = states_record(record, "change_record" if period.kind == "month" else "return")
            good = spec.since is not None and _since_ok(spec.since, record, end) and (stated or not record.is_record)
            checks.append(good)
            move = {"widened": "widening", "tightened": "tightening", "rose": "rise", "fell": "fall",
                    "steepened": "steepening", "flattened": "flattening"}[
                up if direction == "high" else down]
            kind_words = f"{period.label[:-1]}-session" if period.kind == "sessions" else CHANGE_PERIODS[period.kind][1]
            what = f"the largest {kind_words} {move}"
            got = record.record_since
            when = (None if got is None else f"{got:%B %Y}" if period.kind == "month"
                    else f"the week to {iso(got)}" if period.kind == "week" else
                    f"the run of {period.label[:-1]} sessions to {iso(got)}" if period.kind == "sessions" else iso(got))
            rank = f"{ordinal(record.rank)} of {record.comparables}"
            if record.is_record and stated:
                text = f"{what} on record (since {iso(record.history_start)}; {rank})"
            elif record.is_record:
                text = f"no record: too few earlier {CHANGE_PERIODS[period.kind][1]} changes to compare with ({rank})"
            elif stated:
                text = f"{what} since {when} ({rank})"
            else:  # too recent or too few changes in between to call it a record (the facts' rule)
                text = f"no record: {when} was at least as large ({rank})"
            parts.append(text + ("" if good else _not_since(spec)))
            if got is not None:
                out.view["start"] = got - pd.DateOffset(months=3)
    return _verdict(out, checks, parts, head)


def _correlation(spec: Spec, data: Series) -> Outcome:
    """Each window of the facts; consistent when one of them supports the claim (the reason says
    which window gives which answer, and the value and link are those of that window)."""
    small, rate = spec.series.split("~")
    s, r = data(small), data(rate)
    answers, results = [], []
    for freq, window, period, words in CORRELATION_WINDOWS:
        try:
            frame = data.memo(("correlation", small, rate, freq, window), lambda f=freq, w=window: (
                calc_rate_correlation(s, r, freq=f, window=w, percentile=False)))
        except ValueError as exc:
            answers.append(f"{words}: cannot be computed ({exc})")
            continue
        history = frame["correlation"].dropna()
        if len(history) < 2:
            answers.append(f"{words}: too little history")
            continue
        value = float(history.iloc[-1])
        direction = spec.direction or ("low" if value < 0 else "high")
        record = calc_record_since(history, direction=direction)
        word = "most negative" if direction == "low" else "most positive"
        since = "on record" if record.is_record else f"since {iso(record.record_since)}"
        good = None if spec.since is None else _since_ok(spec.since, record, history.index[-1])
        if spec.stated is not None:
            fit = compare(spec.stated, value, "coefficient", decimals=spec.figure.decimals if spec.figure else 0,
                          qualifier=spec.qualifier).ok
            good = fit if good is None else (good and fit)
        if (value >= 0 and direction == "low") or (value <= 0 and direction == "high"):
            good = None if good is None else False
            answers.append(f"{words} {signed(value)}, not {'negative' if direction == 'low' else 'positive'}")
        else:
            answers.append(f"{words} {signed(value)}, the {word} {since}")
        results.append((good, value, record, period, history.index[-1], window, words))
    if not results:
        raise NotCheckable("the correlation cannot be computed on this data: " + "; ".join(answers))
    chosen = next((x for x in results if x[0]), results[0])
    good, value, record, period, end, window, words = chosen
    out = Outcome(computed=value, unit="coefficient", end=end, period=period,
                  computed_since=iso(record.record_since) if record.record_since is not None else "on record",
                  start=record.history_start)
    out.view = {"start": end - pd.DateOffset(years=3), "end": end, "panel": "correlation", "series": small}
    if period == "63d":
        out.view["window"] = window
    head = (f"the {name(small)}'s correlation with {name(rate)} changes: " + "; ".join(answers))
    held = [x[6] for x in results if x[0]]
    parts = [f"holds at the {', '.join(held)} window{'s' if len(held) > 1 else ''}" if held
             else "holds at none of the windows"] if any(x[0] is not None for x in results) else []
    return _verdict(out, [None if all(x[0] is None for x in results) else bool(held)], parts, head)


def _relative_peak(spec: Spec, data: Series) -> Outcome:
    small, large = spec.series.split("-")
    ratio = to_ratio(data(small), data(large))
    direction = spec.direction or "high"
    at = ratio.idxmax() if direction == "high" else ratio.idxmin()
    word = "peak" if direction == "high" else "trough"
    out = Outcome(computed=float(ratio.loc[at]), unit="ratio", start=ratio.index[0], end=ratio.index[-1],
                  period="peak" if direction == "high" else "trough", computed_since=iso(at))
    out.view = {"start": at - pd.DateOffset(years=2), "end": ratio.index[-1], "panel": "relative",
                "series": spec.series}
    now = float(ratio.iloc[-1])
    head = (f"the ratio {name(small)} / {name(large)} had its {word} on {iso(at)} ({float(ratio.loc[at]):.4f}) "
            f"in data from {iso(ratio.index[0])}; on {iso(ratio.index[-1])} it was {now / float(ratio.loc[at]) - 1:+.1%} "
            f"from there")
    good = None if spec.since is None else bool(spec.since.start <= at <= spec.since.end)
    parts = [] if spec.since is None else [f"{'in' if good else 'not in'} {spec.since.words}"]
    return _verdict(out, [good], parts, head)


_SHARES = {"most": (0.5, 1.0, False), "the majority of": (0.5, 1.0, False), "more than half of": (0.5, 1.0, False),
           "all": (1.0, 1.0, True), "every": (1.0, 1.0, True), "half of": (0.5, 0.5, True),
           "none of": (0.0, 0.0, True), "no": (0.0, 0.0, True), "few": (0.0, 0.5, False)}
_NUMS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


def _share_range(words: str) -> tuple[float, float, bool] | None:
    if words in _SHARES:
        return _SHARES[words]
    parts = words.replace("the ", "").split(" of ")
    if len(parts) == 2:
        a, b = (int(p) if p.isdigit() else _NUMS.get(p, 0) for p in parts)
        if b:
            return a / b, a / b, True
    return None


def _event_outcome(spec: Spec, data: Series) -> Outcome:
    s, g, small, large = _aligned(data, spec.series)
    event = spec.event[0]
    events = _fed_events(data)
    events = events.loc[(events["event"] == event) & (events["date"] >= s.index[0])]
    if events.empty:
        raise NotCheckable(f"no {EVENT_WORDS[event]} within the data")
    table = calc_relative_outcomes(s, g, list(events["date"]), horizons=(spec.horizon,))
    values = table["value"].dropna()
    if values.empty:
        raise NotCheckable(f"no {EVENT_WORDS[event]} with {spec.horizon} months of data after it")
    beat = int((values > 0).sum())
    share = beat / len(values)
    sign = spec.direction == "high"
    wins = beat if sign else len(values) - beat
    verb = "beat" if sign else "lagged"
    listed = ", ".join(f"{iso(d)} {pct(v)}" for d, v in zip(table.loc[values.index, "event_date"], values))
    out = Outcome(computed=share if sign else 1 - share, unit="share", start=pd.Timestamp(values.index.size and
                  table.loc[values.index[0], "event_date"]), end=data.as_of, period=f"{spec.horizon}m")
    out.view = {"panel": "regimes", "event": event, "series": spec.series}
    head = (f"small caps ({name(small)}) {verb} large caps ({name(large)}) in {wins} of {len(values)} "
            f"{spec.horizon}-month spans after the Fed's {EVENT_WORDS[event]} (relative returns: {listed})")
    rng = _share_range(spec.share or "most")
    good = None
    if rng is not None:
        low, high, inclusive = rng
        x = out.computed
        good = (low <= x <= high) if inclusive else (low < x <= high) if low < high else x == low
    return _verdict(out, [good], [f"{'consistent with' if good else 'not'} \"{spec.share}\""], head)


def _regime(spec: Spec, data: Series) -> Outcome:
    """The Fed's stance as the facts state it (:func:`analytics.facts_fed.regime_fact`: hiking or
    cutting while the last move is at most 56 days old, on hold after that)."""
    state = _fed_state(data)
    last = state.target.index[-1]
    if (data.as_of - last).days > MAX_STALE_DAYS:
        raise NotCheckable(f"the fed funds target data end on {iso(last)}")
    fact = regime_fact(state)
    out = Outcome(computed=float(fact.value), unit="days", start=pd.Timestamp(fact.start), end=pd.Timestamp(fact.end),
                  period="regime", computed_since=fact.start)
    out.view = {"panel": "regimes", "event": "last_hike" if fact.direction == "high" else "last_cut",
                "series": "fed_target"}
    words = {"hold": "on hold", "hiking": "hiking", "cutting": "cutting"}
    good = fact.status == spec.status
    head = (f"the Fed is {words[fact.status]} as of {iso(data.as_of)}: its last move, on {fact.start}, was "
            f"{int(fact.value)} days earlier (on hold after {HOLD_AFTER_DAYS} days without a move)")
    return _verdict(out, [good], [f"{'consistent with' if good else 'not'} {words[spec.status]}"], head)


def _point_change(spec: Spec, data: Series) -> Outcome:
    """A move in index points: the period's last close minus the close before it."""
    key = spec.series
    levels = data(key)
    if spec.period is None:
        raise NotCheckable("the text does not say over which period")
    start, end = _span(levels, spec.period, key)
    value = float(levels.loc[end] - levels.loc[start])
    out = Outcome(computed=value, unit="points", start=start, end=end, period=spec.period.label)
    out.view = {"start": start, "end": end, "panel": "relative", "series": key}
    head = (f"the {name(key)} {'rose' if value > 0 else 'fell' if value < 0 else 'was unchanged,'} "
            f"{abs(value):,.2f} points {spec.period.words} ({levels.loc[start]:,.2f} on {iso(start)} to "
            f"{levels.loc[end]:,.2f} on {iso(end)})")
    ok, words = _figure_check(spec, value, "point_change")
    return _verdict(out, [ok], [words], head)


MEASURES: dict[str, Callable[[Spec, Series], Outcome]] = {
    "return": _return, "return_record": _return, "relative_return": _relative, "return_gap": _relative,
    "drawdown": _drawdown, "level": _level, "level_record": _level, "change_record": _change,
    "correlation_record": _correlation, "relative_peak": _relative_peak, "event_outcome": _event_outcome,
    "regime": _regime, "point_change": _point_change,
}


def compute(spec: Spec, data: Series) -> Outcome:
    """The :class:`Outcome` of one claim; ``not_checkable`` with the reason when it cannot be computed."""
    if spec.unsupported:
        return Outcome(reason=spec.unsupported)
    try:
        out = MEASURES[spec.measure](spec, data)
    except NotCheckable as exc:
        return Outcome(reason=str(exc), period=spec.period.label if spec.period else None)
    except (ValueError, KeyError, IndexError, TypeError, OverflowError, ZeroDivisionError) as exc:
        return Outcome(reason=f"cannot be computed on this data ({exc})",
                       period=spec.period.label if spec.period else None)
    if spec.notes:
        out.reason += " (" + "; ".join(spec.notes) + ")"
    return out


__all__ = ["MEASURES", "NotCheckable", "Outcome", "Series", "compute"]

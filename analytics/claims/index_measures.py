"""Claim measures of an index and of small against large caps: returns and their records,
streaks, drawdowns and rises from a low, moves in points (see :mod:`analytics.claims.compute`)."""

from __future__ import annotations

import re

import pandas as pd

from analytics.claims.base import (
    NotCheckable, Outcome, Series, THINGS, aligned_pair, comparable_returns, conclude, event_period, event_record,
    figure_check,
    first_since, iso, name, named_close, not_since, on_stated_day, pct, record_closes, record_period, record_with,
    record_words,
    since_holds, span_holds, span_of, stated_words, went_way,
)
from analytics.claims.dates import Since
from analytics.claims.spec import RATES, SPREADS, Spec
from analytics.claims.verdict import compare
from analytics.drawdowns import BEAR_MARKET, CORRECTION, calc_drawdown_status
from analytics.facts_rates import to_period_changes
from analytics.format import signed
from analytics.records import ordinal
from analytics.returns import calc_period_return, to_period_returns_series, to_returns


def check_return(spec: Spec, data: Series) -> Outcome:
    if spec.first_in is not None:
        return _first_in(spec, data)
    if spec.last_since is not None:  # "its first annual loss since 2015"
        return _last_since(spec, data)
    if spec.streak is not None:
        return _streak(spec, data)
    if spec.tally is not None:
        return _tally(spec, data)
    key = spec.series
    levels = data(key)
    period = spec.period
    if spec.event is not None:
        period = event_period(spec, data)
    if period is None:
        raise NotCheckable("the text does not say over which period")
    start, end = span_of(levels, period, key)
    value = calc_period_return(levels, start=start, end=end)
    # (a move that rounds to zero is shown to its first digit: "+0.01%", not "0.0%")
    head = f"the {name(key)} {pct(value, _digits(value * 100, 1))} {period.words} ({iso(start)} to {iso(end)})"
    if spec.annualized:  # "7% a year over the past decade": compounded to one year
        years = (end - start).days / DAYS_PER_YEAR
        total, value = value, (1.0 + value) ** (1.0 / years) - 1.0
        head = (f"the {name(key)} {pct(value)} a year {period.words} ({iso(start)} to {iso(end)}, {years:.1f} "
                f"years, {pct(total)} in all; compounded, the index level without dividends)")
    out = Outcome(computed=value, unit="decimal", start=start, end=end, period=period.label)
    out.view = {"start": start, "end": end, "panel": "relative", "series": key}
    ok, words = figure_check(spec, value, "decimal")
    if ok is False and key in FUND_OF and (spec.annualized or any(n.startswith("a price return") for n in spec.notes)):
        # "have returned 31%": with dividends, as the index's fund has them (its adjusted closes)
        fund = FUND_OF[key]
        readings = [_fund_return(spec, data, fund, start, end, fees) for fees in (False, True)]
        a_year = " a year" if spec.annualized else ""
        if readings[0] is not None:
            out.also_from = (fund,)
        if readings[0] is not None and not any(figure_check(spec, r, "decimal")[0] for r in readings):
            words += f", nor with dividends ({pct(readings[0])}{a_year} from the {name(fund)}'s adjusted closes)"
        elif readings[0] is not None:
            spec.notes[:] = [n for n in spec.notes if not n.startswith("a price return")]  # (said in the words)
            ok, words = True, (f"consistent with {stated_words(spec, 'decimal')} as a return with dividends: "
                               f"{pct(readings[0])}{a_year} over the same dates from the {name(fund)}'s closes "
                               f"adjusted for dividends, {pct(readings[1])}{a_year} with its "
                               f"{100 * FUND_FEES[fund]:.2f}% yearly fee added back")
    checks, parts = [ok], [words]
    if spec.measure == "return" and spec.stated is None and spec.direction:  # "has fallen since ..."
        checks.append(went_way(value, spec.direction, parts, ("rose", "fell", "was unchanged")))
    if spec.status == "turned" and spec.stated is None and spec.direction:  # "turned positive for the year"
        checks.append(_turned(levels.loc[start:end], spec.direction, parts))
    if spec.given_back is not None:  # "has given back all of its post-election gains"
        checks.append(_given_back(levels.loc[start:end], spec.given_back, parts))
    if spec.measure == "return_record" and spec.event is not None:  # "its best post-election run since 2016"
        good, since_words, record = event_record(spec, data, levels, period, end, value)
        out.computed_since = iso(record.record_since) if record.record_since is not None else "on record"
        checks.append(good)
        parts.append(since_words + ("" if good else not_since(spec, record)))
    elif spec.measure == "return_record":
        rec = record_period(levels, period, start, end)  # a span since a date: runs of as many sessions
        comp = comparable_returns(levels, rec, end)
        if comp is None or comp.empty:  # the figure is still checked
            spec.notes.append(f"the record is not checked: no record rule for a return {period.words}")
            return conclude(out, checks, parts, head)
        thing = f"{rec.label[:-1]}-session run" if rec.kind == "sessions" else THINGS.get(period.kind, "span")
        if spec.seasonal:  # "its best first quarter since 2019": the same quarter (month) of each year
            comp, thing = same_season(comp, period)
        direction = spec.direction or ("high" if value > 0 else "low")
        record = record_with(comp, value, direction)
        out.computed_since = iso(record.record_since) if record.record_since is not None else "on record"
        if period.kind == "ytd" and (end + pd.offsets.BDay(1)).year > end.year:
            thing = "year"  # to the year's last business day: each year's whole (to its same day)
        since_words = record_words(record, thing, rec.calendar, end)
        good = spec.since is not None and since_holds(spec.since, record, end)
        if spec.rank and spec.since is not None:  # "its second-best day on record / since 2008"
            good, ranked = _ranked(comp, value, direction, spec)
            since_words += f"; the {ranked}"
        checks.append(good)
        parts.append(since_words + ("" if good else not_since(spec, record) if not spec.rank else
                                    f", not the {ordinal(spec.rank)}"))
        if record.record_since is not None:
            out.view["start"] = min(start, record.record_since - pd.offsets.MonthBegin(1))
    return conclude(out, checks, parts, head)


_QUARTER_WORDS = {1: "first", 2: "second", 3: "third", 4: "fourth"}


def same_season(comp: pd.Series, period) -> tuple[pd.Series, str]:
    """The values of ``comp`` (by period end) in the same quarter (month) of the year as the last,
    and that season in words ("first quarter", "January")."""
    same = comp.index.quarter if period.kind == "quarter" else comp.index.month
    comp = comp[same == same[-1]]
    last = comp.index[-1]
    return comp, f"{_QUARTER_WORDS[last.quarter]} quarter" if period.kind == "quarter" else f"{last:%B}"


def check_record_count(spec: Spec, data: Series) -> Outcome:
    """"57 record closes in 2024": the closes of the period above every earlier close
    (:func:`analytics.claims.base.record_closes`); "its third record close of the year": the
    period's last close is a record and the third of the period."""
    key = spec.series
    levels = data(key)
    if spec.period is None:
        raise NotCheckable("the text does not say over which period")
    start, end = span_of(levels, spec.period, key)
    closes = levels.loc[:end]
    records = closes[record_closes(closes)]
    within = records.loc[records.index > start]
    n, ordinal_ = spec.count
    count = len(within)
    last = f", the last on {iso(within.index[-1])}" if count else ""
    head = (f"the {name(key)} closed at a record {count} time{'' if count == 1 else 's'} {spec.period.words} "
            f"({iso(start)} to {iso(end)}{last})")
    out = Outcome(computed=float(count), unit="closes", start=start, end=end, period=spec.period.label)
    out.view = {"start": start, "end": end, "panel": "relative", "series": key}
    if ordinal_:
        is_record = bool(count) and within.index[-1] == end
        good = is_record and count == n
        words = (f"{'consistent with' if good else 'not'} its {ordinal(n)} record close"
                 + ("" if is_record else f": the close of {iso(end)} was no record"))
        return conclude(out, [good], [words], head)
    q = spec.qualifier
    ok = (count > n if q == "more than" else count >= n if q == "at least" else
          0.9 * n <= count <= n if q == "nearly" else abs(count - n) <= max(1.0, 0.05 * n) if q == "about"
          else count == n)
    return conclude(out, [ok], [f"{'consistent with' if ok else 'not'} {q + ' ' if q else ''}{n}"], head)


#: The fund whose adjusted closes stand in for an index's total return (dividends included).
FUND_OF = {"RUT": "IWM", "GSPC": "SPY"}
#: The funds' yearly expense ratios (iShares and State Street fact sheets, 2024-2025): what their
#: returns trail the index's total return by.
FUND_FEES = {"IWM": 0.0019, "SPY": 0.000945}


def _fund_return(spec: Spec, data: Series, fund: str, start: pd.Timestamp, end: pd.Timestamp,
                 fees: bool) -> float | None:
    """The fund's return between the closes on or before ``start`` and ``end`` (a yearly rate when
    the claim states one; with ``fees``, its yearly fee added back: the index's total return lies
    between the two); None when the data has no fund closes for both days."""
    try:
        closes = data(fund)
    except (NotCheckable, KeyError, ValueError):
        return None
    first, last = closes.loc[:start], closes.loc[:end]
    if first.empty or last.empty or (start - first.index[-1]).days > 7 or (end - last.index[-1]).days > 7:
        return None
    years = (end - start).days / DAYS_PER_YEAR
    growth = float(last.iloc[-1] / first.iloc[-1]) * ((1.0 + FUND_FEES[fund]) ** years if fees else 1.0)
    return growth ** (1.0 / years) - 1.0 if spec.annualized else growth - 1.0


#: Days in a year, for a yearly rate over a span of calendar days.
DAYS_PER_YEAR = 365.25


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


def _period_changes(levels: pd.Series, unit: str, as_of: pd.Timestamp) -> pd.Series:
    """A yield's or spread's changes (pp) over the periods of :func:`_period_returns`."""
    if unit == "session":
        return to_period_changes(levels, "D", as_of=as_of)
    if unit == "week":  # this week to date included, as for returns
        return to_period_changes(levels, "W-FRI", as_of=as_of + pd.Timedelta(days=(4 - as_of.weekday()) % 7))
    freq = STREAK_FREQS[unit]
    period_end = as_of.to_period(freq).end_time.normalize()
    running = (period_end - as_of).days < STREAK_RUNNING_DAYS
    return to_period_changes(levels.loc[:as_of], freq, as_of=period_end if running else as_of)


def _period_words(day: pd.Timestamp, unit: str) -> str:
    return {"session": iso(day), "week": f"week to {iso(day)}", "month": f"{day:%b %Y}",
            "quarter": f"{day.year} Q{day.quarter}", "year": f"{day.year}"}[unit]


def _unit_values(spec: Spec, data: Series, unit: str):
    """The returns (or, for a pair, return gaps) of each session, week, month, quarter or year
    (:func:`_period_returns`), what they are of, the verbs for up and down, and their format."""
    if "-" in spec.series:
        s, g, small, large = aligned_pair(data, spec.series)
        values = (_period_returns(s, unit, data.as_of) - _period_returns(g, unit, data.as_of)).dropna()
        return values, f"the {name(small)} against the {name(large)}", ("led", "lagged"), \
            lambda v: signed(v * 100, _digits(v * 100, 1), " pp")
    if spec.series in RATES + SPREADS:  # "the 10-year yield has risen for 12 straight weeks"
        values = _period_changes(data(spec.series), unit, data.as_of)
        verbs = ("widened", "tightened") if spec.series in SPREADS else ("rose", "fell")
        return values, f"the {name(spec.series)}", verbs, lambda v: signed(v, _digits(v, 2), " pp")
    values = _period_returns(data(spec.series), unit, data.as_of)
    return values, f"the {name(spec.series)}", ("rose", "fell"), lambda v: pct(v, _digits(v * 100, 1))


def _digits(value: float, digits: int) -> int:
    """``digits``, or more when a move that counts as up or down would round to zero ("+0.04%",
    not "0.0%", for a session counted as a rise)."""
    while value and round(abs(value), digits) == 0 and digits < 4:
        digits += 1
    return digits


def _went_each(spec: Spec, values: pd.Series) -> list[bool]:
    """Whether each value went the stated way (and past the stated figure, compared as a figure is:
    :func:`analytics.claims.verdict.compare`)."""
    up = spec.direction == "high"
    if spec.stated is None:
        return [(v > 0) if up else (v < 0) for v in values]
    figure = spec.figure
    return [compare(spec.stated, float(v), "decimal", decimals=figure.decimals if figure else 0,
                    qualifier=spec.qualifier).ok and (v > 0) == up for v in values]


def _tally(spec: Spec, data: Series) -> Outcome:
    """"In seven of the past ten years": how many of the latest ``m`` periods (the running month,
    quarter or year only in its last days, as for a streak) went the stated way; ``k`` exactly."""
    k, m, unit = spec.tally
    values, what, verbs, fmt = _unit_values(spec, data, unit)
    if len(values) < m:
        raise NotCheckable(f"only {len(values)} complete {unit}s in the data before {iso(data.as_of)}, not {m}")
    last = values.iloc[-m:]
    ok = _went_each(spec, last)
    count = sum(ok)
    verb = verbs[0] if spec.direction == "high" else verbs[1]
    rule = f" by {stated_words(spec, 'decimal')}" if spec.stated is not None else ""
    listed = ", ".join(f"{_period_words(d, unit)} {fmt(v)}" for d, v in last.items())
    to = iso(last.index[-1]) if unit in ("session", "week") else _period_words(last.index[-1], unit)
    head = f"{what} {verb}{rule} in {count} of the {m} {unit}s to {to} ({listed})"
    out = Outcome(computed=float(count), unit="periods", start=last.index[0], end=last.index[-1],
                  period=f"tally:{unit}:{m}")
    before = values.index[-m - 1] if len(values) > m else last.index[0] - pd.DateOffset(months=1)
    out.view = {"start": before, "end": last.index[-1], "panel": "relative", "series": spec.series}
    return conclude(out, [count == k], [f"{'consistent with' if count == k else 'not'} {k} of {m}"], head)


def _given_back(closes: pd.Series, given: tuple[str, float, float | None], parts: list[str]) -> bool:
    """Whether the last close gave back (recouped) the stated share of the largest running gain
    (loss) from the first close of ``closes``: ``(largest - last) / largest`` between the
    share's bounds (``lexicon.GAVE_BACK_SHARES``)."""
    what, least, most = given
    running = closes / float(closes.iloc[0]) - 1.0
    at = running.idxmax() if what == "gains" else running.idxmin()
    extreme, last = float(running.loc[at]), float(running.iloc[-1])
    if (extreme <= 0) if what == "gains" else (extreme >= 0):
        parts.append(f"it had no {'gain' if what == 'gains' else 'loss'} to {'give back' if what == 'gains' else 'recoup'}"
                     f" over the period")
        return False
    share = (extreme - last) / extreme
    done = "given back" if what == "gains" else "recouped"
    good = share >= least - 1e-12 and (most is None or share <= most + 1e-12)
    wanted = (f"at least {least:.0%}" if most is None else f"{least:.0%} to {most:.0%}" if least
              else f"less than {most:.0%}")
    parts.append(f"its largest {'gain' if what == 'gains' else 'loss'} {pct(extreme)} on {iso(at)}, {pct(last)} now: "
                 f"{share:.0%} of it {done} ({'consistent with' if good else 'not'} {wanted})")
    return good


def _first_in(spec: Spec, data: Series) -> Outcome:
    """"Its first gain in three sessions": the latest period (to the day named) went the stated
    way and the ones before it, up to the count, did not."""
    n, unit = spec.first_in
    values, what, verbs, fmt = _unit_values(spec, data, unit)
    if spec.period is not None and spec.period.kind == "day":
        values = values.loc[:named_close(values, spec.period, spec.series)]
    if len(values) < n:
        raise NotCheckable(f"fewer than {n} complete {unit}s in the data before {iso(data.as_of)}")
    last = values.iloc[-n:]
    up = spec.direction == "high"
    went = [(v > 0) if up else (v < 0) for v in last]
    good = went[-1] and not any(went[:-1])
    listed = ", ".join(f"{_period_words(d, unit)} {fmt(v)}" for d, v in last.items())
    verb = verbs[0] if up else verbs[1]
    to = iso(last.index[-1]) if unit in ("session", "week") else _period_words(last.index[-1], unit)
    head = f"{what} {verb} in {sum(went)} of the {n} {unit}s to {to} ({listed})"
    out = Outcome(computed=float(sum(went)), unit="periods", start=last.index[0], end=last.index[-1], period=f"first:{unit}")
    out.view = {"start": last.index[0] - pd.DateOffset(months=1), "end": last.index[-1], "panel": "relative",
                "series": spec.series}
    word = "the latest only" if good else ("not the latest" if not went[-1] else "not the first")
    return conclude(out, [good], [f"{'consistent with' if good else 'not'} its first in {n} ({word})"], head)


def _last_since(spec: Spec, data: Series) -> Outcome:
    """"Small caps have not outperformed large caps in a calendar year since 2020": the last
    complete year (quarter, month) the pair's gap went the stated way falls in the stated year
    (month), and none after it did."""
    unit = spec.last_since
    values, what, verbs, fmt = _unit_values(spec, data, unit)
    up = spec.direction == "high"
    if values.empty:
        raise NotCheckable(f"no complete {unit} in the data before {iso(data.as_of)}")
    first = spec.rank == 0  # "for the first quarter since ...": the latest won, the one before it then
    now = values.index[-1]
    earlier = values.loc[values.index < now] if first else values
    went = earlier[earlier > 0] if up else earlier[earlier < 0]
    last = went.index[-1] if len(went) else None
    since = spec.since
    good = (last is not None and since.start <= last <= since.end
            if since.kind in ("year", "quarter", "month", "day") else None)
    verb = verbs[0] if up else verbs[1]
    after = values.loc[values.index > last] if last is not None else values
    listed = ", ".join(f"{_period_words(d, unit)} {fmt(v)}" for d, v in after.iloc[-8:].items())
    head = (f"{what} last {verb} in {_period_words(last, unit)} ({fmt(float(values.loc[last]))})"
            if last is not None else f"{what} {verb} in no complete {unit} of the data")
    if len(after):
        head += f"; after it: {listed}"
    out = Outcome(computed=float(len(after)), unit="periods", start=last if last is not None else values.index[0],
                  end=values.index[-1], period=f"{'first' if first else 'last'}:{unit}")
    out.view = {"start": (last if last is not None else values.index[0]) - pd.DateOffset(years=1),
                "end": values.index[-1], "panel": "relative", "series": spec.series}
    checks, parts = [good], [f"{'consistent with' if good else 'not'} since {since.words}"]
    if first:  # and the latest went that way: said first, the one before it after
        latest = float(values.iloc[-1])
        now_good = latest > 0 if up else latest < 0
        checks.insert(0, now_good)
        between = after.loc[after.index < now]
        head = (f"{what} {verb if now_good else 'did not ' + _BASE_VERBS.get(verb, verb)} in "
                f"{_period_words(now, unit)} ({fmt(latest)}); the {unit} before it that it {verb}: "
                + (f"{_period_words(last, unit)} ({fmt(float(values.loc[last]))})" if last is not None else "none")
                + (f"; in between: {', '.join(f'{_period_words(d, unit)} {fmt(v)}' for d, v in between.iloc[-8:].items())}"
                   if len(between) else ""))
        parts[0] = (f"{'consistent with' if good else 'not'} the first since {since.words}" if now_good else
                    f"not the first since {since.words}: not {verb} in {_period_words(now, unit)}")
    return conclude(out, checks, parts, head)


def _turned(closes: pd.Series, direction: str, parts: list[str]) -> bool:
    """Whether the running return from the first close of ``closes`` was on the other side of
    zero at an earlier close than the last ("turned positive": at or below zero before)."""
    running = closes.iloc[1:-1] / float(closes.iloc[0]) - 1.0
    other = running[running <= 0] if direction == "high" else running[running >= 0]
    if other.empty:
        parts.append(f"it was {'positive' if direction == 'high' else 'negative'} at every close of the period "
                     "before: it did not turn")
        return False
    parts.append(f"{'at or below' if direction == 'high' else 'at or above'} zero as late as {iso(other.index[-1])}")
    return True


def _streak(spec: Spec, data: Series) -> Outcome:
    """"For a fifth straight session" (exactly five) or "for two straight years" (two at least):
    how many of the latest periods in a row went the stated way, past the stated figure (each
    compared as a figure is: :func:`analytics.claims.verdict.compare`)."""
    n, unit, exact = spec.streak
    values, what, verbs, fmt = _unit_values(spec, data, unit)
    if spec.period is not None and spec.period.kind == "day" and unit == "session":  # to the day named
        values = values.loc[:named_close(values, spec.period, spec.series)]
    if values.empty:
        raise NotCheckable(f"no complete {unit} in the data before {iso(data.as_of)}")
    up = spec.direction == "high"
    ok = _went_each(spec, values)
    length = 0
    for good in reversed(ok):
        if not good:
            break
        length += 1
    before = _run_before(ok) if length == 0 else 0
    shown = values.iloc[-max(min(max(length, before) + 1, len(values)), min(n, len(values))):]
    listed = ", ".join(f"{_period_words(d, unit)} {fmt(v)}" for d, v in shown.items())
    verb = verbs[0] if up else verbs[1]
    rule = f" by {stated_words(spec, 'decimal')}" if spec.stated is not None else ""
    last = iso(values.index[-1]) if unit in ("session", "week") else _period_words(values.index[-1], unit)
    head = f"{what} {verb}{rule} in {length} {unit}{'' if length == 1 else 's'} in a row to {last} ({listed})"
    if before:  # the run ended the period before (a text written before that period's close)
        ended = iso(values.index[-2]) if unit in ("session", "week") else _period_words(values.index[-2], unit)
        head = (f"{what} did not {_BASE_VERBS.get(verb, verb)}{rule} in the {unit} to {last} "
                f"({fmt(float(values.iloc[-1]))}): its run of {before} {unit}{'' if before == 1 else 's'} in a row "
                f"ended {ended} ({listed})")
    good = length == n if exact else length >= n
    out = Outcome(computed=float(length), unit="periods", start=values.index[-max(length, 1)], end=values.index[-1],
                  period=f"streak:{unit}")
    first = len(values) - min(max(length, n, 1), len(values))  # the view opens at the close before it
    out.view = {"start": values.index[first - 1] if first else values.index[0] - pd.DateOffset(months=1),
                "end": values.index[-1], "panel": "relative", "series": spec.series}
    wanted = f"{'exactly ' if exact else 'at least '}{n}"
    checks, parts = [good], [f"{'consistent with' if good else 'not'} {wanted} in a row"]
    if spec.since is not None and length:  # "the longest such streak since 2008"
        checks.append(_longest_run(spec, values.index, ok, length, unit, parts))
    return conclude(out, checks, parts, head)


#: The verbs of :func:`_unit_values` in their base form ("did not lead").
_BASE_VERBS = {"led": "lead", "lagged": "lag", "widened": "widen", "tightened": "tighten", "rose": "rise",
               "fell": "fall"}


def _run_before(ok) -> int:
    """How many periods in a row went the stated way to the one before the last."""
    run = 0
    for good in reversed(list(ok)[:-1]):
        if not good:
            break
        run += 1
    return run


def _longest_run(spec: Spec, index: pd.DatetimeIndex, ok, length: int, unit: str, parts: list[str]) -> bool:
    """Whether the run of ``length`` ending now is the longest since the stated date: the last
    earlier run at least as long ended then (none: on record); said in ``parts``."""
    previous, run = None, 0
    for i, good in enumerate(list(ok)[:-length]):
        run = run + 1 if good else 0
        if run >= length:
            previous = index[i]
    since = spec.since
    units = f"{unit}{'' if length == 1 else 's'}"
    if previous is None:
        parts.append(f"the longest run of {length} {units} on record (since {iso(index[0])})")
        return since.kind == "ever" or (since.start is not None and since.start < index[0])
    good = (span_holds(since, previous, index[-1]) if since.kind == "span" else
            since.kind != "ever" and since.start <= previous <= since.end)
    parts.append(f"the longest since a run as long that ended {iso(previous)}"
                 + ("" if good else f", not {'in' if since.kind == 'span' else 'since'} {since.words}"))
    return good


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


def check_relative(spec: Spec, data: Series) -> Outcome:
    if spec.last_since is not None:
        return _last_since(spec, data)
    if spec.streak is not None:
        return _streak(spec, data)
    if spec.tally is not None:
        return _tally(spec, data)
    s, g, small, large = aligned_pair(data, spec.series)
    period = event_period(spec, data) if spec.event is not None else spec.period
    if period is None:
        raise NotCheckable("the text does not say over which period")
    start, end = span_of(s, period, small)
    rs, rl = calc_period_return(s, start=start, end=end), calc_period_return(g, start=start, end=end)
    if spec.measure == "return_multiple":  # "more than triple the S&P 500's 7.1% gain"
        return _multiple(spec, rs, rl, small, large, period, start, end)
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
    ok, words = figure_check(spec, value, "decimal")
    checks, parts = [ok], [words]
    if spec.measure == "relative_return" and spec.stated is None and spec.direction:  # "have lagged since ..."
        checks.append(went_way(value, spec.direction, parts, ("led", "lagged", "kept pace")))
    elif spec.measure == "return_gap" and (spec.direction is not None or spec.since is not None):
        # a record clause ("the gap between ... is the widest since 1998": the way it is now)
        if spec.event is not None and spec.since is not None:  # "their best post-election run ... since 2016"
            good, since_words, record = event_record(spec, data, s, period, end, value, large=g)
            out.computed_since = iso(record.record_since) if record.record_since is not None else "on record"
            return conclude(out, [*checks, good], [*parts, since_words + ("" if good else not_since(spec, record))],
                            head)
        rec = record_period(s, period, start, end)  # a span since a date: runs of as many sessions
        cs, cg = comparable_returns(s, rec, end), comparable_returns(g, rec, end)
        if cs is None:  # the figure is still checked
            spec.notes.append(f"the record is not checked: no record rule for a relative return {period.words}")
            return conclude(out, checks, parts, head)
        comp = (cs - cg).dropna()
        thing = ""
        if spec.seasonal:  # "their best January relative to large caps": the same month (quarter) of each year
            comp, thing = same_season(comp, period)
            thing = " " + thing
        direction = spec.direction or ("high" if value > 0 else "low")
        record = record_with(comp, value, direction)
        out.computed_since = iso(record.record_since) if record.record_since is not None else "on record"
        good = spec.since is not None and since_holds(spec.since, record, end)
        checks.append(good)
        words = record_words(record, "", rec.calendar, end)
        if rec is not period:
            words += f" (compared with every earlier run of {rec.label[:-1]} sessions)"
        if thing:  # "the widest January lead since January 2021"
            words = re.sub(r"\bwidest (lead|gap)\b", rf"widest{thing} \1", words, count=1)
        parts.append(words + ("" if good else not_since(spec, record)))
        if record.record_since is not None:
            out.view["start"] = min(start, record.record_since - pd.offsets.YearBegin(1))
    return conclude(out, checks, parts, head)


def _multiple(spec: Spec, rs: float, rl: float, small: str, large: str, period, start, end) -> Outcome:
    """The small caps' return as a multiple of the large caps' over the same span, against the
    stated one ("more than triple", "roughly a third of"): both must go the same way."""
    head = (f"the {name(small)} {pct(rs)} and the {name(large)} {pct(rl)} {period.words} ({iso(start)} to "
            f"{iso(end)})")
    out = Outcome(computed=None, unit="multiple", start=start, end=end, period=period.label)
    out.view = {"start": start, "end": end, "panel": "relative", "series": spec.series}
    written = spec.clause.text[spec.figure.start:spec.figure.end].strip()
    if rl == 0 or (rs > 0) != (rl > 0):
        return conclude(out, [False], [f"not a multiple of it (\"{written}\"): they went different ways"], head)
    value = rs / rl
    out.computed = value
    ok = _multiple_fits(spec.stated, value, spec.qualifier)
    return conclude(out, [ok], [f"{value:.2f} times it; {'consistent with' if ok else 'not'} \"{written}\""], head)


#: A multiple of two returns, each rounded as written ("5.4%, almost three times the S&P 500's
#: 1.9%": 2.84), fits within this share of it (twice that with "about", "nearly").
MULTIPLE_SHARE = 0.05


def _multiple_fits(stated: float, value: float, qualifier: str | None) -> bool:
    """Whether ``value`` (small over large) is the stated multiple, the tolerance a share of it."""
    plain, about = MULTIPLE_SHARE * stated, 2 * MULTIPLE_SHARE * stated
    if qualifier in ("more than", "at least"):
        return value >= stated - plain / 2
    if qualifier == "less than":
        return value <= stated + plain / 2
    if qualifier == "nearly":
        return stated - about <= value <= stated + plain
    if qualifier == "about":
        return abs(value - stated) <= about
    return abs(value - stated) <= plain


#: "Just shy of a bear market" (a correction): below its threshold by at most this much.
NEAR_STATUS = 0.03
#: A rise of at least this much from a low is a bull market (the mirror of a bear market).
BULL_MARKET = 0.20


#: A low named by no date is the lowest close of this many days back ("off its 52-week low").
LOW_LOOKBACK_DAYS = 364


def extreme_of(levels: pd.Series, key: str, named: Since | None, *, low: bool) -> tuple[pd.Timestamp, float]:
    """The day and close of a stated low (``low``) or peak: the lowest (highest) close in the
    ``named`` day, month or year; none named, the lowest close of the past
    :data:`LOW_LOOKBACK_DAYS` days (the running peak). ``levels`` end on the day measured.

    Raises:
        NotCheckable: no close in the named span.
    """
    at = levels.index[-1]
    if named is not None:
        span = levels.loc[named.start:named.end]
        if span.empty:
            raise NotCheckable(f"no close of the {name(key)} in {named.words.strip()} "
                               f"(the stated {'low' if low else 'peak'})")
        day = span.idxmin() if low else span.idxmax()
    elif low:
        day = levels.loc[at - pd.Timedelta(days=LOW_LOOKBACK_DAYS):].idxmin()
    else:
        day = calc_drawdown_status(levels, as_of=at).peak_date
    return day, float(levels.loc[day])


def _rebound(spec: Spec, data: Series) -> Outcome:
    """How far above a low: the lowest close of the day, month or year the clause names ("its
    April low"; the reason says when a later close was lower, "not the low"), else of the past 52
    weeks; on the stated day or the as-of date. "Bull market": at least 20% above the low."""
    key = spec.series
    levels = on_stated_day(spec, data(key), key)
    at = levels.index[-1]
    low_date, low = extreme_of(levels, key, spec.peak, low=True)
    later = levels.loc[low_date:]
    below = later[later < low]
    value = float(levels.iloc[-1]) / low - 1.0
    out = Outcome(computed=value, unit="decimal", start=low_date, end=at, period="trough",
                  computed_since=iso(low_date))
    # the window from the low: the page's change over it is the figure checked
    out.view = {"start": low_date, "end": at, "panel": "relative", "series": key}
    which = f"its {iso(low_date)} low" if spec.peak is not None else f"its 52-week low of {iso(low_date)}"
    head = f"the {name(key)} {value * 100:.1f}% above {which} on {iso(at)}"
    ok, words = figure_check(spec, value, "decimal")
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
    return conclude(out, checks, parts, head)


def check_drawdown(spec: Spec, data: Series) -> Outcome:
    """How far below a peak: the running peak, or the highest close of the stated peak's month
    or year ("its September peak"); on the stated day ("on Monday") or the as-of date; the
    lowest point since the peak for "bottomed ... below"."""
    if spec.trough:
        return _rebound(spec, data)
    key = spec.series
    levels = on_stated_day(spec, data(key), key)
    at = levels.index[-1]
    higher = None
    peak_date, peak_level = extreme_of(levels, key, spec.peak, low=False)
    if spec.peak is not None:
        later = levels.loc[peak_date:]
        above = later[later > peak_level]
        higher = above.index[0] if len(above) else None
    since_peak = levels.loc[peak_date:]
    bottomed = spec.direction == "low"
    day = since_peak.idxmin() if bottomed else at
    value = float(since_peak.loc[day]) / peak_level - 1.0
    label = "bear market" if value <= BEAR_MARKET else "correction" if value <= CORRECTION else "normal"
    out = Outcome(computed=value, unit="decimal", start=peak_date, end=day, period="peak",
                  computed_since=iso(peak_date))
    # the window from the peak to the day: the page's change over it is the drawdown checked ("S&P 500
    # -19.8%"; from three months before the peak it showed -15.0%)
    out.view = {"start": peak_date, "end": day, "panel": "relative", "series": key}
    head = (f"the {name(key)} {'bottomed ' if bottomed else ''}{abs(value) * 100:.1f}% "
            f"{'above' if value > 0 else 'below'} its "
            f"{iso(peak_date)} peak on {iso(day)}"
            # (a ratio's fall is no market's correction)
            + ("" if "/" in key else f" ({'less than a correction' if label == 'normal' else label})"))
    ok, words = figure_check(spec, value, "decimal")
    checks, parts = [ok], [words]
    if spec.peak is not None:
        good = higher is None
        checks.append(good)
        parts.append(f"peak {'on' if spec.peak.kind == 'day' else 'in'} {spec.peak.words.strip()}" if good else
                     f"not the peak: it closed higher on {iso(higher)}")
    if spec.record_peak:  # "its November record": a record close? (said, not a verdict: intraday is not here)
        before = levels.loc[:peak_date].iloc[:-1]
        above = before[before >= peak_level]
        if len(above):
            top = above.idxmax()
            checks.append(None)
            parts.append(f"though its {iso(peak_date)} close ({peak_level:,.2f}) was no record close: {iso(top)} "
                         f"closed at {float(above.max()):,.2f} (an intraday record is not in the data)")
    if spec.status == "below":  # "remains below its November record": any distance below it
        checks.append(value < 0)
        parts.append("below it" if value < 0 else "not below it")
    elif spec.status is not None and spec.status.startswith("near "):  # "just shy of a bear market"
        limit = -BEAR_MARKET if spec.status == "near bear market" else -CORRECTION
        good = limit - NEAR_STATUS <= -value < limit
        checks.append(good)
        parts.append(f"{'' if good else 'not '}just short of a {spec.status[5:]} ({limit - NEAR_STATUS:.0%} to "
                     f"less than {limit:.0%} below the peak)")
    elif spec.status is not None:
        rank = {"normal": 0, "correction": 1, "bear market": 2}
        good = rank[label] >= rank[spec.status] if spec.status == "correction" else label == spec.status
        checks.append(good)
        parts.append(f"{'a' if good else 'not a'} {spec.status} (at least "
                     f"{'20' if spec.status == 'bear market' else '10'}% below the peak)")
    return conclude(out, checks, parts, head)


def check_point_change(spec: Spec, data: Series) -> Outcome:
    """A move in index points: the period's last close minus the close before it."""
    key = spec.series
    levels = data(key)
    if spec.period is None:
        raise NotCheckable("the text does not say over which period")
    start, end = span_of(levels, spec.period, key)
    value = float(levels.loc[end] - levels.loc[start])
    out = Outcome(computed=value, unit="points", start=start, end=end, period=spec.period.label)
    out.view = {"start": start, "end": end, "panel": "relative", "series": key}
    head = (f"the {name(key)} {'rose' if value > 0 else 'fell' if value < 0 else 'was unchanged,'} "
            f"{abs(value):,.2f} points {spec.period.words} ({levels.loc[start]:,.2f} on {iso(start)} to "
            f"{levels.loc[end]:,.2f} on {iso(end)})")
    ok, words = figure_check(spec, value, "point_change")
    return conclude(out, [ok], [words], head)


def check_moving_average(spec: Spec, data: Series) -> Outcome:
    """The close against its N-session moving average (the mean of the last N closes, that one
    included), on the stated day or the as-of date: on the stated side, by the stated distance
    (``close / average - 1``), and "for the first time since": the last earlier close on that
    side before the present run falls in the stated period."""
    key, n = spec.series, spec.window
    levels = on_stated_day(spec, data(key), key)
    if len(levels) < n:
        raise NotCheckable(f"the {name(key)} has {len(levels)} closes up to {iso(levels.index[-1])}, "
                           f"fewer than the {n} of its {n}-day moving average")
    average = levels.rolling(n).mean()
    at, close, mean = levels.index[-1], float(levels.iloc[-1]), float(average.iloc[-1])
    value = close / mean - 1.0
    above = spec.direction == "high"
    out = Outcome(computed=value, unit="decimal", start=at, end=at, period=f"ma:{n}")
    out.view = {"start": at - pd.DateOffset(years=1), "end": at, "panel": "relative", "series": key}
    side = "above" if value > 0 else "below" if value < 0 else "at"
    head = (f"the {name(key)} at {close:,.2f} on {iso(at)}, {abs(value):.1%} {side} its {n}-day moving average "
            f"({mean:,.2f}, the mean of the last {n} closes)")
    ok, words = figure_check(spec, value, "decimal")
    good = value > 0 if above else value < 0
    checks = [ok, good]
    parts = [words, f"{'' if good else 'not '}{'above' if above else 'below'} it"]
    if spec.rank == 0 and spec.since is not None:  # "for the first time since March"
        past = (levels > average) if above else (levels < average)
        first, previous = first_since(past.loc[average.notna()], spec.since)
        checks.append(first)
        parts.append((f"the first close {'above' if above else 'below'} it since {iso(previous)}" if previous is not None
                      else f"the first close {'above' if above else 'below'} it in the data") if good else "")
        if not first and good:
            parts[-1] += f", not {'in' if spec.since.kind == 'span' else 'since'} {spec.since.words}"
        out.computed_since = iso(previous) if good and previous is not None else None
        if previous is not None:
            out.view["start"] = min(out.view["start"], previous - pd.DateOffset(months=1))
    return conclude(out, checks, parts, head)

"""Claim measures of yields, spreads, the yield curve and the Fed's target: levels and their
records, changes over a period and their records, correlations with the small caps (see
:mod:`analytics.claims.compute`)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from analytics.claims.dates import Period, calendar_period, latest_day, week_period
from analytics.claims.base import (
    NotCheckable, Outcome, Series, conclude, event_date, event_period, fed_state, figure_check, first_since,
    iso, month_end, name, not_since, record_closes, record_period, record_with, record_words, run_starts,
    since_holds, span_holds, span_of, too_near, went_way,
)
from analytics.claims.spec import RATES, SPREADS, Spec
from analytics.claims.verdict import NEAR_RECORD, compare, vendor_floor
from analytics.correlation import calc_rate_correlation
from analytics.format import signed
from analytics.facts_rates import CORRELATION_WINDOWS, to_period_changes, to_ytd_changes
from analytics.facts_common import states_record
from analytics.records import calc_record_since, ordinal
from analytics.regimes import FIRST_TARGET_DATE
from analytics.spreads import calc_spread_change


def check_level(spec: Spec, data: Series) -> Outcome:
    key = spec.series
    if key == "fed_target":
        return _fed_range(spec, data)
    levels = data(key)
    turn = _turned_within(spec, levels)
    if turn is not None:
        levels = levels.loc[:turn[0]]
    elif spec.period is not None and spec.period.kind not in ("day", "sessions") and spec.measure == "level":
        return _level_in_span(spec, levels, key)
    if spec.period is not None and spec.period.kind == "day":  # "the 10-year yield was 4.5% on Friday"
        _, day = span_of(levels, spec.period, key)
        levels = levels.loc[:day]
    at = levels.index[-1]
    value = float(levels.iloc[-1])
    ratio = "/" in key  # a pair's ratio (small over large), a plain number
    index = key in ("RUT", "GSPC", "IXIC")
    out = Outcome(computed=value, unit="ratio" if ratio else "points" if index else "percent", start=at, end=at,
                  period="level")
    panel = "relative" if index or ratio else _rate_panel(key)
    out.view = {"start": at - pd.DateOffset(years=1), "end": at, "panel": panel, "series": key.replace("/", "-")}
    shown = f"{value:.4f}" if ratio else f"{value:,.2f}{'' if index else '%'}"
    head = f"the {name(key)} at {shown} on {iso(at)}"
    ok, words = figure_check(spec, value, "points" if index else "percent")
    checks, parts = [ok], [words]
    if spec.status in ("inverted", "not inverted"):  # the yield curve: the 10-year below the 2-year
        checks.append((value < 0) == (spec.status == "inverted"))
        parts.append("inverted (the 10-year yield below the 2-year)" if value < 0 else
                     "not inverted (the 10-year yield at or above the 2-year)")
    if spec.rank == 0 and spec.since is not None:  # "inverted / closed above 2,400 for the first time since"
        if spec.status == "inverted":
            past, what = levels < 0, "inversion"
        elif spec.status == "not inverted":  # "turned positive for the first time since 2022"
            past, what = levels >= 0, "close at or above zero"
        elif spec.status == "record":  # "its first record close since 2021": closes at a record
            past, what = record_closes(levels), "record close"
        else:
            # past the figure less the floor of the figure's check (the spread of published closes),
            # as the figure is checked: "touched 5% for the first time since 2007" at a 4.98% close
            threshold = spec.stated
            floor = 0.0 if ratio else vendor_floor("points" if index else "percent", threshold)
            up = spec.direction != "low"
            past = levels > threshold - floor if up else levels < threshold + floor
            unit = "" if index else "%"
            what = f"close {'above' if up else 'below'} {threshold:,g}{unit}"
            if floor and past.iloc[-1] and (value <= threshold if up else value >= threshold):
                what += (" (every earlier close counted the same way)" if "published closes differ" in words else
                         f" (within the {floor:,.2f}{' points' if index else ' pp'} that published closes differ by; "
                         f"every earlier close counted the same way)")
        good, previous = first_since(past, spec.since)
        checks.append(good)
        parts.append(("not a record close" if spec.status == "record" and not past.iloc[-1] else
                      ("not past it that day" if spec.period is not None and spec.period.kind == "day" else
                       "not past it now") if not past.iloc[-1] else f"the first {what} since {iso(previous)}"
                      if previous is not None else f"the first {what} on record")
                     + ("" if good or not past.iloc[-1] else ", not the first on record" if spec.since.kind == "ever"
                        else f", not {'in' if spec.since.kind == 'span' else 'since'} {spec.since.words}"))
        out.computed_since = None if not past.iloc[-1] else iso(previous) if previous is not None else "on record"
    if turn is not None and not turn[1]:
        checks.append(False)
        parts.append(f"no turn {spec.period.words.replace(' (to date)', ', to date')}")
    if spec.negated:  # "has not closed at a record in three years": the last record's date
        highs = levels[record_closes(levels)]
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
        return conclude(out, checks, parts, head)
    if spec.measure == "level_record":
        _level_record(spec, levels, out, checks, parts)
    return conclude(out, checks, parts, head)


def _turned_within(spec: Spec, levels: pd.Series) -> tuple[pd.Timestamp, bool] | None:
    """"The curve turned positive in September for the first time since 2022": ``(day, True)``, the
    span's first close past zero after one that was not (the first time since is measured before
    it), or ``(the span's last close, False)`` when there was no such turn (the claim then fails);
    None for any other claim."""
    span = spec.period
    if not (spec.rank == 0 and spec.since is not None and spec.status in ("inverted", "not inverted")
            and span is not None and span.kind in ("week", "month", "quarter", "year")):
        return None
    cut = levels.loc[:span.end].dropna()
    past = (cut < 0) if spec.status == "inverted" else (cut >= 0)
    turns = past & ~past.shift(1, fill_value=False) & (past.index > span.base)
    if turns.any():
        spec.notes.append(f"the first turn {span.words.replace(' (to date)', ', to date')}")
        return turns.idxmax(), True
    return cut.index[-1], False


def _rate_panel(key: str) -> str:
    """The panel that shows a yield (and the curve) or a spread."""
    return "rates" if key.startswith(("DGS", "T10Y")) else "spreads"


def _span_closes(levels: pd.Series, span: Period) -> pd.Series:
    """The closes within ``span`` (after its base's day, up to its end)."""
    return levels.loc[(levels.index > span.base) & (levels.index <= span.end)].dropna()


def _nearest(closes: pd.Series, level: float) -> pd.Timestamp:
    """The date of the close nearest ``level`` (the first of equals)."""
    return (closes - level).abs().idxmin()


def _level_in_span(spec: Spec, levels: pd.Series, key: str) -> Outcome:
    """"Up from 3.6% in September": some close of the span at the stated level (the close nearest
    it is the computed value); "from a peak of 4.8% in January" (``spec.direction``): the span's
    highest (or lowest) close; "averaged 4.2% in 2024" (``"mean"``): the mean of its closes. The
    reason gives the span's range."""
    period = spec.period
    closes = _span_closes(levels, period)
    if closes.empty:
        raise NotCheckable(f"no close of the {name(key)} {period.words} in the data")
    low, high = closes.idxmin(), closes.idxmax()
    if spec.direction == "mean":  # "averaged 4.2% in 2024": the mean of the span's closes
        value = float(closes.mean())
        out = Outcome(computed=value, unit="percent", start=closes.index[0], end=closes.index[-1], period=period.label)
        out.view = {"start": closes.index[0], "end": closes.index[-1], "panel": _rate_panel(key), "series": key}
        head = (f"the {name(key)} averaged {value:.2f}% over its {len(closes)} closes {period.words} "
                f"({iso(closes.index[0])} to {iso(closes.index[-1])})")
        ok, words = figure_check(spec, value, "percent")
        return conclude(out, [ok], [words], head)
    at = high if spec.direction == "high" else low if spec.direction == "low" else _nearest(closes, spec.stated)
    value = float(closes.loc[at])
    out = Outcome(computed=value, unit="percent", start=closes.index[0], end=closes.index[-1], period=period.label)
    out.view = {"start": closes.index[0], "end": closes.index[-1], "panel": _rate_panel(key), "series": key}
    # ("its close nearest 4.79%: 4.79% on 2025-01-13", not "... nearest 4.79% 4.79% on ...")
    which = {"high": "highest close", "low": "lowest close"}.get(spec.direction, f"close nearest {spec.stated:g}%:")
    head = (f"the {name(key)} {period.words} between {float(closes.loc[low]):.2f}% ({iso(low)}) and "
            f"{float(closes.loc[high]):.2f}% ({iso(high)}), its {which} {value:.2f}% on {iso(at)}")
    ok, words = figure_check(spec, value, "percent")
    return conclude(out, [ok], [words], head)


#: How much a matched record's last value is moved past the equal one (far below any quote's precision).
TIE_NUDGE = 1e-9


def _level_record(spec: Spec, levels: pd.Series, out: Outcome, checks: list, parts: list) -> None:
    """The last level's record ("its highest since 2007") into ``out``, ``checks`` and ``parts``."""
    if spec.near:
        _near_record(spec, levels, out, checks, parts)
        return
    at = levels.index[-1]
    record = calc_record_since(levels, direction=spec.direction or "high")
    tie = None
    if spec.ties and record.record_since is not None and levels.loc[record.record_since] == levels.iloc[-1]:
        # "matching its record low": the equal close it matches does not break it, a more extreme one does
        tie = record.record_since
        nudged = levels.copy()
        nudged.iloc[-1] += TIE_NUDGE if record.direction == "high" else -TIE_NUDGE
        record = calc_record_since(nudged, direction=record.direction)
    out.computed_since = iso(record.record_since) if record.record_since is not None else "on record"
    out.start = record.history_start if record.record_since is None else record.record_since
    good = spec.since is not None and since_holds(spec.since, record, at)
    checks.append(good)
    tied = f", equal to the {iso(tie)} close" if tie is not None else ""
    parts.append(record_words(record, "level", None, at, "level_record") + tied + ("" if good else not_since(spec, record)))
    if record.record_since is not None:
        out.view["start"] = record.record_since - pd.DateOffset(months=3)


def _near_record(spec: Spec, levels: pd.Series, out: Outcome, checks: list, parts: list) -> None:
    """"Near their tightest levels since 2007", "near record highs": the record is the extreme
    close of the past year (of the whole history for a record), its own record must be the one
    stated, and the last level within :data:`~analytics.claims.verdict.NEAR_RECORD` of it."""
    at, direction = levels.index[-1], spec.direction or "high"
    ever = spec.since is not None and spec.since.kind == "ever"
    window = levels if ever else levels.loc[levels.index > at - pd.DateOffset(years=1)]
    peak = window.idxmax() if direction == "high" else window.idxmin()
    record = calc_record_since(levels.loc[:peak], direction=direction)
    good = spec.since is not None and since_holds(spec.since, record, peak)
    value, extreme = float(levels.iloc[-1]), float(levels.loc[peak])
    index = spec.series not in RATES + SPREADS  # an index or the pair's ratio: relative
    how, limit = NEAR_RECORD["points" if index else "percent"]
    gap = abs(value / extreme - 1) if how == "relative" else abs(value - extreme)
    near = gap <= limit + 1e-12
    shown = "{:,.2f}" if index else "{:.2f}%"
    distance = f"{gap:.1%}" if how == "relative" else f"{gap:.2f} pp"
    allowed = f"{limit:.0%}" if how == "relative" else f"{limit:.2f} pp"
    what = "record" if ever else f"{'highest' if direction == 'high' else 'lowest'} close of the past year"
    parts.append(f"its {what} {shown.format(extreme)} on {iso(peak)}, {record_words(record, 'level', None, peak, 'level_record')}"
                 f"{'' if good else not_since(spec, record)}; {distance} from it: {'near' if near else 'not near'} "
                 f"(within {allowed})")
    checks.extend([good, near])
    out.computed_since = iso(record.record_since) if record.record_since is not None else "on record"
    out.start = peak


def _fed_range(spec: Spec, data: Series) -> Outcome:
    """The Fed's target range on the as-of date against the range as written (to the basis
    point); a record on the target's path (the range's midpoint since December 2008, the single
    target before), "the highest in 22 years"."""
    state = fed_state(data)
    target = state.target
    at, value = target.index[-1], float(target.iloc[-1])
    if state.upper is not None and state.lower is not None:
        got, words = (state.lower, state.upper), f"{state.lower:.2f}%-{state.upper:.2f}%"
    else:
        got, words = (value, value), f"a single target of {value:.2f}% (the range began in December 2008)"
    out = Outcome(computed=value, unit="percent", start=at, end=at, period="level")
    out.view = {"start": at - pd.DateOffset(years=2), "end": at, "panel": "regimes", "series": "fed_target"}
    head = (f"the Fed's target range {words} on {iso(at)} (midpoint {value:.3f}%)" if got[0] != got[1]
            else f"the Fed's target {value:.2f}% on {iso(at)} (a single target: the range began in December 2008)")
    checks, parts = [None], [""]  # ("raised rates to the highest level in 22 years" states no range)
    if spec.bounds is not None:
        lo, hi = spec.bounds
        ok = abs(got[0] - lo) < 0.005 and abs(got[1] - hi) < 0.005
        checks, parts = [ok], [f"{'consistent with' if ok else 'not'} {lo:g}%-{hi:g}%"]
    elif spec.stated is not None:  # one figure: the single target, or a bound of the range
        sides = ((("", got[0]),) if got[0] == got[1]
                 else (("the range's lower bound ", got[0]), ("the range's upper bound ", got[1])))
        side = next((words for words, bound in sides if abs(bound - spec.stated) < 0.005), None)
        checks = [side is not None]
        parts = [f"consistent with {side or ''}{spec.stated:g}%" if side is not None else f"not {spec.stated:g}%"]
    if spec.measure == "level_record":  # each level the target held, dated by its last day
        targets = target.loc[FIRST_TARGET_DATE:]
        plateaus = targets.groupby((targets != targets.shift()).cumsum().to_numpy()).tail(1)
        early = target.loc[:FIRST_TARGET_DATE - pd.Timedelta(days=1)].dropna()
        if not early.empty:
            # before the target series the effective rate fills in: a month's average, dated by the
            # month's last day with a rate (a day's rate is noise: 1.00% on 1965-12-08, in a month
            # that averaged 4.32%)
            months = early.index.to_period("M")
            monthly = early.groupby(months).mean()
            monthly.index = early.index.to_series().groupby(months).max().to_numpy()
            plateaus = pd.concat([monthly, plateaus])
        _level_record(spec, plateaus, out, checks, parts)
        if not early.empty and (out.computed_since in (None, "on record")
                                or pd.Timestamp(out.computed_since) < FIRST_TARGET_DATE):
            parts.append(f"before {iso(FIRST_TARGET_DATE)}, when the target series begin, each month's average "
                         "effective rate (DFF)")
    return conclude(out, checks, parts, head)


#: The periods whose changes of a yield or spread have a record rule: each compares every earlier
#: period of its kind (:func:`analytics.facts_rates.to_period_changes`).
CHANGE_PERIODS = {"day": ("D", "one-day"), "sessions": ("S", "multi-session"), "week": ("W-FRI", "weekly"),
                  "month": ("M", "monthly"), "quarter": ("Q", "quarterly"), "year": ("Y", "annual"),
                  "ytd": ("Y", "annual")}
#: The last day of the calendar period of each frequency that holds a date.
_PERIOD_END = {"M": pd.offsets.MonthEnd(0), "Q": pd.offsets.QuarterEnd(0), "Y": pd.offsets.YearEnd(0)}


def _to_date(period: Period) -> bool:
    """A year to date short of the year's last business day ("so far this year", "in the first
    half"): its record is against the same point of every earlier year; a whole year's against
    every earlier year's."""
    return period.kind == "ytd" and period.end < pd.offsets.BYearEnd().rollback(pd.Timestamp(period.end.year, 12, 31))


def _change_comparables(levels: pd.Series, period: Period, end: pd.Timestamp) -> pd.Series:
    """Every earlier change of the period's kind, the period's own (possibly to date) last."""
    freq = CHANGE_PERIODS[period.kind][0]
    if _to_date(period):  # ("in the first half", "so far this year"): the same point of each year
        return to_ytd_changes(levels.loc[:end], as_of=period.end)
    if freq == "S":  # every earlier run of as many sessions (overlapping)
        n = int(period.label[:-1])
        upto = levels.loc[:end].dropna()
        return (upto - upto.shift(n)).round(10).iloc[n:]
    if freq == "D":
        label = end
    elif freq == "W-FRI":
        label = period.base + pd.Timedelta(days=7)  # the week's Friday
    else:
        label = period.end + _PERIOD_END[freq]
    return to_period_changes(levels.loc[:end], freq, as_of=label)


def check_change(spec: Spec, data: Series) -> Outcome:
    """A yield's or spread's change over the stated period, with its record. With no period
    stated, each reading a reporter may mean is computed (the latest session, the week to date,
    the latest complete week, the month to date, the last complete month): consistent when one
    of them supports the claim (its value and link are given), else the one that comes nearest
    (:func:`nearest_reading`); the reason lists each."""
    key = spec.series
    if key == "fed_target":
        return _fed_move(spec, data)
    levels = data(key)
    if spec.event is not None:  # "since the Fed started cutting in September"
        return _change_over(spec, levels, key, event_period(spec, data))
    if spec.period is not None:
        return _change_over(spec, levels, key, spec.period)
    as_of = data.as_of
    month = calendar_period(as_of.to_period("M"), as_of, f"{as_of:%B %Y}")
    # the last complete month: this one on its last day (on 2018-12-31, December, not November)
    last = as_of.to_period("M") - (0 if month.end >= month_end(as_of) else 1)
    # the week to date when it holds more than one session (Tuesday to Thursday), the latest
    # complete week (to the last Friday on or before the date), the month to date unless complete
    readings = [latest_day(as_of), *([week_period(as_of)] if 0 < as_of.weekday() < 4 else []),
                week_period(as_of, last=as_of.weekday() < 4), *([month] if month.end < month_end(as_of) else []),
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
    period, chosen = next(((p, r) for p, r in checked if r.verdict == "consistent"), None) or nearest_reading(
        checked, spec)
    held = [p.words for p, r in checked if r.verdict == "consistent"]
    others = [r.reason for p, r in results if r is not chosen]
    # the reading shown first (its value and link are the record's), then the others
    chosen.reason = (chosen.reason + ". No period stated, so each reading was computed: the claim "
                     + (f"holds {', '.join(held)}" if held else "holds in none")
                     + ". The other readings: " + " / ".join(others))
    return chosen


def nearest_reading(checked: list, spec: Spec):
    """Of ``(period, outcome)`` readings none of which supports the claim, the one shown first:
    nearest the stated figure (magnitudes for an unsigned one), else, for a record alone, the
    record reaching furthest back; the latest session first on a tie. It was the last complete
    month's, whatever the others said: "widened by the most in more than seven years" on
    2025-04-04 led with March's widening while the day's +0.44 pp was the news."""
    def distance(item) -> tuple:
        outcome = item[1]
        if spec.stated is not None:
            if outcome.computed is None:
                return (np.inf,)
            value, stated = outcome.computed, spec.stated
            if spec.unsigned:
                value, stated = abs(value), abs(stated)
            return (abs(value - stated),)
        since = outcome.computed_since  # "on record" reaches furthest; none (no record read) least
        return (pd.Timestamp.min if since == "on record" else pd.Timestamp(since) if since else pd.Timestamp.max,)

    return min(checked, key=distance)


def _fed_move(spec: Spec, data: Series) -> Outcome:
    """The change of the Fed's target (the range's midpoint since 2008) over its moves announced on
    the stated day, since the stated date or Fed event (that move included), else its latest move."""
    state = fed_state(data)
    moves = state.moves.assign(announcement_date=pd.to_datetime(state.moves["announcement_date"]))
    period = spec.period
    if spec.event is not None:
        date, words = event_date(spec, data)
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
    ok, figure_words = figure_check(spec, value, "pp")
    checks, parts = [ok], [figure_words]
    if spec.count is not None:  # "cut rates for the third time this year"
        return _fed_count(spec, moves, chosen, out, head)
    if spec.streak is not None:  # "its 10th consecutive increase"
        good, words, run = _fed_streak(spec, moves, chosen)
        if spec.stated is None:  # "raised rates for the 10th straight time": the count is the figure
            out.computed, out.unit = float(run), "moves"
        return conclude(out, [*checks, good], [*parts, words], head)
    if spec.rank == 0 and spec.since is not None and len(chosen) == 1 and spec.stated is None and (
            (chosen["direction"].iloc[0] == "hike") != (spec.direction == "high")):
        way = "a hike" if chosen["direction"].iloc[0] == "hike" else "a cut"
        return conclude(out, [False], [f"the latest move was {way}"], head)
    if spec.rank == 0 and spec.since is not None and len(chosen) == 1:  # "its first cut since 2020"
        move = chosen.iloc[0]
        earlier = moves.loc[(moves["announcement_date"] < move["announcement_date"])
                            & (moves["direction"] == move["direction"])]
        kind = "hike" if move["direction"] == "hike" else "cut"
        previous = earlier["announcement_date"].iloc[-1] if len(earlier) else None
        since = spec.since
        good = previous is None or (span_holds(since, previous, move["announcement_date"]) if since.kind == "span"
                                    else since.start <= previous <= since.end)
        checks.append(good)
        parts.append((f"the first {kind} since {iso(previous)}" if previous is not None else f"the first {kind} on record")
                     + ("" if good else f", not {'in' if since.kind == 'span' else 'since'} {since.words}"))
        out.computed_since = iso(previous) if previous is not None else "on record"
    elif spec.since is not None and len(chosen) == 1:  # "the biggest increase since 1994"
        move = chosen.iloc[0]
        earlier = moves.loc[(moves["announcement_date"] < move["announcement_date"])
                            & (moves["direction"] == move["direction"])]
        as_big = earlier.loc[earlier["change"].abs() >= abs(move["change"])]
        series = pd.Series([*earlier["change"].abs(), abs(move["change"])],
                           index=pd.DatetimeIndex([*earlier["announcement_date"], move["announcement_date"]]))
        record = calc_record_since(series, direction="high")
        good = since_holds(spec.since, record, move["announcement_date"])
        checks.append(good)
        kind = "hike" if move["direction"] == "hike" else "cut"
        parts.append((f"the biggest {kind} since {iso(as_big['announcement_date'].iloc[-1])}" if len(as_big) else
                      f"the biggest {kind} on record (since {iso(moves['announcement_date'].iloc[0])})")
                     + ("" if good else not_since(spec, record)))
        out.computed_since = iso(as_big["announcement_date"].iloc[-1]) if len(as_big) else "on record"
    return conclude(out, checks, parts, head)


def stated_figure(spec: Spec) -> str:
    """A coefficient as written, with its qualifier ("about -0.5")."""
    return f"{spec.qualifier + ' ' if spec.qualifier else ''}{spec.stated:+g}"


def _fed_streak(spec: Spec, moves: pd.DataFrame, chosen: pd.DataFrame) -> tuple[bool, str, int]:
    """Whether the claim's move (the latest of ``chosen``) is the ``n``th in a row that way: the
    moves from the one after the last move the other way, or after the last pause of more than
    :data:`analytics.claims.base.STRAIGHT_GAP_DAYS` (a meeting without a move: "its third straight cut" of December
    2025 after the 2025 pause, not the sixth since the 2023 hike), up to it; for a sized move
    ("raised rates by 75 basis points for the second straight meeting") also the moves of its size
    at the run's end (June and July 2022's 0.75 pp: the second, of the fourth hike in a row).
    Returns the check, its words and the run's length (0 without a move)."""
    n = spec.streak[0]
    way = "hike" if spec.direction == "high" else "cut"
    if not len(chosen):
        return False, f"no move to count, not the {ordinal(n)} {way} in a row", 0
    move = chosen.iloc[-1]
    upto = moves.loc[moves["announcement_date"] <= move["announcement_date"]]
    dates = pd.DatetimeIndex(upto["announcement_date"])
    other = upto["direction"].to_numpy() != move["direction"]
    start = int(np.flatnonzero(run_starts(upto))[-1])
    run = len(upto) - start
    if move["direction"] != way:
        return False, f"the move was a {move['direction']}, not a {way}", run
    first = dates[start]
    if not start:
        origin = "the first moves in the data"
    elif other[start - 1]:
        origin = f"since the {iso(dates[start - 1])} {'cut' if way == 'hike' else 'hike'}"
    else:
        origin = (f"after {(dates[start] - dates[start - 1]).days} days without a move from the "
                  f"{iso(dates[start - 1])} {way}: a meeting passed without one")
    sizes = np.abs(upto["change"].to_numpy()[start:])
    other_size = np.flatnonzero(np.abs(sizes - sizes[-1]) > 1e-9)
    same = len(sizes) - (int(other_size[-1]) + 1 if len(other_size) else 0)
    # "a third straight 75 basis point hike" counts that size only; "by 75 basis points for the
    # second straight meeting" may count either
    good = same == n if spec.streak[1] == "sized moves" else run == n or (spec.stated is not None and same == n)
    of_size = (f" and the {ordinal(same)} of {sizes[-1]:.2f} pp in a row"
               if spec.stated is not None and same != run and (run != n or spec.streak[1] == "sized moves") else "")
    return good, (f"the {ordinal(run)} {way} in a row ({iso(first)} to {iso(move['announcement_date'])}, {origin})"
                  f"{of_size}; {'consistent with' if good else 'not'} the {ordinal(n)}"), run


def _fed_count(spec: Spec, moves: pd.DataFrame, chosen: pd.DataFrame, out: Outcome, head: str) -> Outcome:
    """Whether the Fed's moves that way in the period number ``spec.count`` and the latest of all
    its moves is the last of them."""
    n, _ = spec.count
    way = "hike" if spec.direction == "high" else "cut"
    that_way = chosen.loc[chosen["direction"] == way]
    latest = moves["announcement_date"].iloc[-1]
    last = len(that_way) and that_way["announcement_date"].iloc[-1] == latest
    good = bool(last) and len(that_way) == n
    out.computed, out.unit = float(len(that_way)), "moves"  # (a count, not the target's change in pp)
    words = (f"{len(that_way)} {way}{'s' if len(that_way) != 1 else ''} {spec.period.words}"
             + ("" if last else f", the latest move ({iso(latest)}) not one of them"))
    return conclude(out, [good], [f"{words}; {'consistent with' if good else 'not'} the {ordinal(n)}"], head)


def _multiple_over(spec: Spec, levels: pd.Series, key: str, period: Period) -> Outcome:
    """"Spreads have more than doubled since early 2022": the end's level as a multiple of the
    start's (for "halved", the start's of the end's), against the stated factor."""
    start, end = span_of(levels, period, key)
    first, last = float(levels.loc[start]), float(levels.loc[end])
    if first <= 0 or last <= 0:
        raise NotCheckable(f"the {name(key)} is not above zero at both ends ({first:.2f}% on {iso(start)}, "
                           f"{last:.2f}% on {iso(end)}): a multiple of its level means nothing")
    halved = spec.direction == "low"
    value = first / last if halved else last / first
    out = Outcome(computed=value, unit="multiple", start=start, end=end, period=period.label)
    out.view = {"start": start, "end": end, "panel": _rate_panel(key), "series": key}
    head = (f"the {name(key)} at {last / first:.2f} times its level {period.words} ({first:.2f}% on {iso(start)} "
            f"to {last:.2f}% on {iso(end)}{f'; down by a factor of {value:.2f}' if halved else ''})")
    check = compare(spec.stated, value, "multiple", decimals=spec.figure.decimals, qualifier=spec.qualifier)
    written = spec.clause.text[spec.figure.start:spec.figure.end].strip()
    return conclude(out, [check.ok], [f"{'consistent with' if check.ok else 'not'} \"{written}\""], head)


def _change_over(spec: Spec, levels: pd.Series, key: str, period: Period) -> Outcome:
    """:func:`check_change` over ``period``."""
    if spec.figure is not None and spec.figure.unit == "x":
        out = _multiple_over(spec, levels, key, period)
        if spec.since is None:
            return out
        # "have more than doubled this month, the fastest widening since 2008": and the change's record
        change = _change_over(replace(spec, stated=None, figure=None, qualifier=None), levels, key, period)
        if change.verdict == "not_checkable":
            out.reason += f" (the record is not checked: {change.reason[:1].lower()}{change.reason[1:]})"
            return out
        out.verdict = "consistent" if out.verdict == change.verdict == "consistent" else "differs"
        record = change.reason.split("; ", 1)[-1]  # (its head repeats the dates and levels)
        out.reason += f"; as a change ({signed(change.computed, 2, ' pp')}): {record}"
        out.computed_since = change.computed_since
        return out
    start, end = span_of(levels, period, key)
    if spec.start_at is not None:  # "from 3.6% in September": from that span's close nearest 3.6%
        level, span, extreme = spec.start_at  # ("from a peak of 4.8% in January": its highest close)
        closes = _span_closes(levels, span)
        if not closes.empty:
            start = closes.idxmax() if extreme == "high" else closes.idxmin() if extreme == "low" else _nearest(closes, level)
            which = {"high": "highest close", "low": "lowest close"}[extreme] if extreme else f"close nearest {level:g}%"
            period = replace(period, words=f"from its {span.words.removeprefix('in ')} {which}")
    value = calc_spread_change(levels, start=start, end=end)
    out = Outcome(computed=value, unit="pp", start=start, end=end, period=period.label)
    out.view = {"start": start, "end": end, "panel": _rate_panel(key), "series": key}
    up, down = (("rose", "fell") if key.startswith("DGS") else ("steepened", "flattened") if key == "T10Y2Y"
                else ("widened", "tightened"))
    verb = up if value > 0 else (down if value < 0 else "was unchanged")
    head = (f"the {name(key)} {verb}{'' if value == 0 else f' by {abs(value):.2f} pp'} "
            f"{period.words} ({float(levels.loc[start]):.2f}% on {iso(start)} to {float(levels.loc[end]):.2f}% "
            f"on {iso(end)})")
    ok, words = figure_check(spec, value, "pp")
    checks, parts = [ok], [words]
    if spec.event is not None and spec.stated is None and spec.direction:  # "has risen since the Fed's first cut"
        checks.append(went_way(value, spec.direction, parts, (up, down, "was unchanged")))
        return conclude(out, checks, parts, head)
    if spec.since is not None or spec.measure == "change_record" and spec.direction and spec.stated is None:
        period = record_period(levels, period, start, end)  # a span since a date: runs of as many sessions
        if period.kind not in CHANGE_PERIODS:  # the figure is still checked
            spec.notes.append("the record is not checked: records of yield and spread changes are kept for days, "
                              "runs of sessions, weeks (to Friday), calendar months, quarters and years")
            return conclude(out, checks, parts, head)
        comp = _change_comparables(levels, period, end)
        if comp.empty:
            raise NotCheckable(f"no earlier {CHANGE_PERIODS[period.kind][1]} changes of the {name(key)} to compare with")
        direction = spec.direction or ("high" if value > 0 else "low")
        if direction == "high" and value <= 0 or direction == "low" and value >= 0:
            checks.append(False)
            parts.append(f"it {verb}, not {up if direction == 'high' else down}")
        else:
            record = record_with(comp, round(value, 10), direction)
            out.computed_since = iso(record.record_since) if record.record_since is not None else "on record"
            # a day's or week's change as a day's or week's return (enough changes in between); a
            # month's as the facts' change records (also 30 days back at least)
            stated = states_record(record, "return" if period.kind in ("day", "sessions", "week") else "change_record")
            good = spec.since is not None and since_holds(spec.since, record, end) and (stated or not record.is_record)
            checks.append(good)
            move = {"widened": "widening", "tightened": "tightening", "rose": "rise", "fell": "fall",
                    "steepened": "steepening", "flattened": "flattening"}[
                up if direction == "high" else down]
            kind_words = (f"{period.label[:-1]}-session" if period.kind == "sessions" else "first-half"
                          if period.label.startswith("half:") else "year-to-date" if _to_date(period)
                          else CHANGE_PERIODS[period.kind][1])
            what = f"the largest {kind_words} {move}"
            got = record.record_since
            when = (None if got is None else f"{got:%B %Y}" if period.kind == "month"
                    else f"{got.year} Q{got.quarter}" if period.kind == "quarter" else f"{got.year}"
                    if period.kind in ("year", "ytd")
                    else f"the week to {iso(got)}" if period.kind == "week" else
                    f"the run of {period.label[:-1]} sessions to {iso(got)}" if period.kind == "sessions" else iso(got))
            rank = f"{ordinal(record.rank)} of {record.comparables:,}"
            if record.is_record and stated:
                text = f"{what} on record (since {iso(record.history_start)}; {rank})"
            elif record.is_record:
                text = f"no record: too few earlier {CHANGE_PERIODS[period.kind][1]} changes to compare with ({rank})"
            elif stated:
                text = f"{what} since {when} ({rank})"
            else:  # too recent or too few changes in between to call it a record (the facts' rule)
                text = f"{what} since {when} ({rank}; {too_near(record)})"
            parts.append(text + ("" if good else not_since(spec, record)))
            if got is not None:
                out.view["start"] = got - pd.DateOffset(months=3)
    return conclude(out, checks, parts, head)


def check_correlation(spec: Spec, data: Series) -> Outcome:
    """Each window of the facts; consistent when one of them supports the claim (the reason says
    which window gives which answer, and the value and link are those of that window)."""
    small, rate = spec.series.split("~")
    s, r = data(small), data(rate)
    answers, results = [], []
    windows = CORRELATION_WINDOWS
    if spec.corr_window is not None:  # "its 24-month correlation": that window only
        freq, window = spec.corr_window
        unit = {"D": "day", "W": "week", "M": "month"}[freq]
        windows = ((freq, window, f"{window}{freq.lower()}", f"{window}-{unit}"),)
    for freq, window, period, words in windows:
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
        good = None if spec.since is None else since_holds(spec.since, record, history.index[-1])
        if spec.stated is not None:
            fit = compare(spec.stated, value, "coefficient", decimals=spec.figure.decimals if spec.figure else 0,
                          qualifier=spec.qualifier).ok
            good = fit if good is None else (good and fit)
        if spec.status == "sign":  # "has turned negative": the sign now
            good = value < 0 if direction == "low" else value > 0
        least = spec.status == "least"  # ("its least negative since 2010": below zero, the highest since)
        if least:
            word = "least negative" if direction == "high" else "least positive"
        if least and ((value >= 0) == (direction == "high")):
            good = None if good is None else False
            answers.append(f"{words} {signed(value)}, not {'negative' if direction == 'high' else 'positive'}")
        elif not least and ((value >= 0 and direction == "low") or (value <= 0 and direction == "high")):
            good = None if good is None else False
            answers.append(f"{words} {signed(value)}, not {'negative' if direction == 'low' else 'positive'}")
        elif spec.status == "sign":
            answers.append(f"{words} {signed(value)}, {'negative' if direction == 'low' else 'positive'}")
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
    if spec.corr_window is not None:  # one window, as written
        claimed = (stated_figure(spec) if spec.stated is not None else "on record" if spec.since is not None
                   and spec.since.kind == "ever" else f"since {spec.since.words}" if spec.since is not None
                   else "negative" if direction == "low" else "positive")
        parts = ([] if good is None else [f"{'consistent with' if good else 'not'} {claimed}"])
    else:
        parts = [f"holds at the {', '.join(held)} window{'s' if len(held) > 1 else ''}" if held
                 else "holds at none of the windows"] if any(x[0] is not None for x in results) else []
    return conclude(out, [None if all(x[0] is None for x in results) else bool(held)], parts, head)

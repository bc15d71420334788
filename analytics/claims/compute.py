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
  rise from a low (period ``trough``; "bull market" at +20%, :func:`analytics.claims.index_measures._rebound`);
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
* ``moving_average``: the close against the mean of its last N closes (``rolling(N).mean()``);
* ``leverage_quartile``: the leverage panel's quartiles (:func:`analytics.leverage.compute_quartiles`,
  supplied by the caller) over a named period, "the selloff" or "the rebound"
  (:mod:`analytics.claims.leverage_measures`);
* ``event_outcome``: :func:`analytics.events.calc_relative_outcomes` at the stated horizon
  after each Fed event of the type known on the as-of date
  (:func:`analytics.event_study.fed_events_as_of`), as the regimes panel's table.

Nothing after the as-of date is used. A series that ends more than
:data:`analytics.facts.MAX_STALE_DAYS` days before it gives ``not_checkable``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable

import pandas as pd

from analytics.claims.base import (
    NotCheckable, Outcome, Series, aligned_pair, conclude, event_date, fed_events, fed_state, iso, name, pct,
    source_keys,
)
from analytics.claims.dates import Period, Since
from analytics.claims.index_measures import (
    check_drawdown, check_moving_average, check_point_change, check_record_count, check_relative, check_return,
    extreme_of,
)
from analytics.claims.leverage_measures import check_leverage
from analytics.claims.rate_measures import check_change, check_correlation, check_level
from analytics.claims.spec import Spec
from analytics.claims.verdict import compare
from analytics.event_study import EVENT_WORDS
from analytics.events import calc_relative_outcomes
from analytics.facts import MAX_STALE_DAYS
from analytics.facts_fed import HOLD_AFTER_DAYS, regime_fact
from analytics.format import signed
from analytics.returns import to_ratio


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
    return conclude(out, [good], parts, head)


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
    s, g, small, large = aligned_pair(data, spec.series)
    event = spec.event[0]
    events = fed_events(data)
    events = events.loc[(events["event"] == event) & (events["date"] >= s.index[0])]
    if events.empty:
        raise NotCheckable(f"no {EVENT_WORDS[event]} within the data")
    table = calc_relative_outcomes(s, g, list(events["date"]), horizons=(spec.horizon,))
    values = table["value"].dropna()
    if values.empty:
        raise NotCheckable(f"no {EVENT_WORDS[event]} with {spec.horizon} months of data after it")
    if spec.statistic is not None:
        return _event_statistic(spec, table.loc[values.index], event, small, large, data)
    counted = _counted(spec.share)
    if counted is not None and len(values) > counted[1]:  # "in five of the past eight cycles": the last eight
        values = values.iloc[-counted[1]:]
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
    if counted is not None:  # a count of the latest events: that many, of that many
        good = wins == counted[0] and len(values) == counted[1]
        if len(values) < counted[1]:
            head += f"; the data has {len(values)} such events, not {counted[1]}"
    elif rng is not None:
        low, high, inclusive = rng
        x = out.computed
        good = (low <= x <= high) if inclusive else (low < x <= high) if low < high else x == low
    return conclude(out, [good], [f"{'consistent with' if good else 'not'} \"{spec.share}\""], head)


def _counted(share: str | None) -> tuple[int, int] | None:
    """``(a, b)`` of a share written "a of (the past) b", else None."""
    m = re.fullmatch(r"(\w+) of (?:the )?(?:(?:past|last|previous|prior) )?(\w+)", share or "")
    if m is None:
        return None
    a, b = (int(p) if p.isdigit() else _NUMS.get(p, 0) for p in m.groups())
    return (a, b) if b else None


def _event_statistic(spec: Spec, table: pd.DataFrame, event: str, small: str, large: str, data: Series) -> Outcome:
    """"Beaten the S&P 500 by an average of 5 percentage points in the year after the Fed's first
    cut": the mean (median) of the return gaps (small minus large, pp) over the events."""
    gaps = (table["small"] - table["large"]).astype(float)
    value = float(gaps.median() if spec.statistic == "median" else gaps.mean())
    listed = ", ".join(f"{iso(d)} {signed(g * 100, 1, ' pp')}" for d, g in zip(table["event_date"], gaps))
    out = Outcome(computed=value, unit="decimal", start=pd.Timestamp(table["event_date"].iloc[0]), end=data.as_of,
                  period=f"{spec.horizon}m")
    out.view = {"panel": "regimes", "event": event, "series": spec.series}
    head = (f"the {spec.statistic} of the {name(small)}'s return minus the {name(large)}'s over the {spec.horizon} "
            f"months after each of the Fed's {len(gaps)} {EVENT_WORDS[event]}s: {signed(value * 100, 1, ' pp')} "
            f"({listed})")
    check = compare(spec.stated, value, "decimal", decimals=spec.figure.decimals if spec.figure else 0,
                    qualifier=spec.qualifier)
    return conclude(out, [check.ok], [f"{'consistent with' if check.ok else 'not'} "
                                      f"{signed(spec.stated * 100, spec.figure.decimals if spec.figure else 0, ' pp')}"],
                    head)


def _regime(spec: Spec, data: Series) -> Outcome:
    """The Fed's stance as the facts state it (:func:`analytics.facts_fed.regime_fact`: hiking or
    cutting while the last move is at most 60 days old, on hold after that); "held rates steady on
    Wednesday" (status ``held``) is that day's decision: no move announced on it."""
    state = fed_state(data)
    last = state.target.index[-1]
    if (data.as_of - last).days > MAX_STALE_DAYS:
        raise NotCheckable(f"the fed funds target data end on {iso(last)}")
    if spec.status == "held":
        return _held(spec, state, data)
    fact = regime_fact(state)
    days = max(0, (data.as_of - pd.Timestamp(fact.start)).days)  # (a move announced that day takes effect the next)
    out = Outcome(computed=float(days), unit="days", start=pd.Timestamp(fact.start),
                  end=min(pd.Timestamp(fact.end), data.as_of), period="regime", computed_since=fact.start)
    out.view = {"panel": "regimes", "event": "last_hike" if fact.direction == "high" else "last_cut",
                "series": "fed_target"}
    words = {"hold": "on hold", "hiking": "hiking", "cutting": "cutting"}
    good = fact.status == spec.status
    when = "that day" if days == 0 else f"{days} day{'s' if days != 1 else ''} earlier"
    head = (f"the Fed is {words[fact.status]} as of {iso(data.as_of)}: its last move was announced on {fact.start}, "
            f"{when} (on hold after {HOLD_AFTER_DAYS} days without a move)")
    return conclude(out, [good], [f"{'consistent with' if good else 'not'} {words[spec.status]}"], head)


def _held(spec: Spec, state, data: Series) -> Outcome:
    """"The Fed held rates steady on Wednesday": no target move announced that day."""
    day = spec.period.end if spec.period is not None else data.as_of
    moves = state.moves
    announced = pd.to_datetime(moves["announcement_date"]).dt.normalize()
    that_day, before = moves[announced == day.normalize()], moves[announced < day.normalize()]
    out = Outcome(computed=float(len(that_day)), unit="moves", start=day, end=day, period="day")
    out.view = {"panel": "regimes", "series": "fed_target"}
    if len(before):
        prior = before.iloc[-1]
        since = (f"its last move was a {abs(float(prior['change'])):.2f} pp {prior['direction']} on "
                 f"{iso(pd.Timestamp(prior['announcement_date']))}")
    else:
        since = "no earlier move in the data"
    if len(that_day):
        move = that_day.iloc[-1]
        return conclude(out, [False], [f"not held: a {abs(float(move['change'])):.2f} pp {move['direction']} was "
                                       f"announced that day"], f"the Fed on {iso(day)}")
    return conclude(out, [True], [f"consistent with held: no move announced that day ({since})"],
                    f"the Fed on {iso(day)}")


MEASURES: dict[str, Callable[[Spec, Series], Outcome]] = {
    "return": check_return, "return_record": check_return, "relative_return": check_relative, "return_gap": check_relative,
    "return_multiple": check_relative,
    "drawdown": check_drawdown, "level": check_level, "level_record": check_level, "change_record": check_change,
    "correlation_record": check_correlation, "relative_peak": _relative_peak, "event_outcome": _event_outcome,
    "regime": _regime, "point_change": check_point_change, "moving_average": check_moving_average,
    "record_count": check_record_count, "leverage_quartile": check_leverage,
}


#: Measures a close does not move (the Fed's stance, the event study): no earlier close is tried.
NOT_BY_CLOSE = frozenset({"regime", "event_outcome"})


def compute(spec: Spec, data: Series) -> Outcome:
    """The :class:`Outcome` of one claim; ``not_checkable`` with the reason when it cannot be computed.

    A claim that differs at the publication day's close but holds at the close before it, and
    names no day ("is at its highest since October 2023", "is down 6% this year", "rose 1.5%"
    read as the latest session), is consistent: the text may have been written before that day's
    close. The reason gives both closes.
    """
    try:  # once, before the notes are kept: its note stays when the close before is tried
        _resolve_since_event(spec, data)
    except (NotCheckable, ValueError, KeyError) as exc:
        return Outcome(reason=str(exc), period=spec.period.label if spec.period else None)
    notes = list(spec.notes)
    out = _compute(spec, data)
    before = _day_before(spec, data) if out.verdict == "differs" else None
    if before is None:
        return out
    after, spec.notes[:] = list(spec.notes), notes  # (a computation may add its notes)
    earlier = _compute(spec, before)
    if earlier.verdict != "consistent":
        spec.notes[:] = after  # the notes of the reading reported
        return out
    earlier.reason += (f"; that is the close before the publication day {iso(data.as_of)}, which the text "
                       f"may predate. At that day's close: {out.reason[:1].lower()}{out.reason[1:]}")
    return earlier


def _day_before(spec: Spec, data: Series) -> Series | None:
    """The data cut at the day before the publication day, for a claim whose figure moves with a
    close and that names no day of its own; None when the publication day has no close."""
    if spec.measure in NOT_BY_CLOSE or spec.series in (None, "fed_target") or spec.unsupported:
        return None
    named_day = spec.period is not None and spec.period.kind == "day" and not any(
        "latest trading day" in note for note in spec.notes)
    if named_day:
        return None
    return data.day_before(source_keys(spec))


def _compute(spec: Spec, data: Series) -> Outcome:
    if spec.unsupported:
        return Outcome(reason=spec.unsupported)
    try:
        _resolve_anchor(spec, data)
        out = MEASURES[spec.measure](spec, data)
    except NotCheckable as exc:
        return Outcome(reason=str(exc), period=spec.period.label if spec.period else None)
    except (ValueError, KeyError, IndexError, TypeError, OverflowError, ZeroDivisionError) as exc:
        return Outcome(reason=f"cannot be computed on this data ({exc})",
                       period=spec.period.label if spec.period else None)
    if spec.notes:
        out.reason += " (" + "; ".join(spec.notes) + ")"
    return out


def _resolve_anchor(spec: Spec, data: Series) -> None:
    """A period that a low or peak the data fixes (:attr:`Period.anchor`): the span since that
    close's day ("over the same period" after "up 40% from its April low"), or that day itself
    ("hit 5% earlier this week": the week's highest close)."""
    period = spec.period
    if period is None or period.anchor is None:
        return
    key, named, low = period.anchor
    day, _ = extreme_of(data(key), key, named, low=low)
    if period.kind == "day":  # "hit 5% earlier this week": on the week's highest close
        spec.period = Period("1d", "day", day - pd.Timedelta(days=1), day, None, f"on {iso(day)}, {period.words}",
                             day=day)
        return
    spec.period = Period(f"since:{iso(day)}", "since", day, period.end, None,
                         f"since the {name(key)}'s {iso(day)} {'low' if low else 'peak'}")


def _resolve_since_event(spec: Spec, data: Series) -> None:
    """A record since an event ("its best month since the Fed began raising rates"): the event's
    day, from the data (the Fed's moves, the election days); none as good after it."""
    since = spec.since
    if since is None or since.kind != "event":
        return
    day, words = event_date(replace(spec, event=since.event), data)
    spec.since = Since("by", None, day, None, f"{words} ({iso(day)})")
    spec.notes.append(f"\"since {since.words}\" read as since {words}, {iso(day)}: none as good after it")


__all__ = ["MEASURES", "NotCheckable", "Outcome", "Series", "compute"]

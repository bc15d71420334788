"""Companies by leverage: how the most (or least) leveraged quartile did against the others over
a span, "the selloff" and "the rebound" read on the index (pure).

The quartiles are the leverage panel's (:func:`analytics.leverage.compute_quartiles`: a
membership list ranked by the debt-to-equity in force on the span's first day, each quartile's
mean return over the span); the caller supplies them (``Series.quartiles``), this module says
which span and compares.

The spans:

* a period the text names ("in 2022", "this year") is that period;
* "the selloff" is a fall of at least :data:`SWING` (10%, a correction) in the index's closes
  from a swing high to the lowest close after it, a swing being a move of at least that much the
  other way (:func:`swings`, a zig-zag): the latest such fall to the as-of date, or the one whose
  low falls in the month named ("the April selloff", "the selloff in March 2020");
* "the bear market" is the same with swings of :data:`BEAR` (20%): the Russell 2000's 2022 one
  runs from its 2021-11-08 high to its 2022-06-16 low;
* "the rebound" runs from that selloff's (bear market's) low to the next swing high
  (:func:`rebound_end`), or to the as-of date while it is under way.

"Fell hardest", "led the rebound" (superlatives): the quartile's mean return is the lowest
(highest) of the four; "lagged", "outperformed" (comparisons): lower (higher) than the other end's
(the least leveraged quartile for the most leveraged), or than an index's return when one is named
right after ("lagged the S&P 500", "the broader index"); "have rebounded 30%" (its own return): the
quartile's mean return is that figure.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.claims.base import NotCheckable, Outcome, Series, conclude, event_date, iso, name, pct
from analytics.claims.spec import SMALL, Spec
from analytics.claims.verdict import compare
from analytics.returns import calc_period_return

#: A swing of the zig-zag, and the least fall a selloff is (a correction).
SWING = 0.10
#: The swing of a bear market's zig-zag (its least fall).
BEAR = 0.20


@dataclass(frozen=True)
class QuartileReturns:
    """The leverage quartiles' mean returns over a span, as the leverage panel computes them.

    Attributes:
        universe: The membership list ranked (its name in the data source).
        leverage_date: The day whose statements in force ranked the companies.
        start: Base date of the returns.
        end: End date of the returns.
        means: Mean return (decimal) of Q1 (least leveraged) .. Q4 (most leveraged).
        counts: Companies in each quartile.
        members: Members of the list.
        note: What the reader should know about the list chosen ("" when nothing).
    """

    universe: str
    leverage_date: pd.Timestamp
    start: pd.Timestamp
    end: pd.Timestamp
    means: tuple[float, ...]
    counts: tuple[int, ...]
    members: int
    note: str = ""


def swings(levels: pd.Series, threshold: float = SWING) -> list[tuple[int, str]]:
    """The turning points of ``levels`` (positions, ``"high"`` or ``"low"``) of a zig-zag: a high
    is confirmed once a close is ``threshold`` below it, a low once a close is that much above
    it. The last entry is the extreme of the move still under way (not yet confirmed)."""
    values = levels.to_numpy(dtype="float64")
    if len(values) == 0:
        return []
    pivots: list[tuple[int, str]] = []
    hi = lo = 0
    trend = 0  # 1 rising (a high is tracked), -1 falling (a low is tracked), 0 not yet known
    for i in range(1, len(values)):
        v = values[i]
        if trend >= 0 and v > values[hi]:
            hi = i
        if trend <= 0 and v < values[lo]:
            lo = i
        if trend >= 0 and v <= values[hi] * (1 - threshold):
            pivots.append((hi, "high"))
            trend, lo = -1, i
        elif trend <= 0 and v >= values[lo] * (1 + threshold):
            pivots.append((lo, "low"))
            trend, hi = 1, i
    if trend == -1:
        pivots.append((lo, "low"))
    elif trend == 1:
        pivots.append((hi, "high"))
    return pivots


def selloffs(levels: pd.Series, threshold: float = SWING) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """Every fall of at least ``threshold`` from a swing high to the low after it, as
    ``(high date, low date)``, oldest first (the last one may still be under way)."""
    points = swings(levels, threshold)
    index = levels.index
    return [(index[a], index[b]) for (a, kind_a), (b, kind_b) in zip(points, points[1:])
            if kind_a == "high" and kind_b == "low"]


def episode(levels: pd.Series, month: tuple[pd.Timestamp, pd.Timestamp] | None, as_of: pd.Timestamp,
            threshold: float = SWING) -> tuple[pd.Timestamp, pd.Timestamp]:
    """``(high, low)`` of the selloff meant: the latest to ``as_of``; with ``month`` (first and
    last day), the latest fall that was under way in that month, from its swing high to its lowest
    close by the month's end ("the March 2023 selloff": 2023-02-02 to the March low, though the
    fall went on to a lower low in May), when that is still a fall of ``threshold`` or more (a
    swing of :data:`SWING` for a selloff, :data:`BEAR` for a bear market).

    Raises:
        NotCheckable: there is none.
    """
    levels = levels.loc[:as_of]
    falls = selloffs(levels, threshold)
    if month is not None:
        cut = []
        for high, low in falls:
            if high > month[1] or low < month[0]:
                continue
            part = levels.loc[high:min(low, month[1])]
            bottom = part.idxmin()
            if part.loc[bottom] <= part.iloc[0] * (1 - threshold):
                cut.append((high, bottom))
        falls = cut
    if not falls:
        where = "" if month is None else f" under way in {month[0]:%B %Y}"
        what = "a bear market" if threshold == BEAR else "a selloff"
        raise NotCheckable(f"the {name(levels.name or SMALL)} had no fall of {threshold:.0%} or more{where} "
                           f"from a swing high to a low ({what}, as the checker reads one) by {iso(as_of)}")
    return falls[-1]


def rebound_end(levels: pd.Series, low: pd.Timestamp, threshold: float = SWING) -> tuple[pd.Timestamp, bool]:
    """Where the rebound from ``low`` ends: the first swing high after it that a fall of
    ``threshold`` has confirmed (``True``), else the last close (``False``: under way)."""
    points = swings(levels, threshold)
    index = levels.index
    for i, kind in points[:-1]:  # (the last point is the move under way, not confirmed)
        if kind == "high" and index[i] > low:
            return index[i], True
    return index[-1], False


def span_of(spec: Spec, data: Series) -> tuple[pd.Timestamp, pd.Timestamp, str]:
    """``(start, end, words)``: the span a leverage claim is about and how it was read."""
    kind, month = spec.leverage[2], spec.leverage[3]
    if kind is None and spec.event is not None:  # "since the Fed began raising rates"
        day, words = event_date(spec, data)
        return day, data.as_of, f"since {words} on {iso(day)}"
    if kind is None:
        if spec.period is None:
            raise NotCheckable("the clause names no period, selloff or rebound to measure the quartiles over")
        start, end = spec.period.base, min(spec.period.end, data.as_of)
        return start, end, spec.period.words
    levels = data(spec.series or SMALL)
    bounds = None if month is None else (month.start, month.end)
    bear = kind in ("bear market", "bear rebound")
    threshold, what = (BEAR, "bear market") if bear else (SWING, "selloff")
    high, low = episode(levels, bounds, data.as_of, threshold)
    fall = float(1.0 - levels.loc[low] / levels.loc[high])
    which = "the latest" if month is None else f"the one under way in {month.words}, to that {month.kind}'s low"
    selloff = (f"the {what} read as the {name(spec.series or SMALL)}'s fall of {fall:.1%} from its {iso(high)} "
               f"swing high to its {iso(low)} low ({which}; a {what} is a fall of {threshold:.0%} or more)")
    if kind in ("selloff", "bear market"):
        return high, low, selloff
    end, over = rebound_end(levels, low, threshold)
    if end <= low:
        raise NotCheckable(f"{selloff}; no close after that low by {iso(data.as_of)}: there is no rebound yet")
    to = f"its {iso(end)} swing high" if over else f"{iso(end)} (under way)"
    return low, end, f"the rebound read as {iso(low)} to {to}, after {selloff}"


def _quartile_words(q: QuartileReturns) -> str:
    names = ("Q1 (least leveraged)", "Q2", "Q3", "Q4 (most leveraged)")
    parts = ", ".join(f"{n} {pct(m)}" for n, m in zip(names, q.means))
    note = f"{q.note}; " if q.note else ""
    return (f"{q.universe} ({note}{q.members} members; {sum(q.counts)} ranked into quartiles by debt-to-equity in "
            f"force on {iso(q.leverage_date)}), equal-weighted mean return {iso(q.start)} to {iso(q.end)}: {parts}")


def check_leverage(spec: Spec, data: Series) -> Outcome:
    """A claim about the most or least leveraged quartile (see the module docstring)."""
    if data.quartiles is None:
        raise NotCheckable("this data source has no company universe (membership lists, statements and prices) "
                           "to rank by leverage")
    group, mode, _, _ = spec.leverage
    comparison = mode == "other" or mode.startswith("index:")
    start, end, words = span_of(spec, data)
    if start >= end:
        raise NotCheckable(f"{words}: no span to measure")
    q = data.quartiles(spec.series or SMALL, start, end)
    own = len(q.means) - 1 if group == "most" else 0
    other = 0 if group == "most" else len(q.means) - 1
    value = q.means[own]
    low = spec.direction == "low"
    label = f"the {group} leveraged quartile"
    if mode == "own":  # its figure only ("have rebounded 30% since April")
        good, verdict_words = None, ""
    elif mode.startswith("index:"):  # "lagged the S&P 500": that index's return over the span
        key = mode.split(":", 1)[1]
        bench = calc_period_return(data(key), start=q.start, end=q.end)
        gap = value - bench
        good = value < bench if low else value > bench
        verdict_words = (f"{label} {'did worse' if gap < 0 else 'did better'} than the {name(key)} "
                         f"({pct(bench)}) by {abs(gap) * 100:.1f} pp")
    elif comparison:
        good = value < q.means[other] if low else value > q.means[other]
        gap = value - q.means[other]
        verdict_words = (f"{label} {'did worse' if gap < 0 else 'did better'} than the "
                         f"{'least' if group == 'most' else 'most'} leveraged by {abs(gap) * 100:.1f} pp")
    else:
        extreme = min(q.means) if low else max(q.means)
        good = bool(np.isclose(value, extreme, rtol=0, atol=1e-12))
        order = sorted(range(len(q.means)), key=lambda i: q.means[i])
        best = order[0] if low else order[-1]
        word = "worst" if low else "best"
        verdict_words = f"{label} did {word}" if good else f"{label} did not do {word} (Q{best + 1} did)"
    checks, parts = [good], [verdict_words] if verdict_words else []
    figure = spec.figure
    if figure is not None and spec.stated is not None:
        # a comparison's figure is the gap, signed by the way stated ("lagged ... by 3 points": -3 pp)
        stated, computed = ((-1 if low else 1) * abs(spec.stated), gap) if comparison else (spec.stated, value)
        fit = compare(stated, computed, "decimal", decimals=figure.decimals, qualifier=spec.qualifier,
                      unsigned=spec.unsigned and not comparison)
        checks.append(fit.ok)
        shown = (f"the gap {computed * 100:+.1f} pp", f"{stated * 100:+g} pp") if comparison else (
            f"its mean return {pct(computed)}", pct(stated))
        parts.append(f"{shown[0]} {'is' if fit.ok else 'is not'} consistent with {shown[1]}")
    out = Outcome(computed=float(value), unit="decimal", start=q.start, end=q.end,
                  period=f"{iso(q.start)}..{iso(q.end)}")
    if mode.startswith("index:") and mode.split(":", 1)[1] != (spec.series or SMALL):
        out.also_from = (mode.split(":", 1)[1],)  # (cited beside the ranked index)
    out.view = {"panel": "leverage", "start": q.start, "end": q.end, "universe": q.universe,
                "leverage_date": q.leverage_date, "series": spec.series or SMALL}
    head = f"{words}; {_quartile_words(q)}"
    return conclude(out, checks, parts, head)


__all__ = ["BEAR", "QuartileReturns", "SWING", "check_leverage", "episode", "selloffs", "span_of",
           "swings"]

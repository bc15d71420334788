"""Check a news paragraph against the data: parse -> interpret -> compute -> verdict (pure).

:func:`check_text` finds each clause of a text that states a checkable figure about a series
the product knows (:mod:`analytics.claims.interpret`), computes it with the existing analytics
as of the given date (:mod:`analytics.claims.compute`) and compares it with the figure as
written (:mod:`analytics.claims.verdict`). No I/O: the caller passes the series by loader key
(the facts' series, :data:`panels.fact_series.FACT_KEYS`) and builds the links
(:mod:`panels.claims`). The text is only ever matched with regular expressions and dateparser:
nothing in it is executed, and the results are plain strings and numbers.

Records (:class:`ClaimRecord`, JSON fields in order): ``text``, ``start``, ``end`` (character
offsets of the clause in the input: ``input[start:end] == text``), ``series``, ``measure``,
``period``, ``period_start``, ``period_end`` (ISO dates of the observations used), ``stated``,
``stated_since``, ``qualifier``, ``computed``, ``computed_since``, ``unit``, ``verdict``,
``reason``, ``link``, ``source`` (the series the figure was computed from, cited by the caller:
publisher, id, service and last date, :func:`source_keys`).

Units: returns, relative returns and drawdowns are decimals (``-0.08`` = -8%); yield and
spread levels percent; their changes percentage points; correlations coefficients;
``event_outcome`` a share of the events (0 to 1); ``relative_peak`` and a level record of a pair's
ratio (series ``RUT/GSPC``, unit ``ratio``) the ratio's level; streaks and tallies a count of
periods (unit ``periods``); a yearly rate (``"7% a year"``) a decimal, compounded to one year; a
yield's or spread's multiple (``"more than doubled"``) the period's last level over its first (the
first over the last for ``"halved"``; unit ``multiple``); ``leverage_quartile`` the named quartile's
mean return over the span (decimal).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass
from typing import Callable, Mapping

import pandas as pd

from analytics.claims.base import source_keys
from analytics.claims.compute import Outcome, Series, compute
from analytics.claims.dates import make_parser
from analytics.claims.interpret import interpret
from analytics.claims.spec import Spec

__all__ = ["MAX_CHARS", "MEASURES", "VERDICTS", "ClaimCheck", "ClaimRecord", "TextTooLong", "check_text",
           "source_keys", "to_json"]

#: Longest text accepted (characters).
MAX_CHARS = 20_000
MEASURES = ("return", "relative_return", "return_gap", "drawdown", "level", "level_record", "change_record",
            "return_record", "correlation_record", "relative_peak", "event_outcome", "regime", "point_change",
            "moving_average", "leverage_quartile")
VERDICTS = ("consistent", "differs", "not_checkable")


class TextTooLong(ValueError):
    """The text is longer than :data:`MAX_CHARS`."""


@dataclass(frozen=True)
class ClaimRecord:
    """One checked claim (see the module docstring for the fields)."""

    text: str
    start: int
    end: int
    series: str | None
    measure: str
    period: str | None
    period_start: str | None
    period_end: str | None
    stated: float | None
    stated_since: str | None
    qualifier: str | None
    computed: float | None
    computed_since: str | None
    unit: str | None
    verdict: str
    reason: str
    link: str | None
    source: str | None = None


@dataclass(frozen=True)
class ClaimCheck:
    """The result of :func:`check_text`: the as-of date, the claims and a summary sentence."""

    as_of: str
    claims: tuple[ClaimRecord, ...]
    message: str

    def to_dict(self) -> dict:
        return {"as_of": self.as_of, "claims": [asdict(c) for c in self.claims], "message": self.message}


def _as_of(as_of) -> pd.Timestamp:
    try:
        t = pd.Timestamp(as_of)
    except (TypeError, ValueError):
        raise ValueError(f"as_of: cannot read {as_of!r} as a date; use YYYY-MM-DD") from None
    if pd.isna(t):
        raise ValueError("as_of: missing date")
    if t.tz is not None:
        t = t.tz_convert(None)
    return t.normalize()


def _round(value: float | None) -> float | None:
    if value is None:
        return None
    value = float(value)
    return round(value, 10) + 0.0 if pd.notna(value) else None


#: A run of whitespace longer than 3 characters.
_WHITESPACE_RUN = re.compile(r"\s{4,}")
#: What stands in for the middle of a long whitespace run while matching (neither space nor word).
FILLER = "\x7f"


def _squeezed(text: str) -> str:
    """``text`` with the middle of every long whitespace run replaced by :data:`FILLER`.

    The same length, so offsets stay valid; the patterns then never scan a long run of spaces
    from every position in it (19,000 spaces took 5 s), and a blank line stays a paragraph break.
    """
    def fill(m: re.Match) -> str:
        run = m.group(0)
        head = "\n\n" if run.count("\n") >= 2 else run[:2]
        return head + FILLER * (len(run) - 3) + run[-1]

    return _WHITESPACE_RUN.sub(fill, text)


def _record(spec: Spec, out: Outcome, link: Callable[[Spec, Outcome], str | None] | None,
            text: str, cite: Callable[[Spec, Outcome], str | None] | None = None) -> ClaimRecord:
    return ClaimRecord(
        text=text[spec.clause.start:spec.clause.end], start=spec.clause.start, end=spec.clause.end,
        series=spec.series,
        measure=spec.measure, period=out.period or (spec.period.label if spec.period else None),
        period_start=None if out.start is None else f"{out.start:%Y-%m-%d}",
        period_end=None if out.end is None else f"{out.end:%Y-%m-%d}",
        stated=_round(spec.stated), stated_since=spec.since.iso() if spec.since else (
            spec.peak.iso() if spec.peak else None),
        qualifier=spec.qualifier, computed=_round(out.computed), computed_since=out.computed_since,
        unit=out.unit, verdict=out.verdict, reason=out.reason[:1].upper() + out.reason[1:] + ".",
        link=None if (out.verdict == "not_checkable" and not out.view) or link is None else link(spec, out),
        source=None if cite is None or (out.verdict == "not_checkable" and out.computed is None) else cite(spec, out),
    )


def check_text(text: str, series: Mapping[str, pd.Series], *, as_of: dt.date | str,
               link: Callable[[Spec, Outcome], str | None] | None = None,
               cite: Callable[[Spec, Outcome], str | None] | None = None,
               quartiles: Callable | None = None) -> ClaimCheck:
    """Every checkable claim of ``text``, checked against ``series`` as of ``as_of``.

    Args:
        text: The paragraph (at most :data:`MAX_CHARS` characters).
        series: Loaded series by loader key (index levels; yields, spreads and the Fed target in
            percent); missing keys make the claims about them ``not_checkable``.
        as_of: The publication date: the reference for "Friday", "this year", ... and the last
            date of data used.
        link: ``link(spec, outcome)`` -> the share link of the view that shows the figure.
        cite: ``cite(spec, outcome)`` -> the sources of a computed figure (``source``; the
            series are :func:`source_keys` of ``spec``).
        quartiles: ``quartiles(index, start, end)`` -> the leverage quartiles' mean returns over a
            span (:class:`analytics.claims.leverage_measures.QuartileReturns`; raises
            :class:`analytics.claims.base.NotCheckable` with the reason when it cannot), for the
            claims about companies by leverage; None: they are ``not_checkable``.

    Returns:
        :class:`ClaimCheck`; ``claims`` is empty (and ``message`` says so) when nothing in the
        text can be checked.

    Raises:
        TextTooLong: the text is longer than :data:`MAX_CHARS`.
        ValueError: ``as_of`` is not a date, or ``text`` is not a string.
    """
    if not isinstance(text, str):
        raise ValueError("the text must be a string")
    if len(text) > MAX_CHARS:
        raise TextTooLong(f"the text has {len(text):,} characters; at most {MAX_CHARS:,} can be checked at once")
    t = _as_of(as_of)
    parser = make_parser(t.date())
    data = Series(series, t, quartiles=quartiles)
    records = tuple(_record(spec, compute(spec, data), link, text, cite)
                    for spec in interpret(_squeezed(text), t, parser))
    if not records:
        message = ("Nothing checkable found: no sentence states a figure, record or peak about a series "
                   "the product has (Russell 2000, S&P 500, Nasdaq Composite, 10-year and 2-year yields and "
                   "the yield curve, high-yield and investment-grade spreads, the Fed's rate moves).")
    else:
        counts = {v: sum(r.verdict == v for r in records) for v in VERDICTS}
        message = (f"{len(records)} claim{'s' if len(records) != 1 else ''} found as of {t:%Y-%m-%d}: "
                   f"{counts['consistent']} consistent, {counts['differs']} {'differs' if counts['differs'] == 1 else 'differ'}, "
                   f"{counts['not_checkable']} not checkable.")
    return ClaimCheck(as_of=f"{t:%Y-%m-%d}", claims=records, message=message)


def to_json(check: ClaimCheck) -> dict:
    """JSON-ready dict: ``as_of``, ``claims`` (records as dicts), ``message``."""
    return check.to_dict()

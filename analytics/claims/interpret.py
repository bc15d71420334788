"""From text to claims: sentences, clauses, and what each clause states (pure; no data).

A clause is checkable when it names a series the product knows (or refers back to one with
"it", "its", "the index") and states a figure, a record ("its highest since 2008"), a status
("a bear market") or a peak. :func:`interpret` returns one :class:`Spec` per such clause, in
text order, with the character offsets of the clause in the input. Clauses about markets the
product has no data for (the Dow, oil) or figures it cannot compute (forward P/E) become specs
with ``unsupported`` set, so they are reported as ``not_checkable`` with the reason.

Clause splitting: a sentence is split at ``;``, ", while", ", but", ", and", "whereas" only
when the part after it names a series, or opens with a verb and states a figure (it goes on
about the same series: "... but remains 2% below its record"), and the part before states
something (a figure or a verb), so "The Russell 2000 fell 8% this year, while the S&P 500 is up 2%" is two claims and
"Relative to large caps, small caps peaked in 2006" one. A clause without a period of its own
takes the period of the previous clause of the same sentence ("..., while the S&P 500 is up
2%").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import pandas as pd
from dateparser.date import DateDataParser

from analytics.claims import lexicon as lx
from analytics.claims.dates import (
    Period, Since, calendar_period, count_words, find_period, latest_day, parse_date, parse_since, sessions_period,
    week_period,
)

#: Small-cap and large-cap keys of the pair the product compares.
SMALL, LARGE = "RUT", "GSPC"
INDEXES = ("RUT", "GSPC", "IXIC")
RATES = ("DGS10", "DGS2", "T10Y2Y")
SPREADS = ("BAMLH0A0HYM2", "BAMLC0A0CM")

_ABBREVIATIONS = re.compile(
    r"(?:\b(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|mr|mrs|ms|dr|st|vs|no|inc|corp|co|ltd|"
    r"jr|sr|approx|est|fig|e\.g|i\.e|u\.s|u\.k|a\.m|p\.m)|\b[A-Z])\.$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*(?:\s+|$)|\n\s*\n|\n(?=\s*[-*•\d])")
_PARAGRAPH = re.compile(r"\n\s*\n")
#: "on the day", "that day": the day the text is about (an earlier sentence's day, else the latest session).
_DAY_CONTEXT = re.compile(r"\b(?:on the day|that day|on the session|for the session|for the day)\b", re.IGNORECASE)
#: "in a single day", "in one week": the latest session, the week to date.
_IN_ONE = re.compile(r"\bin (?:a|one|a single)\s+(?:(?P<day>(?:trading\s+)?(?:day|session))|(?P<week>week))\b",
                     re.IGNORECASE)
#: The kind of move a record names ("its worst week", "the biggest one-day jump", "weekly drop").
_RECORD_DAY = re.compile(r"(?:trading\s+|single[- ]|one[- ])?(?:day|session)\b|(?:daily|intraday)\b", re.IGNORECASE)
_RECORD_SESSIONS = re.compile(r"(?P<n>\d+|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty)"
                              r"[- ](?:day|session|trading[- ]day)\b", re.IGNORECASE)
_RECORD_CALENDAR = re.compile(r"(month|quarter|year)\b", re.IGNORECASE)
_RECORD_WEEK = re.compile(r"(?:one[- ]|single[- ])?week(?:ly)?\b", re.IGNORECASE)
#: Words of a record that name a fall ("its biggest weekly drop").
_RECORD_FALL = re.compile(r"\b(?:drop|decline|loss|fall|sell-?off|slide|plunge|tumble|slump|retreat|tightening|"
                          r"narrowing)", re.IGNORECASE)
#: A clause that opens with its verb goes on about the subject before it ("but remains 2% below").
_VERB_START = re.compile(r"\s*(?:then\s+)?(?:still\s+|now\s+|has\s+|have\s+|had\s+)?(?:leaving|putting|bringing|taking|pushing|"
                         r"sending|remains?|remained|rose|fell|gained|lost|"
                         r"closed|ended|finished|sits|sat|stands|stood|stays|stayed|jumped|dropped|slid|climbed|"
                         r"added|shed|rallied|tumbled|trades|traded|is|was|are|were)\b", re.IGNORECASE)
#: A clause that opens with its figure, its verb left out ("rose 3.6% on Thursday and another 1.1%
#: on Friday", "fell 2% on Friday and 5% for the week"): the previous clause's verb is meant.
_ELIDED = re.compile(r"\s*(?:then\s+)?(?:(?:another|a further|an additional)\s+)?(?:(?:about|nearly|almost|roughly)\s+)?"
                     r"\d[\d,]*(?:\.\d+)?\s*(?:%|percent\b|per cent\b)", re.IGNORECASE)
_SPLIT = re.compile(r"\s*;\s*|,?\s+(?:while|whereas|but|and|as|even as|although|though)\s+|,\s+")


@dataclass(frozen=True)
class Clause:
    """A clause of the input: its text and its character offsets (``text == input[start:end]``)."""

    text: str
    start: int
    end: int
    sentence: int
    paragraph: int = 0


@dataclass
class Spec:
    """What a clause claims, before any data is read.

    Attributes:
        clause: The clause.
        measure: One of the measures of the record (``return``, ``drawdown``, ...).
        series: Loader key, pair ``RUT-GSPC``, correlation ``RUT~DGS10``, or None.
        period: The period, for returns and changes.
        stated: The figure as written in the record's unit (returns as decimals, levels in
            percent, changes in pp), or None.
        qualifier: ``about``, ``nearly``, ``more than``, ``at least``, ``less than`` or None.
        since: The record's "since" as written, or None.
        direction: ``"high"`` or ``"low"`` for records and peaks.
        status: ``"correction"``, ``"bear market"`` or (a rise from a low) ``"bull market"``
            when the clause states one.
        peak: For a drawdown: the stated peak's month or year ("its January peak"); for a rise
            from a low the stated low's day, month or year ("its April 8 low").
        trough: A rise from a low ("24% above its April low"), measured as a drawdown's mirror.
        rank: The rank a record states ("its second-best day on record": 2), else None (1); 0 for
            "the first since" a date (a Fed move, an inversion, a level crossed).
        negated: A record denied ("has not closed at a record in three years").
        streak: ``(n, unit, exact)`` of "for a fifth straight session" (exact: an ordinal, the
            streak is that long; a count, "for two straight years", at least that long); unit
            ``session``, ``week``, ``month``, ``quarter`` or ``year``.
        event: For ``event_outcome`` and "since the Fed's first hike": ``(event type, month)``.
        horizon: Months after the event (``event_outcome``).
        share: Stated share of events, e.g. ``"most"`` (``event_outcome``).
        unsigned: The figure has no stated direction (compare magnitudes).
        unsupported: Why the clause cannot be checked (no data, needs other data), or None.
        tally: ``(k, m, unit)`` of "in seven of the past ten years": ``k`` of the latest ``m``
            periods (``year``, ``quarter``, ``month``, ``week``, ``session``) went the stated way.
        window: Sessions of a moving average (``moving_average``: "its 200-day moving average").
        annualized: The figure is a yearly rate ("7% a year over the past decade"): the period's
            return compounded to one year.
        notes: Assumptions made in reading it (one short phrase each).
    """

    clause: Clause
    measure: str
    series: str | None = None
    period: Period | None = None
    stated: float | None = None
    qualifier: str | None = None
    since: Since | None = None
    direction: str | None = None
    status: str | None = None
    peak: Since | None = None
    event: tuple[str, Since | None] | None = None
    horizon: int | None = None
    share: str | None = None
    trough: bool = False
    rank: int | None = None
    negated: bool = False
    streak: tuple[int, str, bool] | None = None
    unsigned: bool = False
    unsupported: str | None = None
    notes: list[str] = field(default_factory=list)
    figure: "Figure | None" = None
    annualized: bool = False
    tally: tuple[int, int, str] | None = None
    window: int | None = None


# ----------------------------------------------------------------------------- splitting


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences (abbreviations such as "Nov." and "U.S." do not end one)."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        stop = m.start() + len(m.group(0).rstrip())
        if m.group(0).strip().startswith(".") and _ABBREVIATIONS.search(text[max(0, m.start() - 6):m.start() + 1]):
            nxt = text[m.end():m.end() + 1]
            if not nxt or not nxt.isupper() or re.search(r"\b(?:u\.s|u\.k)\.$", text[max(0, m.start() - 4):m.start() + 1], re.I):
                continue
            if re.search(r"\b(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.$", text[max(0, m.start() - 5):m.start() + 1], re.I) \
                    and re.match(r"\d", text[m.end():m.end() + 1] or "x"):
                continue
        if text[start:stop].strip():
            spans.append((start, stop))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def _mentions(text: str) -> list[tuple[int, int, str]]:
    """Known series named in ``text``: ``(start, end, key)`` in text order, overlaps removed. A
    name inside a market the product has no data for ("the Russell 2000 Value index") and a
    description right after one ("the S&P 600 small-cap index") are not mentions."""
    unknown = [(m.start(), m.end()) for pattern, _ in lx.UNKNOWN_SERIES for m in pattern.finditer(text)]
    found = []
    for key, pattern in lx.SERIES_PATTERNS:
        for m in pattern.finditer(text):
            if any(a < m.end() and m.start() < b or (0 <= m.start() - b <= 2 and not text[b:m.start()].strip(" -")
                                                      and re.match(r"(?:small|large|big)", m.group(0), re.I))
                   for a, b in unknown):
                continue
            found.append((m.start(), m.end(), key))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    out, last_end = [], -1
    for start, end, key in found:
        if start >= last_end:
            out.append((start, end, key))
            last_end = end
    return out


def _unknown(text: str) -> str | None:
    for pattern, name in lx.UNKNOWN_SERIES:
        if pattern.search(text):
            return name
    return None


def _states_something(text: str) -> bool:
    return bool(lx.NUMBER_RE.search(text) or lx.RECORD_RE.search(text) or lx.RISE_RE.search(text) or lx.FALL_RE.search(text)
                or lx.BEAT_RE.search(text) or lx.LAG_RE.search(text) or lx.PEAK_VERB_RE.search(text))


def split_clauses(text: str) -> list[Clause]:
    """The clauses of ``text`` with their offsets (see the module docstring)."""
    clauses: list[Clause] = []
    for n, (s0, s1) in enumerate(split_sentences(text)):
        sentence = text[s0:s1]
        paragraph = len(_PARAGRAPH.findall(text, 0, s0))
        cuts = [0]
        for m in _SPLIT.finditer(sentence):
            left = sentence[cuts[-1]:m.start()]
            nxt = _SPLIT.search(sentence, m.end())
            right = sentence[m.end():nxt.start() if nxt else len(sentence)]
            # the right side names a series, or goes on about the same one with a verb and a figure
            # ("... so far this year but remains 2% below its record")
            goes_on = (_VERB_START.match(right) is not None and (lx.NUMBER_RE.search(right) or lx.RECORD_RE.search(right))
                       or (_ELIDED.match(right) is not None and lx.NUMBER_RE.search(left) is not None
                           and (lx.RISE_RE.search(left) or lx.FALL_RE.search(left))))
            if ((_mentions(right) or _unknown(right) or goes_on)
                    and (_mentions(left) or _unknown(left) or lx.ANAPHORA.search(left) or _VERB_START.match(left))
                    and _states_something(left) and _states_something(sentence[m.end():])):
                cuts.append(m.start())
                cuts.append(m.end())
        cuts.append(len(sentence))
        pieces = [(cuts[0], cuts[1])] + [(cuts[i], cuts[i + 1]) for i in range(2, len(cuts) - 1, 2)]
        for a, b in pieces:
            chunk = sentence[a:b]
            lead = len(chunk) - len(chunk.lstrip())
            trail = len(chunk.rstrip(" .!?;,\n\t"))
            if trail > lead:
                clauses.append(Clause(chunk[lead:trail], s0 + a + lead, s0 + a + trail, n, paragraph))
    return clauses


# ----------------------------------------------------------------------------- figures


@dataclass(frozen=True)
class Figure:
    value: float
    unit: str  # "%", "pp", "bp", "points"
    signed: bool
    start: int
    end: int
    qualifier: str | None
    decimals: int


def _figures(text: str) -> list[Figure]:
    out = []
    for m in lx.NUMBER_RE.finditer(text):
        raw = m.group(1).replace(",", "").replace("−", "-")
        try:
            value = float(raw)
        except ValueError:
            continue
        word = m.group(2).lower()
        if word.startswith(("%", "percent", "per cent", "pct")) and "point" not in word:
            unit = "%"
        elif word.startswith(("basis", "bp")):
            unit = "bp"
        elif word.startswith(("percentage", "pp")):
            unit = "pp"
        else:
            unit = "points"
        before = text[max(0, m.start() - 40):m.start()]
        qualifier = None
        if lx.NEARLY_RE.search(before):
            qualifier = "nearly"
        else:
            for name, pattern in lx.QUALIFIERS:
                if pattern.search(before):
                    qualifier = name
                    break
        decimals = len(raw.split(".", 1)[1]) if "." in raw else 0
        out.append(Figure(value, unit, raw[:1] in "+-", m.start(), m.end(), qualifier, decimals))
    for m in _FRACTION.finditer(text):  # "lost a quarter of its value": about 25%
        if not any(f.start <= m.start() < f.end for f in out):
            more = re.search(r"\b(?:more than|over)\s+$", text[max(0, m.start() - 12):m.start()], re.IGNORECASE)
            value = _FRACTIONS[m.group("frac").lower()]
            out.append(Figure(value, "%", False, m.start(), m.end(), "more than" if more else "about",
                              0 if value.is_integer() else 1))
    return sorted(out, key=lambda f: f.start)


#: A share of an index's value in words: "lost a quarter of its value", "halved" is not read.
_FRACTION = re.compile(r"\b(?P<frac>a tenth|a fifth|a quarter|a third|half|two-thirds|three-quarters)\s+"
                       r"(?:of\s+)?(?:its|their|the index's)\s+value\b", re.IGNORECASE)
_FRACTIONS = {"a tenth": 10.0, "a fifth": 20.0, "a quarter": 25.0, "a third": 33.3, "half": 50.0,
              "two-thirds": 66.7, "three-quarters": 75.0}


def _blank(text: str, match: re.Match | None) -> str:
    """``text`` with ``match`` replaced by spaces (offsets kept): read the rest without it."""
    if match is None:
        return text
    return text[:match.start()] + " " * (match.end() - match.start()) + text[match.end():]


def _sign(text: str, upto: int) -> int | None:
    """+1 / -1 from the last rise or fall word before position ``upto``; None when there is none."""
    head = text[:upto]
    rise = [m.end() for m in lx.RISE_RE.finditer(head)]
    fall = [m.end() for m in lx.FALL_RE.finditer(head)]
    if not rise and not fall:
        tail = text[upto:upto + 25]
        if re.match(r"\s*(?:gain|rise|rally|increase|advance|jump|higher|up)\b", tail, re.I):
            return 1
        if re.match(r"\s*(?:loss|decline|drop|fall|slide|lower|down|slump)\b", tail, re.I):
            return -1
        return None
    return 1 if (max(rise) if rise else -1) > (max(fall) if fall else -1) else -1


# ----------------------------------------------------------------------------- interpretation


class _Reader:
    """Interprets the clauses of one text in order (the previous subject and period carry over)."""

    def __init__(self, as_of: pd.Timestamp, parser: DateDataParser):
        self.as_of = as_of
        self.parser = parser
        self.subject: str | None = None
        self.period: tuple[int, int, Period] | None = None  # (sentence, paragraph, period) last stated
        self.own: Period | None = None  # the period the clause being read states itself
        self.note: str | None = None  # how the clause's period was read, when not stated in it
        self.verb: tuple[int, str] | None = None  # the previous clause's sentence and last rise or fall word
        self.annual: int | None = None  # the sentence of the last clause stating a yearly rate
        self.extra: list[Spec] = []  # a second claim of the same clause ("a record high, up 0.4%")

    def read(self, clause: Clause) -> Spec | None:
        verb = self.verb[1] if self.verb is not None and self.verb[0] == clause.sentence else None
        if verb and self.subject and _ELIDED.match(clause.text) and not _mentions(clause.text):
            # "... and another 1.1% on Friday": the verb of the clause before, in the same sentence
            clause = replace(clause, text=f"{verb} {clause.text}")  # (its offsets are the text's)
        text = clause.text
        verbs = list(lx.RISE_RE.finditer(text)) + list(lx.FALL_RE.finditer(text))
        self.verb = (clause.sentence, max(verbs, key=lambda m: m.start()).group(0)) if verbs else None
        mentions = _mentions(text)
        keys = [k for _, _, k in mentions]
        subject = keys[0] if keys else None
        notes: list[str] = []
        if subject is None and (lx.ANAPHORA.search(text) or _VERB_START.match(text)) and self.subject:
            subject = self.subject  # "it fell 2%", "... but remains 2% below its record"
        if subject is None and lx.BARE_INDEX.search(text):
            subject = self.subject or SMALL
            if self.subject is None:
                notes.append('"the index" read as the Russell 2000')
        record = lx.RECORD_RE.search(text)
        # the period is read without the record phrase ("its highest since 2008" is no period)
        plain = _blank(text, record)
        figures = _figures(plain)
        # nor is "since the Fed's first hike in March" ("in March" would be read as a month)
        event = _SINCE_FED_VERB.search(plain) or _SINCE_FED.search(plain)
        dated = _blank(plain, event)
        self.own, self.note = find_period(dated, self.as_of, self.parser), None
        spec = self._read(clause, text, plain, mentions, keys, subject, figures, record)
        if self.own is not None:
            self.period = (clause.sentence, clause.paragraph, self.own)
        elif spec is not None and spec.period is not None and (self.note or "").startswith("read as the latest"):
            # "their best day ... since 2020, with the Russell 2000 up 3.6%": that day for the rest
            self.period = (clause.sentence, clause.paragraph, spec.period)
        if spec is not None:
            if self.note and spec.period is not None:
                notes.append(self.note)
            spec.notes = notes + spec.notes
            if spec.series and "-" not in spec.series and "~" not in spec.series:
                self.subject = spec.series
        elif subject:
            self.subject = subject
        return spec

    def _period(self, clause: Clause, plain: str) -> Period | None:
        """The clause's own period; else the sentence's; else, for "on the day", the day in context
        (or the latest session); else the last period of the paragraph (said in the reason)."""
        if self.own is not None:
            return self.own
        one = _IN_ONE.search(plain)
        if one is not None:
            return self._latest("day" if one.group("day") else "week")
        context = self.period
        if context is not None and context[0] == clause.sentence:
            return context[2]
        if _DAY_CONTEXT.search(plain):
            if context is not None and context[2].kind == "day" and context[1] == clause.paragraph:
                return context[2]
            self.note = "read as the latest trading day"
            return latest_day(self.as_of)
        if context is not None and context[1] == clause.paragraph:
            self.note = f"the period of an earlier sentence: {context[2].words}"
            return context[2]
        return None

    def _stated_day(self, plain: str, named: Since | None) -> Period | None:
        """The day a drawdown or a rise is measured on ("on Monday"), unless the clause names none
        or the day falls in the stated peak or low ("its October 12 low" is no such day)."""
        day = find_period(plain, self.as_of, self.parser)
        if day is None or day.kind != "day" or day.day is None or (
                named is not None and named.start <= day.day <= named.end):
            return None
        return day

    def _record_period(self, clause: Clause, plain: str, record) -> Period | None:
        """:meth:`_period`, unless the record names the kind of move ("its worst week", "the
        biggest one-day jump") and neither the clause nor the context gives a period of that
        kind: then the latest such (the week to date, the latest session; said in the reason)."""
        period = self._period(clause, plain)
        thing = (record.group("thing") or "") if record is not None else ""
        runs = _RECORD_SESSIONS.match(thing)
        n = count_words(runs.group("n")) if runs else 1
        calendar = _RECORD_CALENDAR.match(thing)
        kind = ("sessions" if n > 1 else "day" if _RECORD_DAY.match(thing) or runs
                else "week" if _RECORD_WEEK.match(thing) else calendar.group(1).lower() if calendar else None)
        if kind in ("month", "quarter", "year") and (period is None or period.kind != kind) and self.own is None:
            # "is on pace for its best month since November 2020": the running month (to date); in
            # a month's first week the one just ended ("had its best month since ...")
            p = self.as_of.to_period(kind[0].upper())
            if (self.as_of - p.start_time).days < 7:
                p -= 1
            words = f"{p.end_time:%B %Y}" if kind == "month" else f"{p.year} Q{p.quarter}" if kind == "quarter" else f"{p.year}"
            self.note = f"read as {words}{' (to date)' if p.end_time.normalize() > self.as_of else ''}"
            return calendar_period(p, self.as_of, words)
        if kind is None or self.own is not None or (period is not None and period.kind == kind):
            return period
        if kind == "sessions":  # "its best five-day run since 2020": the latest five sessions
            self.note = f"read as the latest {n} sessions"
            return sessions_period(n, self.as_of)
        return self._latest(kind)

    def _latest(self, kind: str) -> Period:
        """The latest session, or the latest complete week (to the last Friday on or before the
        as-of date: "its worst week" written on a Monday is the week before), noted in the reason."""
        if kind == "day":
            self.note = "read as the latest trading day"
            return latest_day(self.as_of)
        period = week_period(self.as_of, last=self.as_of.weekday() < 4)
        self.note = f"read as the latest complete week, to {period.end:%Y-%m-%d}"
        return period

    def _event(self, since_event: tuple[str, str | None]) -> tuple[str, Since | None]:
        """The Fed event of "since the Fed's first hike in March" and the month it names."""
        event, month_words = since_event
        month = None
        if month_words:
            parsed = parse_date(self.parser, month_words)
            if parsed is not None:
                month = Since("month", parsed[0].replace(day=1), parsed[0] + pd.offsets.MonthEnd(0),
                              None, month_words)
        return event, month

    def _since(self, record) -> Since | None:
        if record is None:
            return None
        ever = bool(record.group("ever")) and record.group("ever").lower() not in ("high", "low") \
            or (record.group("word").lower() in ("record", "all-time", "all time") and bool(record.group("ever")))
        return parse_since(record.group("since"), ever, self.as_of, self.parser)

    def _read(self, clause, text, plain, mentions, keys, subject, figures, record) -> Spec | None:
        unknown = _unknown(text)
        index_level = next((m for m in lx.INDEX_LEVEL_RE.finditer(plain)
                            if not re.fullmatch(r"(?:19|20)\d\d", m.group("value"))), None) if subject in INDEXES else None
        checkable_words = bool(figures or record or index_level or lx.REGIME_RE.search(text)
                               or lx.FED_MOVE_RE.search(text) or lx.SPAN_HIGH_RE.search(text) or lx.BEAR_RE.search(text) or lx.CORRECTION_RE.search(text)
                               or lx.BULL_RE.search(text) or ("T10Y2Y" in keys and lx.INVERTED_RE.search(text))
                               or (_since_any_event(plain) and (lx.RISE_RE.search(plain) or lx.FALL_RE.search(plain)
                                                                or lx.BEAT_RE.search(plain) or lx.LAG_RE.search(plain)))
                               or lx.STREAK_RE.search(plain) or lx.TALLY_RE.search(plain)
                               or lx.MOVING_AVERAGE_RE.search(plain) or (_MULTIPLE.search(plain) and lx.RALLY_RE.search(plain))
                               or lx.PEAK_VERB_RE.search(text) or (lx.FED_EVENT_RE.search(text) and (
                                   lx.HORIZON_RE.search(text) or lx.SHARE_RE.search(text))))
        if subject and lx.MULTIPLE_RE.search(text):  # "trades at 25 times forward earnings"
            return Spec(clause, "level", series=subject, unsupported="valuation multiples need company earnings "
                        "(and, for forward ones, analysts' estimates), which the product does not have")
        for pattern, why in lx.NEEDS_OTHER_DATA:
            if pattern.search(text) and (subject or figures) and (re.search(r"\d", pattern.sub("", text)) or record):
                return Spec(clause, "level", series=subject, unsupported=why)
        if not checkable_words:
            return None
        move = lx.FED_MOVE_RE.search(text)
        if move and not keys:
            spec = self._fed_move(clause, plain, figures, move, record)
            if spec is not None:
                return spec
        regime = lx.REGIME_RE.search(text)
        if regime and not keys:
            stance = regime.group("stance").lower()
            status = ("hiking" if stance in ("hiking", "raising rates", "tightening") else
                      "cutting" if stance in ("cutting", "lowering rates", "easing") else "hold")
            return Spec(clause, "regime", series="fed_target", status=status)
        if subject is None:
            if unknown:
                return Spec(clause, "level", unsupported=f"no data for {unknown}")
            return None
        if unknown and keys == [] and subject == self.subject:
            return Spec(clause, "level", unsupported=f"no data for {unknown}")

        # correlation of small caps with a rate
        if lx.CORRELATION_RE.search(text):
            rate = next((k for k in keys if k in RATES + SPREADS), "DGS10")
            small = next((k for k in keys if k in INDEXES), SMALL)
            stated = next((f.value for f in figures if f.unit == "points"), None)
            direction = None
            if record is not None:
                word = record.group("word").lower()
                direction = "low" if ("negative" in word or word in ("lowest", "weakest", "least")) else "high"
            return Spec(clause, "correlation_record", series=f"{small}~{rate}", since=self._since(record),
                        direction=direction, stated=stated)

        # the event study: "small caps beat large caps in the year after the Fed's last hike in most cycles"
        fed = lx.FED_EVENT_RE.search(text)
        horizon = lx.HORIZON_RE.search(text)
        share = lx.SHARE_RE.search(text)
        if fed and (horizon or share) and (lx.BEAT_RE.search(text) or lx.LAG_RE.search(text)):
            event = _event_type(fed)
            months = 12
            if horizon:
                words = horizon.group("n").lower()
                months = 12 if words.startswith("year") else _count(re.match(r"\w+", words).group(0))
            sign = 1 if lx.BEAT_RE.search(text) and not lx.LAG_RE.search(text) else -1
            return Spec(clause, "event_outcome", series=f"{SMALL}-{LARGE}", event=(event, None),
                        horizon=months, share=(share.group("share").lower() if share else "most"),
                        direction="high" if sign > 0 else "low")

        # the ratio's level record: "the Russell 2000's ratio to the S&P 500 fell to its lowest since 2001"
        ratio = self._ratio_record(clause, text, keys, subject, record)
        if ratio is not None:
            return ratio

        # the ratio's peak: "relative to large caps, small caps peaked in 2006"
        peak = lx.PEAK_VERB_RE.search(text)
        if peak and (lx.RELATIVE_RE.search(text) or (SMALL in keys and LARGE in keys)):
            when = re.search(r"\b(?:in|since)\s+((?:[A-Z][a-z]{2,8}\.?\s+)?(?:19|20)\d\d)\b", text)
            since = parse_since(when.group(1), False, self.as_of, self.parser) if when else None
            low = peak.group(0).lower().startswith(("bottom", "trough"))
            return Spec(clause, "relative_peak", series=f"{SMALL}-{LARGE}", since=since,
                        direction="low" if low else "high")

        small_side = [k for k in keys if k in (SMALL,)]
        large_side = [k for k in keys if k in (LARGE, "IXIC")]
        beat, lag = lx.BEAT_RE.search(text), lx.LAG_RE.search(text)
        implied = False  # large caps read as the comparison the clause does not name
        verb = beat or lag
        if (not small_side and large_side and verb is not None and self.subject == SMALL
                and verb.start() < next(start for start, _, key in mentions if key == large_side[0])):
            # "..., outperforming the S&P 500 by the most since 2000": the small caps of before
            small_side, keys = [SMALL], [SMALL, *keys]
        if verb is not None and not large_side and (_since_any_event(plain) or lx.TALLY_RE.search(plain)) and (
                (keys == [SMALL] and mentions[0][0] < verb.start()) or (not keys and subject == SMALL)):
            # "small caps have lagged since the Fed started cutting", "it has outperformed since the
            # election": against large caps
            small_side, large_side, keys = [SMALL], [LARGE], [SMALL, LARGE]
            implied = True
        tally = lx.TALLY_RE.search(plain)
        if tally is not None and (subject in INDEXES or (small_side and large_side and verb is not None)):
            spec = self._tally(clause, plain, figures, tally, subject, small_side, large_side, beat, lag, keys)
            if spec is not None:
                if implied:
                    spec.notes.append("read against the S&P 500: no comparison named")
                return spec
        streak = lx.STREAK_RE.search(plain)
        if streak is not None and (subject in INDEXES or (small_side and large_side and verb is not None)):
            spec = self._streak(clause, plain, figures, streak, subject, small_side, large_side, beat, lag, keys)
            if spec is not None:
                return spec
        relative = record is not None and lx.RELATIVE_RE.search(record.group(0) or "")
        if small_side and large_side and relative and not (beat or lag):
            # "small caps had their best day relative to large caps since 2020": the gap's record
            period = self._record_period(clause, plain, record)
            since = self._since(record)
            worst = record.group("word").lower() in ("worst", "weakest", "lowest")
            fig = next((f for f in figures if f.unit in ("pp", "points")), None)  # "beat them by 4.5 points"
            return Spec(clause, "return_gap", series=f"{SMALL}-{large_side[0]}", period=period, since=since,
                        direction="low" if worst else "high", figure=fig, qualifier=fig.qualifier if fig else None,
                        stated=None if fig is None else (-1 if worst else 1) * abs(fig.value) / 100)
        if small_side and large_side and (beat or lag):
            period = self._record_period(clause, plain, record)  # "... their best day relative to ..."
            fig = next((f for f in figures if f.unit in ("pp", "points", "%")), None)
            own = fig is not None and _POSSESSIVE_LARGE.search(plain[:fig.start])
            if own:  # "outpacing the S&P 500's 1.9% gain": that figure is the S&P 500's own return
                after = plain[fig.end:fig.end + 20]
                sign = -1 if re.match(r"\s*(?:loss|decline|drop|fall|slide)", after, re.I) else 1
                return Spec(clause, "return", series=large_side[0], period=period, stated=sign * abs(fig.value) / 100,
                            qualifier=fig.qualifier, figure=fig)
            sign = -1 if (lag and (not beat or lag.start() < beat.start())) else 1
            first_small = keys.index(small_side[0]) < keys.index(large_side[0])
            if not first_small:
                sign = -sign  # "large caps beat small caps"
            stated = None if fig is None else sign * abs(fig.value) / 100
            # "by 12 percentage points" is the return gap; "by 5%" the relative return (the
            # ratio's change); a record clause compares gaps, as the facts do
            measure = "return_gap" if (fig is not None and fig.unit != "%") or record is not None \
                else "relative_return"
            since, direction = None, None
            if record is not None:
                since = self._since(record)
                direction = "high" if sign > 0 else "low"
            spec = Spec(clause, measure, series=f"{SMALL}-{large_side[0]}", period=period, stated=stated,
                        qualifier=fig.qualifier if fig else None, since=since, direction=direction, figure=fig)
            event = _since_any_event(plain) if record is None else None
            if event is not None:  # "small caps have lagged (by 4 points) since the Fed's first cut"
                spec.period, spec.event = None, self._event(event)
                if fig is None:  # the direction alone: the ratio rose or fell
                    spec.direction = "high" if sign > 0 else "low"
            if implied:
                spec.notes.append("read against the S&P 500: no comparison named")
            return spec

        # a moving average: "closed below its 200-day moving average for the first time since March"
        average = lx.MOVING_AVERAGE_RE.search(text)
        if average is not None and subject in INDEXES:
            spec = self._moving_average(clause, plain, subject, figures, average)
            if spec is None:
                return None
            moved = [f for f in figures if f.unit == "%" and f is not spec.figure]
            if not moved:
                return spec
            # "fell 2% on Friday, closing below its 200-day moving average": the move too
            self.extra.append(spec)
            text = plain = _blank(_blank(plain, average), lx.FIRST_TIME_RE.search(plain))
            self.own = find_period(plain, self.as_of, self.parser)  # ("since October" was the average's)
            figures = moved

        # a record denied: "has not closed at a record high in three years"
        denied = lx.NO_RECORD_RE.search(text)
        if denied is not None and subject in INDEXES:
            since = parse_since(denied.group("since"), False, self.as_of, self.parser)
            if since is not None:
                return Spec(clause, "level_record", series=subject, since=since, direction="high", negated=True)

        # a rise from a low: "up 24% from its April low", "20% above its low, a bull market"
        rally = lx.RALLY_RE.search(text)
        bull = lx.BULL_RE.search(text)
        if subject in INDEXES and (rally or (bull and not lx.BEAR_RE.search(text))):
            # the figure nearest before the phrase ("fell 3%, but remains 20% above its low": 20%)
            fig = next((f for f in reversed(figures) if f.unit == "%" and (rally is None or f.end <= rally.start() + 2)),
                       None)
            when = rally.group("when").strip() if rally is not None else ""
            when = re.sub(r"^(?:recent|closing|previous|prior)\s+", "", when, flags=re.I)
            low_since = parse_since(when, False, self.as_of, self.parser) if when else None
            multiple = _MULTIPLE.search(plain) if fig is None else None
            if multiple is not None:  # "has (more than) doubled from its March 2020 low": at least 100%
                more = re.search(r"\b(?:more than|over)\s*$", plain[:multiple.start()], re.I)
                fig = Figure(100.0 if multiple.group("word").lower() == "doubled" else 200.0, "%", False,
                             multiple.start(), multiple.end(), "more than" if more else "at least", 0)
            if fig is None and bull is None:
                return None
            day = self._stated_day(plain, low_since)
            return Spec(clause, "drawdown", series=subject, stated=None if fig is None else abs(fig.value) / 100,
                        qualifier=fig.qualifier if fig else None, status="bull market" if bull else None,
                        peak=low_since, period=day, figure=fig, trough=True)

        # drawdowns: "21% below its January peak", "a bear market"
        within = lx.WITHIN_RE.search(text)
        dd = within or lx.DRAWDOWN_RE.search(text)
        bear, corr = lx.BEAR_RE.search(text), lx.CORRECTION_RE.search(text)
        if subject in INDEXES and (dd or bear or corr):
            # the figure nearest before the phrase ("up 15% this year but 2% below its record": 2%)
            fig = next((f for f in reversed(figures) if f.unit == "%" and (dd is None or f.end <= dd.start() + 2)), None)
            if fig is None and dd is not None:
                fig = next((f for f in figures if f.unit == "%"), None)
            peak_since = None
            when = dd.group("when").strip() if dd is not None else ""
            if dd is not None and not when:  # "below its all-time high from November 2021"
                after = _PEAK_WHEN.match(text[dd.end():])
                when = after.group(1) if after else ""
            if when:
                peak_since = parse_since(when, False, self.as_of, self.parser)
            status = "bear market" if bear else ("correction" if corr else None)
            if fig is None and status is None:
                return None
            # "on Monday", "on October 12": the drawdown on that day (not the peak's own date)
            day = self._stated_day(plain, peak_since)
            verb = lx.PEAK_VERB_RE.search(text)
            bottomed = verb is not None and verb.group(0).lower().startswith(("bottom", "trough"))
            return Spec(clause, "drawdown", series=subject, stated=None if fig is None else -abs(fig.value) / 100,
                        qualifier="less than" if within and fig else fig.qualifier if fig else None,
                        status=status, peak=peak_since,
                        period=day, direction="low" if bottomed else None, figure=fig)

        span = lx.SPAN_HIGH_RE.search(plain)
        if span is not None and subject in INDEXES + RATES + SPREADS and record is None:
            words = f"{span.group('n')} {span.group('unit')}s"
            since = parse_since(words, False, self.as_of, self.parser)
            if since is not None:
                since = Since("span", since.start, since.start, "more than", f"a {span.group(0)}")
            level = (next((f for f in figures if f.unit == "%"), None) if subject not in INDEXES
                     else _index_figure(index_level, plain) if index_level is not None else None)
            day = find_period(plain, self.as_of, self.parser)
            low = span.group("hl").lower() in ("low", "trough", "bottom")
            spec = Spec(clause, "level_record", series=subject, since=since, direction="low" if low else "high",
                        period=day if day is not None and day.kind == "day" else None,
                        stated=None if level is None else level.value,
                        qualifier=level.qualifier if level else None, figure=level)
            if subject in INDEXES and any(f.unit == "%" for f in figures):
                self.extra.append(spec)
                move = self._return(clause, text, plain, subject, figures, None)
                if move is not None and move.period is None and move.event is None:
                    move.period = latest_day(self.as_of)  # "rose 1.5% to a three-year high": that session
                    move.notes.append("no period stated: read as the latest trading day")
                return move
            return spec

        if index_level is not None:
            day = find_period(plain, self.as_of, self.parser)
            figure = _index_figure(index_level, plain)
            first = _FIRST_TIME.search(plain)
            first_since = lx.FIRST_TIME_RE.search(plain)
            direction, since, rank = None, None, None
            if record is not None:
                since = self._since(record)
                direction = "low" if record.group("word").lower() in ("lowest", "weakest") else "high"
            elif first_since is not None:  # "closed above 2,400 for the first time since 2021"
                since = parse_since(first_since.group("since"), False, self.as_of, self.parser)
                direction = "low" if re.search(r"\b(?:below|under)\b", plain[:first_since.start()], re.I) else "high"
                rank = 0 if since is not None else None
            elif first is not None:
                since, direction = Since("ever", None, None, None, "on record"), "high"
            level = Spec(clause, "level_record" if since is not None and rank is None else "level", series=subject,
                         stated=figure.value, qualifier=figure.qualifier, figure=figure, since=since,
                         direction=direction, period=day if day is not None and day.kind == "day" else None, rank=rank)
            points = _points_move(plain, figures)
            if not any(f.unit == "%" for f in figures):
                if points is not None:  # "lost 40 points to 2,091.41": the level, then the move
                    self.extra.append(level)
                    return self._on_latest_day(self._point_change(clause, plain, subject, points))
                if lx.SPAN_HIGH_RE.search(plain) is None:
                    return level
            else:  # "rose 2% to 2,434.98": the level, then the move
                self.extra.append(level)
                move = self._return(clause, text, plain, subject, figures, None)
                for spec in [move, *self.extra]:  # the move in points of the same clause too
                    if spec is not None and spec.clause is clause and spec.measure in ("return", "point_change") \
                            and spec.event is None and spec.unsupported is None:
                        self._on_latest_day(spec)
                return move

        gap = lx.YIELD_GAP_RE.search(plain)
        if gap is not None and (subject in RATES or self.subject in RATES):
            spec = self._yield_gap(clause, plain, keys, figures, gap)
            if spec is not None:
                return spec
        if subject == "T10Y2Y" and lx.INVERTED_RE.search(text):
            return self._inversion(clause, plain, figures, record)
        if subject in RATES + SPREADS:
            return self._rate(clause, text, plain, subject, figures, record)

        if subject in INDEXES:
            return self._return(clause, text, plain, subject, figures, record)
        return None

    def _yield_gap(self, clause, plain, keys, figures, gap) -> Spec | None:
        """"The 2-year yield ... 90 basis points above the 10-year": a level of the 10-year minus
        the 2-year (negative when the 2-year is above), or None when it is not two yields."""
        other = "DGS10" if re.match(r"(?:10|ten)\b", gap.group("other"), re.I) else "DGS2"
        base = next((k for k in keys if k in ("DGS10", "DGS2") and k != other), None)
        if base is None and self.subject in ("DGS10", "DGS2") and self.subject != other:
            base = self.subject
        # the figure right before "above" ("rose 5 basis points, above the 10-year" is a move, no gap)
        fig = next((f for f in reversed(figures) if f.unit in ("bp", "pp") and f.end <= gap.start()
                    and not plain[f.end:gap.start()].strip()), None)
        if base is None or fig is None:
            return None
        size = abs(fig.value) / 100 if fig.unit == "bp" else abs(fig.value)
        above = gap.group("dir").lower() in ("above", "over")
        # the 10-year minus the 2-year: positive when the 10-year is the higher
        stated = size if (base == "DGS10") == above else -size
        figure = Figure(stated, "%", True, fig.start, fig.end, fig.qualifier, fig.decimals + (2 if fig.unit == "bp" else 0))
        day = find_period(plain, self.as_of, self.parser)
        return Spec(clause, "level", series="T10Y2Y", stated=stated, qualifier=fig.qualifier, figure=figure,
                    period=day if day is not None and day.kind == "day" else None)

    def _fed_move(self, clause, plain, figures, move, record) -> Spec | None:
        """"The Fed cut rates by half a percentage point on Wednesday", "has raised rates by 525 basis
        points since March 2022": the change of its target (the range's midpoint) over the moves
        announced on that day (else the latest), or since that date or event."""
        # a size in basis or percentage points, or a % right after "by" ("to a range of 5.25%" is a level)
        fig = next((f for f in figures if f.start > move.start() and (f.unit in ("bp", "pp") or f.unit == "%" and re.search(
            r"\bby\s+(?:about\s+|nearly\s+|more than\s+)?$", plain[max(0, f.start - 20):f.start], re.I))), None)
        size = None
        if fig is not None:
            size = abs(fig.value) / (100 if fig.unit == "bp" else 1)
        else:
            words = lx.FED_MOVE_WORDS.search(plain, move.end())
            if words is not None:
                key = words.group("size").lower().replace("-", " ")
                size = next(v for k, v in lx.FED_MOVE_SIZES.items() if k in key.split())
        if size is None:
            return None
        sign = -1 if move.group("verb").lower().startswith(("cut", "lower", "reduc")) else 1
        first = lx.FIRST_SINCE_RE.search(plain)
        if first is not None:  # "its first cut since 2020" is no period: blank it out
            plain = _blank(plain, first)
        since_event = _since_event(plain)
        period = None if since_event is not None else find_period(plain, self.as_of, self.parser)
        if period is not None and period.kind not in ("day", "since"):
            period = Period(f"since:{period.base:%Y-%m-%d}", "since", period.base, period.end, None, period.words)
        figure = fig if fig is not None else Figure(size, "pp", False, move.start(), move.end(), None, 2)
        spec = Spec(clause, "change_record", series="fed_target", period=period, stated=sign * size,
                    qualifier=fig.qualifier if fig is not None else None, figure=figure,
                    direction="high" if sign > 0 else "low", since=self._since(record))
        if first is not None:
            spec.since = parse_since(first.group("since"), False, self.as_of, self.parser)
            spec.rank = 0  # "the first since": no move that way between the stated date and this one
        if since_event is not None:
            spec.event = self._event(since_event)
        return spec

    def _streak(self, clause, plain, figures, streak, subject, small_side, large_side, beat, lag, keys) -> Spec | None:
        """"Fell for a fifth straight session", "has gained more than 20% for two straight years",
        "small caps lagged large caps for a fourth straight year": the latest periods' returns (or
        small minus large), each the stated way (and past the stated figure)."""
        words = (streak.group("n") or "").lower()
        exact = bool(streak.group("suffix")) or words in lx.STREAK_WORDS or streak.group("b2b") is not None
        n = 2 if streak.group("b2b") else lx.STREAK_WORDS.get(words) or count_words(words)
        unit_word = (streak.group("unit") or streak.group("unit2")).lower()
        adj = (streak.group("adj") or streak.group("adj2") or "").lower()
        unit = next((u for u, keys_ in _STREAK_UNITS.items() if adj.startswith(keys_) or unit_word.startswith(keys_)),
                    "session")
        sides = _sides(plain, streak.start(), unit_word, subject, small_side, large_side, beat, lag, keys)
        if sides is None:
            return None
        series, measure, sign = sides
        fig = next((f for f in figures if f.unit in ("%", "pp", "points") and f.end <= streak.start()), None)
        if fig is not None and measure == "return_gap" and _POSSESSIVE_LARGE.search(plain[:fig.start]):
            # "trailing the S&P 500's 23% advance for a second straight year": that figure is the
            # S&P 500's own return (over the sentence's period), not the streak's threshold
            period = self._period(clause, plain)
            if period is not None:
                after = plain[fig.end:fig.end + 20]
                own = -1 if re.match(r"\s*(?:loss|decline|drop|fall|slide)", after, re.I) else 1
                self.extra.append(Spec(clause, "return", series=large_side[0], period=period,
                                       stated=own * abs(fig.value) / 100, qualifier=fig.qualifier, figure=fig))
            fig = None
        stated = None if fig is None else sign * abs(fig.value) / 100
        return Spec(clause, measure, series=series, stated=stated, qualifier=fig.qualifier if fig else None,
                    figure=fig, direction="high" if sign > 0 else "low", streak=(n, unit, exact))

    def _moving_average(self, clause, plain, subject, figures, average) -> Spec | None:
        """"Is below its 200-day moving average", "3% above its 50-day moving average", "closed above
        its 200-day moving average for the first time since March": the close against the mean of
        the last N closes (and how far from it; the first close on that side since a date)."""
        side = lx.MA_SIDE_RE.search(plain[:average.start()])
        if side is None:
            return None
        above = side.group("side").lower().split()[-1] in ("above", "over")
        fig = next((f for f in figures if f.unit == "%" and f.end <= side.start()
                    and not plain[f.end:side.start()].strip()), None)
        first = lx.FIRST_TIME_RE.search(plain)
        since = parse_since(first.group("since"), False, self.as_of, self.parser) if first else None
        day = self._stated_day(_blank(plain, first), None)
        return Spec(clause, "moving_average", series=subject, direction="high" if above else "low",
                    stated=None if fig is None else (1 if above else -1) * abs(fig.value) / 100,
                    qualifier=fig.qualifier if fig else None, figure=fig, since=since,
                    rank=0 if since is not None else None, period=day,
                    window=int(average.group("n") or average.group("n2")))

    def _ratio_record(self, clause, text, keys, subject, record) -> Spec | None:
        """"The Russell 2000's ratio to the S&P 500 is at its lowest since 2001", "small caps relative
        to large caps are at their weakest level since 1999": the ratio's level against every earlier
        one (series ``RUT/GSPC``), not a move over a period ("their best day relative to ...")."""
        if record is None or not lx.RELATIVE_RE.search(text) or record.group("word").lower() not in _RATIO_WORDS:
            return None
        if re.search(r"\b(?:day|session|week|month|quarter|year|start|run|gain|loss|drop|rally)s?\b",
                     record.group("thing") or "", re.IGNORECASE):
            return None
        small = SMALL if SMALL in keys or subject == SMALL else None
        large = next((k for k in keys if k in (LARGE, "IXIC")), None)
        if large is None and re.search(r"\b(?:large|big)[- ]caps?\b", text, re.IGNORECASE):
            large = LARGE
        if small is None or large is None:
            return None
        low = record.group("word").lower() in ("lowest", "weakest") or (record.group("ever") or "").lower() == "low"
        return Spec(clause, "level_record", series=f"{small}/{large}", since=self._since(record),
                    direction="low" if low else "high")

    def _tally(self, clause, plain, figures, tally, subject, small_side, large_side, beat, lag, keys) -> Spec | None:
        """"Small caps have lagged large caps in seven of the past ten years", "the Russell 2000 has
        gained more than 10% in 6 of the last 10 years": how many of the latest periods went the
        stated way (past the stated figure), of that many."""
        k, m = count_words(tally.group("k")), count_words(tally.group("m"))
        unit = {"years": "year", "quarters": "quarter", "months": "month", "weeks": "week"}.get(
            tally.group("unit").lower(), "session")
        sides = _sides(plain, tally.start(), "", subject, small_side, large_side, beat, lag, keys)
        if sides is None or k > m:
            return None
        series, measure, sign = sides
        fig = next((f for f in figures if f.unit in ("%", "pp") and f.end <= tally.start()), None)
        stated = None if fig is None else sign * abs(fig.value) / 100
        return Spec(clause, measure, series=series, stated=stated, qualifier=fig.qualifier if fig else None,
                    figure=fig, direction="high" if sign > 0 else "low", tally=(k, m, unit))

    def _inversion(self, clause, plain, figures, record) -> Spec:
        """"The yield curve is inverted (by 108 basis points), the deepest inversion since 1981": the
        10-year minus the 2-year below zero (by that much; a record low)."""
        fig = next((f for f in figures if f.unit in ("bp", "pp", "%")), None)
        figure = None
        if fig is not None:
            size = abs(fig.value) / (100 if fig.unit == "bp" else 1)
            figure = Figure(-size, "%", True, fig.start, fig.end, fig.qualifier,
                            fig.decimals + (2 if fig.unit == "bp" else 0))
        first = lx.FIRST_TIME_RE.search(plain)
        if first is not None:  # "for the first time since 2019" is no period
            plain = _blank(plain, first)
        day = find_period(plain, self.as_of, self.parser)
        spec = Spec(clause, "level_record" if record is not None else "level", series="T10Y2Y",
                    stated=None if figure is None else figure.value, qualifier=fig.qualifier if fig else None,
                    figure=figure, since=self._since(record), direction="low" if record is not None else None,
                    status="not inverted" if lx.NOT_INVERTED_RE.search(plain) else "inverted",
                    period=day if day is not None and day.kind == "day" else None)
        if first is not None and record is None and spec.status == "inverted":
            spec.since = parse_since(first.group("since"), False, self.as_of, self.parser)
            spec.rank = 0  # the first inversion since then: the one before ended then
        return spec

    def _rate(self, clause, text, plain, key, figures, record) -> Spec | None:
        # a level written in basis points ("spreads at 350 basis points", "widened to 4 pp") is a level
        figures = [Figure(f.value / 100 if f.unit == "bp" else f.value, "%", f.signed, f.start, f.end,
                          f.qualifier, f.decimals + (2 if f.unit == "bp" else 0))
                   if f.unit in ("bp", "pp") and _LEVEL_BEFORE.search(plain[max(0, f.start - 30):f.start]) else f
                   for f in figures]
        change_fig = next((f for f in figures if f.unit in ("bp", "pp")
                           or (f.unit == "%" and re.search(r"\bby\s+(?:about\s+|nearly\s+|more than\s+)?$",
                                                            plain[max(0, f.start - 20):f.start], re.I))), None)
        by_most = record is not None and record.group("word").lower() in (
            "most", "biggest", "largest", "sharpest", "steepest", "least")
        verb_sign = _sign(plain, len(plain))
        since_event = _since_any_event(plain)
        if since_event is not None and (change_fig is not None or _sign(plain, len(plain)) is not None):
            # "the 10-year yield has risen 100 basis points since the Fed started cutting in September",
            # "... about 30 basis points since the election"
            event = self._event(since_event)
            spec = Spec(clause, "change_record", series=key, period=None, stated=None if change_fig is None else (
                (verb_sign or 1) * abs(change_fig.value / 100 if change_fig.unit == "bp" else change_fig.value)),
                qualifier=change_fig.qualifier if change_fig else None, direction="low" if (verb_sign or 1) < 0 else "high",
                unsigned=verb_sign is None, figure=change_fig)
            spec.event = event
            return spec
        if change_fig is not None or by_most:
            period = self._record_period(clause, plain, record)
            if verb_sign is None and record is not None and _RECORD_FALL.search(record.group(0)):
                verb_sign = -1  # "its biggest weekly drop": the record names the direction
            stated = None
            if change_fig is not None:
                size = change_fig.value / 100 if change_fig.unit == "bp" else change_fig.value
                stated = (verb_sign or 1) * abs(size)
            direction = "low" if (verb_sign or 1) < 0 else "high"
            level = next((f for f in figures if f.unit == "%" and f is not change_fig), None)
            # "climbing 16 basis points to 4.44%, its highest since July": the record is the level's
            level_words = record is not None and not by_most and record.group("word").lower() in _LEVEL_RECORD_WORDS
            if level is not None and (self.note or "").startswith("the period of an earlier sentence"):
                # a move stated with the level it ended at: the latest session, not an earlier sentence's period
                period = latest_day(self.as_of)
                self.note = "read as the latest trading day"
            if level is not None:  # "yielding 4.45%, up 5 basis points": the level too
                self.extra.append(Spec(
                    clause, "level_record" if level_words else "level", series=key, stated=level.value,
                    qualifier=level.qualifier, figure=level, since=self._since(record) if level_words else None,
                    direction=_level_direction(record, key, level) if level_words else None,
                    period=period if period is not None and period.kind == "day" else None))
            return Spec(clause, "change_record", series=key, period=period, stated=stated,
                        qualifier=change_fig.qualifier if change_fig else None,
                        since=None if level_words and level is not None else self._since(record),
                        direction=direction, unsigned=verb_sign is None, figure=change_fig)
        level = next((f for f in figures if f.unit == "%"), None)
        if level is None and record is None:
            return None
        direction = None if record is None else _level_direction(record, key, level)
        first_since = lx.FIRST_TIME_RE.search(plain) if record is None and level is not None else None
        if first_since is not None:  # "topped 5% for the first time since 2007" is no period
            plain = _blank(plain, first_since)
        day = find_period(plain, self.as_of, self.parser)
        spec = Spec(clause, "level_record" if record is not None else "level", series=key,
                    period=day if day is not None and day.kind == "day" else None,
                    stated=None if level is None else level.value,
                    qualifier=level.qualifier if level else None, since=self._since(record),
                    direction=direction, figure=level)
        if first_since is not None:  # the last earlier day past the level, before this run, was then
            spec.since = parse_since(first_since.group("since"), False, self.as_of, self.parser)
            spec.rank = 0 if spec.since is not None else None
            spec.direction = "low" if re.search(r"\b(?:below|under|fell|dropped|sank)\b", plain, re.I) else "high"
        return spec

    def _on_latest_day(self, spec: Spec) -> Spec:
        """A move stated with the level it ended at and no period ("rose 2% to 2,434.98"): the
        latest session, said in the reason."""
        if spec.period is None:
            spec.period = latest_day(self.as_of)
            spec.notes.append("no period stated: read as the latest trading day")
        return spec

    def _point_change(self, clause, plain, key, move) -> Spec:
        """A move in index points over the clause's period (the close before it to its last close)."""
        sign = -1 if move.value < 0 else (1 if move.signed else _sign(plain, move.start))
        return Spec(clause, "point_change", series=key, period=self._period(clause, plain),
                    stated=(sign or 1) * abs(move.value), qualifier=move.qualifier, unsigned=sign is None,
                    figure=move)

    def _return(self, clause, text, plain, key, figures, record) -> Spec | None:
        fig = next((f for f in figures if f.unit == "%"), None)
        move = _points_move(plain, figures)
        if fig is None:
            if move is not None:  # "the Russell 2000 lost 40 points on Friday"
                return self._point_change(clause, plain, key, move)
            sign = _sign(plain, len(plain))
            if record is None and sign is not None and _since_any_event(plain) is not None:
                # "the Russell 2000 has fallen since the Fed's first cut (since the election)": the direction
                spec = Spec(clause, "return", series=key, direction="high" if sign > 0 else "low")
                spec.event = self._event(_since_any_event(plain))
                return spec
            if record is None:
                return None
        elif move is not None:  # "fell 94.99 points, or 1.7%": the points checked too
            self.extra.append(self._point_change(clause, plain, key, move))
        to_record = _TO_RECORD.search(plain)
        to_level = to_record is not None or (record is not None and _is_level_record(record))
        if to_level:
            day = find_period(plain, self.as_of, self.parser)
            level = Spec(clause, "level_record", series=key, since=Since("ever", None, None, None, "on record"),
                         period=day if day is not None and day.kind == "day" else None,
                         direction="low" if (record.group("ever") or "").lower() == "low" else "high")
            if fig is None:
                return level
            self.extra.append(level)
            if to_record is None:
                record = None
        since_event = _since_event(plain)
        period = None
        notes = []
        if since_event is not None:
            event, month = self._event(since_event)
        else:
            if lx.ELECTION_RE.search(plain) and re.search(r"\bsince\b", plain, re.I):
                since_event = ("election", None)
            else:
                # "its best day since April", "its worst week since 2020": the latest session, the week
                period = self._record_period(clause, plain, record)
                if to_level and (self.note or "").startswith("the period of an earlier sentence"):
                    period = latest_day(self.as_of)  # "rose 2.5% to a record high": that session's move
                    self.note = "read as the latest trading day"
        stated, unsigned = None, False
        if fig is not None:
            sign = -1 if fig.value < 0 else (1 if fig.signed else _sign(plain, fig.start))
            if sign is None:
                unsigned = True
                sign = 1
            stated = sign * abs(fig.value) / 100
        since, direction = None, None
        measure = "return"
        rank = None
        if record is not None:
            measure = "return_record"
            since = self._since(record)
            ordinal = lx.ORDINAL_RE.search(text[:record.start("word")])  # "its second-best day"
            rank = lx.ORDINALS[ordinal.group("n").lower()] if ordinal else None
            word = record.group("word").lower()
            direction = "low" if word in ("worst", "weakest", "lowest", "deepest", "least") or (
                word in ("biggest", "largest", "sharpest", "steepest", "most")
                and re.search(r"\b(?:drop|decline|loss|fall|sell-?off|slide|plunge)", record.group(0), re.I)) else "high"
            if stated is not None and word in ("biggest", "largest", "sharpest", "steepest", "most") and stated < 0:
                direction = "low"
        spec = Spec(clause, measure, series=key, period=period, stated=stated,
                    qualifier=fig.qualifier if fig else None, since=since, direction=direction,
                    unsigned=unsigned, notes=notes, figure=fig, rank=rank)
        # "has returned about 7% a year, compared with 11% for the S&P 500": both yearly rates
        if measure == "return" and fig is not None and (
                lx.ANNUAL_RE.search(plain) or (self.annual == clause.sentence and self.own is None)):
            spec.annualized, self.annual = True, clause.sentence
        if since_event is not None:
            spec.event = (since_event[0], month if since_event[0] != "election" else None)
        return spec


_LEVEL_BEFORE = re.compile(r"\b(?:at|to|of|near|around|above|below|under|over|hit|reached|stands?|sits?)\s+"
                           r"(?:about\s+|nearly\s+|almost\s+|roughly\s+|around\s+|just\s+\w+\s+)?$", re.IGNORECASE)
def _points_move(plain: str, figures) -> "Figure | None":
    """The figure of a move in index points ("lost 40 points", "up 12.5 points"), not a level
    ("closed at 5,738", "to 5,408.42", "above 6,000")."""
    for fig in figures:
        if fig.unit != "points" or "point" not in plain[fig.start:fig.end].lower():
            continue
        if re.search(r"\b(?:at|to|above|below|near|around|of)\s*$", plain[max(0, fig.start - 8):fig.start], re.I):
            continue
        return fig
    return None


_PEAK_WHEN = re.compile(r"\s*(?:from|in|of|set in|reached in|hit in)\s+((?:[A-Z][a-z]{2,8}\.?\s+)?(?:19|20)\d\d)\b")
_TO_RECORD = re.compile(r"\b(?:to|at|hit|hits|reached|set) (?:a |an |its )?(?:new |fresh )?(?:record(?: high| close)?|all-time high)"
                        r"(?!\s+(?:since|in|on)\b)", re.IGNORECASE)


_FIRST_TIME = re.compile(r"\bfor the first time\b|\ba first close (?:above|over)\b", re.IGNORECASE)


#: Record words of a ratio's level ("its lowest since 2001", "a record low").
_RATIO_WORDS = ("highest", "lowest", "strongest", "weakest", "record", "all-time", "all time")


def _sides(plain, anchor, unit_word, subject, small_side, large_side, beat, lag, keys):
    """``(series, measure, sign)`` of a streak or tally: the pair's gap when small and large caps
    are compared (``sign`` -1 when small caps lagged), else the subject's return going the way of
    the last rise or fall word before ``anchor`` (or of ``unit_word``, "gains", "losses"); None
    when no way is stated."""
    if small_side and large_side and (beat or lag):
        sign = -1 if (lag and (not beat or lag.start() < beat.start())) else 1
        if keys.index(small_side[0]) > keys.index(large_side[0]):
            sign = -sign
        return f"{SMALL}-{large_side[0]}", "return_gap", sign
    sign = _sign(plain, anchor)
    if unit_word.startswith(("gain", "advance", "rise")):
        sign = 1
    elif unit_word.startswith(("loss", "decline", "drop")):
        sign = -1
    return None if sign is None else (subject, "return", sign)


def _index_figure(m: re.Match, plain: str) -> Figure:
    """The index level of an :data:`analytics.claims.lexicon.INDEX_LEVEL_RE` match, in points;
    "above 6,000" reads as "more than", "below" as "less than"."""
    raw = m.group("value").replace(",", "")
    before = plain[max(0, m.start() - 30):m.start("value")]
    qualifier = next((name for name, pattern in lx.QUALIFIERS if pattern.search(before)), None)
    word = m.group(0).split()[0].lower()
    if word in ("above", "over", "topped", "crossed"):
        qualifier = "more than"
    elif word in ("below", "under"):
        qualifier = "less than"
    decimals = len(raw.split(".", 1)[1]) if "." in raw else 0
    return Figure(float(raw), "points", False, m.start("value"), m.end("value"), qualifier, decimals)


#: A streak's unit by its word ("weekly gain", "straight sessions", "days": sessions).
_STREAK_UNITS = {"week": ("week",), "month": ("month",), "quarter": ("quarter",), "year": ("year", "annual"),
                 "session": ("session", "day", "daily", "trading")}
#: Record words of a level ("its highest since July", "the tightest since 2007").
#: A figure that is the large caps' own ("the S&P 500's 1.9% gain").
_POSSESSIVE_LARGE = re.compile(r"(?:s&p 500|s&p|large[- ]caps?|nasdaq(?: composite)?|big[- ]caps?)['’]s?\s*$", re.IGNORECASE)
#: "has doubled from its March 2020 low": a rise of 100% (200% for tripled).
_MULTIPLE = re.compile(r"\b(?P<word>doubled|tripled)\b", re.IGNORECASE)
_LEVEL_RECORD_WORDS = ("highest", "lowest", "widest", "narrowest", "tightest", "deepest", "record", "all-time")


def _level_direction(record: re.Match, key: str, level: "Figure | None") -> str:
    """"high" or "low": the way a level record of ``key`` points ("lowest", "tightest" and a yield
    curve's "deepest" or "widest" inversion point down)."""
    word = record.group("word").lower()
    ever = (record.group("ever") or "").lower()
    # the curve's "widest/deepest ... since" at a negative level: its deepest inversion
    return "low" if (word in ("lowest", "narrowest", "tightest", "weakest", "least") or ever == "low"
                     or (key == "T10Y2Y" and (word == "deepest" or word in ("widest", "biggest", "largest")
                                              and level is not None and level.value < 0))) else "high"


def _is_level_record(record: re.Match) -> bool:
    """"a record high", "an all-time high": the level itself, not a return."""
    word = record.group("word").lower()
    ever = (record.group("ever") or "").lower()
    return word in ("record", "all-time", "all time") and ever in ("high", "low")


def _event_type(m: re.Match) -> str:
    which = (m.group("which") or m.group("which2") or "last").lower()
    move = (m.group("move") or m.group("move2") or "hike").lower()
    first = which == "first"
    kind = "hike" if ("hike" in move or "increase" in move) else "cut"
    return f"{'first' if first else 'last'}_{kind}"


_SINCE_FED = re.compile(r"\bsince\s+(?:the\s+)?(?P<fed>(?:fed(?:eral reserve)?(?:'s)?|fomc(?:'s)?)\s+"
                        r"(?:(?:first|last|final|latest|most recent)\s+)?(?:rate\s+)?(?:hike|increase|cut|reduction)s?)"
                        r"(?:\s+(?:in|of)\s+(?P<month>[A-Z][a-z]{2,8}\.?(?:\s+(?:19|20)\d\d)?))?", re.IGNORECASE)


#: "since the Fed started cutting rates in September", "since the Fed last raised rates", "since the
#: Fed's September cut".
_SINCE_FED_VERB = re.compile(
    r"\bsince\s+(?:the\s+)?(?:fed(?:eral reserve)?|fomc|the central bank|policymakers|it|they)\s+"
    r"(?P<verb>started|start|began|begin|kicked off|first|last)\s+(?P<move>cutting|cut|easing|eased|lowering|"
    r"lowered|hiking|hiked|raising|raised|tightening|tightened)(?:\s+(?:interest\s+)?rates?)?"
    r"(?:\s+(?:in|of)\s+(?P<month>[A-Z][a-z]{2,8}\.?(?:\s+(?:19|20)\d\d)?))?"
    r"|\bsince\s+(?:the\s+)?(?:fed(?:eral reserve)?|fomc)'s\s+(?P<month2>(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|"
    r"apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
    r"(?:\s+(?:19|20)\d\d)?)\s+"
    r"(?:rate\s+)?(?P<move2>cut|hike|increase|reduction)\b", re.IGNORECASE)
_CUT_WORDS = ("cut", "eas", "lower", "reduc")


def _since_event(text: str) -> tuple[str, str | None] | None:
    """``(event type, month words)`` of "since the Fed's first hike (in March)" and its kin, or None.
    Event types as :data:`analytics.event_study.EVENT_WORDS`, ``latest_hike``/``latest_cut`` for
    the Fed's latest move of that kind."""
    v = _SINCE_FED_VERB.search(text)
    if v is not None:
        move = (v.group("move") or v.group("move2")).lower()
        kind = "cut" if move.startswith(_CUT_WORDS) else "hike"
        verb = (v.group("verb") or "").lower()
        which = "first" if verb in ("started", "start", "began", "begin", "kicked off", "first") else "latest"
        return f"{which}_{kind}", v.group("month") or v.group("month2")
    m = _SINCE_FED.search(text)
    if not m:
        return None
    fed = lx.FED_EVENT_RE.search(m.group("fed"))
    event = _event_type(fed) if fed else "last_hike"
    if fed and not (fed.group("which") or fed.group("which2")):
        event = event.replace("last_", "latest_")  # "since the Fed's hike": its latest move of that kind
    return event, m.group("month")


def _since_any_event(text: str) -> tuple[str, str | None] | None:
    """:func:`_since_event`, or ``("election", None)`` for "since the (presidential) election"."""
    fed = _since_event(text)
    if fed is not None:
        return fed
    return ("election", None) if re.search(r"\bsince\s+" + lx.ELECTION_RE.pattern, text, re.IGNORECASE) else None


def _count(text: str) -> int:
    text = text.lower()
    return int(text) if text.isdigit() else lx.WORD_NUMBERS.get(text, 12)


def interpret(text: str, as_of: pd.Timestamp, parser: DateDataParser) -> list[Spec]:
    """The checkable claims of ``text`` in text order (see the module docstring)."""
    reader = _Reader(as_of, parser)
    specs = []
    for clause in split_clauses(text):
        spec = reader.read(clause)
        specs.extend(reader.extra)
        reader.extra = []
        if spec is not None:
            specs.append(spec)
    return specs


__all__ = ["Clause", "Spec", "interpret", "split_clauses", "split_sentences"]

"""Date phrases of a claim, read against the as-of date (the publication date).

Dates are parsed with :mod:`dateparser` (``DateDataParser``, English, dates from the past
preferred, the as-of date as the reference); this module only finds the phrases and turns the
parsed date and its granularity (day, month, year) into a :class:`Period` or a :class:`Since`.

Rules (``as_of`` = the publication date):

* a weekday ("Thursday", "on Friday") is the last such day on or before ``as_of``; "last
  Wednesday" the last one strictly before it; "yesterday" the day before;
* a day ("on Nov. 5", "October 31, 2023") is that day's move (``1d`` ending on it);
* a month ("in December", "in July 2024") is the last such month that began on or before
  ``as_of``; one still running is month-to-date; "last August" (or "this past August") is the
  last August that ended before ``as_of``'s month began, "August last year" (or "this year")
  that year's;
* a quarter ("in the fourth quarter", "Q3 2023") likewise;
* "so far this year", "this year", "year to date", "since the start of the year": ``ytd``;
  "last year" and a past year ("in 2023"): that calendar year; the current year: ``ytd``;
* "this week" is the week to Friday that ``as_of`` falls in (to date), "last week" the one before
  (on a weekend both are the week just ended; :func:`week_period`);
* "the quarter", "this quarter", "for the quarter": the current calendar quarter (to date; in
  the first week of a quarter the one just ended), "last quarter" the one before;
* "in five sessions", "over the past 5 trading days", "in two days": the last sessions to ``as_of`` (a
  record compares every earlier run of five sessions);
* "over the past month" (week, N months, year): trailing calendar span ending at ``as_of``;
  "last month": the previous calendar month;
* "since <date>": from that date's close (a month or year alone: from the close before it
  began).

Records ("its highest since 2008", "the best month since December 2020", "in nearly two
years", "on record") give a :class:`Since` with the granularity of the phrase.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from dateparser.date import DateDataParser

_F = re.IGNORECASE
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_ORDINAL_QUARTER = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
                    "fourth": 4, "4th": 4, "final": 4, "last": 4}
_COUNT_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
                "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
                "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "back-to-back": 2}


@dataclass(frozen=True)
class Period:
    """The span a return or change is measured over.

    Attributes:
        label: As in the facts: ``1d``, ``1m``, ``12m``, ``ytd``, ``month:2024-07``,
            ``quarter:2024-Q4``, ``year:2023``, ``since:2024-11-05`` (a week: since the
            Friday before it).
        kind: ``day``, ``sessions``, ``week``, ``trailing``, ``ytd``, ``month``, ``quarter``, ``year``,
            ``since`` or ``opening`` (the first closes after ``base``'s: label ``"5o"``).
        base: The date whose close (last observation on or before) is the base.
        end: The date whose close is the end (never after ``as_of``).
        calendar: ``"W-FRI"``, ``"M"``, ``"Q"``, ``"Y"`` for calendar periods (their records
            compare calendar periods), else ``None``.
        words: The period in a reason ("July 2024", "so far this year").
        day: For ``kind="day"``: the day itself (it must be a trading day).
        anchor: A span since a close the data fixes ("over the same period" after "up 40% from
            its April low"): ``(series key, the named month or year or None, low)``, the lowest
            (``low``) or highest close of that series in the named span (none named: the past
            52 weeks' low, the running peak); resolved to a ``since`` period when the claim is
            computed (:func:`analytics.claims.index_measures.extreme_of`).
    """

    label: str
    kind: str
    base: pd.Timestamp
    end: pd.Timestamp
    calendar: str | None
    words: str
    day: pd.Timestamp | None = None
    anchor: "tuple[str, Since | None, bool] | None" = None


@dataclass(frozen=True)
class Since:
    """A record's "since" as written.

    Attributes:
        kind: ``"ever"`` (on record), ``"day"``, ``"month"``, ``"quarter"``, ``"year"``, ``"span"`` (a
            duration: "in nearly two years") or ``"within"`` ("its best week of the year": none as
            good since ``start``, the year's or month's first day).
        start: First day of the stated day/month/year; for a span, ``as_of`` minus the span.
        end: Last day of the stated day/month/year; for a span the same as ``start``.
        qualifier: ``nearly``, ``more than`` or ``None`` (spans only).
        words: As written.
        event: For ``kind="event"`` ("its best month since the Fed began raising rates"): the
            Fed event or election as :attr:`analytics.claims.spec.Spec.event` holds one; the claim
            resolves it to ``kind="by"`` (``end`` = the event's day: none as good after it) when
            computed, from the data.
    """

    kind: str
    start: pd.Timestamp | None
    end: pd.Timestamp | None
    qualifier: str | None
    words: str
    event: "tuple[str, Since | None] | None" = None

    def iso(self) -> str | None:
        """The stated since as a string for the record: ``2008``, ``2020-12``, a date, ``on record``."""
        if self.kind == "ever":
            return "on record"
        if self.kind == "within":  # "of the year": from the start of it
            return f"within:{self.start:%Y-%m-%d}"
        if self.kind in ("event", "by"):  # an event's day (once the data placed it)
            return None if self.end is None else f"{self.end:%Y-%m-%d}"
        if self.kind == "year":
            return f"{self.start.year}"
        if self.kind == "month":
            return f"{self.start:%Y-%m}"
        if self.kind == "quarter":
            return f"{self.start.year}-Q{self.start.quarter}"
        return f"{self.start:%Y-%m-%d}"


def make_parser(as_of: dt.date) -> DateDataParser:
    """A dateparser for English dates relative to ``as_of`` (past preferred, day 1 for months)."""
    base = dt.datetime(as_of.year, as_of.month, as_of.day, 12)
    return DateDataParser(languages=["en"], settings={
        "RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "PREFER_DAY_OF_MONTH": "first",
        "RETURN_TIME_AS_PERIOD": False, "STRICT_PARSING": False})


def parse_date(parser: DateDataParser, text: str, as_of: pd.Timestamp | None = None
               ) -> tuple[pd.Timestamp, str] | None:
    """``(date, granularity)`` of a phrase (``day``, ``week``, ``month``, ``year``), or None; with
    ``as_of`` (the parser's reference date) also a month named against it ("last August")."""
    text = text.strip(" ,.;:")
    if not text or len(text) > 40 or not re.search(r"[A-Za-z0-9]", text):
        return None
    named = None if as_of is None else _named_month(text, as_of)
    if named is not None:
        return named, "month"
    try:
        data = parser.get_date_data(text)
    except Exception:  # noqa: BLE001 - a third-party parser on arbitrary text: unreadable is None
        return None
    if data is None or data.date_obj is None:
        return None
    when = pd.Timestamp(data.date_obj.date())
    if not pd.Timestamp("1900-01-01") <= when <= pd.Timestamp("2100-12-31"):
        return None
    return when, data.period or "day"


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_NAME = (r"(?:january|february|march|april|may|june|july|august|september|october|november|december|"
               r"jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?")
#: A month named against the publication date: "last August", "this past March" (the latest such
#: month that ended before it), "August last year", "March of this year" (that year's).
NAMED_MONTH_RE = re.compile(rf"\b(?:last|this past)\s+(?P<m>{_MONTH_NAME})(?!\s+\d)\b"
                            rf"|\b(?P<m2>{_MONTH_NAME})\s+(?:of\s+)?(?P<which>last|this)\s+year\b", _F)


def _named_month(text: str, base) -> pd.Timestamp | None:
    """The first day of the month ``text`` names wholly by :data:`NAMED_MONTH_RE`, else None."""
    m = NAMED_MONTH_RE.fullmatch(text)
    if m is None:
        return None
    month = _MONTHS.index((m.group("m") or m.group("m2")).lower()[:3]) + 1
    if m.group("which"):
        year = base.year - (m.group("which").lower() == "last")
    else:  # the latest one that ended before the publication month began
        year = base.year if month < base.month else base.year - 1
    return pd.Timestamp(year=year, month=month, day=1)


def _month_end(t: pd.Timestamp) -> pd.Timestamp:
    return (t + pd.offsets.MonthEnd(0)).normalize()


def _last_day(p: pd.Period) -> pd.Timestamp:
    return pd.Timestamp(p.end_time.date())


def calendar_period(p: pd.Period, as_of: pd.Timestamp, words: str) -> Period:
    """A calendar month, quarter or year as a :class:`Period` (to date when it is running)."""
    freq = p.freqstr[0]
    base = _last_day(p - 1)
    end = min(_last_day(p), as_of)
    if freq == "M":
        label = f"month:{p.year}-{p.month:02d}"
    elif freq == "Q":
        label = f"quarter:{p.year}-Q{p.quarter}"
    else:
        label = f"year:{p.year}"
    kind = {"M": "month", "Q": "quarter", "Y": "year"}[freq]
    # on its last weekday the period is over ("surged 43% in 2023, its best year since ..." written on
    # Friday 2023-12-29 compares whole years, not each year to 29 December)
    weekday = _last_day(p) - pd.Timedelta(days=max(0, _last_day(p).weekday() - 4))
    running = " (to date)" if end < weekday else ""
    if not running and re.search(r"\b(?:this|so far|to date)\b", words, re.IGNORECASE):
        # "this year" written on its last weekday is the whole year: named so ("in 2014", not
        # "in so far this year")
        words = {"M": f"{p:%B %Y}", "Q": f"{p.year} Q{p.quarter}", "Y": f"{p.year}"}[freq]
    if freq == "Y" and p.year == as_of.year and running:  # "in 2024" written in 2024: its year to date
        return Period("ytd", "ytd", base, end, "Y", f"in {words}{running}" if words.isdigit() else words)
    return Period(label, kind, base, end, freq, f"in {words}{running}")


def day_period(day: pd.Timestamp, words: str) -> Period:
    """The move of one day (close of the trading day before to the close of ``day``)."""
    return Period("1d", "day", day - pd.Timedelta(days=1), day, None, words, day=day)


def week_period(as_of: pd.Timestamp, *, last: bool = False) -> Period:
    """A week ending on Friday: the one ``as_of`` falls in (to date), or with ``last`` the one
    before. On a Saturday or Sunday the week just ended is "this week" and "last week" both (a
    weekend article means the week to that Friday). Its records compare every earlier week."""
    friday = as_of + pd.Timedelta(days=4 - as_of.weekday())  # this week's Friday (Monday..Friday)
    if as_of.weekday() > 4:
        friday, last = as_of - pd.Timedelta(days=as_of.weekday() - 4), False
    if last:
        friday -= pd.Timedelta(days=7)
    end = min(friday, as_of)
    words = "this week" if end < friday else f"in the week to {friday:%Y-%m-%d}"
    base = friday - pd.Timedelta(days=7)  # the close of the Friday before
    return Period(f"since:{base:%Y-%m-%d}", "week", base, end, "W-FRI", words)


def sessions_period(n: int, as_of: pd.Timestamp) -> Period:
    """The move over the latest ``n`` sessions to ``as_of`` (the close ``n`` sessions before the
    last one on or before it: the data decide the base); its records compare every earlier run
    of ``n`` sessions."""
    return Period(f"{n}d", "sessions", as_of, as_of, None, f"over {n} sessions")


def latest_day(as_of: pd.Timestamp) -> Period:
    """The move of the latest session on or before ``as_of`` (``day`` is None: the data decides)."""
    return Period("1d", "day", as_of - pd.Timedelta(days=1), as_of, None, "on the latest trading day")


def count_words(text: str | None) -> int:
    """A count or an ordinal written as digits or a word ("5", "five", "a", "third", "12th"); 1 when
    none is written."""
    if not text:
        return 1
    text = re.sub(r"(?<=\d)(?:st|nd|rd|th)$", "", text.lower())
    return int(text) if text.isdigit() else _COUNT_WORDS.get(text, 1)


YTD_RE = re.compile(r"\b(?:so far this year|for the year|on the year|so far in (?:the year|20\d\d)|this year|year[- ]to[- ]date|ytd|"
                    # "lost 21.5% in the year" (not "in the year to March", "the year's first half", "ahead")
                    r"(?:in|over|during) the year(?!'s|\u2019s| (?:ended|ending|before|after|since|ahead|earlier|ago|prior|"
                    r"following|of)\b| (?:to|through|thru|until) (?:the end|end|mid|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|"
                    r"oct|nov|dec)[a-z]*\.?)\b)|"
                    r"since the (?:start|beginning) of (?:the|this) year|since (?:january|jan\.?) 1|"
                    r"since the end of last year|for the year so far)\b", _F)
HALF_RE = re.compile(r"\b(?:in|during|for|over)?\s*the\s+(?P<which>first|second)\s+half(?:\s+of(?:\s+the\s+year)?)?"
                     r"(?:\s+(?P<year>(?:19|20)\d\d))?\b|\bH(?P<h>[12])(?:\s+(?P<year2>(?:19|20)\d\d))?\b", _F)
#: "Last week", "last month", "last year": the calendar period before; "over (in) the last week"
#: is the trailing span to the date (:data:`TRAILING_RE`), as "the past week".
WEEK_RE = re.compile(r"\b(?:this|(?<!the )last|for the|on the)\s+week\b(?!s)|\bweek[- ]to[- ]date\b", _F)
YEAR_AGO_RE = re.compile(r"\b(?:from|than|versus|vs\.?|since|compared with)\s+a\s+year\s+(?:ago|earlier|before)\b"
                         r"|\byear[- ]over[- ]year\b|\bin the past (?:twelve|12) months\b", _F)
LAST_YEAR_RE = re.compile(r"\b(?:(?<!the )last year|in the past calendar year|the previous year)\b", _F)
LAST_MONTH_RE = re.compile(r"\b(?<!the )last month\b", _F)
THIS_MONTH_RE = re.compile(r"\b(?:this month|for the month|on the month|in the month|during the month|month[- ]to[- ]date|"
                           r"so far this month)\b", _F)
SESSIONS_RE = re.compile(r"\b(?:in|over|during)\s+(?:the\s+(?:(?:past|last|previous)\s+)?)?(?P<n>\d+|two|three|four|five|"
                         r"six|seven|eight|nine|ten|twelve|fifteen|twenty)\s+(?:straight\s+|consecutive\s+)?"
                         r"(?:trading\s+)?(?:sessions|trading days)\b"
                         r"|\bin\s+(?:just\s+|only\s+)?(?P<n2>\d+|two|three|four|five|six|seven|eight|nine|ten)\s+"
                         r"(?:straight\s+|consecutive\s+)?days\b", _F)
THIS_QUARTER_RE = re.compile(r"\b(?:this quarter|for the quarter|in the quarter|on the quarter|the quarter|"
                             r"quarter[- ]to[- ]date|so far this quarter)\b(?![- ](?:point|percent))", _F)
LAST_QUARTER_RE = re.compile(r"\b(?:last quarter|the (?:previous|prior|last) quarter)\b", _F)
TRAILING_RE = re.compile(r"\b(?:over|in|during|for)\s+the\s+(?:past|last|previous|prior)\s+"
                         r"(?:(?P<n>\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|"
                         r"twenty|thirty)\s+)?"
                         r"(?P<unit>day|week|month|year|decade)s?\b"
                         r"|\bover the (?:past|last) (?P<n2>\d+|twelve|12)[- ]month period\b"
                         # "has gained 40% over five years": the trailing span to the date
                         r"|\bover\s+(?P<n3>\d+|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty)\s+"
                         r"(?P<unit3>month|year|decade)s\b", _F)
QUARTER_RE = re.compile(r"\b(?:in|during|for|over)?\s*the\s+(?P<ord>first|second|third|fourth|final|1st|2nd|3rd|4th)"
                        r"[- ]quarter(?:\s+of\s+(?P<year>\d{4}))?\b|\bQ(?P<q>[1-4])(?:\s+(?P<year2>\d{4}))?\b", _F)
YEAR_RE = re.compile(r"\b(?:in|during|for|over|throughout)\s+(?P<year>(?:19|20)\d\d)\b(?!\s*[-/])", _F)
MONTH_RE = re.compile(r"\b(?i:in|during|for|over|throughout)\s+(?i:the month of\s+)?"
                      r"(?P<when>[A-Z][a-z]{2,8}\.?(?:\s+(?:19|20)\d\d)?)\b")
#: Two days named together: "over Friday and Monday", "on Thursday and Friday".
TWO_DAYS_RE = re.compile(r"\b(?:over|on|across|during)\s+(?P<a>monday|tuesday|wednesday|thursday|friday)\s+and\s+"
                         r"(?P<b>monday|tuesday|wednesday|thursday|friday)\b", re.IGNORECASE)
WEEKDAY_RE = re.compile(r"\b(?:on\s+)?(?P<last>last\s+|this\s+past\s+|this\s+)?(?P<day>monday|tuesday|wednesday|"
                        r"thursday|friday)(?:'s)?\b|\b(?P<yesterday>yesterday|today)\b", _F)
ON_DATE_RE = re.compile(
    r"\b(?i:on|of)\s+(?P<when>(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?!\d)(?:st|nd|rd|th)?(?:,?\s+(?:19|20)\d\d)?)"
    r"|(?:\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]{2,8}\.?(?:\s+(?:19|20)\d\d)?)|(?:\d{4}-\d{2}-\d{2}))")
SINCE_RE = re.compile(r"\b(?i:since)\s+(?P<when>(?:the\s+(?:end|start|beginning)\s+of\s+)?(?i:(?:early|mid|late)[- ]+)?"
                      r"(?:(?i:last|this past)\s+[A-Z][a-z]{2,8}\.?(?!\s+\d)|[A-Z][a-z]{2,8}\.?\s+(?i:of\s+)?(?i:last|this)\s+year|[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?!\d)(?:st|nd|rd|th)?(?:,?\s+(?:19|20)\d\d)?"
                      r"|\d{1,2}\s+[A-Z][a-z]{2,8}\.?(?:\s+(?:19|20)\d\d)?"
                      r"|[A-Z][a-z]{2,8}\.?(?:\s+(?:19|20)\d\d)?|(?:19|20)\d\d|\d{4}-\d{2}-\d{2}))")


#: A span at an edge of a calendar year, quarter or month: "the first week of the year", "the
#: first two weeks of 2025", "the first full week of January", "the last week of December 2024",
#: "the final month of the quarter", "the first five trading days of the year" (:func:`edge_period`).
EDGE_RE = re.compile(
    r"\b(?i:the)\s+(?P<pos>(?i:first|opening|last|final|closing))\s+"
    r"(?:(?P<n>\d+|(?i:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty))\s+)?"
    r"(?P<full>(?i:full)\s+)?(?P<unit>(?i:week|month|session|trading\s+day|day))s?\s+(?i:of)\s+"
    r"(?P<of>(?i:(?:the|this|last)\s+(?:year|quarter|month|week))\b|(?:19|20)\d\d\b"
    r"|[A-Z][a-z]{2,8}\.?(?:\s+(?:19|20)\d\d\b)?)")
#: A moment within a period, not the period: "fell 20% earlier this year" is no year to date.
WITHIN_PERIOD_RE = re.compile(r"\b(?:earlier|later)\s+(?:this|last|in the)\s+(?:week|month|quarter|year)\b", _F)
#: A period the reader does not place (:func:`find_period` returns None for it): a claim must
#: not be read over another period instead ("fell 5% in the first five days of the year").
UNREAD_PERIOD_RE = re.compile(
    WITHIN_PERIOD_RE.pattern + r"|"
    r"\bthe\s+(?:first|opening|last|final|closing|early|earlier|late|later|latter)\s+(?:[\w-]+\s+){0,2}"
    r"(?:days?|sessions?|weeks?|months?|quarters?|hours?|minutes?|stretch|part)\s+of\b"
    r"(?:\s+(?:the|this|last)\s+\w+|\s+\w+(?:\s+(?:19|20)\d\d\b)?)?"
    r"|\b(?:early|mid|late)[- ]+(?:(?:this|last)\s+)?(?:week|month|quarter|year|(?:19|20)\d\d|"
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|"
    r"nov(?:ember)?|dec(?:ember)?)\b", _F)


def _container(words: str, as_of: pd.Timestamp, parser: DateDataParser) -> tuple[pd.Period, str] | None:
    """The calendar year, quarter or month an edge phrase is of, and its name in a reason."""
    named = re.fullmatch(r"(the|this|last)\s+(year|quarter|month|week)", words.lower())
    if named:  # a week is to Friday ("the last session of the week")
        freq = {"year": "Y", "quarter": "Q", "month": "M", "week": "W-FRI"}[named.group(2)]
        p = as_of.to_period(freq) - int(named.group(1) == "last")
    elif re.fullmatch(r"(?:19|20)\d\d", words):
        p = pd.Period(words, freq="Y")
    else:
        parsed = parse_date(parser, words)
        if parsed is None or parsed[1] != "month":
            return None
        p = parsed[0].to_period("M")
    name = {"Y": f"{p.year}", "Q": f"{p.year} Q{p.quarter}", "W": f"the week to {_last_day(p):%Y-%m-%d}"}.get(
        p.freqstr[0], f"{_last_day(p):%B %Y}")
    return p, name


def edge_period(m: re.Match, as_of: pd.Timestamp, parser: DateDataParser, *, since: bool = False) -> Period | None:
    """The span an :data:`EDGE_RE` match names, or None when it cannot be placed by ``as_of``.

    Weeks end on Friday, as :func:`week_period`'s: the first week runs from the container's first
    weekday (not 1 January: no session) to that Friday (a short week when the container starts
    late in one), the last from the Monday of the container's last weekday to that day; a "full"
    week is the first (last) Monday-to-Friday week wholly inside it. ``n`` weeks or months extend
    the span by whole weeks or calendar months. Its base is the close before its first day; with
    ``since``, the span runs on to ``as_of``.
    """
    box = _container(m.group("of"), as_of, parser)
    if box is None:
        return None
    p, name = box
    first, last = pd.Timestamp(p.start_time.date()), _last_day(p)
    n, opening = count_words(m.group("n")), m.group("pos").lower() in ("first", "opening")
    full, unit = bool(m.group("full")), m.group("unit").lower()
    day = pd.Timedelta(days=1)
    if p.freqstr[0] == "W" and unit in ("week", "month"):
        return None  # "the first week of the week"
    if unit not in ("week", "month"):  # sessions, as a market's "days": the data place them
        words = f"the {m.group('pos').lower()} {m.group('n') + ' ' if n > 1 else ''}session{'s' if n > 1 else ''} of {name}"
        if since or first > as_of or not opening and last > as_of:
            return None  # the last sessions of a period still running are not known yet
        if opening:
            return Period(f"{n}o", "opening", first - day, as_of, None, f"in {words}")
        return Period(f"{n}d", "sessions", last, last, None, f"in {words}")
    if unit == "week" and opening:
        start = first + day if (first.month, first.day) == (1, 1) else first
        start += day * max(0, 7 - start.weekday()) if start.weekday() > 4 else pd.Timedelta(0)
        if full and start.weekday() != 0:
            start += day * (7 - start.weekday())
        end = start + day * (4 - start.weekday() + 7 * (n - 1))
    elif unit == "week":
        end = last - day * max(0, last.weekday() - 4)
        if full and end.weekday() != 4:
            end -= day * (end.weekday() + 3)
        start = end - day * (end.weekday() + 7 * (n - 1))
    else:
        head, tail = p.asfreq("M", how="start"), p.asfreq("M", how="end")
        if p.freqstr[0] == "M" or n > (tail - head).n + 1:
            return None  # "the first month of January", "the first five months of the quarter"
        months = head if opening else tail - (n - 1)
        start, end = pd.Timestamp(months.start_time.date()), _last_day(months + (n - 1))
        if n == 1 and not since:  # a calendar month: its records compare months
            return calendar_period(months, as_of, f"{_last_day(months):%B %Y}") if start <= as_of else None
    if start > as_of or end < first or start > last:
        return None
    s = "s" if n > 1 else ""
    words = f"the {m.group('pos').lower()} {m.group('n') + ' ' if n > 1 else ''}{'full ' if full else ''}{unit}{s} of {name}"
    base = start - day
    if since:
        return Period(f"since:{base:%Y-%m-%d}", "since", base, as_of, None, f"since {words}")
    running = " (to date)" if end > as_of else ""
    return Period(f"since:{base:%Y-%m-%d}", "since", base, min(end, as_of), None, f"in {words}{running}")


#: Words that name one day ("on Friday", "last Tuesday", "on Nov. 5", "today").
_DAY_WORDS = re.compile(r"\b(?:on\s+|last\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|"
                        r"\b(?:today|yesterday)\b|\bon\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*"
                        r"\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+(?:19|20)\d\d)?\b", re.IGNORECASE)


#: The end of a period: "ended the month at 2,434.73", "closed out 2024 at", "finished November",
#: "ended the month up 10.8%" (a move after it: :data:`ENDED_MOVE_RE`).
ENDED_RE = re.compile(r"\b(?:ended|ends|ending|closed out|closing out|closed|closing|finished|finishing|wrapped up)\s+"
                      r"(?:the\s+)?(?P<what>year\s+(?:19|20)\d\d|week|month|quarter|year|(?:19|20)\d\d|"
                      + _MONTH_NAME.replace("\\.?", "")
                      + r"(?:\s+(?:19|20)\d\d)?)\b", _F)
ENDED_MOVE_RE = re.compile(r"\s*,?\s*(?:up|down|higher|lower|with an? (?:gain|loss|drop|rise)|[+-]?\d[\d.,]*\s*(?:%|percent)"
                           # "ended 2024 about 50 basis points tighter than a year earlier": that year's change
                           r"|(?:about\s+|nearly\s+|roughly\s+|some\s+|more than\s+)?\d[\d.,]*\s*(?:basis points?|bps?|"
                           r"percentage points?)\s+(?:tighter|wider|higher|lower|narrower))", _F)


#: "ended 2024 at 2.92%, about 30 basis points tighter than a year earlier": the level at the close,
#: then the period's move (:data:`ENDED_MOVE_RE`).
_AT_LEVEL_THEN = re.compile(r"\s+at\s+(?:about\s+|nearly\s+|roughly\s+)?[\d.,]+\s*(?:%|percent|basis points?|bps?)?\s*,?",
                            _F)
_FOR_THE = re.compile(r"\b(?:for|on|over) the (week|month|quarter|year)\b", _F)
_GRAINS = {"week": "week", "month": "month", "quarter": "quarter", "year": "year", "ytd": "year"}


def ended_period(m: re.Match, as_of: pd.Timestamp, parser: DateDataParser) -> Period | None:
    """The period an :data:`ENDED_RE` match names: "the week", "the month", "the quarter", "the
    year" is the current one, or the one just ended in its first days (before Friday for a week,
    the first week otherwise); a month or year named, that one."""
    what = re.sub(r"^year\s+(?=\d)", "", m.group("what").lower())  # ("ended the year 2024": 2024)
    if what == "week":
        return week_period(as_of, last=as_of.weekday() < 4)
    if what in ("month", "quarter", "year"):
        p = as_of.to_period(what[0].upper())
        if (as_of - p.start_time).days < 7:
            p -= 1
        words = f"{_last_day(p):%B %Y}" if what == "month" else f"{p.year} Q{p.quarter}" if what == "quarter" else f"{p.year}"
        return calendar_period(p, as_of, words)
    if what.isdigit():
        return calendar_period(pd.Period(what, freq="Y"), as_of, what) if int(what) <= as_of.year else None
    parsed = parse_date(parser, m.group("what"))
    if parsed is None or parsed[1] != "month" or parsed[0] > as_of:
        return None
    return calendar_period(parsed[0].to_period("M"), as_of, f"{parsed[0]:%B %Y}")


def period_name(period: Period) -> str:
    """A period's words without "in" and "(to date)": "March 2025" of "in March 2025 (to date)"."""
    return re.sub(r"^in\s+|\s+\(to date\)$", "", period.words)


def close_of_period(clause: str, as_of: pd.Timestamp, parser: DateDataParser) -> Period | None:
    """"Ended the month at ...": a day :class:`Period` whose day is the named period's last day
    (label ``close:...``; :func:`analytics.claims.base.named_close` takes the last close on or
    before it). Not for a move ("ended the month up 10.8%": the month's, :func:`find_period`)."""
    m = ENDED_RE.search(clause)
    if m is None or ENDED_MOVE_RE.match(clause, m.end()):
        return None
    period = ended_period(m, as_of, parser)
    if period is None:
        return None
    words = period_name(period)
    return replace(day_period(min(period.end, as_of), f"at the close of {words}"), label=f"close:{period.label}")


def find_day(clause: str, as_of: pd.Timestamp, parser: DateDataParser) -> Period | None:
    """The day a clause names (a :class:`Period` of kind ``day``), or None: the clause's period
    when it is a day, else the close of a period it ended ("ended the month at 2,434.73":
    :func:`close_of_period`), else the first day phrase in it ("closed at a record high on
    Friday, its first since February": Friday, though "since February" is the clause's period)."""
    closed = close_of_period(clause, as_of, parser)
    if closed is not None:
        return closed
    period = find_period(clause, as_of, parser)
    if period is not None and period.kind == "day":
        return period
    for m in _DAY_WORDS.finditer(clause):
        day = find_period(m.group(0), as_of, parser)
        if day is not None and day.kind == "day":
            return day
    return None


#: Dates a clause names, to tell when the reader could not place one (:func:`unplaced_date`).
_YEAR_NAMED = re.compile(r"\b(?:in|during|for|over|throughout|since(?:\s+(?:its|their|the))?|by|ended|closed out|finished|"
                         r"the year)\s+"
                         r"(?P<y>(?:19|20)\d\d)\b(?!\s*[-/])", _F)
_DAY_NAMED = re.compile(r"\bon\s+(?P<when>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}"
                        r"(?:st|nd|rd|th)?(?:,?\s+(?:19|20)\d\d)?)\b", _F)
_SINCE_NAMED = re.compile(r"\bsince\s+[\"“']?(?P<when>(?i:last)\s+[A-Za-z]+|[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?(?:\s+\d{1,2})?"
                          r"(?:,?\s+(?:19|20)\d\d)?)\b")


def unplaced_date(clause: str, as_of: pd.Timestamp, parser: DateDataParser) -> str | None:
    """Why a date the clause names cannot be placed (a year or day after the publication date, a
    day that is no date, "since last Smarch"), or None. The caller makes such a claim not
    checkable rather than read it over another period."""
    for m in _YEAR_NAMED.finditer(clause):
        if int(m.group("y")) > as_of.year:
            return f"\"{m.group(0)}\" is after the publication date {as_of:%Y-%m-%d}"
    for m in _DAY_NAMED.finditer(clause):
        parsed = parse_date(parser, m.group("when"))
        if parsed is None:
            return f"\"{m.group(0)}\" is not a date"
        if parsed[0] > as_of:
            return f"\"{m.group(0)}\" is after the publication date {as_of:%Y-%m-%d}"
    for m in _SINCE_NAMED.finditer(clause):
        if parse_since(m.group("when"), False, as_of, parser) is None:
            return f"\"since {m.group('when')}\" could not be read as a date"
    return None


#: A day named as an event's: "since the April 2 tariff announcement", "since the Nov. 5 vote" (not
#: "since the March 23 low": a low or peak is read as such).
_SINCE_THE_DAY = re.compile(r"\b(?i:since)\s+(?i:the)\s+(?=[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:st|nd|rd|th)?\s+"
                            r"(?!(?i:peak|high|low|record|top|bottom|trough|close|closing|level)\b)[a-z])")
#: A day's close as the base: "since its Nov. 25 close", "17.3% below its Nov. 25 close" (a return
#: from that close; a peak, high or record there is a drawdown, read elsewhere).
_FROM_THE_CLOSE = re.compile(r"\b(?i:since|below|above|under|from)\s+(?i:its|their|the)\s+(?=[A-Z][a-z]{2,8}\.?\s+"
                             r"\d{1,2}(?!\d)(?:st|nd|rd|th)?(?:,?\s+(?:19|20)\d\d)?\s+(?i:close|closing level|finish)\b)")
#: A comparison with a month's level: "wider than in February", "higher than at the end of 2024".
_THAN_IN = re.compile(r"\b(?i:than)\s+(?i:in|at)\s+(?=(?i:the\s+(?:end|start|beginning)\s+of\s+)?(?:[A-Z][a-z]{2,8}\b|"
                      r"(?:19|20)\d\d\b)"
                      # ("tighter than at the start of the year")
                      r"|(?i:the\s+(?:end|start|beginning)\s+of\s+(?:the|this|last)\s+(?:year|month|quarter)\b))")


#: "In the week ended Friday", "for the week ending June 17", "in the week to Thursday": the week to
#: that day (group ``day``).
WEEK_ENDED_RE = re.compile(r"\bthe\s+week\s+(?:that\s+)?(?:ended|ending|to|through|thru)\s+(?:on\s+)?"
                           r"(?P<day>(?:last\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day|"
                           r"[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+(?:19|20)\d\d)?|(?:19|20)\d\d-\d\d-\d\d)",
                           re.IGNORECASE)


def week_ended(clause: str, as_of: pd.Timestamp, parser: DateDataParser) -> Period | None:
    """The week to the day a :data:`WEEK_ENDED_RE` phrase names (from the close a week before it,
    as :func:`week_period`), or None."""
    m = WEEK_ENDED_RE.search(clause)
    day = None if m is None else find_period(f"on {m.group('day')}", as_of, parser)
    if day is None or day.kind != "day" or day.day is None:
        return None
    end = day.day
    base = end - pd.Timedelta(days=7)
    return Period(f"since:{base:%Y-%m-%d}", "week", base, end, "W-FRI", f"in the week to {end:%Y-%m-%d}")


def find_period(clause: str, as_of: pd.Timestamp, parser: DateDataParser) -> Period | None:
    """The period a clause states, or None. ``clause`` should have record phrases removed."""
    clause = WITHIN_PERIOD_RE.sub(lambda m: " " * len(m.group(0)), clause)  # (offsets kept)
    if WEEK_ENDED_RE.search(clause):  # "in the week ended Friday": the week, not Friday's move
        week = week_ended(clause, as_of, parser)
        if week is not None:
            return week
    m = ENDED_RE.search(clause)
    grain = _FOR_THE.search(clause)
    level = _AT_LEVEL_THEN.match(clause, m.end()) if m else None
    if m and (ENDED_MOVE_RE.match(clause, m.end()) or grain is not None
              or (level is not None and ENDED_MOVE_RE.match(clause, level.end()))):
        # "ended the month up 10.8%": the month's move; "closed out 2024 at 5,881.63, up 23.3% for
        # the year" (written in 2025): 2024's
        ended = ended_period(m, as_of, parser)
        if ended is not None and (grain is None or grain.group(1).lower() == _GRAINS.get(ended.kind)):
            return ended
    # "200 basis points wider than in February" ("than at the end of February", "than at the start of
    # the year"): since then
    clause = _THAN_IN.sub(lambda t: "since ".rjust(len(t.group(0))), clause)  # ("since the ...": one space)
    m = EDGE_RE.search(clause)
    if m:  # before the calendar periods it names ("of this year", "of January")
        return edge_period(m, as_of, parser, since=clause[:m.start()].rstrip().lower().endswith("since"))
    epoch = re.search(r"\bsince\s+(?:the\s+)?[\"“']?(?P<when>liberation day)\b", clause, _F)
    if epoch is not None:  # "since Liberation Day": from that day's close
        base = pd.Timestamp(next(when for pattern, when in EPOCHS if pattern.search(epoch.group("when"))))
        if base < as_of:
            return Period(f"since:{base:%Y-%m-%d}", "since", base, as_of, None, f"since {epoch.group('when')} ({base:%Y-%m-%d})")
    # "since the April 2 tariff announcement": since that day
    clause = _SINCE_THE_DAY.sub(lambda t: "since".ljust(len(t.group(0))), clause)
    clause = _FROM_THE_CLOSE.sub(lambda t: "since".ljust(len(t.group(0))), clause)
    m = SINCE_RE.search(clause)
    if m:
        words = m.group("when")
        part = _PART.match(words)  # "since mid-September": from the part's first day (the 11th)
        stripped = re.sub(r"^the\s+(?:end|start|beginning)\s+of\s+", "", part.group("rest") if part else words, flags=_F)
        parsed = parse_date(parser, stripped, as_of)
        if part is not None and parsed is not None and parsed[1] in ("month", "year") and parsed[0] <= as_of:
            whole = parsed[0].replace(day=1) if parsed[1] == "month" else pd.Timestamp(f"{parsed[0].year}-01-01")
            base = _part_of(whole, parsed[1], part.group("part"))[0] - pd.Timedelta(days=1)
            if base < as_of:
                return Period(f"since:{base:%Y-%m-%d}", "since", base, as_of, None, f"since {words}")
        if parsed is not None and parsed[0] <= as_of:
            when, grain = parsed
            if words.lower().startswith("the end of"):
                base = _month_end(when) if grain == "month" else pd.Timestamp(f"{when.year}-12-31")
            elif grain == "day":
                base = when
            elif grain == "month":
                base = when.replace(day=1) - pd.Timedelta(days=1)
            else:
                base = pd.Timestamp(f"{when.year - 1}-12-31")
            return Period(f"since:{base:%Y-%m-%d}", "since", base, as_of, None, f"since {words}")
    m = HALF_RE.search(clause)
    if m:
        first = (m.group("which") or "").lower() == "first" or m.group("h") == "1"
        given = m.group("year") or m.group("year2")
        year = int(given) if given else as_of.year
        if not given and (as_of.month <= (0 if first else 6)):
            year -= 1
        start = pd.Timestamp(f"{year - 1}-12-31") if first else pd.Timestamp(f"{year}-06-30")
        stop = pd.Timestamp(f"{year}-06-30") if first else pd.Timestamp(f"{year}-12-31")
        if start < as_of:
            label = f"half:{year}-H{1 if first else 2}"
            words = f"in the {'first' if first else 'second'} half of {year}"
            # the first half is the start of a year: its records compare the same span of every year
            return Period(label, "ytd" if first else "half", start, min(stop, as_of), "Y" if first else None, words)
    m = TWO_DAYS_RE.search(clause)
    if m:  # "plunged 56 basis points over Friday and Monday": the sessions from the first to the second
        first, second = (find_period(f"on {m.group(g)}", as_of, parser) for g in ("a", "b"))
        if first is not None and second is not None and first.day is not None and second.day is not None \
                and first.day < second.day:
            n = int(np.busday_count(first.day.date(), second.day.date())) + 1
            return Period(f"{n}d", "sessions", second.day, second.day, None,
                          f"over {m.group('a').title()} and {m.group('b').title()} ({n} sessions to {second.day:%Y-%m-%d})")
    m = SESSIONS_RE.search(clause)
    if m and count_words(m.group("n") or m.group("n2")) >= 2:
        return sessions_period(count_words(m.group("n") or m.group("n2")), as_of)
    m = WEEK_RE.search(clause)
    if m:
        return week_period(as_of, last=m.group(0).lower().startswith("last"))
    m = NAMED_MONTH_RE.search(clause)
    if m:  # before "last year" and "this year" ("in August last year" is a month)
        parsed = parse_date(parser, m.group(0), as_of)
        if parsed is not None and parsed[0] <= as_of:
            p = parsed[0].to_period("M")
            return calendar_period(p, as_of, f"{_last_day(p):%B %Y}")
    if YTD_RE.search(clause):
        return calendar_period(as_of.to_period("Y"), as_of, "so far this year")
    if LAST_YEAR_RE.search(clause):
        p = as_of.to_period("Y") - 1
        return calendar_period(p, as_of, f"{p.year}")
    if THIS_MONTH_RE.search(clause):
        return calendar_period(as_of.to_period("M"), as_of, f"{as_of:%B %Y}")
    if LAST_MONTH_RE.search(clause):
        p = as_of.to_period("M") - 1
        return calendar_period(p, as_of, f"{_last_day(p):%B %Y}")
    if LAST_QUARTER_RE.search(clause):
        p = as_of.to_period("Q") - 1
        return calendar_period(p, as_of, f"{p.year} Q{p.quarter}")
    if THIS_QUARTER_RE.search(clause) and not QUARTER_RE.search(clause):
        p = as_of.to_period("Q")
        if (as_of - p.start_time).days < 7:  # "ended the quarter" in its first week: the one just ended
            p -= 1
        return calendar_period(p, as_of, f"{p.year} Q{p.quarter}")
    m = TRAILING_RE.search(clause)
    if m:
        n = count_words(m.group("n") or m.group("n2") or m.group("n3"))
        unit = (m.group("unit") or m.group("unit3") or "month").lower()
        if unit in ("day", "week"):
            days = n * (7 if unit == "week" else 1)
            base = as_of - pd.Timedelta(days=days)
            return Period(f"since:{base:%Y-%m-%d}", "since", base, as_of, None, m.group(0).strip().lower())
        months = n * {"year": 12, "decade": 120}.get(unit, 1)
        base = as_of - pd.DateOffset(months=months)
        return Period(f"{months}m", "trailing", base, as_of, None, m.group(0).strip().lower())
    if YEAR_AGO_RE.search(clause):
        return Period("12m", "trailing", as_of - pd.DateOffset(months=12), as_of, None, "over the past year")
    m = QUARTER_RE.search(clause)
    if m:
        q = int(m.group("q")) if m.group("q") else _ORDINAL_QUARTER[m.group("ord").lower()]
        year = m.group("year") or m.group("year2")
        if year:
            p = pd.Period(f"{year}Q{q}", freq="Q")
        else:
            p = pd.Period(f"{as_of.year}Q{q}", freq="Q")
            if p.start_time > as_of:
                p = p - 4
        if p.start_time <= as_of:
            return calendar_period(p, as_of, f"{p.year} Q{p.quarter}")
    m = YEAR_RE.search(clause)
    if m:
        year = int(m.group("year"))
        if year <= as_of.year:
            return calendar_period(pd.Period(str(year), freq="Y"), as_of, str(year))
    for m in MONTH_RE.finditer(clause):
        parsed = parse_date(parser, m.group("when"))
        if parsed is not None and parsed[1] == "month" and parsed[0] <= as_of:
            p = parsed[0].to_period("M")
            return calendar_period(p, as_of, f"{_last_day(p):%B %Y}")
    m = ON_DATE_RE.search(clause)
    if m:
        parsed = parse_date(parser, m.group("when"))
        if parsed is not None and parsed[1] == "day" and parsed[0] <= as_of:
            return day_period(parsed[0], f"on {parsed[0]:%Y-%m-%d}")
    m = WEEKDAY_RE.search(clause)
    if m:
        if m.group("yesterday"):
            day = as_of - pd.Timedelta(days=1) if m.group("yesterday").lower() == "yesterday" else as_of
        else:
            wanted = _WEEKDAYS.index(m.group("day").lower())
            last = (m.group("last") or "").strip().lower() == "last"
            if as_of.weekday() == wanted and not last:
                day = as_of  # "Thursday" written on a Thursday: that day
            else:  # dateparser: the last such day strictly before the as-of date
                parsed = parse_date(parser, m.group("day"))
                if parsed is None:
                    return None
                day = parsed[0]
        return day_period(day, f"on {day:%A %Y-%m-%d}")
    return None


SPAN_RE = re.compile(r"^(?P<q>nearly|almost|more than|over|about|just over|just under)?\s*"
                     r"(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|"
                     r"twenty|thirty|a decade|decades)?\s*(?P<unit>years?|months?|weeks?|decades?)\b", _F)
EPOCHS = (
    (re.compile(r"\b(?:the )?(?:covid|pandemic|coronavirus)\b", _F), "2020-03"),
    (re.compile(r"\b(?:the )?(?:global )?financial crisis\b|\bthe great recession\b", _F), "2008"),
    (re.compile(r"\b(?:the )?dot[- ]?com\b", _F), "2000"),
    # the US tariff announcement of 2 April 2025, as 2025's market news names it
    (re.compile(r"\b(?:the )?liberation day\b", _F), "2025-04-02"),
)


#: A calendar quarter named in a record's "since".
_QUARTER_SINCE = re.compile(r"(?:the\s+)?(?P<q>first|second|third|fourth)\s+quarter\s+of\s+(?P<y>(?:19|20)\d\d)|"
                            r"(?P<q2>q[1-4])\s+(?P<y2>(?:19|20)\d\d)|(?P<y3>(?:19|20)\d\d)\s+(?P<q3>q[1-4])", re.IGNORECASE)
#: "early November", "mid-2022", "late October 2023": a third of the month (days 1-10, 11-20, 21
#: to the end) or of the year (January-April, May-August, September-December).
_PART = re.compile(r"(?P<part>early|mid|late)[- ]+(?P<rest>.+)$", re.IGNORECASE)


def _part_of(start: pd.Timestamp, grain: str, part: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and last days of the early, mid or late part of the month or year from ``start``."""
    third = {"early": 0, "mid": 1, "late": 2}[part.lower()]
    if grain == "month":
        first = start + pd.Timedelta(days=10 * third)
        return first, (_month_end(start) if third == 2 else first + pd.Timedelta(days=9))
    first = start + pd.DateOffset(months=4 * third)
    return first, first + pd.DateOffset(months=4) - pd.Timedelta(days=1)


#: A decade or part of one: "the 1990s", "the late 1990s", "the mid-2000s".
_DECADE = re.compile(r"(?:the\s+)?(?:(?P<part>early|mid|late)[- ]+)?(?P<decade>(?:19|20)\d0)[\u2019']?s", re.IGNORECASE)


def parse_since(words: str | None, ever: bool, as_of: pd.Timestamp, parser: DateDataParser) -> Since | None:
    """The "since" of a record phrase (see :class:`Since`), or None when it cannot be read."""
    if ever:
        return Since("ever", None, None, None, "on record")
    if not words:
        return None
    text = words.strip(" ,.;:")
    # "since its November 2021 peak", "since the April 2025 low": the date of that peak or low
    text = re.sub(r"^(?:its|their|the)\s+(.+?)\s+(?:(?:record|closing|all-time)\s+)?(?:peak|high|low|top|trough|bottom|"
                  r"record(?: close| high| low)?)s?$", r"\1", text, flags=_F)
    decade = _DECADE.fullmatch(text)
    if decade is not None:  # "since the late 1990s": those years (was read as the publication day)
        first = int(decade.group("decade"))
        lo, hi = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}.get((decade.group("part") or "").lower(), (0, 9))
        return Since("year", pd.Timestamp(f"{first + lo}-01-01"), pd.Timestamp(f"{first + hi}-12-31"), None, text)
    m = SPAN_RE.match(text)
    if m and m.group("unit"):
        n = count_words(m.group("n")) if m.group("n") and "decade" not in (m.group("n") or "") else 1
        unit = m.group("unit").lower()
        months = n * {"y": 12, "m": 1, "w": 0, "d": 120}[unit[0]]
        if unit.startswith("week"):
            start = as_of - pd.Timedelta(weeks=n)
        else:
            start = as_of - pd.DateOffset(months=months)
        q = (m.group("q") or "").lower() or None
        if q in ("almost", "just under"):
            q = "nearly"
        if q in ("over", "just over"):
            q = "more than"
        return Since("span", start, start, q, text)
    quarter = _QUARTER_SINCE.fullmatch(text)
    if quarter is not None:  # "since the first quarter of 2021", "since Q1 2021", "since 2021 Q1"
        q = quarter.group("q") or quarter.group("q2") or quarter.group("q3")
        n = {"first": 1, "second": 2, "third": 3, "fourth": 4}.get(q.lower(), None) or int(q[-1])
        year = int(quarter.group("y") or quarter.group("y2") or quarter.group("y3"))
        start = pd.Timestamp(year=year, month=3 * n - 2, day=1)
        return Since("quarter", start, start + pd.offsets.QuarterEnd(0), None, words.strip())
    part = _PART.match(text)
    if part is not None:  # "since early November", "since mid-2022", "since late October 2023"
        whole = parse_since(part.group("rest"), False, as_of, parser)
        if whole is None or whole.kind not in ("month", "year"):
            return None
        first, last = _part_of(whole.start, whole.kind, part.group("part"))
        return Since(whole.kind, first, last, None, words.strip())
    for pattern, when in EPOCHS:
        if pattern.search(text):
            text = when
    year = re.fullmatch(r"(?:the\s+)?(?:end of\s+)?(?P<y>(?:19|20)\d\d)(?:\s+\w+)*", text, _F)
    if year:
        y = int(year.group("y"))
        return Since("year", pd.Timestamp(f"{y}-01-01"), pd.Timestamp(f"{y}-12-31"), None, words.strip())
    if re.fullmatch(r"\d{4}-\d{2}", text):
        start = pd.Timestamp(f"{text}-01")
        return Since("month", start, _month_end(start), None, words.strip())
    parsed = parse_date(parser, text, as_of)
    if parsed is None:
        return None
    when, grain = parsed
    if grain == "year":
        return Since("year", pd.Timestamp(f"{when.year}-01-01"), pd.Timestamp(f"{when.year}-12-31"), None, words.strip())
    if grain == "month":
        start = when.replace(day=1)
        return Since("month", start, _month_end(start), None, words.strip())
    return Since("day", when, when, None, words.strip())


def span_high_since(span: re.Match, as_of: pd.Timestamp, parser: DateDataParser) -> Since | None:
    """"A 16-year high" (:data:`analytics.claims.lexicon.SPAN_HIGH_RE`): a record over at least that
    span (the last level as extreme lies that long before, or longer); None when it cannot be read."""
    since = parse_since(f"{span.group('n')} {span.group('unit')}s", False, as_of, parser)
    return None if since is None else Since("span", since.start, since.start, "more than", f"a {span.group(0)}")

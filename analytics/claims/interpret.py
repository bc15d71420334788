"""From text to claims: sentences, clauses, and what each clause states (pure; no data).

A clause is checkable when it names a series the product knows (or refers back to one with
"it", "its", "the index") and states a figure, a record ("its highest since 2008"), a status
("a bear market") or a peak. :func:`interpret` returns one :class:`Spec` per such clause, in
text order, with the character offsets of the clause in the input. Clauses about markets the
product has no data for (the Dow, oil) or figures it cannot compute (forward P/E) become specs
with ``unsupported`` set, so they are reported as ``not_checkable`` with the reason.

The text is split into sentences and clauses by :mod:`analytics.claims.clauses` (the rules are
there); a clause's figures are read by :mod:`analytics.claims.figures`, its "since the Fed's
first hike" by :mod:`analytics.claims.event_phrases`. :class:`_Reader` keeps what carries from
one clause to the next (the subject, the period, the verb) and dispatches each clause to the
readers of :mod:`analytics.claims.read_index` (indexes and the pair) and
:mod:`analytics.claims.read_rates` (yields, spreads, the curve, the Fed). A clause without a
period of its own takes the period of the previous clause of the same sentence ("..., while the
S&P 500 is up 2%").
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace

import pandas as pd
from dateparser.date import DateDataParser

from analytics.claims import lexicon as lx
from analytics.claims.base import name
from analytics.claims.clauses import (
    APPOSED_FIGURE, DAY_AFTER_BEFORE, ELIDED, MOVING_START, VERB_START, WHEN_DAY_BEFORE, Clause, find_mentions,
    split_clauses, split_sentences, unknown_market,
)
from analytics.claims.dates import (
    UNREAD_PERIOD_RE, Period, Since, calendar_period, count_words, find_day, find_period, latest_day, parse_date,
    SINCE_RE, parse_since, sessions_period, span_high_since, unplaced_date, week_period,
)
from analytics.claims.event_phrases import (
    after_fed_event, fed_event_match, fed_event_type, since_any_event, since_fed_event,
)
from analytics.claims.figures import (
    Figure, blank, find_figures, in_pp, index_figure, intraday_spans, points_move, sign_before,
)
from analytics.claims.read_index import POSSESSIVE_LARGE, IndexReadings
from analytics.claims.read_leverage import LeverageReadings
from analytics.claims.read_rates import RateReadings
from analytics.claims.spec import FUNDS, INDEXES, LARGE, RATES, SMALL, SPREADS, Spec


#: A clause that opens on another thing and its record before the series it is about: "With the
#: dollar at a 20-year high, small caps ...", "As oil prices hit a seven-year high, the Russell 2000 ..."
_OTHER_SUBJECT = re.compile(r"\s*(?:with|as|while|amid|after|when)\s+(?!(?:it|its|they|their|small|large)\b)\S",
                            re.IGNORECASE)
#: A record of the subject's move naming the subject again: "the biggest five-day gain for the
#: Russell 2000 since 2020" (the name is read as not there: the record of the clause's move).
_RECORD_NAMING = re.compile(r"\b" + lx.SUPERLATIVE + r"\s+(?:[\w-]+\s+){0,3}?(?P<of>for\s+(?:the\s+)?)$",
                         re.IGNORECASE)
_RECORD_NAMING_NEXT = re.compile(r"\s+(?:since|in|on record|ever)\b", re.IGNORECASE)
#: A clause that compares with another index in passing ("..., outpacing the S&P 500's 1.7% gain,"):
#: the index it names is the object, so the next clause without a subject keeps the one before.
_ASIDE = re.compile(r"^\W*(?:(?:well|far|just|slightly|comfortably|still|even|much|a bit|a little)\s+)?"
                    r"(?:(?:outpac|outperform|underperform|outstripp|beat|best|top|trail|lagg|eclips|edg)\w*ing\b"
                    r"|(?:compared (?:with|to)|versus|vs\.?|against|ahead of|behind|in line with|matching|"
                    r"similar to)\s"
                    r"|(?:less|more|smaller|bigger|larger|better|worse|steeper|deeper|sharper|milder|shallower)\s+than\s)",
                    re.IGNORECASE)
#: A record said of the Fed right before it: "a day after the Fed's biggest hike since 1994".
_FED_POSSESSIVE = re.compile(r"\b(?:the\s+)?(?:fed(?:eral reserve)?|fomc|central bank|policymakers)(?:'s|\u2019s|')\s+"
                             r"(?:\w+\s+)?$", re.IGNORECASE)
#: A contrast aside: "The Russell 2000 rose 1.9% this month while the S&P 500 slipped 0.4%, and the
#: index is up 7.3% this year": "the index" and "it" after it are the sentence's subject.
_CONTRAST = re.compile(r"\b(?:while|whereas)\s*$", re.IGNORECASE)
_PRONOUN_START = re.compile(r"^\W*(?:it|the index|the gauge)\b(?!')", re.IGNORECASE)
#: A comparison with another index's move of the same span ("..., less than the S&P 500's 9.3% drop",
#: "more than the Nasdaq's 5% gain"): who did better, a claim of its own. Groups: ``cmp``, ``noun``.
_COMPARED = re.compile(r"^\W*(?:(?:far|much|slightly|a bit|a little|well)\s+)?(?P<cmp>less|more|smaller|bigger|larger|"
                       r"better|worse|steeper|deeper|sharper|milder|shallower)\s+than\s+(?:the\s+)?"
                       r"(?:s&p(?: 500)?|large[- ]caps?|big[- ]caps?|nasdaq(?: composite)?)['’]s?\s+"
                       r"(?:(?:about|nearly|almost|roughly|around|some)\s+)?[\d.]+\s*(?:%|percent)\s+"
                       r"(?P<noun>drop|decline|loss|fall|slide|slump|retreat|gain|rise|rally|advance|increase|climb|jump)\b",
                       re.IGNORECASE)
def comparison_way(word: str, down: bool) -> str:
    """"high" when a comparison word says the small caps did better than the other index, "low"
    when worse: "better"/"worse" say it alone; "less" (smaller, milder, shallower) is better of a
    fall (``down``) and worse of a rise, "more" (bigger, larger, steeper ...) the other way round."""
    word = word.lower()
    if word in ("better", "worse"):
        return "high" if word == "better" else "low"
    return "high" if (word in ("less", "smaller", "milder", "shallower")) == down else "low"


def compared_way(text: str) -> str | None:
    """:func:`comparison_way` of a :data:`_COMPARED` clause ("less than the S&P 500's 9.3% drop",
    "more than its 5% gain"); None for any other clause."""
    m = _COMPARED.match(text)
    return None if m is None else comparison_way(m.group("cmp"), m.group("noun").lower() in lx.DOWN_NOUNS)


#: A small-cap move compared with another index's at the end of its clause, without that index's
#: figure ("..., slightly more than the S&P 500", "less than the Nasdaq"). Group ``cmp``.
_TAIL_COMPARED = re.compile(r",\s*(?:(?:slightly|far|much|a bit|a little|well|considerably)\s+)?(?P<cmp>more|less|better|worse)"
                            r"\s+than\s+(?:the\s+)?(?:s&p(?: 500)?|large[- ]caps?|big[- ]caps?|nasdaq(?: composite)?)"
                            r"(?!['’]s?\s)\W*$", re.IGNORECASE)
#: Words before an index that make it the object of a comparison ("more than the S&P 500").
_OBJECT_BEFORE = re.compile(r"\b(?:than|versus|vs\.?|compared (?:with|to)|against|behind|ahead of|"
                            r"(?:outpac|outperform|underperform|outstripp|beat|trail|lagg|eclips|edg)\w*)\s", re.IGNORECASE)


#: A superlative and its "since" that the record words do not cover ("the widest gap between the
#: two over the first five months of a year since 1999").
_LONG_RECORD = re.compile(r"\b(?:the|its|their)\s+(?:widest|biggest|largest|best|worst|highest|lowest|deepest|sharpest|"
                          r"steepest|strongest|weakest|narrowest"
                          # "its smallest annual gain since 2005": a record among gains only (not the
                          # worst year, which 2011's loss was), which no record rule ranks
                          r"|smallest|slimmest|tiniest|mildest)\b[^,;]*?\bsince\s+[^,;.]*(?:\d{4}|\w+)", re.IGNORECASE)
#: "Since" as an adverb: "It has since rebounded about 3%" (since the day an earlier sentence named).
_SINCE_ADVERB = re.compile(r"\b(?:has|have|had|is|are)\s+(?:\w+\s+)?since\s+(?!(?:the|its|their|a|an|then)\b|\d)",
                           re.IGNORECASE)
#: "the gap between the Russell 2000 and the S&P 500", "the performance gap between small and large caps"
#: A return said as a multiple of the large caps': "more than triple the S&P 500's 7.1% gain",
#: "roughly a third of the S&P 500's advance", "five times the Nasdaq's".
_MULTIPLE_OF = re.compile(r"\b(?P<q>(?:more than|nearly|almost|roughly|about|around|over|less than|just over|"
                          r"just under)\s+)?(?P<m>double|twice|triple|quadruple|half|one[- ]half|a third|one[- ]third|"
                          r"a quarter|one[- ]quarter|two[- ]thirds|(?:\d+(?:\.\d+)?|two|three|four|five|six|seven|"
                          r"eight|nine|ten)\s+times)\s+(?:(?:of|that of)\s+)?(?:the\s+)?"
                          r"(?=s&p|large[- ]caps?|big[- ]caps?|small[- ]caps?|nasdaq|russell|the\s+(?:s&p|russell|nasdaq))",
                          re.IGNORECASE)
_MULTIPLES = {"double": 2.0, "twice": 2.0, "triple": 3.0, "quadruple": 4.0, "half": 0.5, "one half": 0.5,
              "one-half": 0.5, "a third": 1 / 3, "one third": 1 / 3, "one-third": 1 / 3, "a quarter": 0.25,
              "one quarter": 0.25, "one-quarter": 0.25, "two thirds": 2 / 3, "two-thirds": 2 / 3}
#: A stock index's move or distance, not a yield's: "is now 20% below its record", "is still down
#: 14% this year" (a yield moves in points and stands at a level: "fell to 4.04%").
_EQUITY_MOVE = re.compile(r"\b\d+(?:\.\d+)?\s*(?:%|percent)\s+(?:below|above|under|off|from)\s+(?:its|their)\b"
                          r"|\b(?:down|up|lower|higher)\s+(?:about\s+|nearly\s+|almost\s+|more than\s+|roughly\s+)?"
                          r"\d+(?:\.\d+)?\s*(?:%|percent)\b|\b(?:bear market|correction territory)\b", re.IGNORECASE)
#: "..., outperforming it by", "lagging them by": the subject's margin over the index just named.
_PRONOUN_MARGIN = re.compile(r"\b(?P<verb>outperform|outpac|outstripp|beat|lagg|trail|underperform)\w*\s+"
                             r"(?:it|them|the index|the benchmark)\s+by\s+", re.IGNORECASE)
#: "... gain by more than": a figure that is the margin.
_BY_BEFORE = re.compile(r"\bby\s+(?:[\w-]+\s+){0,3}$", re.IGNORECASE)
#: A record of the pair's gap named as a noun: "its biggest outperformance since 2020".
_OUT_NOUN = re.compile(r"\b(?:out|under)performance\b", re.IGNORECASE)
_GAP_BETWEEN = re.compile(r"\b(?:gap|divergence|difference|spread)\s+(?:in (?:performance|returns)\s+)?between\b",
                          re.IGNORECASE)
#: "the biggest gap between the two since 2020": the pair named across the sentence.
_GAP_OF_TWO = re.compile(r"\b(?:widest|biggest|largest)\s+(?:(?:first|second)-half\s+|(?:daily|weekly|monthly|quarterly|"
                         r"annual|yearly)\s+)?(?:performance\s+)?(?:gap|divergence|(?:out|under)performance|margin)"
                         r"(?:\s+between\s+(?:the\s+two|them))?\b",
                         re.IGNORECASE)
#: "..., which has climbed about 24% over the same period": the period of the clause before.
_SAME_PERIOD = re.compile(r"\b(?:over|in|during|for)\s+(?:the\s+same|that)\s+(?:period|span|stretch|time)\b",
                          re.IGNORECASE)
#: "... from the July 16 high to more than 12%": the size a slide from a peak has reached.
_SLIDE_TO = re.compile(r"\s+to\s+(?:more than\s+|about\s+|nearly\s+|almost\s+|roughly\s+|over\s+)?(?P<figure>\d[\d.]*)\s*%",
                       re.IGNORECASE)
#: ", extending its slide (losses, decline)": what follows is the run, not the day's move.
_EXTENDING = re.compile(r",?\s*(?:extending|deepening|bringing|taking|stretching)\s+its\b[^,]*$", re.IGNORECASE)
#: "The two-year yield has climbed 4 points since then": since the event or day named before.
_SINCE_THEN = re.compile(r"\bsince then\b|\bsince that (?:day|date|time|move|cut|hike|low|peak)\b", re.IGNORECASE)
#: The measures a span since an event can be given to (a return, a gap, a yield's or spread's move).
_EVENT_MEASURES = ("return", "relative_return", "return_gap", "change_record")
#: A move in the simple past ("slid 2.7%", "rose 0.5%", "lost 2.2%"): a session's, in a market wrap.
_PAST_MOVE = re.compile(r"\b(?:rose|fell|slid|sank|lost|gained|added|jumped|climbed|dropped|declined|"
                        r"advanced|tumbled|slipped|edged|rallied|surged|plunged|eased|ticked|finished|closed|ended|"
                        r"narrowed|widened|tightened)\b",
                        re.IGNORECASE)
#: A standing or a move so far ("is down", "has lost", "have gained"): a span, as the sentence before.
_ONGOING = re.compile(r"\b(?:is|are|was|were|has|have|had|remains?|stands?)\b", re.IGNORECASE)
#: "on the day", "that day": the day the text is about (an earlier sentence's day, else the latest session).
_DAY_CONTEXT = re.compile(r"\b(?:on the day|that day|on the session|for the session|for the day)\b", re.IGNORECASE)
#: "in a single day", "in one week": the latest session, the week to date.
_IN_ONE = re.compile(r"\bin (?:a|one|a single)\s+(?:(?P<day>(?:trading\s+)?(?:day|session))|(?P<week>week))\b",
                     re.IGNORECASE)
#: The kind of move a record names ("its worst week", "the biggest one-day jump", "weekly drop").
_RECORD_DAY = re.compile(r"(?:trading\s+|single[- ]|one[- ])?(?:day|session)\b|(?:daily|intraday)\b", re.IGNORECASE)
_RECORD_SESSIONS = re.compile(r"(?P<n>\d+|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty)"
                              r"[- ](?:day|session|trading[- ]day)\b", re.IGNORECASE)
_RECORD_CALENDAR = re.compile(r"(month|quarter|year)(?:ly)?\b|(annual)\b", re.IGNORECASE)
_RECORD_HALF = re.compile(r"(first|second)[- ]half\b", re.IGNORECASE)
_RECORD_WEEK = re.compile(r"(?:one[- ]|single[- ])?week(?:ly)?\b", re.IGNORECASE)
#: "its peak from November 2021", "its peak in late November": the peak's month (or part of it)
#: or year after the phrase.
_PEAK_WHEN = re.compile(r"\s*(?:from|in|of|on|set in|set on|reached in|reached on|hit in|hit on)\s+("
                        r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?"
                        r"(?:,?\s+(?:19|20)\d\d)?\b|(?:(?i:early|mid|late)[- ]+)?(?:[A-Z][a-z]{2,8}\.?\s+)?(?:19|20)\d\d\b|"
                        r"(?:(?i:early|mid|late)[- ]+)?"
                        r"(?:January|February|March|April|May|June|July|August|September|October|November|December)\b"
                        r"(?!\s+\d))")
#: "closed at 6,144.15, a record (high)": the level just stated is a record close.
_RECORD_AFTER = re.compile(r",?\s*(?:a|its)\s+(?:new\s+|fresh\s+)?(?:record|all-time high)(?:\s+(?:high|close))?"
                           r"(?!\s*(?:since|in|for|of|low)\b)\b", re.IGNORECASE)
_FIRST_TIME = re.compile(r"\bfor the first time\b|\ba first close (?:above|over)\b", re.IGNORECASE)
#: A figure right after a series' name, its verb left out ("..., the S&P 500 2.5% and ...").
_FIGURE_NEXT = re.compile(r"\s+(?:about\s+|nearly\s+|almost\s+|roughly\s+)?[-+]?\d[\d,]*(?:\.\d+)?\s*(?:%|percent\b)",
                          re.IGNORECASE)
#: "has doubled from its March 2020 low": a rise of 100% (200% for tripled).
_MULTIPLE = re.compile(r"\b(?P<word>doubled|tripled)\b", re.IGNORECASE)


#: A large cap's own move in a relative clause after it: "outperforming the S&P 500, which gained 5.5%".
#: ", which is up about 33%", ", which has risen 24%", or its verb left out: ", up 24%".
_WHICH_LARGE = re.compile(r"(?:s&p 500|s&p|large[- ]caps?|nasdaq(?: composite)?)\s*,\s*(?:which\s+(?:(?:has|have|had)\s+"
                          r"(?:been\s+)?|(?:is|are|was|were)\s+)?)?(?:rose|risen|gained|climbed|advanced|added|rallied|"
                          r"jumped|surged|up|fell|fallen|lost|declined|dropped|slipped|slid|tumbled|down)"
                          # ("which has lost less than 6%", "which is up just over 5%": a bound of its own move)
                          r"\s+(?:by\s+)?(?:(?:about|nearly|almost|roughly|around|just|only|barely|some|more than|"
                          r"less than|at least|at most|no more than|over|under|just over|just under|a little over|"
                          r"a little under|a little more than|a little less than)\s+)?$",
                          re.IGNORECASE)
#: The verbs of :data:`_WHICH_LARGE` that say a fall.
_WHICH_DOWN = re.compile(r"\b(?:fell|fallen|lost|declined|dropped|slipped|slid|tumbled|down)\b", re.IGNORECASE)
#: The measures whose record needs its "since" (without it there is nothing to compare with).
_SINCE_MEASURES = ("level_record", "return_record", "change_record")
#: The measure of the same figure without its record.
_WITHOUT_RECORD = {"level_record": "level", "return_record": "return"}


# ----------------------------------------------------------------------------- interpretation


def _recent_high(when: str, as_of: pd.Timestamp) -> Since | None:
    """The span of "its 52-week high" (the past 364 days), "its year-to-date high" and "its high
    for the year" (this year), or None for other words."""
    words = when.lower().strip()
    if re.fullmatch(r"(?:52|fifty-two)[- ]week|(?:12|twelve)[- ]month|one[- ]year", words):
        return Since("span", as_of - pd.Timedelta(days=364), as_of, None, "the past 52 weeks")
    if re.fullmatch(r"year[- ]to[- ]date|ytd|(?:this|the) year's", words):
        return Since("span", pd.Timestamp(f"{as_of.year}-01-01"), as_of, None, f"{as_of.year} to date")
    return None


class _Reader(IndexReadings, RateReadings, LeverageReadings):
    """Interprets the clauses of one text in order (the previous subject and period carry over)."""

    def __init__(self, as_of: pd.Timestamp, parser: DateDataParser):
        self.as_of = as_of
        self.parser = parser
        self.subject: str | None = None
        self.index_subject: tuple[int, str] | None = None  # (paragraph, key) of the last sentence's stock index
        self.last_sentence: int | None = None  # the sentence of the clause read last
        self.lead = ""  # the words just before the clause being read (its connector: "while")
        self.contrast: tuple[int, str] | None = None  # (sentence, the stock index a "while" clause set aside)
        self.period: tuple[int, int, Period] | None = None  # (sentence, paragraph, period) last stated
        self.day: tuple[int, Period] | None = None  # (paragraph, day) the last day a clause stated
        self.own: Period | None = None  # the period the clause being read states itself
        self.note: str | None = None  # how the clause's period was read, when not stated in it
        self.verb: tuple[int, str] | None = None  # the previous clause's sentence and last rise or fall word
        self.annual: int | None = None  # the sentence of the last clause stating a yearly rate
        self.returned: int | None = None  # the sentence of the last clause saying "returned"
        # the sentence, event and months after it (None: to date) of the last "since the election"
        self.event_said: tuple[int, tuple, int | None] | None = None
        self.unread_since: str | None = None  # a record's "since ..." of the clause that is no date
        self.extra: list[Spec] = []  # a second claim of the same clause ("a record high, up 0.4%")
        # (sentence, day) of the last bottom a clause named ("bottomed ... on Aug. 7"): "that low" after it
        self.bottom: tuple[int, pd.Timestamp] | None = None
        self.start_at = None  # a rate's move "from 3.6% in September" (read_rates)
        self.span_from: tuple[int, Period] | None = None  # (paragraph, since a day's low or peak) for "the same period"
        self.last_event: tuple[int, tuple] | None = None  # (paragraph, event) of the last claim since an event
        self.aside_way: str | None = None  # "high" or "low": an aside's other index figure also says who led
        self.after: list[Spec] = []  # claims of the clause read after its own (who led, beside that figure)
        self.extreme_span: str | None = None  # a span a level was named the extreme of ("the 2.6% low hit in January")
        self.sentence_span: tuple[int, Period] | None = None  # (sentence, since a low or peak) for its other clauses
        self.since_named: tuple[int, tuple] | None = None  # (sentence, event) of the last "since <event>": "since then"
        self.last_index: tuple[int, str] | None = None  # (paragraph, stock index) of the last clause about one
        self.period_standing = False  # whether the clause that set self.period stated a standing ("is down")

    def _aside(self, text: str) -> bool:
        """A clause that leaves the subject as it was: a comparison ("outpacing the S&P 500's gain")."""
        return bool(_ASIDE.match(text))

    def read(self, clause: Clause) -> Spec | None:
        verb = self.verb[1] if self.verb is not None and self.verb[0] == clause.sentence else None
        if verb and self.subject and ELIDED.match(clause.text) and not find_mentions(clause.text):
            # "... and another 1.1% on Friday": the verb of the clause before, in the same sentence
            clause = replace(clause, text=f"{verb} {clause.text}")  # (its offsets are the text's)
        elif verb:
            named = find_mentions(clause.text)
            if named and _FIGURE_NEXT.match(clause.text, named[0][1]):
                # "the Russell 2000 jumped 5.8%, the S&P 500 2.5% and the Nasdaq 3%": that verb too
                at = named[0][1]
                clause = replace(clause, text=f"{clause.text[:at]} {verb}{clause.text[at:]}")
        text = clause.text
        named = since_any_event(text)
        if named is not None:
            self.since_named = (clause.sentence, named)
        verbs = list(lx.RISE_RE.finditer(text)) + list(lx.FALL_RE.finditer(text))
        self.verb = (clause.sentence, max(verbs, key=lambda m: m.start()).group(0)) if verbs else None
        mentions = find_mentions(text)
        keys = [k for _, _, k in mentions]
        subject = keys[0] if keys else None
        notes: list[str] = []
        lead = lx.ANAPHORA.match(text) if subject is not None and self.subject in INDEXES else None
        if (lead is not None and self.subject not in keys
                and _OBJECT_BEFORE.search(text, lead.end(), mentions[0][0]) is not None
                and not lx.NUMBER_RE.search(text, mentions[0][1])):  # (not "better than the Nasdaq, which lost 33%")
            # "It has lost about 26% so far this year, more than the S&P 500": "it" is the subject
            # before, the index named after a comparison its object
            subject, keys = self.subject, [self.subject, *keys]
        if subject is None and (lx.ANAPHORA.search(text) or VERB_START.match(text) or APPOSED_FIGURE.match(text)
                                or lx.GAVE_BACK_RE.match(text) or MOVING_START.match(text)) and self.subject:
            subject = self.subject  # "it fell 2%", "... but remains 2% below its record"
            if self.contrast is not None and self.contrast[0] == clause.sentence and _PRONOUN_START.match(text):
                # "The Russell 2000 rose 1.9% this month while the S&P 500 slipped 0.4%, and the index
                # is up 7.3% this year": the sentence's subject ("and is up": the S&P 500's, as before)
                subject = self.contrast[1]
            index_before = next((s for s in (self.index_subject, self.last_index)
                                 if s is not None and s[0] == clause.paragraph), None)
            if (subject not in INDEXES and index_before is not None
                    and (lx.EQUITY_ANAPHORA.match(text) or (_PRONOUN_START.match(text) and _EQUITY_MOVE.search(text)))):
                # "Junk spreads widened to 8.87%. The index is down 16% so far this year": the stock
                # index named before the spread; "..., while the 10-year yield fell to 4.04%. It is
                # now 20% below its record": a yield is not "20% below its record"
                subject = index_before[1]
        bare = lx.BARE_INDEX.search(text)
        if subject is None and bare is not None:
            subject = self.subject or SMALL
            if self.subject is None:
                notes.append('"the index" read as the Russell 2000')
        elif bare is not None and mentions and bare.start() < mentions[0][0] and subject != SMALL:
            # "the index is on pace for its biggest outperformance versus the S&P 500": the index
            # named before the one it is compared with is the subject (the one before, or small caps)
            subject = self.subject if self.subject in INDEXES and self.subject != keys[0] else SMALL
            keys = [subject, *[k for k in keys if k != subject]]
            if subject == SMALL and self.subject != SMALL:
                notes.append('"the index" read as the Russell 2000')
        text = blank(text, lx.SAME_POINT_RE.search(text))  # ("the widest margin for this point of the year since 2021")
        if mentions and keys[0] == subject and _OTHER_SUBJECT.match(text):
            for other in (lx.RECORD_RE.search(text), lx.SPAN_HIGH_RE.search(text)):
                if other is not None and other.end() <= mentions[0][0] and _OTHER_SUBJECT.match(text[:other.start()]):
                    # "With the dollar at a 20-year high, small caps ...": another thing's record
                    notes.append(f'"{text[:other.end()].strip()}" is not about the {name(subject)}: not checked')
                    text = blank(text, other)
        fed_record = lx.RECORD_RE.search(text)
        if (subject in INDEXES and fed_record is not None
                and _FED_POSSESSIVE.search(text, 0, fed_record.start("word"))):
            # "Small caps tumbled 4.7% on Thursday, a day after the Fed's biggest hike since 1994": the
            # Fed's record, not the index's day (it was denied as "the worst day since 2022-06-13")
            notes.append(f'"{fed_record.group(0).strip()}" is the Fed\'s record, not the {name(subject)}\'s: not checked')
            text = blank(text, fed_record)
        for a, b, key in mentions[1:]:  # ("..., the biggest five-day gain for the Russell 2000 since 2020")
            said_for = _RECORD_NAMING.search(text, 0, a)
            if key == subject and said_for is not None and _RECORD_NAMING_NEXT.match(text, b):
                text = text[:said_for.start("of")] + " " * (b - said_for.start("of")) + text[b:]
        record = lx.RECORD_RE.search(text)
        # the period is read without the record phrase ("its highest since 2008" is no period)
        plain = blank(text, record)
        figures = find_figures(plain)
        intraday = None
        hidden = intraday_spans(text, plain, figures, record)
        if hidden:  # "rose as much as 2%", "an intraday record of 2,466.49": read the rest without them
            for a, b in hidden:
                text = text[:a] + " " * (b - a) + text[b:]
            record = lx.RECORD_RE.search(text)
            plain = blank(text, record)
            figures = find_figures(plain)
            if subject and not figures and record is None and not lx.INDEX_LEVEL_RE.search(plain):
                intraday = Spec(clause, "level", series=subject, unsupported=(
                    "the data has daily closes only: an intraday high, low or move cannot be checked"))
        # nor is "since the Fed's first hike in March" ("in March" would be read as a month)
        event = fed_event_match(plain)
        dated = blank(plain, event)
        dated = blank(dated, lx.FIRST_IN_RE.search(dated))  # nor "its first gain in three sessions"
        # nor "for the first time since August" (a record's date: no period for the next sentences)
        dated = blank(dated, lx.FIRST_TIME_RE.search(dated) or lx.FIRST_SINCE_RE.search(dated)
                      or lx.FIRST_SINCE_BARE_RE.search(dated))
        dated = blank(dated, lx.FIRST_PERIOD_SINCE_RE.search(dated))  # nor "its first annual loss since 2015"
        dated = blank(dated, lx.AFTER_EVENT_RE.search(dated))  # nor "in the 12 months after the Fed's last hike in July"
        dated = blank(dated, lx.PERIOD_RUN_TO_RE.search(dated))  # nor "extending its gain this week to 5%" (read_index)
        dated = blank(dated, (lx.period_of(dated) or (None,))[0])  # nor "capping a weekly gain of 6%" (read_index)
        dated = blank(dated, lx.FED_COUNT_RE.search(dated))  # nor "its fourth cut this year" (a tally, read_rates)
        # nor the "since" of a record too long to read ("the widest gap between the two over the
        # first five months of a year since 1999"): said not checked, not read as a period
        unread_record = _LONG_RECORD.search(dated) if record is None else None
        dated = blank(dated, unread_record)
        self.own, self.note = find_period(dated, self.as_of, self.parser), None
        self.unread_since = None
        # a second record of the same move ("its best January since 2019 and its best month since
        # November 2022"): read without it, then as a claim of its own
        second = next(lx.RECORD_RE.finditer(text, record.end()), None) if record is not None else None
        if second is not None and second.group("word").lower() not in lx.UP_WORDS | {"worst", "lowest", "weakest"}:
            second = None
        dated_second = blank(dated, second)
        if second is not None:
            self.own = find_period(dated_second, self.as_of, self.parser)
        read_plain = blank(blank(plain, unread_record), second)
        spec = intraday or self._read(clause, text, read_plain, mentions, keys, subject, figures, record)
        if (spec is not None and spec.measure == "return" and spec.series in (LARGE, "IXIC") and self.subject == SMALL
                and spec.unsupported is None):
            self._pronoun_gap(clause, read_plain, figures, spec)
        if (spec is not None and spec.measure == "return" and spec.series in INDEXES and self.subject in INDEXES
                and self.subject != spec.series and spec.unsupported is None):
            # ("The Nasdaq surged 43.4% in 2023, more than triple the Russell 2000's 15.1% gain")
            self._multiple_of(clause, read_plain, spec)
        if (second is not None and spec is not None and spec.measure == "return_record" and spec.series in INDEXES
                and spec.unsupported is None):
            again = self._return(clause, text, read_plain, spec.series, figures, second)
            if again is not None and again.measure == "return_record":
                self.extra.append(again)
        if spec is not None and unread_record is not None:
            spec.notes.append(f"\"{unread_record.group(0).strip()}\" is not checked")
        if spec is not None and spec.event is not None:
            self.last_event = (clause.paragraph, spec.event)
        elif spec is not None and self.own is None and spec.unsupported is None:
            self._same_span(clause, plain, spec)
        if spec is not None and spec.measure == "level_record" and record is not None and not spec.negated:
            before = re.sub(r"(?:\b(?:its|their|the|a|an|new|fresh)\s*)+$", "", text[:record.start("word")].rstrip(), flags=re.I)
            spec.near = bool(lx.NEAR_RECORD_RE.search(before))  # "remain near their tightest levels since 2007"
            spec.ties = bool(lx.TIE_RECORD_RE.search(before))  # "closed at 1.37%, matching its record low"
        if (spec is not None and spec.since is None and self.unread_since and spec.unsupported is None
                and (spec.measure in _SINCE_MEASURES or spec.measure == "return_gap" and spec.direction is not None
                     and spec.last_since is None and spec.streak is None)):
            # "its highest since the taper tantrum": a record against a date the reader cannot place;
            # the figure is still checked, without the record
            unread = f"\"since {self.unread_since}\" could not be read as a date"
            if spec.stated is not None and (spec.measure in _WITHOUT_RECORD or spec.measure == "return_gap"):
                spec.measure = _WITHOUT_RECORD.get(spec.measure, spec.measure)
                spec.direction, spec.rank = None, None
                spec.notes.append(f"the record is not checked: {unread}")
            else:
                spec.unsupported = f"the record's date: {unread}"
        unread_period = UNREAD_PERIOD_RE.search(dated) if self.own is None else None
        if (spec is not None and unread_period and spec.unsupported is None and spec.peak is None
                and not spec.trough and spec.event is None and spec.since is None):
            # "fell 5% in the first five days of the year": not the latest session's move, nor
            # over an earlier sentence's period
            spec.unsupported = f"the period \"{unread_period.group(0).strip()}\" could not be read"
        unplaced = (unplaced_date(dated, self.as_of, self.parser) if spec is not None and self.own is None
                    and spec.unsupported is None and spec.peak is None and not spec.trough and spec.event is None
                    and spec.since is None and spec.given_back is None else None)
        if unplaced is not None:  # "fell 2% on Feb. 30", "rose 5% in 2031": not the latest session's move either
            spec.unsupported = f"the date: {unplaced}"
        if self.own is not None and (spec is None or spec.given_back is None):
            # (not the span of gains given back: "..., erasing its losses for the year, and the Russell
            # 2000 jumped 4.2%" is Monday's move)
            self.period = (clause.sentence, clause.paragraph, self.own)
            self.period_standing = bool(_ONGOING.search(clause.text))  # ("is still down 17% this year")
            if self.own.kind == "day":
                self.day = (clause.paragraph, self.own)
        elif spec is not None and spec.period is not None and (self.note or "").startswith("read as the latest"):
            # "their best day ... since 2020, with the Russell 2000 up 3.6%": that day for the rest
            self.period = (clause.sentence, clause.paragraph, spec.period)
        if spec is not None and spec.measure == "drawdown" and spec.series and spec.direction != "low":
            # "up 25% from its April 8 low, outpacing the S&P 500, up 24% over the same period": since then
            self.span_from = (clause.paragraph, _since_extreme(spec, self.as_of))
            if self.own is None:
                # "... has gained 25% since its April 8 low, compared with 30% for the Nasdaq": that span,
                # in this sentence only (a later sentence's bare move is not since that low)
                self.sentence_span = (clause.sentence, self.span_from[1])
        run = next((s for s in (spec, *self.extra) if s is not None and s.clause is clause and s.streak is not None
                    and s.streak[1] == "session" and s.streak[2] and s.period is not None and s.period.kind == "day"),
                   None)
        if run is not None:
            # "rose 3.5% on Tuesday, its fifth straight gain, and has jumped 11.5% over that stretch":
            # the run's sessions
            n, day = run.streak[0], run.period.end
            self.span_from = (clause.paragraph, Period(f"{n}d", "sessions", day, day, None,
                                                       f"over the {n} sessions of the run to {day:%Y-%m-%d}"))
        before = self.subject
        if spec is not None:
            if self.note and spec.period is not None:
                notes.append(self.note)
            spec.notes = notes + spec.notes
            if self.subject and self._aside(clause.text):
                pass  # "..., outpacing the S&P 500's gain, and is up 9%": still the subject before
            elif spec.series and "-" not in spec.series and "~" not in spec.series:
                self.subject = spec.series
            elif spec.series and "-" in spec.series and spec.series.split("-")[0] in INDEXES:
                self.subject = spec.series.split("-")[0]  # "small caps beat large caps ..., their best ...": the small
        elif subject and not (self.subject and self._aside(clause.text)):
            self.subject = subject
        if before in INDEXES and self.subject != before and _CONTRAST.search(self.lead):
            self.contrast = (clause.sentence, before)  # ("X rose while Y slipped": X for "the index" after)
        if self.subject in INDEXES and clause.sentence != self.last_sentence:  # (a sentence's subject, not an aside's)
            self.index_subject = (clause.paragraph, self.subject)
        if spec is not None and spec.series in INDEXES:
            self.last_index = (clause.paragraph, spec.series)
        self.last_sentence = clause.sentence
        way, self.aside_way = self.aside_way, None
        if (way is None and spec is not None and spec.measure == "return" and spec.series in (LARGE, "IXIC")
                and self.subject == SMALL):
            way = compared_way(clause.text)  # "..., less than the S&P 500's 9.3% drop": who did better
        tail = (_TAIL_COMPARED.search(clause.text) if way is None and spec is not None and spec.measure == "return"
                and spec.series == SMALL and spec.stated is not None and spec.unsupported is None else None)
        if tail is not None:
            # "It has lost about 26% so far this year, slightly more than the S&P 500": who did better
            large = next(k for _, _, k in find_mentions(tail.group(0)))
            way = comparison_way(tail.group("cmp"), spec.stated < 0)
            self.after.append(Spec(clause, "relative_return", series=f"{SMALL}-{large}", period=spec.period,
                                   event=spec.event, horizon=spec.horizon, direction=way, notes=list(spec.notes)))
            way = None
        if way and spec is not None and spec.measure == "return" and spec.unsupported is None and (
                spec.period is not None or spec.event is not None):
            self.after.append(Spec(clause, "relative_return", series=f"{SMALL}-{spec.series}", period=spec.period,
                                   event=spec.event, horizon=spec.horizon, direction=way, notes=list(spec.notes)))
        return spec

    @staticmethod
    def _ratio_of(text: str, keys: list[str]) -> str | None:
        """``RUT/GSPC`` when the clause's subject is the pair's ratio ("the Russell 2000's ratio to
        the S&P 500 is down 40% from its March 2021 peak"), else None."""
        large = next((k for k in keys if k in (LARGE, "IXIC")), None)
        if SMALL in keys and large is not None and re.search(r"\bratio\b", text, re.IGNORECASE):
            return f"{SMALL}/{large}"
        return None

    def _given_back(self, clause: Clause, plain: str, subject: str, back: re.Match) -> Spec | None:
        """"Has given back all of its post-election gains", "erased its gains for the year", "has
        recouped most of its losses since the Fed's first cut": over the event's span or the
        clause's period (none: not read), the share of the largest running gain (loss) given back
        (recouped) by the last close."""
        verb = back.group("verb").lower()
        losses = back.group("what").lower().startswith(("loss", "decline", "drop", "sell", "slide"))
        recouped = verb.startswith(("recoup", "recover", "regain", "made back", "makes back", "claw"))
        if verb.startswith(("erase", "erasing", "wipe", "wiping", "pare", "paring")):
            recouped = losses  # "erased its losses for the year", "pared its losses": recouped
        if recouped != losses:
            return None  # "recouped its gains", "gave back its losses": not read
        what = "losses" if recouped else "gains"
        share = re.sub(r"\s+of$", "", (back.group("share") or "all").lower())
        if verb.startswith("pare"):
            share = "some"
        least, most = lx.GAVE_BACK_SHARES[share]
        which = (back.group("which") or "").lower()
        event = since_any_event(plain) or (("election", None) if which in ("post-election", "election") else None)
        spec = Spec(clause, "return", series=subject, given_back=(what, least, most))
        if event is not None:
            spec.event = self._event(event)
        elif self.own is not None and self.own.kind not in ("day", "sessions"):
            spec.period = self.own
        elif which in ("year-to-date", "ytd"):
            spec.period = calendar_period(self.as_of.to_period("Y"), self.as_of, "so far this year")
        else:
            return None
        return spec

    def _same_span(self, clause: Clause, plain: str, spec: Spec) -> None:
        """"Over the same period" or "since then" after a clause measured since an event ("since
        the Fed's first hike in March 2022, ..."): the span since that event; "since then" after a
        rise or fall from a named day's low or peak: the span since that day."""
        same = _SAME_PERIOD.search(plain) or _SINCE_THEN.search(plain)
        if same is None or spec.peak is not None or spec.trough or spec.since is not None:
            return
        if self.span_from is not None and self.span_from[0] == clause.paragraph and _SINCE_THEN.search(plain):
            spec.period = self.span_from[1]
            self.note = f"\"{same.group(0)}\" read as {self.span_from[1].words}"
        elif self.last_event is not None and self.last_event[0] == clause.paragraph and spec.measure in _EVENT_MEASURES:
            spec.event, spec.period = self.last_event[1], None
            self.note = None
            spec.notes.append(f"\"{same.group(0)}\" read as since the event named before")

    def _period(self, clause: Clause, plain: str) -> Period | None:
        """The clause's own period; else, for "on the day", the day in context (or the latest
        session); else the sentence's; else the last period of the paragraph (said in the reason)."""
        if self.own is not None:
            return self.own
        one = _IN_ONE.search(plain)
        if one is not None:
            return self._latest("day" if one.group("day") else "week")
        context = self.period
        if _DAY_CONTEXT.search(plain):  # a day, even when the sentence named a longer period before
            if context is not None and context[2].kind == "day" and context[1] == clause.paragraph:
                return context[2]
            self.note = "read as the latest trading day"
            return latest_day(self.as_of)
        same = _SAME_PERIOD.search(plain)
        if same is not None and self.span_from is not None and self.span_from[0] == clause.paragraph:
            self.note = f"\"{same.group(0)}\" read as {self.span_from[1].words}"
            return self.span_from[1]
        if context is not None and context[0] == clause.sentence:
            if (context[2].kind != "day" and self.period_standing and self.day is not None
                    and self.day[0] == clause.paragraph and _PAST_MOVE.search(plain) and not _ONGOING.search(plain)):
                # "The index is still down about 17% this year, and junk spreads narrowed 19 basis
                # points": a move in the simple past beside a standing, the wrap's day
                self.note = f"the day of an earlier sentence: {self.day[1].words}"
                return self.day[1]
            return context[2]
        if self.sentence_span is not None and self.sentence_span[0] == clause.sentence and _ASIDE.match(clause.text):
            return self.sentence_span[1]  # ("compared with 30% for the Nasdaq", not "and the S&P 500 fell 1%")
        if same is not None and context is not None and context[1] == clause.paragraph:
            self.note = f"\"{same.group(0)}\" read as {context[2].words}"
            return context[2]
        if (context is not None and context[1] == clause.paragraph and context[0] != clause.sentence
                and context[2].kind == "day" and context[2].end < self.as_of and _SINCE_ADVERB.search(plain)):
            # "... fell 3.3% on Monday. It has since rebounded about 3%": from that day's close on
            day = context[2].end
            self.note = f"\"since\" read as since the day of an earlier sentence ({day:%Y-%m-%d})"
            return Period(f"since:{day:%Y-%m-%d}", "since", day, self.as_of, None, f"since {day:%Y-%m-%d}")
        if context is not None and context[1] == clause.paragraph:
            if (context[2].kind != "day" and self.day is not None and self.day[0] == clause.paragraph
                    and _PAST_MOVE.search(plain) and not _ONGOING.search(plain)):
                # "... fell 1.9% on Monday. It is down 15% so far this year. The benchmark S&P 500
                # slid 2.7%": a move in the simple past, the wrap's day, not the year so far
                self.note = f"the day of an earlier sentence: {self.day[1].words}"
                return self.day[1]
            self.note = f"the period of an earlier sentence: {context[2].words}"
            return context[2]
        return None

    def _stated_day(self, plain: str, named: Since | None) -> Period | None:
        """The day a drawdown or a rise is measured on ("on Monday"), unless the clause names none
        or the day falls in the stated peak or low ("its October 12 low" is no such day)."""
        day = find_day(plain, self.as_of, self.parser)
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
        thing = re.sub(r"^(?:in|over)\s+an?\s+", "", thing)  # "the most in a five-day span since 2020"
        runs = _RECORD_SESSIONS.match(thing)
        n = count_words(runs.group("n")) if runs else 1
        calendar = _RECORD_CALENDAR.match(thing)
        kind = ("sessions" if n > 1 else "day" if _RECORD_DAY.match(thing) or runs
                else "week" if _RECORD_WEEK.match(thing) else (calendar.group(1) or "year").lower() if calendar else None)
        half = _RECORD_HALF.match(thing)
        if half is not None and self.own is None and (period is None or not period.label.startswith("half:")):
            # "on track for their worst first half since 1962": this year's (or the last) half
            named = find_period(f"in the {half.group(1).lower()} half", self.as_of, self.parser)
            if named is not None:
                self.note = f"read as {named.words[3:]}{' (to date)' if named.end >= self.as_of else ''}"
                return named
        if kind in ("month", "quarter", "year") and (period is None or period.kind != kind) and self.own is None:
            # "is on pace for its best month since November 2020": the running month (to date); in
            # a month's first week the one just ended ("had its best month since ...")
            p = self.as_of.to_period(kind[0].upper())
            if (self.as_of - p.start_time).days < 7:
                p -= 1
            words = f"{p.end_time:%B %Y}" if kind == "month" else f"{p.year} Q{p.quarter}" if kind == "quarter" else f"{p.year}"
            self.note = f"read as {words}{' (to date)' if p.end_time.normalize() > self.as_of else ''}"
            return calendar_period(p, self.as_of, words)
        month_named = re.match(r"(january|february|march|april|may|june|july|august|september|october|november|"
                               r"december)\b", thing, re.IGNORECASE)
        if kind is None and month_named is not None and self.own is None and (period is None or period.kind != "month"):
            # "is on pace for its best January since 2021": the latest January (to date), among Januaries
            named = find_period(f"in {month_named.group(1).title()}", self.as_of, self.parser)
            if named is not None and named.kind == "month":
                self.note = f"read as {named.words.removeprefix('in ')}"
                return named
        if kind == "week" and period is not None and period.kind == "since" and (period.end - period.base).days == 7:
            # "rose 50 bp over the past week, its biggest weekly increase since 2001": compared with
            # every earlier week to Friday (the same week on a Friday), not with runs of five sessions
            return replace(period, kind="week", calendar="W-FRI")
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

    def _won_or_lost(self, clause: Clause, plain: str, keys: list[str]) -> bool:
        """Small against large caps, beaten or beating, without a figure: over a period the clause
        states ("small caps are trailing large caps this year", "the Russell 2000 lagged the S&P 500
        in 2024"), or as an aside after a small-cap move of the same sentence, over its period or
        since its event ("rose 1.5% on Monday, outpacing the S&P 500")."""
        if not (lx.BEAT_RE.search(plain) or lx.LAG_RE.search(plain)):
            return False
        large = any(k in keys for k in (LARGE, "IXIC"))
        if self.own is not None and SMALL in keys and large:
            return True
        in_sentence = self.period is not None and self.period[0] == clause.sentence
        return (large and SMALL not in keys and self.subject == SMALL and _ASIDE.match(clause.text) is not None
                and (in_sentence or self._event_of(clause) is not None))

    def _event_of(self, clause: Clause):
        """The event the sentence's "since the election" (the Fed's first cut) named, or None."""
        said = self.event_said
        return said[1] if said is not None and said[0] == clause.sentence else None

    def _second_period_way(self, plain: str, spec: Spec, first_small: bool) -> Spec | None:
        """"The Russell 2000 lagged the S&P 500 in 2024 and is trailing it again in 2025": the
        second way and period a claim of its own (``spec`` keeps the first period), or None."""
        verbs = sorted([*lx.BEAT_RE.finditer(plain), *lx.LAG_RE.finditer(plain)], key=lambda m: m.start())
        if len(verbs) < 2:
            return None
        cut = verbs[-1].start()
        first = find_period(plain[:cut], self.as_of, self.parser)
        later = find_period(" " * cut + plain[cut:], self.as_of, self.parser)
        if first is None or later is None or first.label == later.label:
            return None
        spec.period = first
        up = lx.BEAT_RE.match(plain, cut) is not None
        return replace(spec, period=later, direction="high" if up == first_small else "low", notes=list(spec.notes))

    def _since(self, record) -> Since | None:
        if record is None:
            return None
        within = record.group("within")
        if within:  # "its best week of the year": no earlier one that year (month) as good
            words = within.lower()
            year = re.search(r"(?:19|20)\d\d", words)
            start = (pd.Timestamp(f"{year.group(0)}-01-01") if year else
                     self.as_of.to_period("M" if "month" in words else "Y").start_time)
            return Since("within", start, start, None, words)
        ever = lx.record_ever(record)
        ever = ever not in ("", "high", "low") or (record.group("word").lower() in ("record", "all-time", "all time")
                                                    and bool(ever))
        since = parse_since(record.group("since"), ever, self.as_of, self.parser)
        if since is None and record.group("since"):
            words = record.group("since").strip(" ,.;:")
            event = since_any_event(f"since {words}")
            if event is not None:  # "its best month since the Fed began raising rates": that event's day
                return Since("event", None, None, None, words, event=self._event(event))
            self.unread_since = words
        return since

    def _read(self, clause, text, plain, mentions, keys, subject, figures, record) -> Spec | None:
        unknown = unknown_market(text)
        index_level = next((m for m in lx.INDEX_LEVEL_RE.finditer(plain)
                            if not re.fullmatch(r"(?:19|20)\d\d", m.group("value"))), None) if subject in INDEXES else None
        checkable_words = bool(figures or record or index_level or lx.REGIME_RE.search(text)
                               or (unknown and re.search(r"\d", text) and (lx.RISE_RE.search(text) or lx.FALL_RE.search(text)
                                                                          or lx.INDEX_LEVEL_RE.search(text)))
                               or lx.FED_MOVE_RE.search(text) or lx.SPAN_HIGH_RE.search(text) or lx.BEAR_RE.search(text) or lx.CORRECTION_RE.search(text)
                               or lx.BULL_RE.search(text) or (subject in INDEXES and lx.GAVE_BACK_RE.search(plain))
                               or lx.NOT_SINCE_RE.search(plain) or lx.FIRST_IN_RE.search(plain)
                               or (lx.CORRELATION_RE.search(text) and lx.CORRELATION_FIGURE_RE.search(plain))
                               or ("T10Y2Y" in keys and (lx.INVERTED_RE.search(text) or lx.NOT_INVERTED_RE.search(text)))
                               or (subject in ("DGS10", "DGS2") and lx.YIELD_GAP_RE.search(plain))
                               or lx.FIRST_TIME_RE.search(plain) or (subject in RATES + SPREADS and (lx.FED_MOVE_WORDS.search(plain) or lx.LEVEL_FACTOR_RE.search(plain)))
                               or (since_any_event(plain) and (lx.RISE_RE.search(plain) or lx.FALL_RE.search(plain)
                                                                or lx.BEAT_RE.search(plain) or lx.LAG_RE.search(plain)))
                               or lx.STREAK_RE.search(plain) or lx.TALLY_RE.search(plain) or lx.TALLY_ORDINAL_RE.search(plain) or lx.RECORD_COUNT_RE.search(text)
                               or lx.MOVING_AVERAGE_RE.search(plain) or lx.FED_RANGE_RE.search(plain) or lx.FED_NEAR_ZERO_RE.search(plain) or (_MULTIPLE.search(plain) and lx.RALLY_RE.search(plain))
                               or (subject in INDEXES and not figures and lx.SIGN_RE.search(plain)
                                   and not lx.SIGN_OTHER_RE.search(plain))
                               or self._won_or_lost(clause, plain, keys)
                               or (lx.CORRELATION_RE.search(text) and lx.SIGN_RE.search(plain))
                               or lx.PEAK_VERB_RE.search(text) or (lx.FED_EVENT_RE.search(text) and (
                                   lx.HORIZON_RE.search(text) or lx.SHARE_RE.search(text))))
        if subject and lx.MULTIPLE_RE.search(text):  # "trades at 25 times forward earnings"
            return Spec(clause, "level", series=subject, unsupported="valuation multiples need company earnings "
                        "(and, for forward ones, analysts' estimates), which the product does not have")
        if lx.LEVERAGE_CLAIM_RE.search(text) and (checkable_words or lx.RISE_RE.search(text) or lx.FALL_RE.search(text)
                                                  or lx.BEAT_RE.search(text) or lx.LAG_RE.search(text)
                                                  or lx.LEVERAGE_WORSE_RE.search(text) or lx.LEVERAGE_BETTER_RE.search(text)):
            spec = self._leverage(clause, text, subject)
            if spec is not None:
                return spec
            return Spec(clause, "level", unsupported=(
                "returns of companies by leverage are the leverage panel's: it ranks a company universe into quartiles "
                "by debt-to-equity and measures each over a window you choose; the checker does not rank companies"))
        for pattern, why in lx.NEEDS_OTHER_DATA:
            if pattern.search(text) and (subject or figures) and (re.search(r"\d", pattern.sub("", text)) or record):
                return Spec(clause, "level", series=subject, unsupported=why)
        if not checkable_words:
            return None
        fed_rate = lx.FED_RATE_RE.search(text) if not keys and not figures else None
        if fed_rate is not None and not lx.FED_MOVE_RE.search(text):
            # "the fed funds rate is at a 22-year high", "the Fed's benchmark rate is at its highest
            # since 2001": the target's record (the move's own reading, with no move)
            spec = self._fed_move_without_size(clause, plain, 1, record)
            if spec is not None and spec.measure == "level_record":
                return spec
        span = lx.FED_RANGE_RE.search(plain) or lx.FED_NEAR_ZERO_RE.search(plain)
        if span is not None and not keys and lx.FED_WORDS_RE.search(text):
            spec = self._fed_range(clause, plain, span, record)
            if spec is not None:
                move = lx.FED_MOVE_RE.search(text)  # "raised rates by a quarter point to a range of ...": the move too
                moved = None if move is None else self._fed_move(clause, plain, figures, move, None)
                if moved is not None:
                    self.extra.append(moved)
                return spec
        to_level = (lx.FED_TO_LEVEL_RE.search(plain) if span is None and not keys and lx.FED_WORDS_RE.search(text)
                    and (lx.FED_MOVE_RE.search(text) or lx.FED_RATE_RE.search(text)) else None)
        if to_level is not None:
            # "cut its benchmark rate by a quarter point to 1% on Wednesday, the lowest since 1958": the
            # level and its record, the move a claim of its own ("its biggest cut since" is the move's)
            level_record = record is not None and record.group("word").lower() in ("highest", "lowest")
            spec = self._fed_level(clause, plain, to_level, record if level_record else None)
            move = lx.FED_MOVE_RE.search(text)
            moved = None if move is None else self._fed_move(clause, blank(plain, to_level), figures, move,
                                                             None if level_record else record)
            if moved is not None:
                self.extra.append(moved)
            return spec
        # "it is up 100 basis points since the Fed began cutting": the Fed names the span of the
        # carried subject's move, it is no claim about the Fed
        fed_span_only = (not keys and subject in INDEXES + RATES + SPREADS and fed_event_match(text) is not None)
        move = lx.FED_MOVE_RE.search(text)
        if move and not keys and not fed_span_only:
            spec = self._fed_move(clause, plain, figures, move, record)
            if spec is not None:
                return spec
        regime = lx.REGIME_RE.search(text)
        if regime and not keys and not fed_span_only:
            stance = regime.group("stance").lower()
            status = ("hiking" if stance in ("hiking", "raising rates", "tightening") else
                      "cutting" if stance in ("cutting", "lowering rates", "easing") else "hold")
            spec = self._regime_spec(clause, text, plain, regime)
            meetings = lx.MEETINGS_RE.search(text)
            if meetings is not None:  # "held rates steady for the fourth straight meeting"
                spec.notes.append(f"the count of meetings ('{meetings.group(0)}') is not checked: there is no "
                                  "FOMC meeting calendar here")
            return spec
        if subject is None:
            if unknown:
                return Spec(clause, "level", unsupported=f"no data for {unknown}")
            return None
        if unknown and keys == [] and subject == self.subject:
            return Spec(clause, "level", unsupported=f"no data for {unknown}")

        back = lx.GAVE_BACK_RE.search(plain) if subject in INDEXES and record is None else None
        if back is not None and not any(f.unit == "%" for f in figures):
            spec = self._given_back(clause, plain, subject, back)
            if spec is not None:
                return spec

        sign = (lx.SIGN_RE.search(plain) if subject in INDEXES and not figures and record is None
                and not lx.SIGN_OTHER_RE.search(plain) else None)
        if sign is not None and self.own is not None:
            # "turned positive for the year (on Friday)": the period's return by its sign; "turned":
            # on the other side at an earlier close of the period as well
            return Spec(clause, "return", series=subject, period=self.own,
                        direction="high" if sign.group("sign").lower() == "positive" else "low",
                        status="turned" if sign.group("turned") else None)

        counted = lx.RECORD_COUNT_RE.search(text) if subject in INDEXES else None
        if counted is not None and re.search(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s*$",
                                             text[:counted.start()], re.IGNORECASE):
            counted = None  # "its Nov. 25 record close" is a date, not a count
        if counted is not None:  # "notched 57 record closes in 2024", "its third record close of the year"
            return self._record_count(clause, text, subject, counted)

        # correlation of small caps with a rate
        if lx.CORRELATION_RE.search(text):
            # (not "its two-year correlation": a window, no yield)
            rate = next((k for a, b, k in mentions if k in RATES + SPREADS
                         and not re.match(r"\s*(?:rolling\s+)?correlat", text[b:], re.IGNORECASE)), "DGS10")
            small = next((k for k in keys if k in INDEXES), SMALL)
            stated = next((f.value for f in figures if f.unit == "points"), None)
            coefficient = lx.CORRELATION_FIGURE_RE.search(plain) if stated is None else None
            if coefficient is not None:  # "has fallen to -0.5"
                stated = float(re.sub(r"[\u2212\u2013]\s?", "-", coefficient.group("v")).replace(" ", ""))
            direction, least = None, None
            if record is not None:
                word, said = record.group("word").lower(), record.group(0).lower()
                direction = "low" if ("negative" in word or word in ("lowest", "weakest", "least")
                                      or lx.record_ever(record) == "low") else "high"  # ("at a record low")
                least = re.search(r"\bleast\s+(?:negative|positive)\b", said)
                if least:  # ("its least negative since 2010": the highest, still below zero)
                    direction = "high" if "negative" in said else "low"
            turned = lx.SIGN_RE.search(plain) if record is None and stated is None else None
            spec = Spec(clause, "correlation_record", series=f"{small}~{rate}", since=self._since(record),
                        direction=direction, stated=stated, corr_window=_correlation_window(plain))
            if least:
                spec.status = "least"
            if coefficient is not None and coefficient.group("q"):
                spec.qualifier = {"around": "about", "roughly": "about", "almost": "nearly"}.get(
                    coefficient.group("q").strip().lower(), coefficient.group("q").strip().lower())
            if coefficient is not None:
                spec.figure = Figure(stated, "points", True, coefficient.start("v"), coefficient.end("v"),
                                     spec.qualifier, len(coefficient.group("v").split(".")[-1]))
            if turned is not None:  # "has turned negative", "is positive": its sign now
                spec.direction = "low" if turned.group("sign").lower() == "negative" else "high"
                spec.status = "sign"
                if turned.group("turned"):
                    spec.notes.append("whether it was on the other side before is not checked")
            return spec

        # the event study: "small caps beat large caps in the year after the Fed's last hike in most cycles"
        fed = lx.FED_EVENT_RE.search(text)
        horizon = lx.HORIZON_RE.search(text)
        share = lx.SHARE_RE.search(text)
        # ("has lagged by about 7 points in the year since the Fed's last hike in July 2023": that
        # hike's span, a figure of its own, read below)
        latest = share is None and since_fed_event(plain) is not None and any(f.unit in ("%", "pp") for f in figures)
        # ("in the year after the Fed's last hike in May 2000, the Russell 2000 outperformed ...": that
        # hike's span, not a tally of every cycle)
        one_event = share is None and (after_fed_event(plain) or ((None, None), 0))[0][1] is not None
        latest = latest or one_event
        if fed and (horizon or share) and (lx.BEAT_RE.search(text) or lx.LAG_RE.search(text)) and not latest:
            event = fed_event_type(fed)
            months = 12
            if horizon:
                words = horizon.group("n").lower()
                months = 12 if words.startswith("year") else _count(re.match(r"\w+", words).group(0))
            sign = 1 if lx.BEAT_RE.search(text) and not lx.LAG_RE.search(text) else -1
            said = share.group("share") if share else horizon.group("share") if horizon else None
            if said and said.lower() in ("the majority", "more than half", "half"):
                said += " of"  # (the share words as SHARE_RE gives them)
            spec = Spec(clause, "event_outcome", series=f"{SMALL}-{LARGE}", event=(event, None),
                        horizon=months, share=(said.lower() if said else "most"),
                        direction="high" if sign > 0 else "low")
            stat = lx.EVENT_STAT_RE.search(plain)
            fig = next((f for f in figures if f.unit in ("pp", "points", "%") and stat is not None
                        and f.start >= stat.start()), None)
            if stat is not None and fig is not None:
                # "beaten the S&P 500 by an average of 5 percentage points": the mean of the gaps
                spec.statistic = "median" if (stat.group("stat") or "").lower() == "median" else "mean"
                spec.stated, spec.figure, spec.qualifier = sign * abs(in_pp(fig)) / 100, fig, fig.qualifier
                spec.share = said.lower() if said else None
            return spec

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

        streak = lx.STREAK_RE.search(plain)
        if streak is not None and subject in RATES + SPREADS and not figures:
            return self._rate_streak(clause, text, plain, subject, streak, record)

        small_side = [k for k in keys if k in (SMALL,)]
        large_side = [k for k in keys if k in (LARGE, "IXIC")]
        beat, lag = lx.BEAT_RE.search(text), lx.LAG_RE.search(text)
        implied = False  # large caps read as the comparison the clause does not name
        verb = beat or lag
        if (not small_side and large_side and verb is not None and self.subject == SMALL
                and verb.start() < next(start for start, _, key in mentions if key == large_side[0])):
            # "..., outperforming the S&P 500 by the most since 2000": the small caps of before
            small_side, keys = [SMALL], [SMALL, *keys]
        contrasted = self.contrast is not None and self.contrast[0] == clause.sentence and self.contrast[1] == SMALL
        if (not small_side and large_side and record is not None and (self.subject == SMALL or contrasted)
                and not keys[1:] and lx.RELATIVE_RE.search(record.group(0)) and subject == large_side[0]):
            # "..., on track for its best month relative to the S&P 500 since 2000": its = the small caps
            # (also after "while the S&P 500 fell 0.9%": not the S&P 500's best day relative to itself)
            small_side, keys = [SMALL], [SMALL, *keys]
        if verb is not None and not large_side and (since_any_event(plain) or lx.TALLY_RE.search(plain)) and (
                (keys == [SMALL] and mentions[0][0] < verb.start()) or (not keys and subject == SMALL)):
            # "small caps have lagged since the Fed started cutting", "it has outperformed since the
            # election": against large caps
            small_side, large_side, keys = [SMALL], [LARGE], [SMALL, LARGE]
            implied = True
        denied = lx.NOT_SINCE_RE.search(plain)
        if denied is not None and small_side and large_side:
            # "small caps have not outperformed large caps in a calendar year since 2020"
            since = parse_since(denied.group("since"), False, self.as_of, self.parser)
            won = not denied.group("verb").lower().startswith(("under", "lag", "trail"))
            first_small = keys.index(small_side[0]) < keys.index(large_side[0])
            if since is not None:
                return Spec(clause, "return_gap", series=f"{SMALL}-{large_side[0]}", since=since,
                            direction="high" if won == first_small else "low", last_since=denied.group("unit").lower())
        first = lx.FIRST_PERIOD_SINCE_RE.search(text)
        if first is not None and small_side and large_side and (beat or lag):
            # "beating the S&P 500 for the first quarter since the fourth quarter of 2023"
            since = parse_since(first.group("since").strip(), False, self.as_of, self.parser)
            word = (first.group("unit") or first.group("adj") or "").lower()
            unit = lx.PERIOD_OF_ADJECTIVE.get(word, word)
            if unit == "time":  # "in the third quarter for the first time since ...": the clause's period
                own = self.own.kind if self.own is not None else None
                unit = own if own in ("week", "month", "quarter", "year") else None
            if since is not None and unit is not None:
                won = not lx.lag_first(beat, lag)
                first_small = keys.index(small_side[0]) < keys.index(large_side[0])
                return Spec(clause, "return_gap", series=f"{SMALL}-{large_side[0]}", since=since,
                            direction="high" if won == first_small else "low", last_since=unit, rank=0)
        first_in = lx.FIRST_IN_RE.search(plain) if subject in INDEXES else None
        if first_in is not None:  # "rose 1.6% on Wednesday, its first gain in three sessions"
            up = first_in.group("way").lower() in ("gain", "advance", "rise", "increase")
            word = (first_in.group("adj") or first_in.group("unit")).lower()
            unit = "week" if word.startswith("week") else "month" if word.startswith("month") else "session"
            day = find_day(plain[:first_in.start()], self.as_of, self.parser) if unit == "session" else None
            move = self._return(clause, plain[:first_in.start()], plain[:first_in.start()], subject,
                                [f for f in figures if f.end <= first_in.start()], None)
            if move is not None:
                self.extra.append(move)
            return Spec(clause, "return", series=subject, direction="high" if up else "low",
                        first_in=(count_words(first_in.group("n")), unit),
                        period=day if day is not None and day.kind == "day" and day.day is not None else None)
        said = lx.TALLY_ORDINAL_RE.search(plain) if subject in INDEXES else None
        if said is not None:  # "fell 2.4% in April, its fifth monthly decline in six months"
            return self._tally_said(clause, text, plain, subject, figures, said)
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
        if (record is not None and not small_side and large_side and self.subject == SMALL and figures
                and _GAP_OF_TWO.search(record.group(0))):
            # "the Russell 2000 jumped 3.6%, while the S&P 500 fell 0.9%, the biggest gap between the two
            # since 2020": the S&P 500's move, and the gap's record over that move's period
            move = self._return(clause, text, plain, large_side[0], figures, None)
            if move is not None and move.period is not None and move.unsupported is None:
                self.extra.append(move)
                return Spec(clause, "return_gap", series=f"{SMALL}-{large_side[0]}", period=move.period,
                            since=self._since(record), notes=list(move.notes))
        if (small_side and large_side and record is not None and not (beat or lag) and record.group("word").lower()
                in ("widest", "biggest", "largest", "narrowest", "smallest") and _GAP_BETWEEN.search(plain)):
            # "the gap between the Russell 2000 and the S&P 500 this year is the widest since 1998":
            # the return gap's record, the way it is now
            return Spec(clause, "return_gap", series=f"{SMALL}-{large_side[0]}",
                        period=self._record_period(clause, plain, record), since=self._since(record))
        if (record is not None and small_side and not (beat or lag) and _OUT_NOUN.search(record.group(0))
                and (large_side or not keys[1:])):
            gap = self._outperformance(clause, text, plain, figures, record, large_side)
            if gap is not None:
                return gap
        relative = record is not None and lx.RELATIVE_RE.search(record.group(0) or "")
        if small_side and large_side and relative and not (beat or lag):
            # "small caps had their best day relative to large caps since 2020": the gap's record
            period = self._record_period(clause, plain, record)
            since = self._since(record)
            worst = record.group("word").lower() in ("worst", "weakest", "lowest")
            fig = next((f for f in figures if f.unit in ("pp", "points", "bp")), None)  # "beat them by 4.5 points"
            season = lx.SEASON_RE.search(record.group("thing") or "")
            return Spec(clause, "return_gap", series=f"{SMALL}-{large_side[0]}", period=period, since=since,
                        direction="low" if worst else "high", figure=fig, qualifier=fig.qualifier if fig else None,
                        stated=None if fig is None else (-1 if worst else 1) * abs(in_pp(fig)) / 100,
                        # "their best January relative to large caps": among Januaries
                        seasonal=period is not None and season is not None and period.kind in ("month", "quarter")
                        and (season.group("q") is not None) == (period.kind == "quarter"))
        if small_side and large_side and (beat or lag):
            period = self._record_period(clause, plain, record)  # "... their best day relative to ..."
            fig = next((f for f in figures if f.unit in ("pp", "points", "%", "bp")), None)
            which = fig is not None and _WHICH_LARGE.search(plain[:fig.start])
            own = fig is not None and (POSSESSIVE_LARGE.search(plain[:fig.start]) or which)
            if own:  # "outpacing the S&P 500's 1.9% gain" ("..., which gained 5.5%"): the S&P 500's own return
                after = plain[fig.end:fig.end + 20]
                sign = -1 if re.match(r"\s*(?:loss|decline|drop|fall|slide)", after, re.I) or (
                    which and _WHICH_DOWN.search(which.group(0))) else 1
                spec = Spec(clause, "return", series=large_side[0], period=period, stated=sign * abs(fig.value) / 100,
                            qualifier=fig.qualifier, figure=fig)
                if lx.ANNUAL_RE.search(plain) or self.annual == clause.sentence:
                    spec.annualized = True  # "beating the S&P 500's annualized 4.7%": a yearly rate, as the subject's
                if record is not None and record.start() > fig.end and small_side and period is not None:
                    # "lagging the S&P 500's 26.9% gain by the most since 1998": the gap's record too
                    lagging = lx.lag_first(beat, lag)
                    first_small = keys.index(small_side[0]) < keys.index(large_side[0])
                    self.extra.append(Spec(clause, "return_gap", series=f"{SMALL}-{large_side[0]}", period=period,
                                           since=self._since(record),
                                           direction="low" if lagging == first_small else "high"))
                by = next((f for f in figures if f.start > fig.end and f.unit in ("pp", "points")
                           and _BY_BEFORE.search(plain[fig.end:f.start])), None)
                if by is not None and small_side and period is not None:
                    # "outpacing the S&P 500's 26.3% advance by more than 17 percentage points": the gap too
                    lagging = lx.lag_first(beat, lag)
                    first_small = keys.index(small_side[0]) < keys.index(large_side[0])
                    if re.search(r"\b(?:it|them)\s+by\b", plain[fig.end:by.start], re.IGNORECASE):
                        first_small = False  # "the S&P 500's 16.4% gain outpaced it by about 5 points": the S&P 500 led
                    self.extra.append(Spec(clause, "return_gap", series=f"{SMALL}-{large_side[0]}", period=period,
                                           stated=(-1 if lagging == first_small else 1) * abs(in_pp(by)) / 100,
                                           qualifier=by.qualifier, figure=by, annualized=spec.annualized))
                if self.subject == SMALL and all(k != SMALL for _, _, k in mentions) and _ASIDE.match(clause.text):
                    # "..., outpacing the S&P 500, which is up 33% over the same period": who led, too
                    self.aside_way = "low" if lx.lag_first(beat, lag) else "high"
                said = self.event_said
                if said is not None and said[0] == clause.sentence and self.own is None:
                    # (before an earlier sentence's period: "On Monday, ... Since the election, ...")
                    # "since the election, the Russell 2000 has gained 8%, outpacing the S&P 500's 3% gain"
                    event = said[1]
                    spec.period, spec.event = None, ("election", None) if event[0] == "election" else self._event(event)
                    spec.horizon = said[2]  # ("in the 12 months after the Fed's last hike, ...": that span)
                    spec.notes.append("over the span since the event the sentence names" if said[2] is None else
                                      "over the span after the event the sentence names")
                return spec
            sign = -1 if lx.lag_first(beat, lag) else 1
            first_small = keys.index(small_side[0]) < keys.index(large_side[0])
            if not first_small:
                sign = -sign  # "large caps beat small caps"
            stated = None if fig is None else sign * abs(in_pp(fig)) / 100
            # "by 12 percentage points" is the return gap; "by 5%" the relative return (the
            # ratio's change); a record clause compares gaps, as the facts do
            measure = "return_gap" if (fig is not None and fig.unit != "%") or record is not None \
                else "relative_return"
            since, direction, seasonal = None, None, False
            if record is not None:
                since = self._since(record)
                direction = "high" if sign > 0 else "low"
                season = lx.SEASON_RE.search(record.group("thing") or "")  # "by the most in a January since 2001"
                seasonal = (period is not None and season is not None and period.kind in ("month", "quarter")
                            and (season.group("q") is not None) == (period.kind == "quarter"))
            spec = Spec(clause, measure, series=f"{SMALL}-{large_side[0]}", period=period, stated=stated,
                        qualifier=fig.qualifier if fig else None, since=since, direction=direction, figure=fig,
                        seasonal=seasonal)
            event = since_any_event(plain)  # ("..., their widest post-election lead since 2016": that record)
            horizon = None
            after = after_fed_event(plain) if event is None else None
            if after is not None:  # "in the year after the Fed's last hike in May 2000, ... outperformed"
                event, horizon = after
            elif event is None and fig is None and record is None and self.own is None and _ASIDE.match(clause.text):
                event = self._event_of(clause)  # "have jumped 8% since the election, outpacing the S&P 500"
                if event is not None:
                    spec.notes.append("over the span since the event the sentence names")
            elif (event is None and record is None and spec.period is None and self.event_said is not None
                  and self.event_said[0] == clause.sentence and self.event_said[2] is not None):
                # "A year after the Fed's last hike in December 2018, the Russell 2000 is up 23.6% but
                # has lagged the S&P 500 by about 4 percentage points": that span
                event, horizon = self.event_said[1], self.event_said[2]
                spec.notes.append("over the span after the event the sentence names")
            if event is not None:  # "small caps have lagged (by 4 points) since the Fed's first cut"
                spec.period, spec.event, spec.horizon = None, self._event(event), horizon
                if fig is None:  # the direction alone: the ratio rose or fell
                    spec.direction = "high" if sign > 0 else "low"
            elif fig is None and record is None and spec.period is not None:
                # "small caps are trailing large caps this year": the direction over the stated period
                # (", outpacing the S&P 500" after a move: over that move's)
                spec.direction = "high" if sign > 0 else "low"
                again = self._second_period_way(plain, spec, first_small) if self.own is not None else None
                if again is not None:
                    self.extra.append(spec)
                    spec = again
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
            text = plain = blank(blank(plain, average), lx.FIRST_TIME_RE.search(plain))
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
        bull = lx.BULL_RE.search(text) if not lx.BULL_END_RE.search(text) else None  # ("ending the bull market")
        if subject in INDEXES and (rally or (bull and not lx.BEAR_RE.search(text))):
            # the figure nearest before the phrase ("fell 3%, but remains 20% above its low": 20%)
            fig = next((f for f in reversed(figures) if f.unit == "%" and (rally is None or f.end <= rally.start() + 2)),
                       None)
            run_to = _SLIDE_TO.match(plain, rally.end()) if rally is not None else None
            if run_to is not None:
                # "rose 1% on Thursday, extending its rally from the April 8 low to 28%" ("bringing its gain
                # since the April 8 low to 28%"): the distance is the figure after, the one before the day's move
                moved, fig = fig, next((f for f in figures if f.start == run_to.start("figure")), fig)
                if moved is not None and moved is not fig and sign_before(plain, moved.start) is not None:
                    lead = _EXTENDING.search(plain[:rally.start()])
                    cut = lead.start() if lead is not None else rally.start()
                    move = self._return(clause, plain[:cut], plain[:cut], subject, [moved], None)
                    if move is not None:
                        self.extra.append(move)
            when = rally.group("when").strip() if rally is not None else ""
            when = re.sub(r"^(?:recent|closing|previous|prior)\s+", "", when, flags=re.I)
            if rally is not None and not when:  # "up 14% from its low in October (2022)"
                after = _PEAK_WHEN.match(text[rally.end():])
                when = after.group(1) if after else ""
            low_since = parse_since(when, False, self.as_of, self.parser) if when else None
            if (low_since is None and rally is not None and rally.group("det").lower() in ("that", "this")
                    and self.bottom is not None and self.bottom[0] == clause.sentence):
                # "bottomed ... on Aug. 7 and has since rebounded more than 5% from that low": that day's
                day = self.bottom[1]
                low_since = Since("day", day, day, None, f"{day:%Y-%m-%d}")
            multiple = _MULTIPLE.search(plain) if fig is None else None
            if multiple is not None:  # "has (more than) doubled from its March 2020 low": at least 100%
                more = re.search(r"\b(?:more than|over)\s*$", plain[:multiple.start()], re.I)
                fig = Figure(100.0 if multiple.group("word").lower() == "doubled" else 200.0, "%", False,
                             multiple.start(), multiple.end(), "more than" if more else "at least", 0)
            if fig is not None or bull is not None:  # (else "..., completing a rebound from its April low": read on)
                day = self._stated_day(plain, low_since)
                return Spec(clause, "drawdown", series=self._ratio_of(text, keys) or subject,
                            stated=None if fig is None else abs(fig.value) / 100,
                            qualifier=fig.qualifier if fig else None, status="bull market" if bull else None,
                            peak=low_since, period=day, figure=fig, trough=True)

        # drawdowns: "21% below its January peak", "a bear market"
        within = lx.WITHIN_RE.search(text)
        dd = within or lx.DRAWDOWN_RE.search(text)
        if dd is not None and record is not None and record.start() <= dd.start() < record.end():
            dd = None  # "its highest since its November 2021 peak": the record's date, not a drawdown
        bear, corr = lx.BEAR_RE.search(text) or lx.BULL_END_RE.search(text), lx.CORRECTION_RE.search(text)
        if subject in INDEXES and (dd or bear or corr):
            # the figure nearest before the phrase ("up 15% this year but 2% below its record": 2%)
            fig = next((f for f in reversed(figures) if f.unit == "%" and (dd is None or f.end <= dd.start() + 2)), None)
            run_to = _SLIDE_TO.match(plain, dd.end()) if dd is not None else None
            if run_to is not None:
                # "plunged 3.3% on Monday, extending its slide from the July 16 high to more than 12%":
                # the distance is the figure after the phrase, the one before it the day's move
                fig = next((f for f in figures if f.start == run_to.start("figure")), fig)
            if fig is None and dd is not None:
                fig = next((f for f in figures if f.unit == "%"), None)
            peak_since = None
            when = (dd.group("when") or "").strip() if dd is not None else ""
            if dd is not None and not when:  # "below its all-time high from November 2021"
                after = _PEAK_WHEN.match(text[dd.end():])
                when = after.group(1) if after else ""
            if when:
                peak_since = _recent_high(when, self.as_of) or parse_since(when, False, self.as_of, self.parser)
            status = "bear market" if bear else ("correction" if corr else None)
            if status is not None and lx.NEAR_STATUS_RE.search(text):  # "just shy of a bear market"
                status = f"near {status}"
            # "remains below its November record": below it, by no stated figure
            below = (fig is None and status is None and dd is not None and not within
                     and re.match(r"(?i)(?:below|under|beneath|short of)\b", dd.group(0)) is not None)
            if fig is None and status is None and not below:
                return None
            cut = min(m.start() for m in (dd, bear, corr) if m is not None)
            moved = next((f for f in figures if f.unit == "%" and f is not fig and f.end <= cut), None)
            if run_to is not None and moved is not None:
                cut = _EXTENDING.search(plain[:cut]).start() if _EXTENDING.search(plain[:cut]) else cut
            if (dd is None and fig is not None and moved is None and self.own is not None and fig.end <= cut
                    and sign_before(plain, fig.start) is not None):
                # "fell 5.4% in February, its worst month since December 2024, and is now in
                # correction territory": the month's move (and its record), and the status alone
                moved, fig = fig, None
            if moved is not None and sign_before(plain, moved.start) is not None:
                # "sank 4.4% on Friday and is now in a bear market": the day's move is a claim too
                move = self._return(clause, plain[:cut], plain[:cut], subject, [moved],
                                    record if record is not None and record.end() <= cut else None)
                if move is not None:
                    self.extra.append(move)
            # "on Monday", "on October 12": the drawdown on that day (not the peak's own date)
            day = self._stated_day(plain, peak_since)
            if index_level is not None and index_level.end() <= cut and (record is None or record.start() >= cut):
                # "closed at 1,760.71 on Tuesday, down 27.9% from its November record": the level too
                level = index_figure(index_level, plain)
                self.extra.append(Spec(clause, "level", series=subject, stated=level.value, qualifier=level.qualifier,
                                       figure=level, period=day))
            after = max(cut, dd.end() if dd is not None else cut)
            closes = next((m for m in lx.RECORD_RE.finditer(text, after)
                           if m.group("word").lower() in ("lowest", "highest")), None) if subject in INDEXES else None
            upto = text
            if (closes is None and moved is None and record is not None and record.end() <= cut
                    and record.group("word").lower() in ("lowest", "highest")):
                # "closed at its lowest level in nearly three years on Friday, down more than 30% from
                # its 2021 high": the record before the distance
                closes, upto = record, text[:cut]
            if closes is not None:
                # "bottomed 25.4% below its January record, its lowest close since November 2020":
                # the close's own record too
                level = self._return(clause, upto, blank(upto, closes), subject, [], closes)
                if level is not None and level.measure == "level_record":
                    self.extra.append(level)
            verb = lx.PEAK_VERB_RE.search(text)
            bottomed = verb is not None and verb.group(0).lower().startswith(("bottom", "trough"))
            if bottomed and day is not None and day.kind == "day" and day.day is not None:
                self.bottom = (clause.sentence, day.day)
            return Spec(clause, "drawdown", series=self._ratio_of(text, keys) or subject,
                        stated=None if fig is None else -abs(fig.value) / 100,
                        qualifier="less than" if within and fig else fig.qualifier if fig else None,
                        status="below" if below else status, peak=peak_since,
                        period=day, direction="low" if bottomed else None, figure=fig,
                        record_peak=dd is not None and re.search(r"\b(?:record|all[- ]time)\b", dd.group(0), re.I) is not None)

        span = lx.SPAN_HIGH_RE.search(plain)
        if span is not None and subject in INDEXES + RATES + SPREADS and record is None:
            since = span_high_since(span, self.as_of, self.parser)
            level = (next((f for f in figures if f.unit == "%"), None) if subject not in INDEXES
                     else index_figure(index_level, plain) if index_level is not None else None)
            day = find_day(plain, self.as_of, self.parser)
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
            day = find_day(plain, self.as_of, self.parser)
            figure = index_figure(index_level, plain)
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
            elif first is not None or index_level.group("rec") or _RECORD_AFTER.match(plain, index_level.end()):
                # "closed at a record 6,144.15", "closed at 6,144.15, a record"
                low = bool(index_level.group("rec")) and "low" in index_level.group("rec").lower()
                since, direction = Since("ever", None, None, None, "on record"), "low" if low else "high"
            level = Spec(clause, "level_record" if since is not None and rank is None else "level", series=subject,
                         stated=figure.value, qualifier=figure.qualifier, figure=figure, since=since,
                         direction=direction, period=day if day is not None and day.kind == "day" else None, rank=rank)
            if level.period is None:  # "fell below 1,800 in April for the first time since 2023": April's low
                self.extreme_span = None
                self._at_extreme(level, plain, subject)
            points = points_move(plain, figures)
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
            spec = self._yield_gap(clause, plain, keys, figures, gap, record)
            if spec is not None:
                return spec
        if subject == "T10Y2Y" and (lx.INVERTED_RE.search(text) or lx.NOT_INVERTED_RE.search(text)):
            return self._inversion(clause, plain, figures, record)
        if subject in RATES + SPREADS:
            return self._rate(clause, text, plain, subject, figures, record)

        if subject in INDEXES:
            self._first_period_since(clause, text, subject)
            return self._return(clause, text, plain, subject, figures, record)
        return None

    def _multiple_of(self, clause: Clause, plain: str, large: Spec) -> None:
        """"(The Russell 2000 rose 17% in 1993,) more than triple the S&P 500's 7.1% gain",
        "roughly a third of the S&P 500's advance": the small caps' return as that multiple of the
        large caps' over the same span, a claim of its own."""
        said = _MULTIPLE_OF.search(plain)
        if said is None or (large.period is None and large.event is None):
            return
        word = said.group("m").lower()
        factor = next((v for k, v in _MULTIPLES.items() if word.startswith(k)), None)
        if factor is None:
            factor = float(re.match(r"[\d.]+", word).group(0)) if word[0].isdigit() else float(_count(word.split()[0]))
        q = (said.group("q") or "").strip().lower() or "about"  # ("triple" as written is a rounding)
        q = {"almost": "nearly", "over": "more than", "roughly": "about", "around": "about",
             "just over": "more than", "just under": "nearly"}.get(q, q)
        self.extra.append(replace(large, series=f"{self.subject}-{large.series}", measure="return_multiple", stated=factor,
                                  qualifier=q, figure=Figure(factor, "x", False, said.start(), said.end("m"), q, 2),
                                  notes=list(large.notes)))

    def _pronoun_gap(self, clause: Clause, plain: str, figures, large: Spec) -> None:
        """"(the Russell 2000 slipped 1.7%) against a 12.4% slide in the S&P 500, outperforming it by
        more than 10 percentage points": the margin over the large caps' move, a claim of its own
        over the same span."""
        verb = _PRONOUN_MARGIN.search(plain)
        by = next((f for f in figures if verb is not None and f.start >= verb.end() and f.unit in ("pp", "points")),
                  None)
        if by is None or (large.period is None and large.event is None):
            return
        lagging = verb.group("verb").lower().startswith(("lag", "trail", "underperform"))
        if not re.match(r"\w*ing\b", plain[verb.start():]):
            # a finite verb has the clause's index as its subject: "(..., while) the S&P 500's 16.4%
            # gain outpaced it by about 5 points" is the S&P 500's lead
            lagging = not lagging
        gap = replace(large, series=f"{SMALL}-{large.series}", measure="return_gap", figure=by, qualifier=by.qualifier,
                      stated=(-1 if lagging else 1) * abs(in_pp(by)) / 100, notes=list(large.notes))
        self.extra.append(gap)

    def _outperformance(self, clause: Clause, text: str, plain: str, figures, record, large_side) -> Spec | None:
        """"..., while the S&P 500 fell 0.9%, the small-cap index's biggest outperformance since
        2020", "rose 3.6% on Thursday, its biggest outperformance of the S&P 500 since 2020": the
        return gap's record (against the large index of the sentence, else the S&P 500), over the
        move's period; the small caps' own move in the clause is checked too."""
        large = large_side[0] if large_side else None
        notes = []
        if large is None:
            large = self.subject if self.subject in (LARGE, "IXIC") and self.last_sentence == clause.sentence else None
        if large is None:
            large = LARGE
            notes.append("read against the S&P 500: no comparison named")
        period = None
        own = [f for f in figures if f.end <= record.start()]
        if own:
            move = self._return(clause, text[:record.start()], plain[:record.start()], SMALL, own, None)
            if move is None or move.period is None or move.unsupported is not None:
                return None
            self.extra.append(move)
            period = move.period
        period = period or self._record_period(clause, plain, record)
        if period is None:
            return None
        low = record.group(0).lower().count("underperformance") or record.group("word").lower() in (
            "worst", "weakest", "lowest")
        return Spec(clause, "return_gap", series=f"{SMALL}-{large}", period=period, since=self._since(record),
                    direction="low" if low else "high", notes=notes)

    def _first_period_since(self, clause, text: str, subject: str) -> None:
        """"Fell 12.2% in 2018, its first annual loss since 2015": a claim of its own, the latest
        year (week, month, quarter) down and the one before it that was down in that span."""
        first = lx.FIRST_PERIOD_SINCE_RE.search(text)
        if first is None or first.group("adj") is None or first.group("way").lower() in (
                "outperformance", "underperformance", "win", "lead", "advantage"):
            return
        since = parse_since(first.group("since").strip(), False, self.as_of, self.parser)
        if since is None:
            return
        unit = lx.PERIOD_OF_ADJECTIVE[first.group("adj").lower()]
        down = first.group("way").lower() in ("loss", "decline", "drop", "fall")
        self.extra.append(Spec(clause, "return", series=subject, since=since, direction="low" if down else "high",
                               last_since=unit, rank=0))



def _count(text: str) -> int:
    text = text.lower()
    return int(text) if text.isdigit() else lx.WORD_NUMBERS.get(text, 12)


_CORRELATION_FREQ = {"day": "D", "session": "D", "week": "W", "month": "M", "year": "M"}


def _correlation_window(plain: str) -> tuple[str, int] | None:
    """The window a correlation is said over ("its 24-month correlation": ``("M", 24)``; "two-year":
    ``("M", 24)``; "63-day": ``("D", 63)``), or None."""
    m = lx.CORRELATION_WINDOW_RE.search(plain)
    if m is None:
        return None
    n, unit = count_words(m.group("n") or m.group("n2")), (m.group("unit") or m.group("unit2")).lower()
    return _CORRELATION_FREQ[unit], n * 12 if unit == "year" else n


def _since_extreme(spec: Spec, as_of: pd.Timestamp) -> Period:
    """The span since the low or peak a rise or fall is measured from (not a low or peak that
    ``spec`` bottomed at): since a named day; since the lowest (highest) close of a named month or
    year, or of none named, which the data fixes (:attr:`Period.anchor`)."""
    which = "low" if spec.trough else "peak"
    named = spec.peak
    if named is not None and named.kind == "day":
        return Period(f"since:{named.start:%Y-%m-%d}", "since", named.start, as_of, None,
                      f"since the {named.start:%Y-%m-%d} {which}")
    words = f"since the {name(spec.series)}'s {which}" + (f" in {named.words.strip()}" if named is not None else "")
    return Period(f"since:{which}", "since", as_of if named is None else named.start, as_of, None, words,
                  anchor=(spec.series, named, spec.trough))


#: "... and has since rebounded": since the day the clause before named.
HAS_SINCE = re.compile(r"^\W*(?:(?:it|they|the\s+(?:index|gauge|benchmark))\s+)?(?:has|have)\s+since\s+(?=[a-z])",
                       re.IGNORECASE)


def interpret(text: str, as_of: pd.Timestamp, parser: DateDataParser) -> list[Spec]:
    """The checkable claims of ``text`` in text order (see the module docstring)."""
    reader = _Reader(as_of, parser)
    specs = []
    for clause in split_clauses(text):
        said = WHEN_DAY_BEFORE.search(text, 0, clause.start)
        after = DAY_AFTER_BEFORE.search(text, 0, clause.start)
        context = (reader.period, reader.day)  # (a day named for one record is no period for the rest)
        injected = True
        if said is not None and said.end() == clause.start:
            # "..., when it closed at its lowest level since November 2020": on the day "since" named
            clause = replace(clause, text=f"{clause.text} on {said.group('day')}")  # (its offsets are the text's)
        elif after is not None and after.end() == clause.start and reader.day is not None:
            # "surged 5.7% on Wednesday, ..., a day after closing at its lowest level since April 1997":
            # the session before that day
            before = reader.day[1].end - pd.offsets.BDay(1)
            clause = replace(clause, text=f"{clause.text} on {before:%B %d, %Y}")
        elif (HAS_SINCE.match(clause.text) and not SINCE_RE.search(clause.text) and reader.day is not None
              and reader.day[0] == clause.paragraph):
            # "bottomed ... on Oct. 3 and has since rebounded almost 26%": since that day's close (the
            # span then carries on: "..., outpacing the S&P 500's 16.9% gain over the same period")
            day = reader.day[1].end
            clause = replace(clause, text=f"{clause.text} since {day:%B} {day.day}, {day.year}")
            injected = False
        else:
            injected = False
        reader.lead = text[max(0, clause.start - 12):clause.start]
        try:
            spec = reader.read(clause)
        except Exception:  # noqa: BLE001 - a reader's bug on an odd sentence loses that clause only
            logging.getLogger(__name__).exception("claim reader failed on %r", clause.text)
            reader.extra, reader.after, reader.aside_way = [], [], None
            spec = Spec(clause, "level", unsupported=(
                "this clause could not be read (an error of the reader, logged); the others are checked"))
        if injected:
            reader.period, reader.day = context
        specs.extend(reader.extra)
        reader.extra = []
        if spec is not None:
            specs.append(spec)
        specs.extend(reader.after)
        reader.after = []
    for spec in specs:
        if spec.series in FUNDS:
            _on_fund(spec)
    return specs


#: What a fund's adjusted closes cannot say: its traded price, its records, moves in points.
_PRICE_MEASURES = ("level", "level_record", "point_change", "moving_average", "record_count")


def _on_fund(spec: Spec) -> None:
    """A claim about an ETF (IWM, SPY, IJR, IWB), which the data has as closes adjusted for dividends: its
    returns are total returns and checked so; its price and its records are not checkable."""
    if spec.unsupported or spec.measure == "leverage_quartile":  # (companies' returns: the fund dates the selloff)
        return
    if spec.measure in _PRICE_MEASURES:
        spec.unsupported = (f"the data has {spec.series}'s closes adjusted for dividends, not the prices it traded "
                            "at: its level, records and moves in points cannot be checked")
    else:  # (not a price return: the index's note on "returned" is the index's, not the fund's)
        spec.notes[:] = [n for n in spec.notes if not n.startswith("a price return")]
        spec.notes.append("on the fund's closes adjusted for dividends: a total return")


__all__ = ["Clause", "Spec", "interpret", "split_clauses", "split_sentences"]

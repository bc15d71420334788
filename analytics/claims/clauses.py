"""Sentences and clauses of a text, and the series each names (pure; see
:mod:`analytics.claims.interpret` for the rules).

Clause splitting: a sentence is split at ``;``, ": ", ", while", ", but", ", and", "whereas" only
when the part after it names a series, or opens with a verb and states a figure (it goes on
about the same series: "... but remains 2% below its record"), or opens with a figure whose verb
is left out ("... and another 1.1% on Friday"), and the part before states something.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analytics.claims import lexicon as lx
from analytics.claims.event_phrases import since_fed_event

_ABBREVIATIONS = re.compile(
    r"(?:\b(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|mr|mrs|ms|dr|st|vs|no|inc|corp|co|ltd|"
    r"jr|sr|approx|est|fig|e\.g|i\.e|u\.s|u\.k|a\.m|p\.m)|\b[A-Z])\.$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*(?:\s+|$)|\n\s*\n|\n(?=\s*[-*•\d])")
_PARAGRAPH = re.compile(r"\n\s*\n")
#: A clause that opens with its verb goes on about the subject before it ("but remains 2% below").
VERB_START = re.compile(r"\s*(?:then\s+)?(?:(?:still|now|has|have|had|having)\s+){0,2}(?:since\s+)?(?:leaving|putting|bringing|taking|pushing|"
                         r"sending|remains?|remained|rose|fell|gained|lost|fallen|risen|sunk|widened|narrowed|tightened|"
                         r"closed|ended|finished|ending|finishing|closing|sits|sat|stands|stood|stays|stayed|"
                         r"jumped|dropped|slid|climbed|rebounded|recovered|bounced|surged|soared|plunged|slumped|sank|"
                         r"advanced|declined|slipped|retreated|"
                         r"added|shed|rallied|tumbled|trades|traded|is|was|are|were|"
                         # "... on Friday and posted its best week of the year, up 4.7%": the week's
                         r"posted|notched|logged|booked|recorded|suffered|scored|marked)\b"
                         # "... from its November record but still up 10% over the past year": a figure of its own
                         r"|\s*(?:still\s+|now\s+)(?:up|down|higher|lower)\s+(?=(?:about\s+|nearly\s+|almost\s+|roughly\s+|"
                         r"more than\s+|less than\s+|just\s+|only\s+)?\d)"
                         # "..., up just 1% versus a 4.5% gain for ...": a figure in apposition, compared
                         r"|\s*(?:up|down)\s+(?=(?:just\s+|only\s+|about\s+|nearly\s+|almost\s+|roughly\s+|more than\s+|"
                         r"less than\s+)?\d[\d.]*\s*(?:%|percent)\s+(?:versus|vs\.?|compared (?:with|to))\s)"
                         # "hit 4.79% on Monday, ..., up more than 100 basis points since the Fed began cutting"
                         r"|\s*(?:up|down)\s+(?=(?:about\s+|nearly\s+|almost\s+|roughly\s+|more than\s+|less than\s+)?"
                         r"\d[\d.]*\s*(?:basis points?|bps?|percentage points?)\s+(?:since|from)\b)", re.IGNORECASE)
#: A move's verb in its -ing form, opening a clause about the subject before it ("..., even after
#: rebounding 20% from its April low").
_MOVING = (r"(?:rebounding|rising|falling|gaining|losing|climbing|sliding|dropping|jumping|rallying|surging|tumbling|"
           r"recovering|bouncing|advancing|declining|plunging|soaring|sinking|slumping)")
MOVING_START = re.compile(r"\s*" + _MOVING + r"\b", re.IGNORECASE)
#: ", after rallying more than 40% from its March low": a move of the subject before its comparison.
_AFTER_MOVING = re.compile(r"\s*(?:even\s+)?after\s+(?=" + _MOVING + r"\b)", re.IGNORECASE)
#: A day named after "since", ending a clause ("... since Oct. 27"), and a record of that day said
#: after it (", when it closed at its lowest level since November 2020"); :data:`WHEN_DAY_BEFORE` finds
#: the day again before the record's clause. Group ``day``.
_SINCE_DAY = r"\bsince\s+(?P<day>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+(?:19|20)\d\d)?)"
_SINCE_DAY_END = re.compile(_SINCE_DAY + r"\s*$")
WHEN_DAY_BEFORE = re.compile(_SINCE_DAY + r",\s+when\s+$")
#: ", a day after closing at its lowest level since April 1997" (or "after it closed at a record"): the
#: session before's record, a clause of its own (its day: :data:`DAY_AFTER_BEFORE`).
_DAY_AFTER_RECORD = re.compile(r"\s*(?:a|one|the)\s+day\s+after\s+(?=(?:(?:closing|ending|finishing|settling|hitting|"
                               r"touching|falling|sinking|dropping)|(?:it|they|the\s+(?:index|gauge|benchmark))\s+(?:closed|"
                               r"ended|finished|settled|hit|touched|fell|sank|dropped))\b[^,;]*?\b(?:lowest|highest|record)\b)",
                               re.IGNORECASE)
DAY_AFTER_BEFORE = re.compile(r",\s+(?:a|one|the)\s+day\s+after\s+$", re.IGNORECASE)
_WHEN_RECORD = re.compile(r"\s*when\s+(?=(?:it|they|the\s+(?:index|gauge|benchmark))\s+(?:closed|ended|finished|settled|"
                          r"hit|touched|fell|sank|dropped|rose|climbed)\b[^,;]*?\b(?:lowest|highest|record)\b)",
                          re.IGNORECASE)
#: A clause that is a figure in apposition ("up just 1%", cut off by a comparison after it).
APPOSED_FIGURE = re.compile(r"\s*(?:up|down)\s+(?:just\s+|only\s+|about\s+|nearly\s+|almost\s+|roughly\s+|"
                            r"more than\s+|less than\s+)?\d", re.IGNORECASE)
#: A clause that opens with its figure, its verb left out ("rose 3.6% on Thursday and another 1.1%
#: on Friday", "fell 2% on Friday and 5% for the week"): the previous clause's verb is meant.
ELIDED = re.compile(r"\s*(?:then\s+)?(?:(?:another|a further|an additional)\s+)?(?:(?:about|nearly|almost|roughly)\s+)?"
                     r"\d[\d,]*(?:\.\d+)?\s*(?:%|percent\b|per cent\b)", re.IGNORECASE)
#: ", a day after the Fed raised ...", ", when the Federal Reserve cut ...": the Fed's move after a
#: series' (the move and its record a clause of their own); the Fed the subject of its verb, not "in the
#: year after the Fed's first rate cut" (a span).
_AFTER_FED = re.compile(r",?\s+(?:(?:a|one|two|three)\s+(?:days?|weeks?)\s+|hours\s+|just\s+)?(?:after|when)\s+"
                        r"(?=(?:the\s+)?(?:Federal Reserve|Fed)\s+(?:(?:had|has|again|also|unexpectedly|last\s+week|"
                        r"on\s+\w+day)\s+)*(?:raised|cut|lowered|hiked|held|left|kept)\b)", re.IGNORECASE)
#: A move as a multiple after a pronoun: "(it) has more than doubled", "(the index) nearly tripled".
_FACTOR_START = re.compile(r"(?:(?:has|have|had|now|since)\s+)*(?:(?:more than|nearly|almost|roughly|about|over)\s+)?"
                           r"(?:doubled|tripled|quadrupled|halved)\b", re.IGNORECASE)
_SPLIT = re.compile(_AFTER_FED.pattern + r"|\s*;\s*|\s*:\s+|,?\s+(?:while|whereas|but|and|even as|although|though)\s+|,\s+"
                    # "is still down 9% this year even after rebounding about 20% from its April 8 low"
                    r"|,?\s+even\s+after\s+(?=" + _MOVING + r"\b)"
                    # "bottomed 18.9% below its February peak on April 8 before rebounding to a record"
                    # ("topped 4.3% before falling back", "dipped into bear market territory before
                    # recovering to close up 0.01%": a level within the session, read whole)
                    r"|,?\s+before\s+(?=" + _MOVING + r"\b(?!\s+(?:back|to\s+(?:close|end|finish|settle))\b))"
                    # "as", but not the second of "as much as", "as high as", "as well as"
                    # ("its March 28 high as Treasury yields climbed": a peak, then another series)
                    r"|(?<!much)(?<!many)(?<!as high)(?<!as low)(?<!little)(?<!wide)(?<!tight)(?<!well)(?<!far)(?<!long)"
                    r"(?<!soon)(?<!same)(?<!such),?\s+as\s+"
                    # "... fell 2.2% on Friday after a jobs report pushed the 10-year yield to 4.77%": a
                    # cause that moved another series ("after the election" stays whole)
                    r"|,?\s+(?:after|when)\s+(?=[^,;.]{0,80}?\b(?:pushed|sent|drove|lifted|pulled|knocked|dragged|"
                    r"boosted)\b)"
                    # "up just 1% versus a 4.5% gain for the large-cap index": the other index's figure
                    # ("has jumped 8% since Election Day against a 3.5% rise for the S&P 500")
                    r"|,?\s+(?=(?:versus|vs\.?|compared (?:with|to)|against)\s+(?:an?\s+)?(?:about\s+|nearly\s+|roughly\s+)?"
                    r"[\d.]+\s*(?:%|percent))")


#: "... then rebounded to a record close on Friday": a record stated with its noun.
_RECORD_NOUN = re.compile(r"\b(?:a|an|its|their)\s+(?:new\s+)?(?:record|all[- ]time)\b", re.IGNORECASE)

#: "..., the biggest five-day gain for the Russell 2000 since 2020": a record of the move before the
#: comma, naming the series of that move again (no clause of its own).
_RECORD_FOR_START = re.compile(r"\s*(?:the|its|their)\s+(?:[\w-]+\s+){0,2}?" + lx.SUPERLATIVE + r"\b", re.IGNORECASE)
_RECORD_FOR = re.compile(_RECORD_FOR_START.pattern + r"[\w\s-]*?\bfor\s+$", re.IGNORECASE)

#: Words by which a side states a move or standing of its own, with no figure ("small caps
#: outperformed", "closed at a record", "in a bear market").
_MOVES = re.compile(lx.RISE_RE.pattern + "|" + lx.FALL_RE.pattern + "|" + lx.BEAT_RE.pattern + "|" + lx.LAG_RE.pattern
                    + "|" + lx.RECORD_RE.pattern + "|" + lx.BEAR_RE.pattern + "|" + lx.CORRECTION_RE.pattern
                    + r"|\b(?:record|high|low|peak|correlation|inverted|inversion)\b", re.IGNORECASE)

#: A sentence that opens on the span its moves are measured over ("Since the Fed began cutting ...").
#: ("In the year since the Fed began cutting, ...", "In the 12 months since ...": from the event on)
_SINCE_START = re.compile(r"\s*(?:in\s+the\s+(?:(?:past|last)\s+)?(?:year|[\w-]+\s+(?:years|months|weeks))\s+)?since\b",
                          re.IGNORECASE)

#: A clause whose subject is a group of companies by leverage ("the most indebted companies ...").
_LEVERAGE_SUBJECT = re.compile(r"\s*(?:the\s+)?(?=" + lx.LEVERAGE_CLAIM_RE.pattern + ")", re.IGNORECASE)


@dataclass(frozen=True)
class Clause:
    """A clause of the input: its text and its character offsets (``text == input[start:end]``)."""

    text: str
    start: int
    end: int
    sentence: int
    paragraph: int = 0


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


def find_mentions(text: str) -> list[tuple[int, int, str]]:
    """Known series named in ``text``: ``(start, end, key)`` in text order, overlaps removed. A
    name inside a market the product has no data for ("the Russell 2000 Value index") and a
    description right after one ("the S&P 600 small-cap index") are not mentions."""
    unknown = [(m.start(), m.end()) for pattern, _ in lx.UNKNOWN_SERIES for m in pattern.finditer(text)]
    found = []
    for key, pattern in lx.SERIES_PATTERNS:
        for m in pattern.finditer(text):
            if any(a < m.end() and m.start() < b or (0 <= m.start() - b <= 2 and not text[b:m.start()].strip(" -")
                                                      # ("the 30-year Treasury yield": no 10-year's)
                                                      and re.match(r"(?:small|large|big|treasury|yield)", m.group(0), re.I))
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


def unknown_market(text: str) -> str | None:
    for pattern, name in lx.UNKNOWN_SERIES:
        if pattern.search(text):
            return name
    return None


def states_something(text: str) -> bool:
    return bool(lx.NUMBER_RE.search(text) or lx.RECORD_RE.search(text) or _RECORD_NOUN.search(text)
                or lx.RISE_RE.search(text) or lx.FALL_RE.search(text)
                or lx.BEAT_RE.search(text) or lx.LAG_RE.search(text) or lx.PEAK_VERB_RE.search(text)
                or lx.INDEX_LEVEL_RE.search(text)  # "the Dow closed above 30,000"
                or lx.LEVEL_FACTOR_RE.search(text)  # "..., and the 10-year yield has nearly tripled"
                or lx.GAVE_BACK_RE.search(text)  # "..., erasing its losses for the year"
                or (lx.CORRELATION_RE.search(text) and lx.SIGN_RE.search(text)))  # "its correlation ... turned negative"


def split_clauses(text: str) -> list[Clause]:
    """The clauses of ``text`` with their offsets (see the module docstring)."""
    clauses: list[Clause] = []
    for n, (s0, s1) in enumerate(split_sentences(text)):
        sentence = text[s0:s1]
        paragraph = len(_PARAGRAPH.findall(text, 0, s0))
        cuts = [0]
        fed_rate = lx.FED_RATE_RE.search(sentence) is not None  # (the Fed's rate named as a level, below)
        names = [(a, b) for a, b, _ in find_mentions(sentence)]
        for m in _SPLIT.finditer(sentence):
            if any(a < m.start() and m.end() < b for a, b in names):
                continue  # inside a name ("the gap between 2-year and 10-year yields")
            left = sentence[cuts[-1]:m.start()]
            nxt = _SPLIT.search(sentence, m.end())
            while nxt is not None and any(a < nxt.start() and nxt.end() < b for a, b in names):
                nxt = _SPLIT.search(sentence, nxt.end())  # (not inside a name: "the gap between two- and 10-year yields")
            right = sentence[m.end():nxt.start() if nxt else len(sentence)]
            # the right side names a series, or goes on about the same one with a verb and a figure
            # ("... so far this year but remains 2% below its record")
            # (a verb matched on the rest of the sentence: "up 1% versus ..." looks past the side's end)
            # ("..., but it remains down about 5% for the month": the pronoun, then the verb)
            pronoun = re.match(r"(?:it|they|the (?:index|gauge|benchmark))\s+", sentence[m.end():], re.IGNORECASE)
            goes_on = ((VERB_START.match(sentence, m.end() + (pronoun.end() if pronoun else 0)) is not None
                        or (MOVING_START.match(right) is not None and re.search(r"\b(?:even|before)\b", m.group(0), re.I)))
                       and (lx.NUMBER_RE.search(right) or lx.RECORD_RE.search(right) or _RECORD_NOUN.search(right))
                       # ", and the index has more than doubled since the March 2020 low": its own move
                       or (pronoun is not None and _FACTOR_START.match(sentence, m.end() + pronoun.end()) is not None)
                       # "rallied 3.3% on Monday, erasing its losses for the year": over a period of its own
                       or lx.GAVE_BACK_RE.match(right.lstrip()) is not None
                       or (ELIDED.match(right) is not None and lx.NUMBER_RE.search(left) is not None
                           and (lx.RISE_RE.search(left) or lx.FALL_RE.search(left))))
            fed = _AFTER_FED.match(sentence, m.start())
            if fed is not None and fed.end() == m.end() and find_mentions(left):
                cuts.append(m.start())  # a series' move, then the Fed's (its own clause, its own record)
                cuts.append(m.end())
                continue
            if (lx.RUN_TO_RE.match(re.sub(r"^\s*(?:extending|bringing|taking|stretching|deepening)\s+its\s+", "", right))
                    or lx.PERIOD_RUN_TO_RE.match(right.lstrip())):
                continue  # "fell 4.4% on Friday, bringing its two-day loss to more than 10%" ("its gain for the week to"): one clause
            if (fed_rate and lx.FED_RATE_RE.search(left) and (lx.RECORD_RE.search(left) or lx.SPAN_HIGH_RE.search(left))
                    and not find_mentions(left) and find_mentions(right)):
                # "With the fed funds rate at a 22-year high, small caps have struggled": the Fed's
                # record, then another series
                cuts.append(m.start())
                cuts.append(m.end())
                continue
            if (cuts[-1] == 0 and _SINCE_START.match(left) and since_fed_event(left) is not None
                    and not find_mentions(left)):
                continue  # "Since the Fed began cutting rates in September, the Russell 2000 has gained 7%": its span
            if (lx.NUMBER_RE.search(right) and not lx.NUMBER_RE.search(left) and not _MOVES.search(left)
                    and find_mentions(right) and find_mentions(left)):
                # "The rotation into small caps accelerated as the 10-year yield fell to 4.16%, its lowest
                # since March": the figure and its record are the yield's (the side before states none)
                cuts.append(m.start())
                cuts.append(m.end())
                continue
            when = _WHEN_RECORD.match(right) if _SINCE_DAY_END.search(left) else _DAY_AFTER_RECORD.match(right)
            if when is not None and m.group(0).strip() == ",":
                # "has surged 24% since Oct. 27, when it closed at its lowest level since November 2020":
                # that day's record, a clause of its own (its day: :data:`WHEN_DAY_BEFORE`)
                cuts.append(m.start())
                cuts.append(m.end() + when.end())
                continue
            after = _AFTER_MOVING.match(right)
            if after is not None and lx.NUMBER_RE.search(right) and states_something(sentence[:m.start()]):
                # "is up 2% in the first half, in line with the S&P 500, after rallying more than 40%
                # from its March low": the subject's own move, a clause from its verb
                cuts.append(m.start())
                cuts.append(m.end() + after.end())
                continue
            if _RECORD_FOR_START.match(right):  # (the mentions only then: each is a pass over the text)
                named, subject = find_mentions(right), find_mentions(left)
                if (len(named) == 1 and subject and subject[0][2] == named[0][2]
                        and _RECORD_FOR.fullmatch(right[:named[0][0]])):
                    continue  # "..., the biggest five-day gain for the Russell 2000 since 2020": one clause
            if ((find_mentions(right) or unknown_market(right) or goes_on
                 or _LEVERAGE_SUBJECT.match(right))  # "..., and the most indebted companies ..."
                    and (find_mentions(left) or unknown_market(left) or lx.ANAPHORA.search(left)
                         or VERB_START.match(sentence, cuts[-1]) or lx.GAVE_BACK_RE.match(left.lstrip())
                         # "The Fed cut rates by a quarter point, its third straight cut, and the
                         # Russell 2000 rose 1.3%": the Fed's move, then a series
                         or (find_mentions(right) and lx.FED_MOVE_RE.search(left)))
                    # ("is in a bear market, and the S&P 500 rose 1%": a status, then another series)
                    and (states_something(left) or (find_mentions(right) and (lx.BEAR_RE.search(left)
                                                                               or lx.CORRECTION_RE.search(left)
                                                                               or lx.FED_MOVE_RE.search(left))))
                    and states_something(sentence[m.end():])):
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

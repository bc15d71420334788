"""The figures of a clause: percentages, points, basis points and shares in words, their
qualifiers ("about", "more than"), and the direction words before them (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from analytics.claims import lexicon as lx


@dataclass(frozen=True)
class Figure:
    """A figure as written: its value, unit, whether a sign was written, its offsets in the
    clause, its qualifier and its decimals."""

    value: float
    unit: str  # "%", "pp", "bp", "points"
    signed: bool
    start: int
    end: int
    qualifier: str | None
    decimals: int


def find_figures(text: str) -> list[Figure]:
    """The figures of ``text`` in text order, each with the qualifier written before it."""
    out = []
    for m in lx.NUMBER_RE.finditer(text):
        raw = m.group(1).replace(",", "").replace("−", "-")
        try:
            value = float(raw)
        except ValueError:
            continue
        word = m.group(2).lower()
        if (word.startswith(("%", "percent", "per cent", "pct")) or word == "pc") and "point" not in word:
            unit = "%"
        elif word.startswith(("basis", "bp")):
            unit = "bp"
        elif word.startswith(("percentage", "pp")):
            unit = "pp"
        else:
            unit = "points"
        signed, start = raw[:1] in "+-", m.start()
        sign_word = None if signed else _SIGN_WORD.search(text, max(0, m.start() - 12), m.start())
        if sign_word is not None:  # "the 2s10s spread is at minus 107 basis points" (the word is the sign)
            value, signed, start = -value, True, sign_word.start()
        before = text[max(0, start - 40):start]
        qualifier = None
        if lx.NEARLY_RE.search(before):
            qualifier = "nearly"
        else:
            for name, pattern in lx.QUALIFIERS:
                if pattern.search(before):
                    qualifier = name
                    break
        decimals = len(raw.split(".", 1)[1]) if "." in raw else 0
        out.append(Figure(value, unit, signed, start, m.end(), qualifier, decimals))
    for m in _WORD_FIGURE.finditer(text):  # "fell five percent", "rose twenty basis points"
        if not any(f.start <= m.start() < f.end for f in out):
            word = m.group("unit").lower()
            unit = "bp" if word.startswith("basis") else "pp" if "point" in word else "%"
            value = float(_WORD_VALUES[m.group("n").lower()])
            before = text[max(0, m.start() - 40):m.start()]
            qualifier = "nearly" if lx.NEARLY_RE.search(before) else next(
                (name for name, pattern in lx.QUALIFIERS if pattern.search(before)), None)
            out.append(Figure(value, unit, False, m.start(), m.end(), qualifier, 0))
    for m in _FRACTION.finditer(text):  # "lost a quarter of its value": about 25%
        if not any(f.start <= m.start() < f.end for f in out):
            more = re.search(r"\b(?:more than|over)\s+$", text[max(0, m.start() - 12):m.start()], re.IGNORECASE)
            value = _FRACTIONS[m.group("frac").lower()]
            out.append(Figure(value, "%", False, m.start(), m.end(), "more than" if more else "about",
                              0 if value.is_integer() else 1))
    return sorted(out, key=lambda f: f.start)


#: A sign written as a word right before a figure's number.
_SIGN_WORD = re.compile(r"\b(?:minus|negative)\s+$", re.IGNORECASE)
#: A figure with its number in words: "fell five percent", "twenty basis points" (whole numbers).
_WORD_VALUES = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "twenty-five": 25, "thirty": 30,
                "forty": 40, "fifty": 50, "seventy-five": 75, "a hundred": 100, "one hundred": 100}
_WORD_FIGURE = re.compile(r"\b(?P<n>" + "|".join(sorted(_WORD_VALUES, key=len, reverse=True)) + r")\s+"
                          r"(?P<unit>percent(?:age points?)?|per cent|basis points?)\b", re.IGNORECASE)
#: A share of an index's value in words: "lost a quarter of its value", "halved" is not read.
_FRACTION = re.compile(r"\b(?P<frac>a tenth|a fifth|a quarter|a third|half|two-thirds|three-quarters)\s+"
                       r"(?:(?:of\s+)?(?:its|their|the index's)\s+value\b"
                       # "a quarter below its March 9 record", "down a fifth from its November peak"
                       # (the record's noun may be blanked out of the text read: not required)
                       r"|(?=(?:below|under|off|from|above)\s+(?:its|their)\b))", re.IGNORECASE)
_FRACTIONS = {"a tenth": 10.0, "a fifth": 20.0, "a quarter": 25.0, "a third": 33.3, "half": 50.0,
              "two-thirds": 66.7, "three-quarters": 75.0}


def blank(text: str, match: re.Match | None) -> str:
    """``text`` with ``match`` replaced by spaces (offsets kept): read the rest without it."""
    if match is None:
        return text
    return text[:match.start()] + " " * (match.end() - match.start()) + text[match.end():]


#: "up", "down", "higher", "lower" right before a figure ("to close up 0.01%").
_UP_DOWN_BEFORE = re.compile(r"\b(up|down|higher|lower)\s+(?:by\s+)?(?:about\s+|nearly\s+|almost\s+|roughly\s+|just\s+|"
                             r"only\s+|more than\s+|less than\s+|some\s+)?$", re.IGNORECASE)


def sign_before(text: str, upto: int) -> int | None:
    """+1 / -1 from the last rise or fall word before position ``upto``; None when there is none."""
    head = text[:upto]
    # "dipped ... before recovering to close up 0.01%": the word right before the figure decides
    right_before = _UP_DOWN_BEFORE.search(head)
    if right_before is not None:
        return 1 if right_before.group(1).lower() in ("up", "higher") else -1
    rise = [m.end() for m in lx.RISE_RE.finditer(head)]
    fall = [m.end() for m in lx.FALL_RE.finditer(head)]
    if not rise and not fall:
        # the words after the figure that starts at ``upto`` ("17.3% below its Nov. 25 close")
        tail = re.sub(r"^\s*[-+]?[\d.,]+\s*(?:%|percent\b|per cent\b)?", "", text[upto:upto + 45])[:25]
        # ("17.3% below its Nov. 25 close": the return since that close)
        if re.match(r"\s*(?:gain|rise|rally|increase|advance|jump|higher|up|above)\b", tail, re.I):
            return 1
        if re.match(r"\s*(?:loss|decline|drop|fall|slide|lower|down|slump|below|under)\b", tail, re.I):
            return -1
        return None
    return 1 if (max(rise) if rise else -1) > (max(fall) if fall else -1) else -1


#: A comparison's margin before a figure: "outpaced it by (about) 5 points" is a gap in
#: percentage points, not index points.
_MARGIN_BY = re.compile(r"\b(?:outpac|outperform|outstripp|beat|lagg|trail|underperform)\w*\s+(?:[\w&'’-]+\s+){0,4}?by\s+"
                        r"(?:(?:about|roughly|around|nearly|almost|more than|less than|some|over|under)\s+)?$",
                        re.IGNORECASE)


_THAN_AFTER = re.compile(r"\s*(?:less|more|better|worse|lower|higher|fewer)\s+than\b", re.IGNORECASE)


def points_move(plain: str, figures) -> "Figure | None":
    """The figure of a move in index points ("lost 40 points", "up 12.5 points"), not a level
    ("closed at 5,738", "to 5,408.42", "above 6,000")."""
    for fig in figures:
        if fig.unit != "points" or "point" not in plain[fig.start:fig.end].lower():
            continue
        if re.search(r"\b(?:at|to|above|below|near|around|of)\s*$", plain[max(0, fig.start - 8):fig.start], re.I):
            continue
        if _MARGIN_BY.search(plain[:fig.start]) or _THAN_AFTER.match(plain, fig.end):
            continue  # "outpaced it by about 5 points", "13 points less than the S&P 500": percentage points
        return fig
    return None


def index_figure(m: re.Match, plain: str) -> Figure:
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


#: Words of a move within the session: a figure after "as much as" ("as high as") is an intraday extreme, and
#: with "intraday" (or "briefly", "at one point") the clause's record and levels are intraday too.
_AS_MUCH = re.compile(r"\b(?:as much as|up to|as little as|as (?:high|low|wide|tight|narrow) as|"
                      r"(?:swung|whipsawed)(?: by)?(?: more than| about| nearly| roughly| over)?)\s*$", re.IGNORECASE)
_CROSSED = re.compile(r"\b(?:topped|touched|hit|crossed|breached|surpassed|above|below|reached|rose to|fell to|"
                      r"climbed to|dropped to)\s+(?:about\s+|nearly\s+|roughly\s+)?$", re.IGNORECASE)
_INTRADAY = re.compile(r"\bintraday\b|\bintra-day\b|\bbriefly\b|\bat one point\b|\bduring the session\b|"
                       r"\bearlier in the (?:day|session)\b|\bat (?:its )?session (?:highs?|lows?)\b"
                       # "topped 4.3% for the first time since 2008 before falling back"
                       r"|\bbefore (?:falling|easing|pulling|slipping|dropping|drifting|coming) back\b"
                       r"|\bbefore (?:paring|retreating|reversing|giving up|recovering|rebounding|bouncing back)\b"
                       # "swung more than 5% from low to high on Thursday, closing up 2.6%"
                       r"|\bfrom (?:its )?(?:low|high) to (?:its )?(?:high|low)\b|\bswung\b|\bwhipsawed\b", re.IGNORECASE)


#: "for the first time since 2008", "... since last August", "... in nine months" (the words only).
_FIRST_TIME = re.compile(r"\bfor the first time (?:since|in)\s+(?:(?:last|early|mid|late)[- ]?\s*)?"
                         r"(?:[A-Za-z]+\.?\s+(?=(?:19|20)\d\d|months|years|weeks))?(?:(?:19|20)\d\d|[A-Za-z]+)\b",
                         re.IGNORECASE)


def in_pp(fig: Figure) -> float:
    """A gap's figure in percentage points (or a percent figure as written): "by 440 basis points" is 4.4."""
    return fig.value / 100 if fig.unit == "bp" else fig.value


def intraday_spans(text: str, plain: str, figures: list, record) -> list[tuple[int, int]]:
    """The spans of ``text`` that state intraday figures (the data has daily closes only)."""
    spans = [(f.start, f.end) for f in figures if _AS_MUCH.search(plain[max(0, f.start - 16):f.start])]
    words = _INTRADAY.search(text)
    if words is not None:  # ("briefly topped 5%, then closed at 4.98%": the first is the session's)
        spans.append((words.start(), words.end()))
        spans += [(f.start, f.end) for f in figures if _CROSSED.search(plain[max(0, f.start - 24):f.start])]
        if record is not None:
            spans.append((record.start(), record.end()))
        first = _FIRST_TIME.search(text)  # ("topped 4.3% for the first time since 2008": the session's)
        if first is not None:
            spans.append((first.start(), first.end()))
        spans += [(m.start("value"), m.end("value")) for m in lx.INDEX_LEVEL_RE.finditer(text)]
        # "briefly dipped into bear market territory": the session's low, not the close's status
        # (one the close is said to be in stays: "... and closed in correction territory")
        spans += [(m.start(), m.end()) for m in (*lx.BEAR_RE.finditer(text), *lx.CORRECTION_RE.finditer(text))
                  if not re.search(r"\b(?:closed|ended|finished|settled|closing|ending)\b[^,;]{0,25}$", text[:m.start()],
                                   re.IGNORECASE)]
        spans += [(m.start(), m.end()) for m in re.finditer(r"\b(?:high|low|peak)s?\b", text, re.IGNORECASE)]
    return spans

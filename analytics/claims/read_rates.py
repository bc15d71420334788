"""How a clause about a yield, a spread, the yield curve or the Fed's target reads (a mixin of
:class:`analytics.claims.interpret._Reader`): levels and their records, changes, the curve's
inversion, the Fed's moves (pure)."""

from __future__ import annotations

import re
from dataclasses import replace

import pandas as pd

from analytics.claims import lexicon as lx
from analytics.claims.base import name
from analytics.claims.dates import (
    WITHIN_PERIOD_RE, Period, Since, close_of_period, count_words, day_period, find_day, find_period, latest_day,
    parse_since, period_name, span_high_since,
)
from analytics.claims.event_phrases import since_any_event, since_fed_event
from analytics.claims.figures import Figure, blank, sign_before
from analytics.claims.read_index import streak_terms
from analytics.claims.spec import SPREADS, Spec

_LEVEL_BEFORE = re.compile(r"\b(?:at|to|of|near|around|above|below|under|over|hit|hitting|reached|reaching|stands?|"
                           r"sits?|top|topped|tops|topping|crossed|crosses|crossing|exceeded|exceeds|exceeding|breached|"
                           r"breaching|surpassed|surpassing)\s+"
                           # ("reached a record 21.8 percentage points", "to a new record high of")
                           r"(?:an?\s+(?:(?:new|fresh|all-time)\s+)?(?:record(?:[- ](?:high|low))?\s+(?:of\s+)?)?)?"
                           # ("narrowed to just 6 basis points", "to just under 4%")
                           r"(?:about\s+|nearly\s+|almost\s+|roughly\s+|around\s+|only\s+|barely\s+|"
                           r"just\s+(?:(?:over|under|above|below|shy of)\s+)?|more than\s+|"
                           r"less than\s+|over\s+|under\s+)?$", re.IGNORECASE)


#: A comparative right after a move's figure: "10 basis points tighter than at the start of the year".
_THAN_AFTER = re.compile(r"\s*(wider|higher|narrower|tighter|lower)\s+than\b", re.IGNORECASE)
#: The yield curve named as a gap or spread between the two yields, and words that give its sign.
_GAP_NAME = re.compile(r"\b(?:gap|spread|difference)\b", re.IGNORECASE)
_CURVE_SIDE = re.compile(r"\b(?:curve|invert\w*|inversion|steep\w*|flat\w*|positive|negative|minus|above|below|"
                         r"under|over|higher|lower)\b", re.IGNORECASE)


def as_level(fig: Figure) -> Figure:
    """A level written in points or basis points as a level in percent ("259 basis points": 2.59%)."""
    if fig.unit == "%":
        return fig
    return Figure(fig.value / 100 if fig.unit == "bp" else fig.value, "%", fig.signed, fig.start, fig.end,
                  fig.qualifier, fig.decimals + (2 if fig.unit == "bp" else 0))


#: A level named as a span's extreme: "the 2.6% low hit in January", "its 4.8% peak of January".
_EXTREME_AFTER = re.compile(r"[\s-]*(?P<x>low|high|peak|trough|bottom|top)\b(?:\s+(?:it\s+|they\s+)?(?:hit|reached|set|"
                            r"touched|seen|struck|recorded|marked|notched))?(?P<rest>\s+(?:in|of|during)\s)", re.IGNORECASE)

#: A level after "from a peak of" written without its unit ("... 0.85 percentage point from a peak of
#: 1.21 in April"): the clause's unit.
_BARE_FROM = re.compile(r"\bfrom\s+(?:a|its|the)\s+(?:recent\s+)?(?:peak|high|low|top|bottom|trough)\s+of\s+"
                        r"(?P<v>\d{1,2}\.\d{1,2})\b(?!\s*(?:%|percent|per cent|basis|bps?|percentage|points?))", re.IGNORECASE)

#: A level stated as a span's mean: "averaged 4.2% in 2024".
_AVERAGED = re.compile(r"\baverag(?:ed|ing|es)\b|\bon average\b", re.IGNORECASE)

#: A level touched within a span, up or down: "hit 5%", "topped 4.9%", "rose as high as 5%"; "bottomed at".
_REACH_UP = re.compile(r"\b(?:hit|hits|topped|tops|touched|reached|reaches|peaked|breached|crossed|surpassed|"
                       r"(?:rose|climbed|jumped|surged|soared|spiked|rallied|widened)\s+as high as)\b", re.IGNORECASE)
_REACH_DOWN = re.compile(r"\b(?:(?:fell|dropped|sank|slid|tumbled|declined|plunged|dipped|narrowed|tightened)\s+"
                         r"as low as|bottomed)\b", re.IGNORECASE)

#: A level a move ended at: "widened to 4.6%".
_TO_BEFORE = re.compile(r"\bto\s+(?:about\s+|nearly\s+|almost\s+|roughly\s+|around\s+|only\s+|barely\s+|"
                        r"just\s+(?:(?:over|under|above|below|shy of)\s+)?|more than\s+|less than\s+)?$",
                        re.IGNORECASE)

#: The periods whose yield and spread changes have records (rate_measures.CHANGE_PERIODS).
_CHANGE_RECORD_KINDS = ("day", "sessions", "week", "month", "quarter", "year", "ytd")

#: A level's day named by the year's edge: "up from about 3% at the start of the year", "from 4.6% at
#: the end of 2023" (the last close of that year). Groups: ``year`` (absent: the year before the date).
_FROM_YEAR_EDGE = re.compile(r"\s*(?:at\s+the\s+(?:start|beginning)\s+of\s+(?:the|this)\s+year|at\s+the\s+end\s+of\s+"
                             r"(?:last\s+year|(?P<year>(?:19|20)\d\d)))\b", re.IGNORECASE)
#: A month's, quarter's or year's close a level is named by: "from 355 basis points at the end of March".
_FROM_END_OF = re.compile(r"\s*at\s+the\s+(?:end|close)\s+of\s+(?P<when>[^,;.]+?)\s*(?=[,;.]|$)", re.IGNORECASE)
#: A level a move started from: "up from 3.6% in September", "from about 4%", "from a peak of 4.8%
#: in January" (group ``x``: that span's highest or lowest close).
_FROM_BEFORE = re.compile(r"\bfrom\s+(?:(?:a|its|the)\s+(?:recent\s+|closing\s+|\d+-year\s+)?(?P<x>peak|high|low|top|bottom|"
                          r"trough)\s+of\s+)?(?:about\s+|nearly\s+|almost\s+|roughly\s+|around\s+|just\s+\w+\s+)?$",
                          re.IGNORECASE)

#: The total a Fed move brings its moves to: "bringing total cuts this year to a full percentage
#: point", "taking its cumulative tightening since March 2022 to 525 basis points".
#: The moves before this one: "(raised rates by half a point,) after four straight 75 basis point
#: increases" (their size is not this move's; their run not one this move continues).
_PRIOR_RUN = re.compile(r"\b(?:after|following)\s+(?:(?:a|an|its|their|the)\s+)?[\w-]+\s+(?:straight|consecutive|"
                        r"successive)\s+(?:[\w.-]+\s+){0,4}?(?:hikes|increases|cuts|reductions|moves)\b", re.IGNORECASE)
_TOTAL_TO = re.compile(r",?\s*\b(?:bringing|taking|lifting|pushing|raising)\s+(?:the\s+|its\s+)?(?:(?:total|cumulative)\s+"
                       r"(?:(?:rate\s+)?(?:cuts|reductions|easing|hikes|increases|tightening)\s+)?"
                       # ("bringing its reductions this year to 125 basis points": the total without the word)
                       r"|(?:rate\s+)?(?:cuts|reductions|easing|hikes|increases|tightening)\s+)(?P<when>[^,;]*?)\s+to\s+"
                       r"(?:about\s+|nearly\s+|more than\s+)?(?:[\d.]+\s*(?:basis points|bps?|percentage points?)|"
                       r"(?:a|one)\s+(?:full\s+)?percentage point|a\s+(?:full\s+)?point)", re.IGNORECASE)

#: A move since a peak or low of a span: "since its October peak", "since peaking in October",
#: "up 200 basis points from their November low" ("from a peak of 4.8%": :data:`_FROM_BEFORE`).
_SINCE_EXTREME = re.compile(r"\b(?:since|from)\s+(?:(?:its|their|the)\s+(?P<when>[\w ,.'-]{0,30}?)\s*(?:recent\s+|closing\s+)?"
                            r"(?P<what>peak|high|low|trough|top|bottom)s?\b(?!\s+of\b)|(?:it\s+|they\s+)?(?P<verb>peaked|peaking|"
                            r"bottomed|bottoming|topped out|topping out)\b)", re.IGNORECASE)

#: Record words of a level ("its highest since July", "the tightest since 2007").
_LEVEL_RECORD_WORDS = ("highest", "lowest", "widest", "narrowest", "tightest", "deepest", "record", "all-time")


#: Words of a record that name a fall ("its biggest weekly drop").
_RECORD_FALL = re.compile(r"\b(?:drop|decline|loss|fall|sell-?off|slide|plunge|tumble|slump|retreat|tightening|"
                          r"narrowing)", re.IGNORECASE)


#: A Fed stance word that is a decision of the day ("held rates steady", "paused", "left rates unchanged").
_DECIDED = re.compile(r"(?:held|kept|left|holding|keeping|leaving|paused?)\b", re.IGNORECASE)


def level_direction(record: re.Match, key: str, level: "Figure | None") -> str:
    """"high" or "low": the way a level record of ``key`` points ("lowest", "tightest" and a yield
    curve's "deepest" or "widest" inversion point down)."""
    word = record.group("word").lower()
    ever = lx.record_ever(record)
    # the curve's "widest/deepest ... since" at a negative level: its deepest inversion
    return "low" if (word in ("lowest", "narrowest", "tightest", "flattest", "weakest", "least") or ever == "low"
                     or (key == "T10Y2Y" and (word == "deepest" or word in ("widest", "biggest", "largest")
                                              and level is not None and level.value < 0))) else "high"


#: "The spread between 2- and 10-year yields is 33 basis points": a level stated with a verb of being
#: (not "is 20 basis points wider than", a comparison).
_IS_BEFORE = re.compile(r"\b(?:is|are|was|were|now)\s+(?:about\s+|nearly\s+|almost\s+|roughly\s+|around\s+|"
                        r"just\s+\w+\s+|more than\s+|less than\s+)?$", re.IGNORECASE)
_COMPARED_AFTER = re.compile(r"\s*(?:wider|narrower|tighter|higher|lower|above|below|more|less|up|down|over|under)\b",
                             re.IGNORECASE)
def size_in_words(words: re.Match) -> float:
    """A move's size in points from a :data:`analytics.claims.lexicon.FED_MOVE_WORDS` match ("a
    quarter point": 0.25, "half a percentage point": 0.5, "a full percentage point": 1.0)."""
    said = words.group("size").lower().replace("-", " ").split()
    return next(v for k, v in lx.FED_MOVE_SIZES.items() if k in said)


class RateReadings:
    """The readers of rates' and the Fed's claims (see :class:`analytics.claims.read_index.IndexReadings`)."""

    def _regime_spec(self, clause, text, plain, regime: re.Match) -> Spec:
        """The Fed's stance (:data:`analytics.claims.lexicon.REGIME_RE`): hiking, cutting or on hold,
        by the facts' 60-day rule; "held rates steady on Wednesday", "paused after 10 straight
        increases" (a decision verb, not "has held ... since") is that day's decision, ``held``: no
        move announced that day."""
        stance = regime.group("stance").lower()
        status = ("hiking" if stance in ("hiking", "raising rates", "tightening") else
                  "cutting" if stance in ("cutting", "lowering rates", "easing") else "hold")
        spec = Spec(clause, "regime", series="fed_target", status=status)
        if (status == "hold" and _DECIDED.match(stance) and not re.search(r"\bsince\b", text, re.I)
                and not re.search(r"\b(?:has|have|had)\s+(?:been\s+)?$", text[:regime.start("stance")], re.I)):
            day = find_day(plain, self.as_of, self.parser)
            spec.status, spec.period = "held", day if day is not None and day.kind == "day" else latest_day(self.as_of)
        return spec

    def _fed_range(self, clause, plain, span, record) -> Spec | None:
        """"Held its benchmark rate steady in a range of 5.25% to 5.5%, the highest in 22 years": the
        target range on the day (and its record, on the range's midpoint); the Fed's stance a claim
        of its own when the clause states one ("held ... steady"). ``span``: a match of
        :data:`lexicon.FED_RANGE_RE`, or of :data:`lexicon.FED_NEAR_ZERO_RE` (the 0-0.25% range)."""
        if "zero" in span.groupdict():
            lo, hi, start, end = 0.0, 0.25, span.start("zero"), span.end("zero")
        else:  # ("a range of zero to 0.25%")
            lo = 0.0 if span.group("lo").lower() == "zero" else float(span.group("lo"))
            hi, start, end = float(span.group("hi")), span.start(), span.end()
        if not 0 < hi - lo <= 1.0:  # a range of a quarter or half point (a point at most)
            return None
        regime = lx.REGIME_RE.search(plain)
        if regime is not None:
            self.extra.append(self._regime_spec(clause, plain, plain, regime))
        middle = (lo + hi) / 2
        figure = Figure(middle, "%", False, start, end, None, 3)
        spec = Spec(clause, "level", series="fed_target", stated=middle, figure=figure, bounds=(lo, hi))
        if record is not None:
            spec.measure, spec.since = "level_record", self._since(record)
            spec.direction = level_direction(record, "fed_target", None)
        return spec

    def _fed_level(self, clause, plain, to: re.Match, record) -> Spec:
        """"Cut its benchmark rate by a quarter point to 1%, the lowest since 1958": the target on the
        day as one figure (the single target before December 2008, a bound of the range since),
        and its record."""
        value = float(to.group("v"))
        figure = Figure(value, "%", False, to.start("v"), to.end(), None, 2)
        day = find_day(plain, self.as_of, self.parser)
        spec = Spec(clause, "level", series="fed_target", stated=value, figure=figure,
                    period=day if day is not None and day.kind == "day" else None)
        if record is not None:
            spec.measure, spec.since = "level_record", self._since(record)
            spec.direction = level_direction(record, "fed_target", None)
        return spec

    def _yield_gap(self, clause, plain, keys, figures, gap, record=None) -> Spec | None:
        """"The 2-year yield ... 90 basis points above the 10-year": a level of the 10-year minus
        the 2-year (negative when the 2-year is above), or None when it is not two yields. With no
        figure ("the 10-year yield fell below the 2-year for the first time since 2007", "the
        2-year topped the 10-year"): the curve's inversion (:meth:`_inversion`), or its end."""
        other = "DGS10" if re.match(r"(?:10|ten)\b", gap.group("other"), re.I) else "DGS2"
        base = next((k for k in keys if k in ("DGS10", "DGS2") and k != other), None)
        if base is None and self.subject in ("DGS10", "DGS2") and self.subject != other:
            base = self.subject
        # the figure right before "above" ("rose 5 basis points, above the 10-year" is a move, no gap)
        fig = next((f for f in reversed(figures) if f.unit in ("bp", "pp") and f.end <= gap.start()
                    and not plain[f.end:gap.start()].strip()), None)
        above = gap.group("dir").lower() not in ("below", "under")
        if base is not None and fig is None and not any(f.unit in ("%", "bp", "pp") for f in figures):
            inverted = (base == "DGS2") == above  # the 2-year above the 10-year
            return self._inversion(clause, plain, [], record, status="inverted" if inverted else "not inverted")
        if base is None or fig is None:
            return None
        size = abs(fig.value) / 100 if fig.unit == "bp" else abs(fig.value)
        # the 10-year minus the 2-year: positive when the 10-year is the higher
        stated = size if (base == "DGS10") == above else -size
        figure = Figure(stated, "%", True, fig.start, fig.end, fig.qualifier, fig.decimals + (2 if fig.unit == "bp" else 0))
        day = find_day(plain, self.as_of, self.parser)
        spec = Spec(clause, "level", series="T10Y2Y", stated=stated, qualifier=fig.qualifier, figure=figure,
                    period=day if day is not None and day.kind == "day" else None)
        if record is not None:  # "..., the deepest inversion since 1981": the curve level's record
            spec.measure, spec.since = "level_record", self._since(record)
            spec.direction = level_direction(record, "T10Y2Y", figure)
        return spec

    def _fed_move(self, clause, plain, figures, move, record) -> Spec | None:
        """"The Fed cut rates by half a percentage point on Wednesday", "has raised rates by 525 basis
        points since March 2022": the change of its target (the range's midpoint) over the moves
        announced on that day (else the latest), or since that date or event."""
        sign = -1 if (move.group("verb") or move.group("noun")).lower().startswith(("cut", "lower", "reduc", "slash", "trim")) else 1
        prior = _PRIOR_RUN.search(plain)
        if prior is not None:  # "..., after four straight 75 basis point increases": earlier moves, not this one's
            plain = blank(plain, prior)
            figures = [f for f in figures if not prior.start() <= f.start < prior.end()]
        total = _TOTAL_TO.search(plain)  # (its figure is the total's, not this move's: a claim of its own)
        if total is not None:  # "..., bringing total cuts this year to a full percentage point"
            self._fed_total(clause, total, figures, sign)
            plain = blank(plain, total)
        # a size in basis or percentage points, or a % right after "by" ("to a range of 5.25%" is a level)
        fig = next((f for f in figures if f.start > move.start() and not (total and total.start() <= f.start < total.end())
                    and (f.unit in ("bp", "pp") or f.unit == "%" and re.search(
            r"\bby\s+(?:about\s+|nearly\s+|more than\s+)?$", plain[max(0, f.start - 20):f.start], re.I))), None)
        size = None
        if fig is not None:
            size = abs(fig.value) / (100 if fig.unit == "bp" else 1)
        else:
            # ("delivered a half-point cut": the size before the noun)
            words = lx.FED_MOVE_WORDS.search(plain, move.start("noun") - 24 if move.group("noun") else move.end())
            if words is not None:
                size = size_in_words(words)
        if size is None:
            return self._fed_move_without_size(clause, plain, sign, record)
        counted = lx.FED_COUNT_RE.search(plain)
        if counted is not None:
            # "cut ... by a quarter point on Tuesday, its 11th cut this year": the day's move, and the
            # year's count a claim of its own (was read as the year's total: "4.75 pp, not 0.25 pp")
            count = self._fed_move_without_size(clause, counted.group(0), sign, None)
            if count is not None:
                self.extra.append(count)
            plain = blank(plain, counted)
        # "its first cut since 2020", "cut rates for the first time since 2008": no period, blank it out
        first = lx.FIRST_SINCE_RE.search(plain) or lx.FIRST_TIME_RE.search(plain) or lx.FIRST_SINCE_BARE_RE.search(plain)
        if first is not None:
            plain = blank(plain, first)
        since_event = since_fed_event(plain)
        period = None if since_event is not None else find_period(plain, self.as_of, self.parser)
        if period is not None and period.kind not in ("day", "since"):
            period = Period(f"since:{period.base:%Y-%m-%d}", "since", period.base, period.end, None, period.words)
        figure = fig if fig is not None else Figure(size, "pp", False, move.start(), move.end(), None, 2)
        spec = Spec(clause, "change_record", series="fed_target", period=period, stated=sign * size,
                    qualifier=fig.qualifier if fig is not None else None, figure=figure,
                    direction="high" if sign > 0 else "low", since=self._since(record))
        streak = lx.FED_STREAK_RE.search(plain)
        if streak is not None:  # "..., its 10th consecutive increase"
            spec.streak = (count_words(streak.group("n") or streak.group("n2")),
                           "sized moves" if streak.group("sized") else "moves", True)
        if first is not None:
            spec.since = parse_since(first.group("since"), False, self.as_of, self.parser)
            spec.rank = 0  # "the first since": no move that way between the stated date and this one
        if since_event is not None:
            spec.event = self._event(since_event)
        if prior is not None:
            spec.notes.append(f'"{prior.group(0).strip()}" (the moves before) is not checked')
        return spec

    def _fed_total(self, clause, total: re.Match, figures, sign: int) -> None:
        """The total a move brings the moves of a period to ("bringing total cuts this year to a
        full percentage point", "taking its cumulative tightening since March 2022 to 525 basis
        points"): the target's change over that period, an extra claim."""
        fig = next((f for f in figures if total.start() <= f.start < total.end() and f.unit in ("bp", "pp")), None)
        words = None if fig is not None else lx.FED_MOVE_WORDS.search(total.group(0))
        period = find_period(total.group("when"), self.as_of, self.parser)
        if (fig is None and words is None) or period is None or period.kind == "day":
            return
        size = abs(fig.value) / (100 if fig.unit == "bp" else 1) if fig is not None else size_in_words(words)
        self.extra.append(Spec(
            clause, "change_record", series="fed_target", stated=sign * size,
            period=Period(f"since:{period.base:%Y-%m-%d}", "since", period.base, period.end, None, period.words),
            qualifier=fig.qualifier if fig is not None else None,
            figure=fig or Figure(size, "pp", False, total.start(), total.end(), None, 2),
            direction="high" if sign > 0 else "low"))

    def _fed_move_without_size(self, clause, plain, sign: int, record) -> Spec | None:
        """"Cut rates for the first time since 2008" (the Fed's latest move, the one that way before
        it then), "cut rates for the third time this year" (its moves that way in the year, the
        latest the third), "raised rates for the 10th straight time" (the moves that way since the
        last one the other way), "raised rates to the highest level in 22 years" (the target's record);
        None for a move with no size and none of these."""
        direction = "high" if sign > 0 else "low"
        if record is not None and record.group("word").lower() in ("highest", "lowest"):
            since = self._since(record)
            return None if since is None else Spec(
                clause, "level_record", series="fed_target", since=since,
                direction="low" if record.group("word").lower() == "lowest" else "high")
        span = lx.SPAN_HIGH_RE.search(plain) if record is None else None
        if span is not None and span.group("unit").lower() == "year":  # "raised rates to a 22-year high"
            since = span_high_since(span, self.as_of, self.parser)
            return None if since is None else Spec(
                clause, "level_record", series="fed_target", since=since,
                direction="low" if span.group("hl").lower() in ("low", "trough", "bottom") else "high")
        first = lx.FIRST_SINCE_RE.search(plain) or lx.FIRST_TIME_RE.search(plain)
        if first is not None:
            since = parse_since(first.group("since"), False, self.as_of, self.parser)
            if since is None:
                return None
            return Spec(clause, "change_record", series="fed_target", direction=direction, since=since, rank=0)
        counted = lx.FED_COUNT_RE.search(plain)
        streak = lx.FED_STREAK_RE.search(plain)
        if counted is None and streak is not None:  # "raised rates for the 10th straight time"
            n = count_words(streak.group("n") or streak.group("n2"))
            day = find_day(plain, self.as_of, self.parser)
            return Spec(clause, "change_record", series="fed_target", direction=direction, streak=(n, "moves", True),
                        period=day if day is not None and day.kind == "day" else None)
        if counted is None:
            return None
        n = count_words(counted.group("n"))
        when = counted.group("when")
        period = find_period("this year" if when.lower() in ("this year", "so far this year", "of the year") else when,
                             self.as_of, self.parser)
        if period is None:  # (a count needs its span)
            return None
        return Spec(clause, "change_record", series="fed_target", direction=direction, period=period, count=(n, True))

    def _rate_streak(self, clause, text, plain, subject, streak, record) -> Spec:
        """"The 10-year yield has risen for 12 straight weeks": each week's change that way (how the
        streak ranks among earlier ones is said not to be checked)."""
        n, unit, unit_word, exact = streak_terms(streak)
        sign = sign_before(plain, streak.start()) or (-1 if re.match(r"(?:loss|decline|drop|fall)", unit_word) else 1)
        spec = Spec(clause, "return", series=subject, direction="high" if sign > 0 else "low",
                    streak=(n, unit, exact))
        longest = re.search(r"\b(?:the|its|their)\s+longest\b[^,;:]*", text, re.IGNORECASE)
        if longest is not None or record is not None:  # "..., the longest streak since 1984"
            words = (longest or record).group(0).strip(" .")
            spec.notes.append(f"how the streak ranks among earlier ones ('{words}') is not checked")
        return spec

    def _inversion(self, clause, plain, figures, record, status: str | None = None) -> Spec:
        """"The yield curve is inverted (by 108 basis points), the deepest inversion since 1981": the
        10-year minus the 2-year below zero (by that much; a record low); ``status`` when the clause
        says it in other words than the curve's (the 10-year below the 2-year)."""
        lengths = list(lx.INVERSION_LENGTH_RE.finditer(clause.text))
        length = lengths[-1] if lengths else None
        if record is not None and any(m.start() <= record.start() < m.end() for m in lengths):
            record = None  # "the longest inversion on record": how long it lasted, no level's record
        fig = next((f for f in figures if f.unit in ("bp", "pp", "%")), None)
        figure = None
        if fig is not None:
            size = abs(fig.value) / (100 if fig.unit == "bp" else 1)
            figure = Figure(-size, "%", True, fig.start, fig.end, fig.qualifier,
                            fig.decimals + (2 if fig.unit == "bp" else 0))
        first = lx.FIRST_TIME_RE.search(plain)
        if first is not None:  # "for the first time since 2019" is no period
            plain = blank(plain, first)
        day = find_day(plain, self.as_of, self.parser)
        spec = Spec(clause, "level_record" if record is not None else "level", series="T10Y2Y",
                    stated=None if figure is None else figure.value, qualifier=fig.qualifier if fig else None,
                    figure=figure, since=self._since(record), direction="low" if record is not None else None,
                    status=status or ("not inverted" if lx.NOT_INVERTED_RE.search(plain) else "inverted"),
                    period=day if day is not None and day.kind == "day" else None)
        if length is not None:
            spec.notes.append(f"how long the inversion lasted (\"{length.group(0)}\") is not checked")
        if first is not None and record is None:
            spec.since = parse_since(first.group("since"), False, self.as_of, self.parser)
            spec.rank = 0  # the first inversion (or positive curve) since then: the one before ended then
            if spec.period is None and self.own is not None and self.own.kind in ("week", "month", "quarter", "year"):
                spec.period = self.own  # "turned positive in September for the first time since 2022": the turn then
        return spec

    def _since_extreme(self, plain: str) -> None:
        """"Has fallen 50 basis points since its October peak" (or "since peaking in October"): a
        move, with no period of its own, from the highest (lowest) close of the span named."""
        m = _SINCE_EXTREME.search(plain)
        if m is None:
            return
        when = (m.group("when") or "").strip()
        if m.group("verb"):  # "since peaking in January": the clause's own period is the span
            span = self.own
        elif self.own is None and when:
            span = find_period(f"in {when}", self.as_of, self.parser)
        else:
            return
        if span is None or span.kind not in ("month", "quarter", "year"):
            return
        extreme = "low" if (m.group("what") or m.group("verb") or "").lower().startswith(("low", "trough", "bottom")) \
            else "high"
        words = m.group(0).strip() if when else f"{m.group(0).strip()} {span.words}"
        self.own = Period(f"since:{span.base:%Y-%m-%d}", "since", span.base, self.as_of, None, words)
        self.start_at = (None, span, extreme)

    def _levels_from(self, clause, plain, key, figures) -> list[Figure]:
        """"Rose to 4.5%, up from 3.6% in September": the level it moved from, in the span named
        right after it, is a claim of its own (some close of that span at that level), and a move
        whose only period is that span runs since it; the figures without those (a "from" level is
        neither the level reached nor a change)."""
        rest = []
        self.extreme_span = None  # the span of a level named as its extreme ("the 2.6% low hit in January")
        if figures and any(f.unit in ("%", "pp", "points", "bp") for f in figures):
            # "narrowed to 0.85 percentage point from a peak of 1.21 in April": the unit written once
            bare = [Figure(float(m.group("v")), "%", False, m.start("v"), m.end("v"), None, len(m.group("v").split(".")[-1]))
                    for m in _BARE_FROM.finditer(plain) if not any(f.start <= m.start("v") < f.end for f in figures)]
            figures = sorted([*figures, *bare], key=lambda f: f.start)
        for i, fig in enumerate(figures):
            start = _FROM_BEFORE.search(plain[max(0, fig.start - 45):fig.start])
            if start and fig.unit in ("bp", "pp", "points") and key in SPREADS:
                # a spread's level in points ("up from 2.59 points in November", "from 259 basis points")
                fig = as_level(fig)
            if fig.unit == "%" and start:
                stop = figures[i + 1].start if i + 1 < len(figures) else len(plain)
                edge = _FROM_YEAR_EDGE.match(plain, fig.end)  # (before "at the end of last year" reads as that year)
                end_of = _FROM_END_OF.match(plain, fig.end, stop) if edge is None else None
                span = None if edge is not None or end_of is not None else find_period(
                    plain[fig.end:stop], self.as_of, self.parser)
                closed = None if end_of is None else find_period(f"in {end_of.group('when')}", self.as_of, self.parser)
                if closed is not None and closed.kind in ("month", "quarter", "year") and closed.end < self.as_of:
                    # "narrowed to 330 basis points, from 355 at the end of March": that period's last close
                    words = period_name(closed)
                    self.extra.append(Spec(clause, "level", series=key, stated=fig.value, qualifier=fig.qualifier,
                                           figure=fig, period=replace(day_period(closed.end, f"at the close of {words}"),
                                                                      label=f"close:{closed.label}")))
                    continue
                extreme = (start.group("x") or "").lower()
                if span is not None and span.kind not in ("day", "sessions"):
                    self.extra.append(Spec(clause, "level", series=key, stated=fig.value, qualifier=fig.qualifier,
                                           figure=fig, period=span, direction=(
                                               "high" if extreme in ("peak", "high", "top") else "low" if extreme else None)))
                    if self.own is not None and self.own.label == span.label:
                        # "rose 100 basis points from 3.6% in September": the move runs since then
                        words = "since " + period_name(span)
                        self.own = Period(f"since:{span.base:%Y-%m-%d}", "since", span.base, self.as_of, None, words)
                        self.start_at = (fig.value, span, self.extra[-1].direction)
                if edge is not None:  # "up from about 3% at the start of the year": the last close of the year before
                    year = int(edge.group("year")) if edge.group("year") else self.as_of.year - 1
                    if year < self.as_of.year:
                        self.extra.append(Spec(clause, "level", series=key, stated=fig.value, qualifier=fig.qualifier,
                                               figure=fig, period=replace(day_period(
                                                   pd.Timestamp(year, 12, 31), f"at the close of {year}"),
                                                   label=f"close:year:{year}")))  # (its last close)
                        said = find_period(plain[fig.end:stop], self.as_of, self.parser)
                        moved = self.own is None and any(f.unit in ("bp", "pp") for f in figures)
                        if moved or self.own is not None and said is not None and self.own.label == said.label:
                            # "has risen 15 basis points from 3.88% at the end of last year": since then
                            base = pd.Timestamp(year, 12, 31)
                            self.own = Period(f"since:{base:%Y-%m-%d}", "since", base, self.as_of, None,
                                              f"since the end of {year}")
                continue  # (with no span named, "from 3.6%" is not checked)
            named = _EXTREME_AFTER.match(plain, fig.end) if fig.unit in ("%", "bp", "pp", "points") else None
            if named is not None:  # "well above the 2.6% low hit in January": that span's lowest close
                stop = figures[i + 1].start if i + 1 < len(figures) else len(plain)
                span = find_period(" in " + plain[named.end("rest"):stop], self.as_of, self.parser)
                if span is not None and span.kind not in ("day", "sessions"):
                    fig = as_level(fig)  # ("the 259-basis-point low": a level in points)
                    low = named.group("x").lower() in ("low", "trough", "bottom")
                    self.extra.append(Spec(clause, "level", series=key, stated=fig.value, qualifier=fig.qualifier,
                                           figure=fig, period=span, direction="low" if low else "high"))
                    self.extreme_span = span.label
                    continue
            rest.append(fig)
        return rest

    def _rate(self, clause, text, plain, key, figures, record) -> Spec | None:
        self.start_at = None
        ever = lx.FIRST_EVER_RE.search(text)  # (plain has the record's words blanked out)
        if record is not None and ever is not None and ever.start() <= record.start() < ever.end():
            record = None  # "fell below 0.6% for the first time on record": a crossing, not a level's record
        figures = self._levels_from(clause, plain, key, figures)
        self._since_extreme(plain)
        # a level written in basis points ("spreads at 350 basis points", "widened to 4 pp") is a level
        figures = [as_level(f)
                   if f.unit in ("bp", "pp") and (_LEVEL_BEFORE.search(plain[max(0, f.start - 30):f.start]) or (
                       _IS_BEFORE.search(plain[max(0, f.start - 30):f.start])
                       and not _COMPARED_AFTER.match(plain, f.end))) else f
                   for f in figures]
        words = lx.FED_MOVE_WORDS.search(plain) if not any(f.unit in ("bp", "pp") for f in figures) else None
        if words is not None and sign_before(plain, words.start()) is not None:
            # "has climbed nearly a full percentage point since mid-September": a size in words
            size = size_in_words(words)
            before = plain[max(0, words.start() - 16):words.start()].lower()
            qualifier = next((q for q in ("more than", "nearly", "about", "almost") if q in before), None)
            figures = [*figures, Figure(size, "pp", False, words.start(), words.end(),
                                        "nearly" if qualifier == "almost" else qualifier, 2)]
        change_fig = next((f for f in figures if f.unit in ("bp", "pp")
                           or (f.unit == "%" and re.search(r"\bby\s+(?:about\s+|nearly\s+|more than\s+)?$",
                                                            plain[max(0, f.start - 20):f.start], re.I))), None)
        # the yield curve's "steepest since 2022" is its level (the curve at its steepest), unless
        # the record names a move ("its steepest steepening since")
        curve_level = key == "T10Y2Y" and record is not None and record.group("word").lower() == "steepest" \
            and not re.search(r"\b(?:steepening|rise|increase|jump|climb|move|change)", record.group(0), re.IGNORECASE)
        # "widened to 4.6%, the most since 2023" (no move's size stated): the level at its widest since
        most_level = record is not None and change_fig is None and record.group("word").lower() == "most" and any(
            f.unit == "%" and f.end <= record.start() and _TO_BEFORE.search(plain[max(0, f.start - 24):f.start])
            for f in figures)
        by_most = record is not None and not curve_level and not most_level and record.group("word").lower() in (
            "most", "biggest", "largest", "sharpest", "steepest", "least")
        # the way of the verb before the change's figure ("has climbed 60 basis points since the cut, an
        # unusual move after an easing": climbed), else of the clause's last rise or fall word
        verb_sign = (sign_before(plain, change_fig.start) if change_fig is not None else None) or sign_before(plain, len(plain))
        than = _THAN_AFTER.match(plain, change_fig.end) if change_fig is not None else None
        if than is not None:  # "roughly 10 basis points tighter than at the start of the year": that way
            verb_sign = 1 if than.group(1).lower() in ("wider", "higher") else -1
        since_event = since_any_event(plain)
        said = self.event_said
        named_before = (since_event is None and said is not None and said[0] == clause.sentence and said[2] is None
                        and self.own is None and change_fig is not None)
        if named_before:  # "Since the Fed began cutting in September, the Russell 2000 has gained 7%, while
            since_event = said[1]  # the 10-year yield has risen nearly 70 basis points": that span too
        multiple = lx.LEVEL_FACTOR_RE.search(plain) if change_fig is None and since_event is None else None
        if multiple is not None:
            spec = self._multiple(clause, plain, key, multiple)
            if record is not None:  # "..., the fastest (biggest) widening since 2008": the change's record
                spec.since = self._since(record)
            return spec
        if since_event is not None and (change_fig is not None or sign_before(plain, len(plain)) is not None):
            # "the 10-year yield has risen 100 basis points since the Fed started cutting in September",
            # "... about 30 basis points since the election"
            event = self._event(since_event)
            spec = Spec(clause, "change_record", series=key, period=None, stated=None if change_fig is None else (
                (verb_sign or 1) * abs(change_fig.value / 100 if change_fig.unit == "bp" else change_fig.value)),
                qualifier=change_fig.qualifier if change_fig else None, direction="low" if (verb_sign or 1) < 0 else "high",
                unsigned=verb_sign is None, figure=change_fig)
            spec.event = event
            if named_before:
                spec.notes.append("over the span since the event the sentence names")
            return spec
        if change_fig is not None or by_most:
            period = self._record_period(clause, plain, record)
            if (by_most and change_fig is None and period is not None and period.kind not in _CHANGE_RECORD_KINDS
                    and (self.note or "").startswith("the period of an earlier sentence")):
                # "spreads widened by the most in seven years" after "... in the first week of the
                # year": no record is kept of such spans; each reading of the record is computed
                period, self.note = None, None
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
                at = period
                if period is not None and period.kind != "day":
                    # "ended 2024 at 2.92%, about 30 basis points tighter": the level at that close
                    at = close_of_period(plain, self.as_of, self.parser) or period
                self.extra.append(Spec(
                    clause, "level_record" if level_words else "level", series=key, stated=level.value,
                    qualifier=level.qualifier, figure=level, since=self._since(record) if level_words else None,
                    direction=level_direction(record, key, level) if level_words else None,
                    period=at if at is not None and at.kind == "day" else None))
            return Spec(clause, "change_record", series=key, period=period, stated=stated,
                        qualifier=change_fig.qualifier if change_fig else None,
                        since=None if level_words and level is not None else self._since(record),
                        direction=direction, unsigned=verb_sign is None, figure=change_fig,
                        start_at=self.start_at if period is self.own else None)
        level = next((f for f in figures if f.unit == "%"), None)
        if level is None and record is None:
            return None
        direction = None if record is None else level_direction(record, key, level)
        first_ever = ever if record is None and level is not None else None
        first_since = lx.FIRST_TIME_RE.search(plain) if record is None and level is not None and not first_ever else None
        if first_since is not None:  # "topped 5% for the first time since 2007" is no period
            plain = blank(plain, first_since)
        day = find_day(plain, self.as_of, self.parser)
        spec = Spec(clause, "level_record" if record is not None else "level", series=key,
                    period=day if day is not None and day.kind == "day" else None,
                    stated=None if level is None else level.value,
                    qualifier=level.qualifier if level else None, since=self._since(record),
                    direction=direction, figure=level)
        if first_since is not None:  # the last earlier day past the level, before this run, was then
            spec.since = parse_since(first_since.group("since"), False, self.as_of, self.parser)
            spec.rank = 0 if spec.since is not None else None
            spec.direction = "low" if re.search(r"\b(?:below|under|fell|dropped|sank)\b", plain, re.I) else "high"
        elif first_ever is not None:  # "fell below 1% for the first time ever": no earlier close past it
            spec.since, spec.rank = Since("ever", None, None, None, "on record"), 0
            spec.direction = "low" if re.search(r"\b(?:below|under|fell|dropped|sank)\b", plain, re.I) else "high"
        if (key == "T10Y2Y" and level is not None and not level.signed and _GAP_NAME.search(text)
                and not _CURVE_SIDE.search(text)):
            # "the gap between 2-year and 10-year yields widened to more than 100 basis points": a gap's
            # size either way (the curve's own words, "inverted", "steeper", give its sign)
            spec.unsigned = True
        if spec.period is None and level is not None:
            self._at_extreme(spec, plain, key)
        if (spec.period is None and spec.measure == "level" and spec.rank is None and self.own is not None
                and self.own.kind in ("week", "month", "quarter", "year", "half") and self.own.label != self.extreme_span
                # the span named right after the level ("fell to 3.6% in September"), not another's
                # ("narrowed to 0.85 percentage point from a peak of 1.21 in April": April is the peak's)
                and self._named_after(plain, level) == self.own.label):
            # "widened to 4.6% in April", "was 4.5% in January": some close of that span at that level;
            # "averaged 4.2% in 2024": the mean of its closes (was: the publication day's level)
            spec.period = self.own
            if _AVERAGED.search(plain):
                spec.direction = "mean"
        return spec

    def _named_after(self, plain: str, level: Figure) -> str | None:
        """The label of the period named right after ``level`` (no "from" between), or None."""
        after = plain[level.end:level.end + 40]
        if re.search(r"\bfrom\b", after, re.IGNORECASE):
            return None
        period = find_period(after, self.as_of, self.parser)
        return None if period is None else period.label

    def _at_extreme(self, spec: Spec, plain: str, key: str) -> None:
        """"Hit 5% for the first time since 2007 earlier this week", "topped 4.9% in October, its
        highest since 2007": a level reached within a week, month, quarter or year is read on that
        span's highest (lowest) close, the day the data fixes (:attr:`Period.anchor`); closes only."""
        # the verb right before the level ("hit 5%"), not one of another level ("the 3.6% low hit in September")
        before = plain[max(0, spec.figure.start - 24):spec.figure.start] if spec.figure is not None else ""
        up, down = _REACH_UP.search(before), _REACH_DOWN.search(before)
        if self.own is not None and self.own.label == self.extreme_span:
            return  # (that span was the other level's)
        if spec.direction is not None and (spec.rank == 0 or spec.measure == "level_record"):
            low = spec.direction == "low"
        elif (up is None) == (down is None):
            return
        else:
            low = down is not None
        within = WITHIN_PERIOD_RE.search(plain)
        span = (find_period(plain[:within.start()] + re.sub(r"^\w+\s+(?:in\s+)?", "", within.group(0)),
                            self.as_of, self.parser) if within is not None else self.own)
        if span is None or span.kind not in ("week", "month", "quarter", "year", "ytd"):
            return
        named = Since("span", span.base + pd.Timedelta(days=1), span.end, None, span.words)
        which = "lowest" if low else "highest"
        spec.period = Period("1d", "day", span.base, span.end, None, f"at its {which} close {span.words}",
                             anchor=(key, named, low))
        self.own, self.note = spec.period, None
        spec.notes.append(f"read at the {which} close {span.words}: the data has closes, not levels within a session")

    def _multiple(self, clause, plain, key, m: re.Match) -> Spec:
        """"High-yield spreads have more than doubled since early 2022": the level at the period's
        end as a multiple of the level at its start (for "halved", the start's of the end's); a
        multiple needs a stated period (no latest session's reading: a level seldom doubles in one)."""
        word = m.group("word").lower()
        q = (m.group("q") or "").strip().lower() or None
        q = {"almost": "nearly", "over": "more than", "roughly": "about"}.get(q, q)
        factor = lx.LEVEL_FACTORS[word]
        own = self.own  # or the sentence's ("Since early 2022, spreads have more than doubled")
        if own is None and self.period is not None and self.period[0] == clause.sentence:
            own = self.period[2]
        spec = Spec(clause, "change_record", series=key, period=own, stated=factor, qualifier=q,
                    figure=Figure(factor, "x", False, m.start(), m.end(), q, 1),
                    direction="low" if word == "halved" else "high")
        if own is None:
            spec.unsupported = f"the text does not say since when the {name(key)} {word}"
        return spec

    def _on_latest_day(self, spec: Spec) -> Spec:
        """A move stated with the level it ended at and no period ("rose 2% to 2,434.98"): the
        latest session, said in the reason."""
        if spec.period is None:
            spec.period = latest_day(self.as_of)
            spec.notes.append("no period stated: read as the latest trading day")
        return spec

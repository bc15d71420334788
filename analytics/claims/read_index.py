"""How a clause about an index reads (a mixin of :class:`analytics.claims.interpret._Reader`):
returns and their records, streaks and tallies, moves in points, moving averages, the pair's
ratio at a record (pure)."""

from __future__ import annotations

import re
from dataclasses import replace

from analytics.claims import lexicon as lx
from analytics.claims.dates import (
    Since, calendar_period, count_words, find_day, find_period, latest_day, parse_since, sessions_period, week_period,
)
from analytics.claims.event_phrases import after_fed_event, since_any_event, since_fed_event
from analytics.claims.figures import blank, find_figures, points_move, sign_before
from analytics.claims.spec import LARGE, SMALL, Spec

_TO_RECORD = re.compile(r"\b(?:to|at|hit|hits|reached|set) (?:a |an |its )?(?:new |fresh )?(?:record(?: high| close)?|all-time high)"
                        r"(?!\s+(?:since|in)\b|\s+on\s+record\b)", re.IGNORECASE)


#: Record words of a ratio's level ("its lowest since 2001", "a record low").
_RATIO_WORDS = ("highest", "lowest", "strongest", "weakest", "record", "all-time", "all time")


#: What a run is of, named after it: "a third straight year of small-cap leadership", "of
#: outperformance" (the pair's gap; who led from ``who``, else the subject).
_RUN_OF_LEAD = re.compile(r"\s+of\s+(?:(?P<who>small|large|big)[- ]caps?['’]?s?\s+)?"
                          r"(?P<what>leadership|outperformance|underperformance)\b", re.IGNORECASE)


#: "since then": since the event the sentence named before.
_SINCE_THEN = re.compile(r"\bsince then\b", re.IGNORECASE)


def period_sides(plain, anchor, unit_word, subject, small_side, large_side, beat, lag, keys, end=None):
    """``(series, measure, sign)`` of a streak or tally: the pair's gap when small and large caps
    are compared (``sign`` -1 when small caps lagged) or the run is named as one's lead after
    ``end`` (the streak's end: "a third straight year of small-cap leadership"), else the
    subject's return going the way of the last rise or fall word before ``anchor`` (or of
    ``unit_word``, "gains", "losses"); None when no way is stated."""
    lead = _RUN_OF_LEAD.match(plain, end) if end is not None else None
    if lead is not None and (lead.group("who") or subject in (SMALL, LARGE)):
        small = (lead.group("who") or ("small" if subject == SMALL else "large")).lower() == "small"
        won = lead.group("what").lower() != "underperformance"
        return f"{SMALL}-{LARGE}", "return_gap", 1 if small == won else -1
    if small_side and large_side and (beat or lag):
        sign = -1 if lx.lag_first(beat, lag) else 1
        if keys.index(small_side[0]) > keys.index(large_side[0]):
            sign = -sign
        return f"{SMALL}-{large_side[0]}", "return_gap", sign
    sign = sign_before(plain, anchor)
    if unit_word.startswith(("gain", "advance", "rise")):
        sign = 1
    elif unit_word.startswith(("loss", "decline", "drop")):
        sign = -1
    return None if sign is None else (subject, "return", sign)


#: A streak's unit by its word ("weekly gain", "straight sessions", "days": sessions).
_STREAK_UNITS = {"week": ("week",), "month": ("month",), "quarter": ("quarter",), "year": ("year", "annual"),
                 "session": ("session", "day", "daily", "trading")}


#: A figure that is the large caps' own ("the S&P 500's 1.9% gain").
POSSESSIVE_LARGE = re.compile(r"(?:s&p 500|s&p|large[- ]caps?|nasdaq(?: composite)?|big[- ]caps?)['’]s?\s*"
                              # ("the S&P 500's roughly 11% gain": a qualifier between)
                              r"(?:(?:roughly|about|around|nearly|almost|approximately|some|an estimated|close to|"
                              r"just (?:over|under)|more than|less than|over|under)\s+)?"
                              r"(?:(?:average\s+)?(?:annuali[sz]ed|annual|yearly)\s+)?$", re.IGNORECASE)


def is_level_record(record: re.Match) -> bool:
    """"a record high", "an all-time high": the level itself, not a return."""
    word = record.group("word").lower()
    return word in ("record", "all-time", "all time") and lx.record_ever(record) in ("high", "low")


#: What an index's highest or lowest can be of when it is the level ("its lowest since 2022",
#: "its highest close since 2021", "its lowest level in nearly a year"), not a move.
_LEVEL_THING = re.compile(r"(?:(?:closing|close)\s+)?(?:level|close|finish|mark)?", re.IGNORECASE)
#: Words of a move's record ("its biggest gain since", "its worst drop since").
MOVE_RECORD_WORDS = ("best", "worst", "biggest", "largest", "sharpest", "steepest", "strongest", "weakest")


def is_level_since(record: re.Match) -> bool:
    """"its highest since November 2021", "its lowest close in a year": the index level against
    the closes since then (or ever), not a return over a period."""
    word, thing = record.group("word").lower(), (record.group("thing") or "").strip()
    # "its weakest close since 1997" is a low close too; a bare "its weakest since" stays a move
    level_word = word in ("highest", "lowest") or (word in ("strongest", "weakest") and bool(thing))
    return (level_word and _LEVEL_THING.fullmatch(thing) is not None
            and bool(record.group("since") or lx.record_ever(record) in ("on record", "ever", "in history")))


#: A move in the simple past right before its figure ("jumped 5.8%", "fell 1.6%"), not "has fallen".
_PAST_MOVE = re.compile(r"(?<!\bhas )(?<!\bhave )(?<!\bhad )\b(?:rose|fell|jumped|gained|lost|climbed|dropped|slid|"
                        r"tumbled|surged|sank|added|shed|rallied|plunged|slumped|advanced|declined|soared|rebounded|"
                        r"retreated|edged (?:up|down|higher|lower)|ticked (?:up|down)|(?:closing|closed|ended|finished|"
                        r"ending|finishing) (?:the day |the session )?(?:up|down|higher|lower))\s+(?:by\s+)?"
                        r"(?:about\s+|nearly\s+|almost\s+|roughly\s+|more than\s+)?$", re.IGNORECASE)
#: Between a figure and a streak: the streak is said of the figure's move, in apposition
#: ("fell 6.9% in October, its third straight monthly decline"; "... on Friday for a third straight
#: session"), not the figure every period passed ("has gained more than 20% for two straight years").
_APPOSITION = re.compile(r"(?:,\s*(?:(?:marking|making|extending|stretching|lengthening|notching|posting|capping|"
                         r"logging)\s+)?|\bfor\s+)(?:its|their)\s*$|,\s*(?:(?:marking|making|notching|posting|logging)\s+)?(?:a|the)\s*$"
                         # "jumped 3.5% on Tuesday, extending its rally to five straight sessions"
                         r"|,\s*(?:extending|stretching|lengthening|taking|bringing)\s+(?:its|their|the)\s+(?:\w+\s+)?"
                         r"(?:rally|run|streak|gains|advance|climb|slide|decline|losses|selloff|sell-off|slump|rout|skid)"
                         r"\s+to\s*$",
                         re.IGNORECASE)
#: A streak's threshold after it: "its second straight annual gain of more than 20%".
_OF_AT_LEAST = re.compile(r"\s*(?:of|above|exceeding|topping)\s+", re.IGNORECASE)
#: A streak's record: "its longest winning streak since 2023", "the longest such run on record".
_LONGEST_RUN = re.compile(r"\b(?:its|their|the)\s+longest\s+(?:[\w-]+\s+){0,2}?(?:streak|run|stretch)\b"
                          r"(?:\s+(?:of\s+\w+\s+)?since\s+(?P<since>[\w .,'-]+?)(?=[,;:.!?)]|\s+(?:and|as|after)\b|$)"
                          r"|\s+(?P<ever>on record|ever))", re.IGNORECASE)

#: After a streak, the last period's own move: "rose for a fifth straight session on Tuesday, jumping 3.5%".
_MOVE_AFTER = re.compile(r"[^,;]{0,40},\s*(?:jumping|rising|gaining|adding|climbing|advancing|rallying|surging|soaring|"
                         r"falling|dropping|sliding|losing|shedding|tumbling|sinking|declining|slumping|plunging)\s+"
                         r"(?:by\s+)?(?:about\s+|nearly\s+|almost\s+|roughly\s+|more than\s+|over\s+)?$", re.IGNORECASE)
_OVER_THE_RUN = re.compile(r"\s*(?:over|during|in|across)\s+(?:that|the|this|those)\s+(?:stretch|streak|span|period|run|"
                           r"time|sessions|days|rally|slide|selloff)\b", re.IGNORECASE)
_STATED_WHEN = re.compile(r"\b(?:on|in)\s+(?:Mon|Tues|Wednes|Thurs|Fri)day\b|\b(?:in|during)\s+(?:January|February|March|"
                          r"April|May|June|July|August|September|October|November|December|(?:19|20)\d\d)\b|"
                          r"\b(?:this|last|the)\s+(?:week|month|quarter|year)\b|\btoday\b", re.IGNORECASE)


def _whole_run(after: str, exact: bool, named) -> bool:
    """Whether a figure said after a streak ("..., gaining 11%") is the whole run's move: "over that
    stretch" says so; else a streak counted ("five straight sessions", not "a fifth") with no
    day named."""
    return _OVER_THE_RUN.match(after) is not None or (not exact and named is None)


def _own_move(between: str) -> bool:
    """Whether the text between a figure and a streak makes the figure one period's move."""
    return _APPOSITION.search(between) is not None or (
        _STATED_WHEN.search(between) is not None and re.search(r"\bfor\s+(?:a|the)\s*$", between, re.IGNORECASE) is not None)


#: Right before a record word: "its first (new) record close since 2021".
_FIRST_BEFORE = re.compile(r"\bfirst\s+(?:new\s+|all-time\s+)?$", re.IGNORECASE)
#: After a record high: "..., its first since February", "..., the first such close since 2021".
_FIRST_AFTER = re.compile(r"[^.;]*?,\s*(?:its|the|a)\s+first\s+(?:(?:such|record)\s+)?(?:close\s+|high\s+|one\s+)?"
                          r"since\s+(?P<since>[^,;:.]+)", re.IGNORECASE)
#: A record of a year's start: "its worst start to a year", "the best start to the year".
_START_TO_YEAR = re.compile(r"\bstart (?:to|of) (?:a|the|any) year\b|\bstarts? to a year\b", re.IGNORECASE)
#: Words of a return that may include dividends ("have returned 31%", "a total return of 96%").
_RETURNED = re.compile(r"\breturn(?:ed|ing)\b|\btotal returns?\b|\bincluding dividends\b", re.IGNORECASE)
#: The calendar period a record names ("its worst week", "its best month since").
_THING_KIND = re.compile(r"\b(?P<kind>week|month)(?:ly)?\b", re.IGNORECASE)


def _wider_period(record, period, as_of):
    """The week (to Friday) or calendar month a record names, when the clause's own period is a
    day inside it ("fell 6% on Friday, capping its worst week since 2020"); else None."""
    kind = _THING_KIND.search(record.group("thing") or "")
    if period is None or period.kind != "day" or period.day is None or kind is None:
        return None
    day = period.day
    if kind.group("kind").lower() == "week":
        return week_period(day) if day.weekday() <= 4 else None
    month = day.to_period("M")
    return calendar_period(month, min(as_of, day), f"{month.end_time:%B %Y}")


def streak_terms(streak: re.Match) -> tuple[int, str, str, bool]:
    """Of a :data:`analytics.claims.lexicon.STREAK_RE` match: the count, the unit (``session``,
    ``week``, ``month``, ``quarter``, ``year``), the unit's word as written and whether the count is
    exact (an ordinal: "a fifth straight session"; "two straight years" is at least two)."""
    words = (streak.group("n") or streak.group("n3") or streak.group("n4") or streak.group("n5") or "").lower()
    exact = (bool(streak.group("suffix")) or words in lx.STREAK_WORDS or streak.group("b2b") is not None
             or streak.group("n4") is not None or streak.group("n5") is not None)
    n = 2 if streak.group("b2b") else count_words(words)
    unit_word = (streak.group("unit") or streak.group("unit2") or streak.group("unit3") or streak.group("unit4")
                 or streak.group("unit5") or "").lower()
    adj = (streak.group("adj") or streak.group("adj2") or "").lower()
    unit = next((u for u, keys_ in _STREAK_UNITS.items() if adj.startswith(keys_) or unit_word.startswith(keys_)),
                "session")
    if streak.group("way"):  # a winning streak is of gains, a losing one of losses
        unit_word = "gains" if streak.group("way").lower() == "winning" else "losses"
    return n, unit, unit_word, exact


class IndexReadings:
    """The readers of an index's claims; :class:`analytics.claims.interpret._Reader` has the
    state they use (``as_of``, ``parser``, ``extra``, ...) and its period helpers."""

    def _streak(self, clause, plain, figures, streak, subject, small_side, large_side, beat, lag, keys) -> Spec | None:
        """"Fell for a fifth straight session", "has gained more than 20% for two straight years",
        "small caps lagged large caps for a fourth straight year": the latest periods' returns (or
        small minus large), each the stated way (and past the stated figure)."""
        n, unit, unit_word, exact = streak_terms(streak)
        sides = period_sides(plain, streak.start(), unit_word, subject, small_side, large_side, beat, lag, keys,
                             end=streak.end())
        if sides is None:
            return None
        series, measure, sign = sides
        # "rose 25.3% in 2010, a third straight year of small-cap leadership": the figure is the
        # subject's own move, the run the pair's
        run_of_lead = measure == "return_gap" and not (small_side and large_side and (beat or lag))
        fig = next((f for f in figures if f.unit in ("%", "pp", "points") and f.end <= streak.start()), None)
        if fig is not None and measure == "return_gap" and POSSESSIVE_LARGE.search(plain[:fig.start]):
            # "trailing the S&P 500's 23% advance for a second straight year": that figure is the
            # S&P 500's own return (over the sentence's period), not the streak's threshold
            period = self._period(clause, plain)
            if period is not None:
                after = plain[fig.end:fig.end + 20]
                own = -1 if re.match(r"\s*(?:loss|decline|drop|fall|slide)", after, re.I) else 1
                self.extra.append(Spec(clause, "return", series=large_side[0], period=period,
                                       stated=own * abs(fig.value) / 100, qualifier=fig.qualifier, figure=fig))
            fig = None
        own_fig = fig if fig is not None and _own_move(plain[fig.end:streak.start()]) else None
        if fig is None:  # "rose for a fifth straight session on Tuesday, jumping 3.5%": the last one's move
            own_fig = next((f for f in figures if f.unit == "%" and f.start >= streak.end()
                            and _MOVE_AFTER.match(plain[streak.end():f.start])), None)
        if own_fig is not None:
            # "fell 6.9% in October, its third straight monthly decline": the figure is October's
            # move, a claim of its own; the streak only says which way each period went ("has risen
            # for five straight sessions, gaining 11% over that stretch": the run's, all of them)
            fig = own_fig
            named = self._period(clause, plain)
            period = named or (latest_day(self.as_of) if unit == "session" else None)
            if own_fig.start >= streak.end() and _whole_run(plain[own_fig.end:], exact, named):
                period = sessions_period(n, self.as_of) if unit == "session" else None
            if period is not None:
                own = -1 if fig.value < 0 else 1 if fig.signed else sign_before(plain, fig.start) or sign
                move = Spec(clause, "return" if run_of_lead else measure, series=subject if run_of_lead else series,
                            period=period, stated=own * abs(fig.value) / 100,
                            qualifier=fig.qualifier, figure=fig)
                record = lx.RECORD_RE.search(clause.text, own_fig.end)
                if (record is not None and measure == "return" and period.kind == "sessions"
                        and record.group("word").lower() in ("best", "worst", "biggest", "largest", "strongest")):
                    # "..., gaining 11% in that span, its best five-day run since April 2020": the run's record
                    move.measure, move.since = "return_record", self._since(record)
                    move.direction = "high" if own > 0 else "low"
                self.extra.append(move)
            fig = None
        above = _OF_AT_LEAST.match(plain, streak.end()) if fig is None else None
        if above is not None:  # "its second straight annual gain of more than 20%": each past that figure
            fig = next((f for f in figures if f.unit == "%" and f.start >= above.end() and f.start - above.end() <= 12), None)
        stated = None if fig is None else sign * abs(fig.value) / 100
        # "fell 6.6% on Thursday, its second straight daily decline": the sessions to that day
        day = find_day(plain, self.as_of, self.parser) if unit == "session" else None
        longest = _LONGEST_RUN.search(clause.text)  # (its "on record" is a record phrase, blanked in plain)
        return Spec(clause, measure, series=series, stated=stated, qualifier=fig.qualifier if fig else None,
                    figure=fig, direction="high" if sign > 0 else "low", streak=(n, unit, exact),
                    period=day if day is not None and day.kind == "day" and day.day is not None else None,
                    # "..., the longest such streak since 2008": the last run as long ended then
                    since=None if longest is None else (
                        Since("ever", None, None, None, "on record") if longest.group("ever") else
                        parse_since(longest.group("since"), False, self.as_of, self.parser)))

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
        day = self._stated_day(blank(plain, first), None)
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
        low = record.group("word").lower() in ("lowest", "weakest") or lx.record_ever(record) == "low"
        spec = Spec(clause, "level_record", series=f"{small}/{large}", since=self._since(record),
                    direction="low" if low else "high")
        day = find_day(blank(text, record), self.as_of, self.parser)
        if day is not None and day.kind == "day" and day.day is not None:  # "... on Tuesday"
            spec.period = day
        else:  # "hit its lowest level since 2001 in April": on April's lowest close
            self.extreme_span = None
            self._at_extreme(spec, blank(text, record), spec.series)
        return spec

    def _first_record_since(self, text: str, record) -> Since | None:
        """The date of "its first record close since 2021" ("its first record high since January
        2022"), or None when the clause says no such thing."""
        if record is None or record.group("word").lower() != "record":
            return None
        if re.search(r"\bfor the first time\b", record.group(0), re.IGNORECASE):
            # "closed at a record for the first time in nearly four years"
            since = self._since(record)
            return since if since is not None and since.kind != "ever" else None
        later = _FIRST_AFTER.match(text, record.end())
        if later is not None and is_level_record(record):  # "closed at a record high, its first since February"
            since = parse_since(later.group("since"), False, self.as_of, self.parser)
            return since if since is not None and since.kind != "ever" else None
        first = lx.FIRST_TIME_RE.search(text, record.end())
        if first is not None and is_level_record(record) and not re.search(r"[,;]", text[record.end():first.start()]):
            # "closed at a record high (on Thursday) for the first time in nearly four years"
            since = parse_since(first.group("since"), False, self.as_of, self.parser)
            return since if since is not None and since.kind != "ever" else None
        if not _FIRST_BEFORE.search(text[:record.start("word")]):
            return None
        since = self._since(record)
        if since is None or since.kind == "ever":  # "record high since ...": the words after the phrase
            after = re.match(r"\s*(?:close\s+)?since\s+(?P<since>[^,;:]+)", text[record.end():], re.IGNORECASE)
            since = None if after is None else parse_since(after.group("since"), False, self.as_of, self.parser)
        return since if since is not None and since.kind != "ever" else None

    def _tally_said(self, clause, text, plain, subject, figures, said) -> Spec | None:
        """"Fell 2.4% in April, its fifth monthly decline in six months": the tally of the latest
        six months, and the month's move a claim of its own."""
        k = count_words(said.group("k"))
        unit = lx.PERIOD_OF_ADJECTIVE.get(said.group("adj").lower(), "year")
        down = said.group("way").lower().startswith(("decline", "loss", "drop", "fall"))
        tallied = Spec(clause, "return", series=subject, direction="low" if down else "high",
                       tally=(k, count_words(said.group("m")), unit))
        move = self._return(clause, text, blank(plain, said), subject, figures, None) if figures else None
        if move is None:
            return tallied
        self.extra.append(tallied)
        return move

    def _record_count(self, clause, text, subject, counted) -> Spec | None:
        """"Notched 57 record closes in 2024" (how many closes of the period were records), "its
        third record close of the year" (the period's last close is its third record); the period
        the clause or sentence names, else the year to date ("of the year", "this year")."""
        words = counted.group("n").lower()
        ordinal = bool(counted.group("th")) or words in lx.STREAK_WORDS or words == "first"
        n = count_words(words)
        plain = blank(text, counted)
        year = re.search(r"\b(?:of|in|for|during)\s+(?P<y>(?:19|20)\d\d)\b", plain)
        if year is not None:  # "57 record closes in 2024", "its third record close of 2025"
            period = find_period(f"in {year.group('y')}", self.as_of, self.parser)
        elif re.search(r"\b(?:of|in|for)\s+the\s+year\b|\bthis\s+year\b|\bso\s+far\b", plain, re.IGNORECASE):
            period = find_period("this year", self.as_of, self.parser)
        else:
            period = find_period(plain, self.as_of, self.parser)
            if period is not None and period.kind == "day" and ordinal:
                period = None  # "its 57th record on Friday": of what span?
            period = period or self._period(clause, plain)
        before = text[max(0, counted.start() - 14):counted.start()].lower()
        qualifier = next((q for q in ("more than", "at least", "nearly", "about") if q in before), None)
        spec = Spec(clause, "record_count", series=subject, period=period, stated=float(n), qualifier=qualifier,
                    count=(n, ordinal))
        if re.search(r"\b(?:the most|most)\s+(?:since|on record|ever)\b", text[counted.end():], re.IGNORECASE):
            spec.notes.append("how the count ranks among other years is not checked")
        return spec

    def _tally(self, clause, plain, figures, tally, subject, small_side, large_side, beat, lag, keys) -> Spec | None:
        """"Small caps have lagged large caps in seven of the past ten years", "the Russell 2000 has
        gained more than 10% in 6 of the last 10 years": how many of the latest periods went the
        stated way (past the stated figure), of that many."""
        k, m = count_words(tally.group("k")), count_words(tally.group("m"))
        unit = {"years": "year", "quarters": "quarter", "months": "month", "weeks": "week"}.get(
            tally.group("unit").lower(), "session")
        sides = period_sides(plain, tally.start(), "", subject, small_side, large_side, beat, lag, keys)
        if sides is None or k > m:
            return None
        series, measure, sign = sides
        fig = next((f for f in figures if f.unit in ("%", "pp") and f.end <= tally.start()), None)
        stated = None if fig is None else sign * abs(fig.value) / 100
        return Spec(clause, measure, series=series, stated=stated, qualifier=fig.qualifier if fig else None,
                    figure=fig, direction="high" if sign > 0 else "low", tally=(k, m, unit))

    def _point_change(self, clause, plain, key, move) -> Spec:
        """A move in index points over the clause's period (the close before it to its last close)."""
        sign = -1 if move.value < 0 else (1 if move.signed else sign_before(plain, move.start))
        return Spec(clause, "point_change", series=key, period=self._period(clause, plain),
                    stated=(sign or 1) * abs(move.value), qualifier=move.qualifier, unsigned=sign is None,
                    figure=move)

    def _runs_to(self, clause, plain, key, fig, period) -> None:
        """"Fell 3.3% on Monday, extending its three-day loss to more than 10%" ("rose 2% on Wednesday,
        extending its gain this week to more than 5%"): the run of sessions (the week) the day's move
        brings to that figure, a claim of its own."""
        if fig is None or period is None or period.kind != "day":
            return
        for pattern in (lx.RUN_TO_RE, lx.PERIOD_RUN_TO_RE):
            run = pattern.search(plain, fig.end)
            size = None if run is None else next((f for f in find_figures(plain) if f.start == run.start("figure")),
                                                  None)
            if size is None:
                continue
            over = (sessions_period(count_words(run.group("n")), period.day if period.day is not None else self.as_of)
                    if pattern is lx.RUN_TO_RE else find_period(run.group("when"), self.as_of, self.parser))
            if over is None:
                continue
            down = run.group("way").lower().startswith(("loss", "decline", "drop", "slide", "slump", "losing", "fall"))
            self.extra.append(Spec(clause, "return", series=key, period=over,
                                   stated=(-1 if down else 1) * abs(size.value) / 100, qualifier=size.qualifier,
                                   figure=size))

    def _period_of(self, clause, plain, key, figures) -> tuple[str, list]:
        """"Closed at a record on Friday, capping a weekly gain of nearly 6%": the period's move (a
        claim of its own, as :meth:`_runs_to`'s), then the clause without it (its figure is not the
        day's)."""
        found = lx.period_of(plain)
        if found is None:  # "closed at a record on Friday, bringing its gain for the week to 6%"
            run = lx.PERIOD_RUN_TO_RE.search(plain)
            found = None if run is None or any(f.unit == "%" and f.end <= run.start() for f in figures) else (
                run, run.group("when"))  # (after the day's own figure: :meth:`_runs_to`)
        if found is None:
            return plain, figures
        phrase, words = found
        size = next((f for f in figures if f.start == phrase.start("figure")), None)
        day = find_day(blank(plain, phrase), self.as_of, self.parser)  # the week that ends on "Friday"
        anchor = day.day if day is not None and day.kind == "day" and day.day is not None else self.as_of
        over = find_period(words, anchor, self.parser)
        if size is None or over is None:
            return plain, figures
        down = phrase.group("way").lower() in lx.DOWN_NOUNS
        self.extra.append(Spec(clause, "return", series=key, period=over,
                               stated=(-1 if down else 1) * abs(size.value) / 100, qualifier=size.qualifier,
                               figure=size))
        return blank(plain, phrase), [f for f in figures if f is not size]

    def _return(self, clause, text, plain, key, figures, record) -> Spec | None:
        plain, figures = self._period_of(clause, plain, key, figures)
        fig = next((f for f in figures if f.unit == "%"), None)
        move = points_move(plain, figures)
        if fig is None:
            if move is not None:  # "the Russell 2000 lost 40 points on Friday"
                return self._point_change(clause, plain, key, move)
            sign = sign_before(plain, len(plain))
            if record is None and sign is not None and since_any_event(plain) is not None:
                # "the Russell 2000 has fallen since the Fed's first cut (since the election)": the direction
                spec = Spec(clause, "return", series=key, direction="high" if sign > 0 else "low")
                spec.event = self._event(since_any_event(plain))
                return spec
            if record is None and _TO_RECORD.search(plain) is None:
                return None
        elif move is not None:  # "fell 94.99 points, or 1.7%": the points checked too
            self.extra.append(self._point_change(clause, plain, key, move))
        first_since = self._first_record_since(text, record)
        crossed = lx.FIRST_TIME_RE.search(plain) if first_since is None and _TO_RECORD.search(plain) else None
        if crossed is not None:  # "closed at a record on Thursday for the first time since November 2021"
            first_since = parse_since(crossed.group("since"), False, self.as_of, self.parser)
            plain = blank(plain, crossed)
        if first_since is not None:
            # "posted its first record close since 2021": a record close now, the one before it then
            since = first_since
            day = find_day(plain, self.as_of, self.parser)
            first = Spec(clause, "level", series=key, status="record", rank=0, since=since, direction="high",
                         period=day if day is not None and day.kind == "day" else None)
            if fig is None:
                return first
            self.extra.append(first)
            record = None
        to_record = _TO_RECORD.search(plain)
        # "closed at its lowest since November 2022", "rose 1.5% to its highest close since 2021"
        since_level = self._since(record) if record is not None and is_level_since(record) else None
        to_level = to_record is not None or since_level is not None or (record is not None and is_level_record(record))
        if to_level:
            day = find_day(plain, self.as_of, self.parser)
            low = record is not None and (lx.record_ever(record) == "low"
                                          or (since_level is not None and record.group("word").lower() in ("lowest", "weakest")))
            level = Spec(clause, "level_record", series=key,
                         since=since_level or Since("ever", None, None, None, "on record"),
                         period=day if day is not None and day.kind == "day" else None,
                         direction="low" if low else "high")  # ("gained 1.7% to a record." has no record phrase of its own)
            if fig is None:
                return level
            if not any(s.clause is clause and s.measure == "level_record" for s in self.extra):
                self.extra.append(level)  # (not again after "rose 0.2% to a record 6,144.15" stated its level)
            if to_record is None:
                record = None
        since_event = since_fed_event(plain)
        period = None
        notes = []
        then = self.since_named if since_event is None and _SINCE_THEN.search(plain) else None
        if then is not None and then[0] == clause.sentence:
            # "The Fed has been on hold since its July hike, and the Russell 2000 has fallen 1.7%
            # since then": since that event
            since_event = then[1]
        if since_event is None and lx.ELECTION_RE.search(plain) and re.search(r"\bsince\b", plain, re.I):
            since_event = ("election", None)
        horizon = None
        after = after_fed_event(plain) if since_event is None else None
        if after is not None:  # "in the 12 months after the Fed's last hike in July 2023"
            since_event, horizon = after
        said = self.event_said
        if since_event is not None:
            self.event_said = (clause.sentence, since_event, horizon)
        elif said is not None and said[0] == clause.sentence and self.own is None and fig is not None:
            # "since the election, the Russell 2000 has gained 8%, outpacing the S&P 500's 3% gain"
            since_event, horizon = said[1], said[2]
            notes.append("over the span since the event the sentence names" if horizon is None else
                         "over the span after the event the sentence names")
        if since_event is not None:
            month = None if since_event[0] == "election" else self._event(since_event)[1]
        else:
            # "its best day since April", "its worst week since 2020": the latest session, the week
            period = self._record_period(clause, plain, record)
            if to_level and (self.note or "").startswith("the period of an earlier sentence"):
                period = latest_day(self.as_of)  # "rose 2.5% to a record high": that session's move
                self.note = "read as the latest trading day"
            elif period is None and fig is not None and _PAST_MOVE.search(plain[:fig.start]) and (
                    record is None or record.group("word").lower() in MOVE_RECORD_WORDS):
                # "the Russell 2000 jumped 5.8%": a market wrap's move of the day ("..., its
                # biggest gain since November 2022": that day's record); the sentence's other
                # clauses without a period of their own take it ("..., which lost 2.9%")
                period = latest_day(self.as_of)
                notes.append("no period stated: read as the latest trading day")
                self.period = (clause.sentence, -1, period)  # (this sentence only: no paragraph carries it)
        stated, unsigned = None, False
        if fig is not None:
            sign = -1 if fig.value < 0 else (1 if fig.signed else sign_before(plain, fig.start))
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
            wider = _wider_period(record, period, self.as_of) if fig is not None else None
            if wider is not None:
                # "lost 6% on Friday, capping its worst week since March 2020": the day's move, and
                # the record of the week (month) it ends, a claim of its own
                self.extra.append(Spec(clause, "return_record", series=key, period=wider, since=since,
                                       direction=direction, rank=rank))
                measure, since, direction, rank = "return", None, None, None
        spec = Spec(clause, measure, series=key, period=period, stated=stated,
                    qualifier=fig.qualifier if fig else None, since=since, direction=direction,
                    unsigned=unsigned, notes=notes, figure=fig, rank=rank)
        if (measure == "return_record" and period is not None and period.kind in ("month", "quarter", "half")
                and _START_TO_YEAR.search(record.group(0)) and period.base.month == 12 and period.base.day == 31):
            # "fell 3.9% in January, its worst start to a year since 2022": the same span of every year
            spec.period = replace(period, kind="ytd", calendar="Y")
        elif measure == "return_record" and period is not None and period.kind in ("quarter", "month"):
            season = lx.SEASON_RE.search(record.group("thing") or "")
            # "its best first-quarter performance since 2019": among first quarters only
            spec.seasonal = season is not None and (season.group("q") is not None) == (period.kind == "quarter")
        # "has returned about 7% a year, compared with 11% for the S&P 500": both yearly rates
        if measure == "return" and fig is not None and (
                lx.ANNUAL_RE.search(plain) or (self.annual == clause.sentence and self.own is None)):
            spec.annualized, self.annual = True, clause.sentence
        if since_event is not None:
            spec.event = (since_event[0], month if since_event[0] != "election" else None)
            spec.horizon = horizon
        self._runs_to(clause, plain, key, fig, period)
        if _RETURNED.search(plain):
            self.returned = clause.sentence
        if fig is not None and not spec.annualized and self.returned == clause.sentence:
            # "have returned 31%, versus 96% for large caps": total returns in most texts; the data
            # has the index levels only
            spec.notes.append("a price return: the index level, without dividends")
        return spec

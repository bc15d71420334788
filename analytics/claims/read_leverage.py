"""How a clause about companies by leverage reads (a mixin of
:class:`analytics.claims.interpret._Reader`): "the most-leveraged quartile fell hardest in the
selloff and led the rebound" is two claims, each a way (worse, better), a comparison (a
superlative among the quartiles, or against the other end) and a span (a named period, "the
selloff", "the rebound", or the sentence's period); measured by
:mod:`analytics.claims.leverage_measures` (pure)."""

from __future__ import annotations

import re

from pandas.tseries.offsets import MonthEnd

from analytics.claims import lexicon as lx
from analytics.claims.clauses import find_mentions
from analytics.claims.dates import Since, find_period, parse_date
from analytics.claims.event_phrases import fed_event_match, since_fed_event
from analytics.claims.figures import blank, find_figures, sign_before
from analytics.claims.spec import INDEXES, SMALL, Spec

#: The subject of a leverage claim named as the S&P 600 (its lists and its fund's closes).
_SP600 = re.compile(r"\bS&P (?:SmallCap )?600\b|\bIJR\b", re.IGNORECASE)


#: At most this many claims are read from one leverage clause (a sentence states one to three; a
#: text of a thousand "fell hardest"s is not worth a thousand rankings).
MAX_WAYS = 4

#: "After the Fed('s) ..." in a leverage claim: the span since that event.
_AFTER_FED = re.compile(r"\bafter(?=\s+(?:the\s+)?(?:fed\b|fed's|federal reserve|fomc|central bank))", re.IGNORECASE)


#: What a comparison is with, right after its verb: an index ("lagged the S&P 500", "the broader index").
_AFTER_VERB = re.compile(r"\s+(?:the\s+)?(?P<broad>(?:broader|overall|wider)\s+(?:index|market|benchmark)\b)?")


def _compared(text: str, m: re.Match) -> str:
    """The mode of a way word: ``"extreme"`` (a superlative), ``"other"`` (the other end), or
    ``"index:<key>"`` ("lagged the S&P 500": that index's return over the span; ``"index:"`` for
    "the broader index", the ranked index's own)."""
    if not m.group("cmp"):
        return "extreme"
    after = _AFTER_VERB.match(text, m.end())
    if after is None:  # (the verb ends the clause: "... with the most debt lagged")
        return "other"
    if after.group("broad"):
        return "index:"
    named = find_mentions(text[after.end():after.end() + 40])
    return f"index:{named[0][2]}" if named and named[0][0] == 0 and named[0][2] in INDEXES else "other"


class LeverageReadings:
    """Reads leverage-quartile claims (needs the reader's ``as_of``, ``parser``, ``own``, ``extra``
    and ``_period``)."""

    def _leverage(self, clause, text: str, subject: str | None) -> Spec | None:
        """The last claim of a leverage clause (the ones before it go to ``self.extra``), or None
        when it states no way (worse or better than the others) and no return of its own."""
        group = "least" if lx.LEAST_LEVERAGED_RE.search(lx.LEVERAGE_CLAIM_RE.search(text).group(0)) else "most"
        ways = sorted([(m.start(), "low", _compared(text, m)) for m in lx.LEVERAGE_WORSE_RE.finditer(text)]
                      + [(m.start(), "high", _compared(text, m))
                         for m in lx.LEVERAGE_BETTER_RE.finditer(text)])[:MAX_WAYS]
        if not ways:  # "highly leveraged small caps have rebounded 30% since April": the group's own return
            figure = next((f for f in find_figures(text) if f.unit == "%"), None)
            sign = None if figure is None else sign_before(text, figure.start)
            if sign is None:
                return None
            ways = [(0, "high" if sign > 0 else "low", "own")]
        keys = [k for _, _, k in find_mentions(text)]
        # the index whose members are ranked: the S&P 600's, the Russell 2000's (small caps), or a
        # large-cap index named alone ("the most leveraged S&P 500 companies": no list of it here)
        series = ("IJR" if _SP600.search(text) or subject == "IJR" else SMALL if SMALL in keys or not keys
                  else keys[0] if keys[0] in ("GSPC", "IXIC") else SMALL)
        episodes = self._episodes(text)
        # "rallied the most after the Fed's first cut": since it (five letters for five, offsets kept)
        rest = _AFTER_FED.sub("since", text)  # (not plain: "the most debt ... since" is no record)
        event = since_fed_event(rest)
        rest = blank(rest, fed_event_match(rest))
        for _, _, _, (a, b) in episodes:  # the period is read without them ("the April selloff" is no April)
            rest = rest[:a] + " " * (b - a) + rest[b:]
        self.own = find_period(rest, self.as_of, self.parser)  # (the context's period when None)
        other = lx.LEVERAGE_OTHER_RE.search(text)  # "..., compared with a 5% gain for the least leveraged"
        specs = []
        for i, (at, direction, mode) in enumerate(ways):
            end = ways[i + 1][0] if i + 1 < len(ways) else len(text)
            found = next((e for e in episodes if at <= e[0] < end), None)
            kind, month = (None, None) if found is None else found[1:3]
            if kind == "rebound" and specs and specs[-1].leverage[2] is not None:
                # "fell hardest in the April selloff (the 2022 bear market) and led the rebound": after that one
                month = month or specs[-1].leverage[3]
                kind = "bear rebound" if specs[-1].leverage[2].startswith("bear") else kind
            period = None if found is not None or event is not None else self._period(clause, rest)
            spec = Spec(clause, "leverage_quartile", series=series, period=period, direction=direction)
            if found is None and event is not None:
                spec.event = self._event(event)
            elif found is None and self.own is None:
                # "have bounced the most since then": since the low or event named before (the
                # reader's "since then" on the text: its record-blanked text lost it to "the most")
                self._same_span(clause, rest, spec)
            spec.leverage = (group, mode if mode != "index:" else f"index:{series}", kind, month)
            figures = [f for f in find_figures(text[at:end]) if f.unit in ("%", "pp")
                       and (other is None or not other.start() <= at + f.start < other.end())]  # (the other end's)
            if figures:
                spec.figure, spec.stated = figures[0], figures[0].value / 100
                spec.qualifier, spec.unsigned = figures[0].qualifier, not figures[0].signed
                verb = sign_before(text[at:end], figures[0].start) if not figures[0].signed else None
                if mode == "own":  # the way of its verb ("have rebounded 30%", "fell 12%")
                    spec.stated, spec.unsigned = abs(spec.stated) * (1 if direction == "high" else -1), False
                elif mode == "extreme" and verb is not None:  # "held up best in the selloff, falling about 25%"
                    spec.stated, spec.unsigned = abs(spec.stated) * verb, False
            if kind is None and spec.period is None and spec.event is None:
                spec.unsupported = ("the clause names no period, selloff or rebound to measure the leverage "
                                    "quartiles over")
            specs.append(spec)
        if other is not None and specs[-1].unsupported is None:
            specs.append(self._other_end(specs[-1], text, other))
        self.extra.extend(specs[:-1])  # (the extras come first: the claims in text order)
        return specs[-1]

    @staticmethod
    def _other_end(spec: Spec, text: str, m: re.Match) -> Spec:
        """"..., compared with a 5% gain for the least leveraged": that group's own return over the
        same span, a claim of its own."""
        figure = next(f for f in find_figures(text) if f.start == m.start("figure"))
        way = (m.group("way") or "").lower()
        sign = (-1 if figure.value < 0 else 1) if figure.signed or not way else (
            -1 if way in ("loss", "decline", "drop", "fall") else 1)
        group = "least" if lx.LEAST_LEVERAGED_RE.search(m.group("who")) else "most"
        other = Spec(spec.clause, "leverage_quartile", series=spec.series, period=spec.period,
                     direction="high" if sign > 0 else "low", stated=sign * abs(figure.value) / 100,
                     qualifier=figure.qualifier, figure=figure, notes=list(spec.notes))
        other.event, other.leverage = spec.event, (group, "own", *spec.leverage[2:])
        return other

    def _episodes(self, text: str) -> list[tuple[int, str, Since | None, tuple[int, int]]]:
        """``(start, kind, month, words)`` of each selloff, bear market or rebound the clause names
        ("the April selloff", "led the rebound", "since the April 8 low": the rebound from the
        selloff's low in that month), in text order; ``words`` the span to read the period without."""
        out = []
        for m in lx.EPISODE_RE.finditer(text):
            kind = "selloff" if m.group("sell") else "bear market" if m.group("bear") else "rebound"
            named = self._episode_month(text, m)
            out.append((m.start(), kind, *(named if named is not None else (None, (m.start(), m.end())))))
        for m in lx.SINCE_LOW_RE.finditer(text):
            month = self._month_of(m.group("when"))
            if month is not None:
                out.append((m.start(), "rebound", month, (m.start(), m.end())))
        return sorted(out, key=lambda e: e[0])

    def _episode_month(self, text: str, m: re.Match) -> tuple[Since, tuple[int, int]] | None:
        """The month (or year) naming an episode and the span of the words to blank, or None."""
        head = max(0, m.start() - 48)  # (a month and two words before it: no scan of the whole clause)
        before = lx.EPISODE_MONTH_BEFORE_RE.search(text[head:m.start()])
        after = lx.EPISODE_MONTH_AFTER_RE.match(text, m.end())
        for found, span in ((before, (head + before.start() if before else 0, m.end())),
                            (after, (m.start(), after.end() if after else 0))):
            month = self._month_of(found.group("month")) if found is not None else None
            if month is not None:
                return month, span
        return None

    def _month_of(self, words: str) -> Since | None:
        """The month (or year) of "April", "March 2020", "April 8", "2022", or None ("may" in lower
        case is no month)."""
        if not words or (words[0].isalpha() and not words[0].isupper()):
            return None
        parsed = parse_date(self.parser, words, self.as_of)
        if parsed is None or parsed[1] not in ("day", "month", "year"):
            return None
        if parsed[1] == "year":  # "the 2022 bear market"
            first = parsed[0].replace(month=1, day=1)
            return Since("year", first, first.replace(month=12, day=31), None, f"{first:%Y}")
        first = parsed[0].replace(day=1)
        return Since("month", first, first + MonthEnd(0), None, f"{first:%B %Y}")

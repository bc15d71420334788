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
from analytics.claims.dates import Since, find_period, parse_date
from analytics.claims.figures import find_figures
from analytics.claims.spec import SMALL, Spec

#: The subject of a leverage claim named as the S&P 600 (its lists and its fund's closes).
_SP600 = re.compile(r"\bS&P (?:SmallCap )?600\b|\bIJR\b", re.IGNORECASE)


class LeverageReadings:
    """Reads leverage-quartile claims (needs the reader's ``as_of``, ``parser``, ``own``, ``extra``
    and ``_period``)."""

    def _leverage(self, clause, text: str, plain: str, subject: str | None) -> Spec | None:
        """The last claim of a leverage clause (the ones before it go to ``self.extra``), or None
        when no way (worse or better) is stated."""
        group = "least" if re.search(r"\bleast\b", lx.LEVERAGE_CLAIM_RE.search(text).group(0), re.I) else "most"
        ways = sorted([(m, "low") for m in lx.LEVERAGE_WORSE_RE.finditer(text)]
                      + [(m, "high") for m in lx.LEVERAGE_BETTER_RE.finditer(text)], key=lambda w: w[0].start())
        if not ways:
            return None
        series = "IJR" if _SP600.search(text) or subject == "IJR" else SMALL
        episodes = [(m, self._episode_month(text, m)) for m in lx.EPISODE_RE.finditer(text)]
        rest = text
        for m, month in episodes:  # the period is read without the episodes ("the April selloff" is no April)
            a, b = month[1] if month is not None else (m.start(), m.end())
            rest = rest[:a] + " " * (b - a) + rest[b:]
        self.own = find_period(rest, self.as_of, self.parser)  # (the context's period when None)
        specs = []
        for i, (way, direction) in enumerate(ways):
            end = ways[i + 1][0].start() if i + 1 < len(ways) else len(text)
            found = next(((m, month) for m, month in episodes if way.start() <= m.start() < end), None)
            kind = None if found is None else ("selloff" if found[0].group("sell") else "rebound")
            month = None if found is None or found[1] is None else found[1][0]
            if kind is not None and month is None and specs and specs[-1].leverage[3] is not None:
                month = specs[-1].leverage[3]  # "fell hardest in the April selloff and led the rebound": that one's
            period = None if found is not None else self._period(clause, rest)
            spec = Spec(clause, "leverage_quartile", series=series, period=period, direction=direction)
            spec.leverage = (group, bool(way.group("cmp")), kind, month)
            figures = [f for f in find_figures(text[way.start():end]) if f.unit in ("%", "pp")]
            if figures:
                spec.figure, spec.stated = figures[0], figures[0].value / 100
                spec.qualifier, spec.unsigned = figures[0].qualifier, not figures[0].signed
            if kind is None and period is None:
                spec.unsupported = ("the clause names no period, selloff or rebound to measure the leverage "
                                    "quartiles over")
            specs.append(spec)
        self.extra.extend(specs[:-1])  # (the extras come first: the claims in text order)
        return specs[-1]

    def _episode_month(self, text: str, m: re.Match) -> tuple[Since, tuple[int, int]] | None:
        """The month naming an episode and the span of the words to blank, or None."""
        before = lx.EPISODE_MONTH_BEFORE_RE.search(text[:m.start()])
        after = lx.EPISODE_MONTH_AFTER_RE.match(text, m.end())
        for found, span in ((before, (before.start() if before else 0, m.end())),
                            (after, (m.start(), after.end() if after else 0))):
            if found is None or not found.group("month")[0].isupper():  # ("may lead the rebound")
                continue
            parsed = parse_date(self.parser, found.group("month"), self.as_of)
            if parsed is None or parsed[1] != "month":
                continue
            first = parsed[0].replace(day=1)
            if first > self.as_of:
                first = first.replace(year=first.year - 1)
            last = first + MonthEnd(0)
            return Since("month", first, last, None, f"{first:%B %Y}"), span
        return None

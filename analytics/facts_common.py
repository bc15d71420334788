"""Shared parts of the headline facts: the :class:`Fact` record, names, wording and record helpers.

Private to :mod:`analytics.facts` and its ``facts_*`` family modules (returns, drawdowns, rates,
fed); import the public names from :mod:`analytics.facts`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.records import RecordResult, calc_record_since, ordinal, record_at

__all__ = ["DIRECTIONS", "Fact", "FactSkipped", "KINDS", "PANELS", "UNITS", "states_record"]

KINDS = (
    "return", "relative_return", "drawdown", "level_record", "change_record", "correlation",
    "regime",
)
UNITS = ("decimal", "percent", "pp", "coefficient", "days")
DIRECTIONS = ("high", "low")
PANELS = ("relative", "rates", "spreads", "correlation", "regimes")

#: Names used in the sentences; a key not listed here is written as it is.
NAMES: dict[str, str] = {
    "RUT": "Russell 2000",
    "GSPC": "S&P 500",
    "IXIC": "Nasdaq Composite",
    "SP600": "S&P SmallCap 600",
    "RUI": "Russell 1000",
    "MID": "S&P MidCap 400",
    "IWM": "iShares Russell 2000 ETF",
    "IJR": "iShares Core S&P Small-Cap ETF",
    "IWB": "iShares Russell 1000 ETF",
    "SPY": "SPDR S&P 500 ETF",
    "MDY": "SPDR S&P MidCap 400 ETF",
    "FF_LO10": "Ken French bottom-decile size portfolio",
    "FF_LO30": "Ken French bottom-30% size portfolio",
    "FF_HI10": "Ken French top-decile size portfolio",
    "FF_HI30": "Ken French top-30% size portfolio",
    "NASDAQCOM": "Nasdaq Composite",
    "SP500": "S&P 500",
    "DGS10": "10-year Treasury yield",
    "DGS2": "2-year Treasury yield",
    "BAMLH0A0HYM2": "high-yield spread",
    "BAMLC0A0CM": "investment-grade spread",
}
#: Short names of rates, as in "correlation with the 10-year yield".
SHORT_NAMES: dict[str, str] = {"DGS10": "10-year yield", "DGS2": "2-year yield"}

#: A return's record is worth a clause in its sentence when it reaches back this far (or is a
#: record for the whole history).
NOTABLE_SPAN = pd.DateOffset(years=2)
#: A record clause ("the highest since X", "on record") needs at least this many comparable
#: values strictly between X and the fact's value (for "on record": earlier values at all).
MIN_BETWEEN = 3
#: Level and change records (and correlations, the level of a rolling statistic) also need X at
#: least this many calendar days before the value.
MIN_RECORD_DAYS = 30
#: ... by kind: a rolling correlation a year (its windows overlap: "-0.02, the lowest since
#: 2025-11-21", 40 days back at the 18th percentile, beat nearly nothing).
RECORD_DAYS = {"level_record": MIN_RECORD_DAYS, "change_record": MIN_RECORD_DAYS, "correlation": 365}
#: Kinds whose record is a level or a change record (the :data:`RECORD_DAYS` rule).
LEVEL_KINDS = tuple(RECORD_DAYS)


class FactSkipped(Exception):
    """A fact cannot be stated from the data given; the message says why."""


@dataclass(frozen=True)
class Fact:
    """One headline fact, ready for a sentence on the page and a row of JSON.

    Attributes:
        id: Stable identifier, ``kind:series[:period]``, e.g. ``"return:RUT:ytd"``,
            ``"level_record:DGS10"``, ``"correlation:RUT~DGS10:63d"``.
        kind: One of :data:`KINDS`.
        series: Loader key (``"RUT"``, ``"DGS10"``), a pair ``"RUT-GSPC"`` (small minus large),
            ``"RUT~DGS10"`` (a correlation) or ``"fed_target"`` (the spliced target path of
            :func:`analytics.regimes.to_fed_target`).
        period: ``"1d"``, ``"1m"``, ``"ytd"``, ``"month"``, ``"quarter"``, ``"year"``,
            ``"since:YYYY-MM-DD"``, ``"63d"``/``"26w"``/``"24m"`` (correlation windows),
            ``"level"`` (level records) or ``"peak"`` (drawdowns).
        start: ISO date of the first observation used (the base of a return or change, the
            peak of a drawdown, the first observation of the history of a level record, the
            base of the first change in a correlation window, the Fed's last move).
        end: ISO date of the last observation used (on or before ``as_of``).
        value: The number: decimal fraction for returns and drawdowns, percent for yield and
            spread levels, percentage points for changes, a coefficient for correlations,
            calendar days since the last move for the Fed regime.
        unit: One of :data:`UNITS`.
        record_since: ISO date of the last earlier comparable value at least as extreme (see
            :mod:`analytics.records`), or ``None`` (a record for the whole history when
            ``history_start`` is set; no record status when it is ``None``).
        direction: ``"high"`` or ``"low"``: which way the record (or the move) points.
        text: One sentence, as an analyst would write it.
        panel: Dashboard panel that shows the fact, one of :data:`PANELS`.
        history_start: ISO date of the first comparable value the record was checked
            against; ``None`` when the fact has no record status or no earlier comparable
            value (then ``record_since`` is ``None`` too).
        status: ``"normal"``/``"correction"``/``"bear market"`` for drawdowns,
            ``"hiking"``/``"cutting"``/``"hold"`` for the Fed regime; ``None`` otherwise.
        rank: Where the value ranks among its comparable values in ``direction`` (1 = most
            extreme; ties share the better rank); ``None`` when the fact has no comparison.
        comparables: How many values were ranked, the fact's own included (``rank`` is at
            most ``comparables``); ``None`` with ``rank``.
        between: How many comparable values lie strictly between ``record_since`` and the
            value (for a record over the whole history: every earlier value): the values the
            record claim beats; ``None`` with ``rank``.
        record_stated: Whether the record passes :func:`states_record` (enough comparable
            values between ``record_since`` and ``end``, far enough back): only then does the
            text say "the highest since ..."/"on record" and may the page show a badge.
        notability: How much the fact stands out (:func:`notability_of`; 0 = not at all).
    """

    id: str
    kind: str
    series: str
    period: str
    start: str
    end: str
    value: float
    unit: str
    record_since: str | None
    direction: str
    text: str
    panel: str
    history_start: str | None = None
    status: str | None = None
    rank: int | None = None
    comparables: int | None = None
    between: int | None = None
    record_stated: bool = False
    notability: float = 0.0


# ----------------------------------------------------------------------------- wording


def name(key: str) -> str:
    """Name of a series key in a sentence ("Russell 2000"); the key when unknown."""
    return NAMES.get(key, key)


def iso(ts: pd.Timestamp | None) -> str | None:
    """ISO date string of a timestamp; ``None`` stays ``None``."""
    return None if ts is None else f"{pd.Timestamp(ts):%Y-%m-%d}"


def pct(value: float, digits: int = 1) -> str:
    """Absolute value of a decimal fraction as a percentage: ``-0.016`` -> ``"1.6%"``."""
    return f"{abs(value) * 100:.{digits}f}%"


def period_label(ts: pd.Timestamp, freq: str) -> str:
    """A calendar period in words: ``"December 2024"``, ``"2024 Q4"``, ``"2024"``."""
    if freq == "M":
        return f"{ts:%B %Y}"
    if freq == "Q":
        return f"{ts.year} Q{ts.quarter}"
    return f"{ts.year}"


def capitalize(sentence: str) -> str:
    """First letter upper case (names such as "the 10-year ..." start sentences)."""
    return sentence[:1].upper() + sentence[1:]


# ----------------------------------------------------------------------------- records


def record_of(comparable: pd.Series, value: float, direction: str) -> RecordResult:
    """Record status of ``value``, the newest entry of a comparable series.

    The last entry of ``comparable`` is replaced by ``value`` (the number the fact states,
    computed by the period function) so that the record never disagrees with the fact by a
    rounding difference; the earlier entries are the history it is compared with.

    Raises:
        FactSkipped: when the comparable series is empty.
    """
    if comparable.empty:
        raise FactSkipped("no comparable history for a record")
    values = comparable.to_numpy(dtype="float64", copy=True)
    values[-1] = value  # on the array: a Series' positional assignment costs ~0.15 ms
    return calc_record_since(pd.Series(values, index=comparable.index, name=comparable.name),
                             direction=direction)


def record_of_values(index: pd.DatetimeIndex, values: np.ndarray, value: float, direction: str) -> RecordResult:
    """:func:`record_of` of ``pd.Series(values, index=index)`` for comparable values already
    checked (float64 on a sorted DatetimeIndex without duplicates, as
    :class:`analytics.facts_history.FactHistory` keeps them), without building the series.

    Raises:
        FactSkipped: when there are no values.
    """
    if not len(values):
        raise FactSkipped("no comparable history for a record")
    if not math.isfinite(value):  # the checked path says how it fails
        return record_of(pd.Series(values, index=index), value, direction)
    values = values.copy()
    values[-1] = value
    keep = ~np.isnan(values)
    if not keep.all():
        values, index = values[keep], index[keep]
    return record_at(index, values, len(values) - 1, direction)


def states_record(record: RecordResult, kind: str) -> bool:
    """Whether a record deserves its clause ("the highest since X", "on record").

    Rule: at least :data:`MIN_BETWEEN` comparable values lie strictly between X (``record_since``;
    for a record the start of the history, so every earlier value counts) and the value, and,
    for level and change records and correlations (:data:`LEVEL_KINDS`), X is at least
    :data:`RECORD_DAYS` calendar days before it. "The 10-year at 4.08% is the highest since
    yesterday" fails both.
    """
    if record.between < MIN_BETWEEN:
        return False
    if kind in LEVEL_KINDS:
        since = record.history_start if record.is_record else record.record_since
        return (record.at - since).days >= RECORD_DAYS[kind]
    return True


#: A fact scoring at least this much is notable; a day without one says so. Calibrated on the
#: snapshot (40 random business days 1998-2026, 2026-12-06, 20:40 UTC): 2.8 notable facts a day, none on 8.
NOTABLE_MIN = 2.0
#: Points for a drawdown past the correction (-10 %) and bear-market (-20 %) thresholds.
THRESHOLD_POINTS = {"correction": 0.5, "bear market": 1.0}


#: Calendar days a completed quarter's or year's fact keeps its full notability after its
#: period ends; then it fades linearly to :data:`FADED` of it when the next one ends.
FRESH_DAYS = 31
FADED = 0.5
_PERIOD_DAYS = {"quarter": 91.3, "year": 365.25}


def freshness(fact: "Fact", as_of) -> float:
    """How much of its notability a fact about a completed quarter or year keeps ``as_of``: 1
    within :data:`FRESH_DAYS` of the period's end, then linearly less, to :data:`FADED` when
    the next period ends (the card of 2000-12-15 opened with the Nasdaq's 1999, "its best year
    on record", while the Nasdaq was down 34.8% in 2000); 1 for every other fact."""
    length = _PERIOD_DAYS.get(fact.period)
    if length is None or as_of is None or fact.kind not in ("return", "relative_return"):
        return 1.0
    age = (pd.Timestamp(as_of) - pd.Timestamp(fact.end)).days
    if age <= FRESH_DAYS:
        return 1.0
    return max(FADED, 1.0 - (1.0 - FADED) * (age - FRESH_DAYS) / (length - FRESH_DAYS))


def notability_of(fact: "Fact", as_of=None) -> float:
    """How much a fact stands out, in points (0 = not at all; :data:`NOTABLE_MIN` = notable).

    The sum of:

    * **rarity** against its own history, ``log10(comparables / rank)``: a value in the top
      10 % of its comparable values (in its direction) scores 1, the top 1 % 2, a record over
      10,000 days 4; nothing with fewer than four comparable values or for a drawdown at a peak
      (an index level is no move);
    * **record span**, for a stated record (``record_stated``) only:
      ``log2(1 + years) / 3 * sqrt(between / (comparables - 1))``, ``years`` from X
      (``record_since``, or the start of the history for "on record") to the fact's end, and
      the square root discounting a record that beats only a small share of the history (a
      return "the best since a 2005 Fed hike" that 23 later hikes beat); "on record" over 37
      years scores 1.75, the worst year in 26 of 36 years 1.32. A yield's or spread's level
      (``level_record``) scores ``log2(1 + years) / 2``, its span alone: a level is no move, so
      its place in decades of history says little and the share discount would say it twice
      (the 10-year at 4.98% on 2023-10-19, "the highest since 2007-07-19", ranks 8,706th of
      15,436 days since 1962: 0.95 points with the discount, below the last calendar year's
      returns; 2.30 now). 16 years score 2.05, 5 years 1.29, one year 0.5;
    * **thresholds**: a drawdown in correction (-10 %) 0.5, in a bear market (-20 %) 1
      (:data:`THRESHOLD_POINTS`);
    * what the fact's builder already put in ``notability``: **a threshold crossed** (a
      drawdown that went past -10 % or -20 % within the last 30 days: 1.5,
      :func:`analytics.facts_drawdowns.crossed_points`) and **a regime change** (the Fed
      regime changed within the last 30 days: 2, a move that continues a cycle: 1,
      :func:`analytics.facts_fed.regime_change_points`).

    The sum is then multiplied by :func:`freshness` (a completed quarter's or year's fact fades
    once the next one is under way), when ``as_of`` (the sheet's date) is given.

    Returns:
        The score, rounded to 2 decimals.
    """
    score = fact.notability
    if fact.rank is not None and fact.comparables and fact.comparables > MIN_BETWEEN:
        if not (fact.kind == "drawdown" and fact.direction == "high"):
            score += math.log10(fact.comparables / fact.rank)
    since = fact.record_since or fact.history_start
    if fact.record_stated and since is not None and fact.between and fact.comparables > 1:
        years = max((pd.Timestamp(fact.end) - pd.Timestamp(since)).days, 0) / 365.25
        if fact.kind == "level_record":
            score += math.log2(1 + years) / 2
        else:
            score += math.log2(1 + years) / 3 * math.sqrt(fact.between / (fact.comparables - 1))
    score += THRESHOLD_POINTS.get(fact.status or "", 0.0) if fact.kind == "drawdown" else 0.0
    return round(score * freshness(fact, as_of), 2)


def top_facts(facts, n: int = 6) -> list["Fact"]:
    """The ``n`` most notable facts, most notable first (ties keep the sheet order).

    On a quiet day they may all score below :data:`NOTABLE_MIN`: check :func:`any_notable`.

    Raises:
        ValueError: when ``n`` is negative.
    """
    if n < 0:
        raise ValueError(f"n={n}: the number of facts must be 0 or more")
    return sorted(facts, key=lambda f: -f.notability)[:n]


def any_notable(facts) -> bool:
    """Whether any fact scores at least :data:`NOTABLE_MIN`."""
    return any(f.notability >= NOTABLE_MIN for f in facts)


def nothing_notable(as_of: str) -> str:
    """The sentence for a day without a notable fact."""
    return (f"Nothing notable as of {as_of}: no move is rare against its own history, no record "
            "reaches far back, no drawdown threshold was crossed and the Fed regime did not change.")


#: A value without a stated record still says where it ranks when it is among this many most
#: extreme values of a history of at least :data:`RANK_CLAUSE_MIN_VALUES` ("the 2nd-worst of the
#: 8,177 one-month returns since 1987"), or among its most extreme :data:`RANK_CLAUSE_SHARE`:
#: a value that rare is notable for its rank alone (2 points of :func:`notability_of`'s rarity),
#: so its sentence says so ("..., the 8th-most negative of the 6,458 values since 2000", a
#: correlation whose last lower value is too recent for a "since" clause).
RANK_CLAUSE_MAX = 3
RANK_CLAUSE_MIN_VALUES = 30
RANK_CLAUSE_SHARE = 0.01


def rank_phrase(record: RecordResult, words: tuple[str, str], things: str) -> str:
    """``"the 2nd-worst of the 8,177 one-month returns since 1987"`` for a value ranked
    :data:`RANK_CLAUSE_MAX` or better, or within the most extreme :data:`RANK_CLAUSE_SHARE`,
    among :data:`RANK_CLAUSE_MIN_VALUES` or more values; empty otherwise.

    Args:
        record: The value's record status (rank, comparables, history start).
        words: The superlatives for direction ``"high"`` and ``"low"``, e.g. ``("best", "worst")``.
        things: The comparable values, plural ("one-month returns").
    """
    if record.comparables < RANK_CLAUSE_MIN_VALUES or (
            record.rank > RANK_CLAUSE_MAX and record.rank > RANK_CLAUSE_SHARE * record.comparables):
        return ""
    word = words[0] if record.direction == "high" else words[1]
    place = word if record.rank == 1 else f"{ordinal(record.rank)}-{word}"
    return f"the {place} of the {record.comparables:,} {things} since {record.history_start.year}"


#: What a return fact's comparable values are called, plural, by period, for a rank clause ("the
#: 2nd-worst of the 8,177 one-month returns since 1987").
RETURN_PLURALS = {"1d": "days", "1m": "one-month returns", "ytd": "starts to a year", "month": "months",
                  "quarter": "quarters", "year": "years"}
#: The same for a relative fact, which carries the return gap (small minus large, pp), not the
#: relative return (the ratio's change): "the 44th-best of 460 monthly return gaps since 1987".
GAP_PLURALS = {"1d": "daily return gaps", "1m": "one-month return gaps", "ytd": "year-to-date return gaps",
               "month": "monthly return gaps", "quarter": "quarterly return gaps", "year": "annual return gaps"}
#: A fact's rank in its direction ("high", "low") by kind, and what its comparable values are
#: (returns and return gaps by period: :data:`RETURN_PLURALS`, :data:`GAP_PLURALS`).
RANK_WORDS = {"return": ("best", "worst"), "relative_return": ("best", "worst"),
              "drawdown": ("highest", "deepest"), "level_record": ("highest", "lowest"),
              "change_record": ("highest", "lowest"), "correlation": ("highest", "lowest")}
_RANKED = {"level_record": "readings", "change_record": "monthly changes", "correlation": "readings"}


def ranked_things(fact: "Fact") -> str:
    """What a fact was ranked among, plural: ``"monthly return gaps"``, ``"readings"``, ...;
    for a return since an event the events its sentence names (``"presidential elections"``,
    ``"Fed cuts"``), else ``"events"``."""
    if fact.kind == "drawdown":
        return "days" if fact.direction == "low" else "closes"  # at a peak: the level among levels
    plurals = {"return": RETURN_PLURALS, "relative_return": GAP_PLURALS}.get(fact.kind)
    if plurals is None:
        return _RANKED.get(fact.kind, "values")
    if fact.period in plurals:
        return plurals[fact.period]
    named = re.search(r"since the \d{4}-\d{2}-\d{2} (.+?) \(as of", fact.text)
    return f"{named[1]}s" if named else "events"


def rank_words(fact: "Fact") -> str:
    """Where a fact's value ranks, in its direction: ``"4,189th-worst of 9,684"``,
    ``"469th-lowest of 7,609"``, ``"deepest of 9,685"`` (1 = the most extreme); empty for a fact
    without a comparison (the Fed regime)."""
    if not fact.rank or not fact.comparables:
        return ""
    high, low = RANK_WORDS.get(fact.kind, ("highest", "lowest"))
    word = high if fact.direction == "high" else low
    place = word if fact.rank == 1 else f"{ordinal(fact.rank)}-{word}"
    return f"{place} of {fact.comparables:,}"


def rank_note(fact: "Fact") -> str:
    """Why a fact below :data:`NOTABLE_MIN` is still among the most notable of a day (a quiet
    day's opening shows the six that stand out most): where it ranks among its comparable values
    in its direction, and what they are: ``"the 14th-best of 446 months since 1987"``,
    ``"the 469th-lowest of 7,609 readings since 1996"`` (a spread's level); empty for a notable
    fact or one without a rank (the Fed regime)."""
    if fact.notability >= NOTABLE_MIN or not fact.rank or not fact.comparables or fact.history_start is None:
        return ""
    return f"the {rank_words(fact)} {ranked_things(fact)} since {fact.history_start[:4]}"


def measured_span(fact: "Fact") -> str:
    """What a fact measures, in dates, for the line under it: a return's or change's base and end
    closes, a level's reading, a drawdown's peak and close, a correlation's window, the Fed's last
    move (the view a click opens is wider: the record's history around it)."""
    if fact.kind == "level_record":
        return f"reading of {fact.end}"
    if fact.kind == "drawdown":
        return f"peak {fact.start}, close {fact.end}"
    if fact.kind == "correlation":
        return f"window {fact.start} to {fact.end}"
    if fact.kind == "regime":
        return f"last move {fact.start}, as of {fact.end}"
    return f"{fact.start} to {fact.end}"


def rank_fields(record: RecordResult, kind: str, *, stated: bool | None = None) -> dict:
    """The comparison fields of a fact built on ``record``: rank, comparables, record_stated
    (``stated``: whether the sentence states the record, when the fact's builder applies a rule
    of its own on top of :func:`states_record`, as returns do with :func:`is_notable`)."""
    return {"rank": record.rank, "comparables": record.comparables, "between": record.between,
            "record_stated": states_record(record, kind) if stated is None else stated}


def history_of(record: RecordResult) -> str | None:
    """ISO date the record was checked from; ``None`` when there was nothing earlier to compare."""
    return iso(record.history_start) if record.history_start < record.at else None


def choose_notable(high: RecordResult, low: RecordResult) -> RecordResult:
    """The more notable of the "high" and "low" records of the same value.

    Used for yield and spread levels, whose statement has no sign of its own ("the highest
    since" and "the lowest since" are both true of any level).

    Returns:
        The record that reaches further back: a record for the whole history beats any
        ``record_since`` date, an earlier ``record_since`` beats a later one; a tie goes to
        ``high`` when the value is positive or zero, ``low`` when it is negative.
    """
    if high.is_record != low.is_record:
        return high if high.is_record else low
    if high.is_record and low.is_record:  # a single observation: both trivially records
        return high if high.value >= 0 else low
    if high.record_since != low.record_since:
        return high if high.record_since < low.record_since else low
    return high if high.value >= 0 else low


def is_notable(record: RecordResult, end: pd.Timestamp) -> bool:
    """Whether a return's record deserves a clause: a full-history record with more than one
    comparable value, or ``record_since`` more than :data:`NOTABLE_SPAN` before ``end``."""
    if record.is_record:
        return record.history_start < record.at
    end = pd.Timestamp(end)
    try:  # end - NOTABLE_SPAN without a DateOffset (about 70 us each, two dozen a sheet)
        cutoff = end.replace(year=end.year - NOTABLE_SPAN.years)
    except ValueError:  # 29 February: the 28th, as the DateOffset gives
        cutoff = end.replace(year=end.year - NOTABLE_SPAN.years, day=28)
    return record.record_since < cutoff

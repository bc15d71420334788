"""Headline facts: the sentences an analyst would lead with, computed as of a date.

Pure pandas. :func:`calc_headline_facts` takes the loaded series by key and a date and returns a
:class:`FactSheet`: the facts that could be stated and, for every planned fact that could not,
its id and the reason. It never raises for missing or short data.

As-of rule: every input is first cut to the observations dated on or before ``as_of`` (index
dates are midnight timestamps, as the loaders produce), NaN dropped; nothing after ``as_of`` can
change a fact. A series whose last observation is more than :data:`MAX_STALE_DAYS` calendar days
before ``as_of`` (:data:`STALE_DAYS` for one observed weekly or monthly) gives no fact ("no data at
as_of": e.g. a file that ended months earlier).

Facts, in this order (ids in brackets; ``S``, ``L``, ``N`` = the ``small``, ``large``, ``nasdaq``
keys):

* returns of S, L and N over ``1d``, ``1m``, ``ytd``, ``month``, ``quarter``, ``year``
  (``return:S:ytd``), then S minus L (``relative_return:S-L:ytd``); record rules per period in
  :mod:`analytics.facts_returns`;
* returns of S and L, and S minus L, since the last Fed move (announcement date,
  ``return:S:since_fed_move``) and since the last presidential election day before ``as_of``
  (``return:S:since_election``); the base is the event day's close;
* drawdowns of S and L (``drawdown:S``), :mod:`analytics.facts_drawdowns`;
* level records of DGS10 and DGS2 (panel ``rates``) and of BAMLH0A0HYM2 and BAMLC0A0CM (panel
  ``spreads``), and the last complete month's change record of the two spreads
  (``change_record:BAMLH0A0HYM2:month``), :mod:`analytics.facts_rates`;
* the correlation of S returns with DGS10 changes at 63 days, 26 weeks and 24 months
  (``correlation:S~DGS10:63d``), :mod:`analytics.facts_rates`;
* the Fed regime and the days since the last move (``regime:fed_target``) from DFEDTAR,
  DFEDTARU, DFEDTARL and DFF, :mod:`analytics.facts_fed`.

Groups (:data:`FACT_GROUPS`, :func:`fact_group`): the facts fall into four groups by the panel
they belong to, and ``calc_headline_facts(..., groups=...)`` states only some of them (the
page computes the groups in parallel); the groups' sheets together are the whole sheet.

Records and notability: every fact compared with its history carries ``rank`` and
``comparables`` and states a record only under :func:`analytics.facts_common.states_record`;
every fact gets a ``notability`` score (:func:`analytics.facts_common.notability_of`), and
:func:`top_facts` picks the most notable ones; :func:`any_notable` tells a day when none
scores :data:`NOTABLE_MIN`.

Units: returns, relative returns and drawdowns are decimal fractions (``-0.016`` = -1.6 %);
yield and spread levels percent; spread changes percentage points; correlations coefficients;
the regime's value days.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Callable, Iterable, Iterator, Mapping

import pandas as pd

from analytics.facts_common import (
    DIRECTIONS, KINDS, NOTABLE_MIN, PANELS, UNITS, Fact, FactSkipped, any_notable, nothing_notable,
    notability_of, top_facts,
)
from analytics.facts_drawdowns import drawdown_fact
from analytics.facts_fed import FedHistory, FedState, build_fed_history, calc_fed_state, regime_fact
from analytics.facts_history import FactHistory
from analytics.facts_rates import (
    CORRELATION_WINDOWS, change_record_fact, correlation_fact, level_record_fact,
)
from analytics.facts_returns import (
    RETURN_PERIODS, event_return_fact, relative_return_fact, return_fact,
)
from analytics.regimes import KNOWN_AHEAD
from analytics.returns import DateLike, clean_series
from analytics.series import calendar_day, calendar_dates, coarser, freq_word

__all__ = [
    "DIRECTIONS", "FACT_GROUPS", "Fact", "FactSheet", "KINDS", "MAX_STALE_DAYS", "NOTABLE_MIN",
    "PANELS", "UNITS", "US_ELECTION_DATES", "any_notable", "calc_fed_state_as_of", "calc_headline_facts",
    "fact_group", "format_text", "nothing_notable", "notability_of", "to_records", "top_facts",
]

#: US presidential election days, 1988-2024.
US_ELECTION_DATES: tuple[str, ...] = (
    "1988-11-08", "1992-11-03", "1996-11-05", "2000-11-07", "2004-11-02", "2008-11-04",
    "2012-11-06", "2016-11-08", "2020-11-03", "2024-11-05",
)
#: A series whose last observation is older than this (calendar days before as_of) gives no fact.
MAX_STALE_DAYS = 14
#: The same for a series observed weekly or monthly (:func:`analytics.series.observation_freq`): a
#: month-end series (the Ken French portfolios) is 16 days old on the 16th with nothing missing,
#: so its limit is a month and two weeks.
STALE_DAYS = {"D": MAX_STALE_DAYS, "W": 21, "M": 45}

#: Fact groups in page order: returns and relative returns over the named periods, then
#: drawdowns and returns since the election (both panel ``relative``); yield and spread
#: records (``rates``, ``spreads``); the correlation; the Fed regime and returns since the
#: last Fed move (``regimes``).
FACT_GROUPS = ("returns", "relative", "rates", "correlation", "regimes")

YIELDS = ("DGS10", "DGS2")
SPREADS = ("BAMLH0A0HYM2", "BAMLC0A0CM")
CORRELATION_RATE = "DGS10"
FED_KEYS = ("DFEDTAR", "DFEDTARU", "DFEDTARL", "DFF")


@dataclass(frozen=True)
class FactSheet:
    """The result of :func:`calc_headline_facts`; iterating it iterates the facts.

    Attributes:
        as_of: The requested date, ISO.
        facts: Facts that could be stated, in the order of the module docstring.
        skipped: ``(fact id, reason)`` for every planned fact that could not be stated.
    """

    as_of: str
    facts: tuple[Fact, ...]
    skipped: tuple[tuple[str, str], ...]

    def __iter__(self) -> Iterator[Fact]:
        return iter(self.facts)

    def __len__(self) -> int:
        return len(self.facts)

    def by_id(self) -> dict[str, Fact]:
        """Facts keyed by id."""
        return {f.id: f for f in self.facts}


class _Inputs:
    """The input series, each cut at ``as_of`` and validated once, on first use."""

    def __init__(self, series: Mapping[str, pd.Series], as_of: pd.Timestamp,
                 observed: Mapping[str, str] | None = None):
        self._series = series
        self._as_of = as_of
        self._observed = observed or {}
        self._done: dict[str, pd.Series | Exception] = {}

    def __call__(self, key: str) -> pd.Series:
        """The series cut at ``as_of``; raises :class:`FactSkipped` when absent, empty or stale
        (:data:`STALE_DAYS` by how often it is observed)."""
        cut = self.history(key)
        self.check_fresh(f"series {key}", cut.index[-1], self._observed.get(key, "D"))
        return cut

    def history(self, key: str) -> pd.Series:
        """Like calling, but an old last observation is fine (DFEDTAR ends in 2008 by design)."""
        if key not in self._done:
            try:
                self._done[key] = self._prepare(key)
            except (FactSkipped, ValueError) as exc:
                self._done[key] = FactSkipped(str(exc))
        result = self._done[key]
        if isinstance(result, Exception):
            raise result
        return result

    def optional_history(self, key: str) -> pd.Series | None:
        """:meth:`history`, or ``None`` when the series cannot be used."""
        try:
            return self.history(key)
        except FactSkipped:
            return None

    def check_fresh(self, what: str, last: pd.Timestamp, freq: str = "D") -> None:
        """Raise :class:`FactSkipped` when ``last`` is more than :data:`STALE_DAYS` (by ``freq``,
        how often the series is observed) days before as_of."""
        if last.tz is not None:
            last = last.tz_convert(None)
        age, limit = (self._as_of - last).days, STALE_DAYS.get(freq, MAX_STALE_DAYS)
        if age > limit:
            kind = "" if freq not in ("W", "M") else f" for a {freq_word(freq)} series"
            raise FactSkipped(
                f"{what}: last observation {last:%Y-%m-%d} is {age} days before "
                f"{self._as_of:%Y-%m-%d} (more than {limit}{kind})"
            )

    def _prepare(self, key: str) -> pd.Series:
        raw = self._series.get(key)
        if raw is None:
            raise FactSkipped(f"series {key} is not in the data")
        if not isinstance(raw, pd.Series) or not isinstance(raw.index, pd.DatetimeIndex):
            raise FactSkipped(f"series {key} is not a pandas Series on a DatetimeIndex")
        t = self._as_of
        if raw.index.tz is not None:
            t = t.tz_localize(raw.index.tz)
        if raw.index.is_monotonic_increasing:  # a slice: no copy of the whole history
            below = raw.iloc[:int(raw.index.searchsorted(t, side="right"))]
        else:  # clean_series says why the order is wrong
            below = raw[raw.index <= t]
        if not below.notna().any():
            raise FactSkipped(
                f"series {key} has no observation on or before {self._as_of:%Y-%m-%d}")
        # on its calendar days: the sheet's dates (events, as-of) carry no time zone
        return clean_series(calendar_dates(below).rename(key), what=f"series {key}")


def _as_of_timestamp(as_of: DateLike) -> pd.Timestamp:
    try:
        t = pd.Timestamp(as_of)
    except (TypeError, ValueError) as exc:
        raise ValueError(
            f"as_of: cannot read {as_of!r} as a date ({exc}); use YYYY-MM-DD") from None
    if pd.isna(t):
        raise ValueError("as_of: missing date (NaT)")
    return calendar_day(t).normalize()  # a date with a zone: its day there, as the series' (calendar_dates)


def _last_before(
    dates: Iterable[DateLike], t: pd.Timestamp
) -> tuple[pd.Timestamp, list[pd.Timestamp]]:
    """The last date strictly before ``t`` and the dates before that one."""
    earlier = sorted(pd.Timestamp(d) for d in dates if pd.Timestamp(d) < t)
    if not earlier:
        raise FactSkipped(f"no election date before {t:%Y-%m-%d} in the list")
    return earlier[-1], earlier[:-1]


#: The third index whose returns a sheet states (besides the pair).
NASDAQ = "IXIC"


def fact_group(fact_id: str) -> str:
    """The group (:data:`FACT_GROUPS`) of a planned fact, from its id."""
    kind = fact_id.split(":", 1)[0]
    if fact_id.endswith(":since_fed_move") or kind == "regime":
        return "regimes"
    if kind in ("level_record", "change_record"):
        return "rates"
    if kind == "correlation":
        return "correlation"
    if kind in ("return", "relative_return") and not fact_id.endswith(":since_election"):
        return "returns"
    return "relative"


def calc_headline_facts(
    series: Mapping[str, pd.Series],
    *,
    as_of: DateLike,
    small: str = "RUT",
    large: str = "GSPC",
    nasdaq: str = NASDAQ,
    elections: Iterable[DateLike] = US_ELECTION_DATES,
    groups: Iterable[str] | None = None,
    fed_state: FedState | None = None,
    observed: Mapping[str, str] | None = None,
    history: FactHistory | None = None,
) -> FactSheet:
    """Every headline fact that the data supports as of a date.

    Args:
        series: Series by loader key (``"RUT"``, ``"GSPC"``, ``"IXIC"``, ``"DGS10"``, ``"DGS2"``,
            ``"BAMLH0A0HYM2"``, ``"BAMLC0A0CM"``, ``"DFEDTAR"``, ``"DFEDTARU"``, ``"DFEDTARL"``,
            ``"DFF"``): index levels, or yields/spreads/rates in percent, on a DatetimeIndex.
            Missing keys are fine.
        as_of: The date; only observations on or before it are used.
        small: Key of the small-cap index.
        large: Key of the large-cap index.
        nasdaq: Key of the third index whose returns are stated (facts of a key equal to
            ``small`` or ``large`` are not repeated).
        elections: Election days; the last one before ``as_of`` is the event.
        groups: State only the facts of these groups (:data:`FACT_GROUPS`); ``None``: all.
        fed_state: :func:`calc_fed_state_as_of` of ``series`` and ``as_of``, when the caller
            has it (it does not depend on the pair, so a sheet for another pair can share it);
            ``None``: computed here.
        observed: How often each series is observed (key to ``"D"``, ``"W"`` or ``"M"``,
            :func:`analytics.series.observation_freq`); a missing key is daily. Facts a series'
            frequency cannot support are skipped with the reason (a monthly series has no
            one-day return and no 63-day or 26-week correlation).
        history: :func:`analytics.facts_history.build_fact_history` of ``series`` for this
            pair, when the caller keeps one (it serves every as-of date); ``None``: every
            comparable series is computed from the series cut at ``as_of``. The sheet is the
            same either way.

    Returns:
        :class:`FactSheet` with the facts and the skipped fact ids with reasons.

    Raises:
        ValueError: only when ``as_of`` is not a date.
    """
    t = _as_of_timestamp(as_of)
    get = _Inputs(series, t, observed)
    freq_of = (observed or {}).get
    pair_freq = coarser(freq_of(small, "D"), freq_of(large, "D"))
    fed_cache: list[FedState | FactSkipped] = []

    def fed() -> FedState:
        if not fed_cache:
            try:
                state = fed_state if fed_state is not None else calc_fed_state_as_of(series, as_of=t)
                get.check_fresh("fed funds target", state.target.index[-1])
                fed_cache.append(state)
            except (FactSkipped, ValueError) as exc:
                fed_cache.append(FactSkipped(str(exc)))
        if isinstance(fed_cache[0], FactSkipped):
            raise fed_cache[0]
        return fed_cache[0]

    last_fed_move: list[tuple[pd.Timestamp, pd.DatetimeIndex, str]] = []  # its three facts share it

    def since_fed(key: str, relative: bool) -> Fact:
        if not last_fed_move:
            state = fed()
            move = state.last_move
            last_fed_move.append((pd.Timestamp(move["announcement_date"]), state.earlier_moves(move["direction"]),
                                  f"Fed {move['direction']}"))
        event, earlier, word = last_fed_move[0]
        return event_return_fact(
            get(key), key, event=event, earlier=earlier, event_id="since_fed_move", event_word=word,
            # (the relative chart over the move's date to the end shows the figure; the event study did not)
            panel="relative", as_of=t,
            large=get(large) if relative else None, large_key=large if relative else None,
            observed=pair_freq if relative else freq_of(key, "D"), comparables=comparables,
        )

    def since_election(key: str, relative: bool) -> Fact:
        event, earlier = _last_before(elections, t)
        return event_return_fact(
            get(key), key, event=event, earlier=earlier, event_id="since_election",
            event_word="presidential election", panel="relative", as_of=t,
            large=get(large) if relative else None, large_key=large if relative else None,
            observed=pair_freq if relative else freq_of(key, "D"), comparables=comparables,
        )

    pair = f"{small}-{large}"
    comparables: dict = {}  # each series' comparable returns, shared by its return and relative facts
    plan: list[tuple[str, Callable[[], Fact]]] = []
    for key in dict.fromkeys((small, large, nasdaq)):
        for p in RETURN_PERIODS:
            plan.append((f"return:{key}:{p}",
                         lambda k=key, p=p: return_fact(get(k), k, p, as_of=t, comparables=comparables,
                                                        observed=freq_of(k, "D"), history=history)))
    for p in RETURN_PERIODS:
        plan.append((f"relative_return:{pair}:{p}", lambda p=p: relative_return_fact(
            get(small), get(large), (small, large), p, as_of=t, comparables=comparables,
            observed=pair_freq, history=history)))
    for event_id, build in (("since_fed_move", since_fed), ("since_election", since_election)):
        for key in (small, large):
            plan.append((f"return:{key}:{event_id}", lambda k=key, b=build: b(k, False)))
        plan.append((f"relative_return:{pair}:{event_id}", lambda b=build: b(small, True)))
    for key in dict.fromkeys((small, large)):
        plan.append((f"drawdown:{key}", lambda k=key: drawdown_fact(get(k), k, as_of=t, history=history)))
    for key, panel in [(k, "rates") for k in YIELDS] + [(k, "spreads") for k in SPREADS]:
        plan.append((f"level_record:{key}",
                     lambda k=key, pn=panel: level_record_fact(get(k), k, panel=pn, as_of=t)))
    for key in SPREADS:
        plan.append((f"change_record:{key}:month", lambda k=key: change_record_fact(
            get(k), k, as_of=t, panel="spreads")))

    def correlation(freq: str, window: int, period: str, words: str) -> Fact:
        levels, rate = get(small), get(CORRELATION_RATE)
        end = min(levels.index[-1], rate.index[-1])
        if history is None:
            cut = None
        elif freq == "D":
            cut = history.correlation(small, CORRELATION_RATE, window, end=end)
        else:
            cut = history.period_correlation(small, CORRELATION_RATE, freq, window, end=end)
        return correlation_fact(levels, rate, (small, CORRELATION_RATE), freq=freq, window=window,
                                period=period, words=words, correlation=cut,
                                observed=coarser(freq_of(small, "D"), freq_of(CORRELATION_RATE, "D")))

    for freq, window, period, words in CORRELATION_WINDOWS:
        plan.append((f"correlation:{small}~{CORRELATION_RATE}:{period}",
                     lambda f=freq, w=window, p=period, ws=words: correlation(f, w, p, ws)))
    plan.append(("regime:fed_target", lambda: regime_fact(fed())))

    wanted = set(FACT_GROUPS if groups is None else groups)
    unknown = wanted - set(FACT_GROUPS)
    if unknown:
        raise ValueError(f"unknown fact group(s) {', '.join(sorted(unknown))}; use {', '.join(FACT_GROUPS)}")
    facts: list[Fact] = []
    skipped: list[tuple[str, str]] = []
    for fact_id, build in plan:
        if fact_group(fact_id) not in wanted:
            continue
        try:
            fact = build()
        except (FactSkipped, ValueError) as exc:
            skipped.append((fact_id, str(exc)))
            continue
        facts.append(replace(fact, notability=notability_of(fact, as_of=t)))
    return FactSheet(as_of=f"{t:%Y-%m-%d}", facts=tuple(facts), skipped=tuple(skipped))


def calc_fed_state_as_of(series: Mapping[str, pd.Series], *, as_of: DateLike,
                         history: FedHistory | None = None) -> FedState:
    """The Fed state :func:`calc_headline_facts` states the regime facts from: the target
    series (:data:`FED_KEYS`) as of ``as_of`` (the moves announced by then, read from the
    series up to one day later: :mod:`analytics.regimes`), through :func:`calc_fed_state`; with
    ``history`` (:func:`build_fed_history_of` the same series), cut from it (the same state).

    Raises:
        ValueError: no usable target series, or malformed ones.
    """
    t = _as_of_timestamp(as_of)
    state = None if history is None else history.state_as_of(t)
    if state is not None:
        return state
    get = _Inputs(series, t + KNOWN_AHEAD)
    return calc_fed_state(*(get.optional_history(k) for k in FED_KEYS), as_of=t)


def daily_correlations(small: str) -> tuple[tuple[str, str, int], ...]:
    """The daily correlations a sheet on ``small`` states, for
    :func:`analytics.facts_history.build_fact_history`."""
    return tuple((small, CORRELATION_RATE, window)
                 for freq, window, _, _ in CORRELATION_WINDOWS if freq == "D")


def period_correlations(small: str) -> tuple[tuple[str, str, str], ...]:
    """The weekly and monthly correlations a sheet on ``small`` states, for
    :func:`analytics.facts_history.build_fact_history`."""
    return tuple((small, CORRELATION_RATE, freq) for freq, _, _, _ in CORRELATION_WINDOWS if freq != "D")


def build_fed_history_of(series: Mapping[str, pd.Series]) -> FedHistory | None:
    """:func:`analytics.facts_fed.build_fed_history` of the target series (:data:`FED_KEYS`),
    cleaned as a sheet cleans them; ``None`` when they cannot give one (each as-of date then
    computes its state, and says why it cannot)."""
    ends = [s.index[-1] for s in (series.get(k) for k in FED_KEYS)
            if isinstance(s, pd.Series) and isinstance(s.index, pd.DatetimeIndex) and len(s)]
    if not ends or any(end.tz is not None for end in ends):
        return None
    get = _Inputs(series, max(ends))
    try:
        return build_fed_history(*(get.optional_history(k) for k in FED_KEYS))
    except (FactSkipped, ValueError):
        return None


def to_records(facts: Iterable[Fact]) -> list[dict]:
    """Facts as JSON-ready dicts (str, float, None), one per fact, fields in declaration order."""
    return [asdict(f) | {"value": float(f.value)} for f in facts]


def format_text(facts: Iterable[Fact]) -> str:
    """The facts' sentences, one per line."""
    return "\n".join(f.text for f in facts)

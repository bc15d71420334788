"""Fed regime fact and the Fed-move event dates (family of :mod:`analytics.facts`).

Built on :mod:`analytics.regimes`: the target path (:func:`~analytics.regimes.to_fed_target`,
DFEDTAR to 2008-12-15, then the DFEDTARU/DFEDTARL midpoint), its moves
(:func:`~analytics.regimes.calc_fed_moves`, dated by FOMC announcement) and cycles
(:func:`~analytics.regimes.calc_fed_cycles`), as known on ``as_of``: the moves announced by
then (a decision is public before that day's close; :mod:`analytics.regimes`' as-of rule),
so on the day of a move the regime fact states it ("... a 0.50 pp cut on 2024-09-18, today, to
a 4.75-5.00% target range") although FRED's series show the new target from the next day.

Current-regime rule. :func:`analytics.regimes.to_fed_regime` labels days with hindsight: after
the last move of a cycle the days are ``"hold"``, which as of a date would call the Fed "on
hold" the day after every move. As of a date the question is whether the cycle is still going,
so here the regime is the direction of the latest (provisional) cycle, ``"hiking"`` or
``"cutting"``, while its last move is at most :data:`HOLD_AFTER_DAYS` (60) calendar days old,
and ``"hold"`` after that. Moves at consecutive scheduled FOMC meetings are at most 58 days apart
in the data (2005-05-03 to 2005-06-30); skipping a meeting leaves 64 days or more (1992-07-02 to
1992-09-04), so ``"hold"`` means a scheduled meeting has passed without a move (to within a few
days: the rule uses no meeting calendar). The claim checker's "straight" moves use the same
span (:data:`analytics.claims.base.STRAIGHT_GAP_DAYS`).

The fact's value is the number of calendar days from the last move's announcement to the last
target observation used (unit ``"days"``); ``start`` is the announcement date, ``status`` the
regime, ``direction`` ``"high"`` after a hike and ``"low"`` after a cut. It has no record status;
its ``notability`` is the regime-change part (:func:`regime_change_points`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analytics.facts_common import Fact, FactSkipped, iso
from analytics.regimes import (  # FIRST_ANNOUNCED_MOVE: the returns since a later move rank among those since then
    FIRST_ANNOUNCED_MOVE, RANGE_START_DATE, KnownMoves, calc_fed_cycles, calc_fed_moves, target_observations, to_fed_target,
)
from analytics.series import calendar_dates, check_series

HOLD_AFTER_DAYS = 60
#: A regime change this many calendar days old or less makes the regime fact notable.
REGIME_RECENT_DAYS = 30
SERIES = "fed_target"



@dataclass(frozen=True)
class FedState:
    """The Fed's position as of a date.

    Attributes:
        target: Daily target path (percent), cut at ``as_of``.
        moves: Table of :func:`analytics.regimes.calc_fed_moves`.
        cycles: Table of :func:`analytics.regimes.calc_fed_cycles`.
        upper: Upper limit of the target range after the last known move (percent): on the
            last day, or on the move's effective date when that is the next day; ``None``
            before 2008-12-16.
        lower: Lower limit, likewise.
    """

    target: pd.Series
    moves: pd.DataFrame
    cycles: pd.DataFrame
    upper: float | None
    lower: float | None

    @property
    def last_move(self) -> pd.Series:
        """The latest move (a row of ``moves``)."""
        return self.moves.iloc[-1]

    def earlier_moves(self, direction: str) -> pd.DatetimeIndex:
        """Announcement dates of the earlier moves in ``direction`` (``"hike"``/``"cut"``) of the
        last move's era: from :data:`FIRST_ANNOUNCED_MOVE` on for a move made since (before 1994 the
        Fed did not announce its target, and FRED's path for those years moves in steps of 1/16 to
        3/16 pp that are no decision anyone reported: 42 of the 87 "hikes since 1983" a return since
        the 2022-09-21 hike was ranked among)."""
        earlier = self.moves.iloc[:-1]
        dates = earlier["announcement_date"].to_numpy()
        keep = earlier["direction"].to_numpy() == direction
        if len(self.moves) and self.moves["announcement_date"].iloc[-1] >= FIRST_ANNOUNCED_MOVE:
            keep &= dates >= FIRST_ANNOUNCED_MOVE.to_datetime64()
        return pd.DatetimeIndex(dates[keep])


def _empty() -> pd.Series:
    return pd.Series(dtype="float64", index=pd.DatetimeIndex([]))


def calc_fed_state(
    dfedtar: pd.Series | None, dfedtaru: pd.Series | None, dfedtarl: pd.Series | None,
    dff: pd.Series | None = None, *, as_of: pd.Timestamp | None = None,
) -> FedState:
    """Target path, moves and cycles from FRED's series as of ``as_of``: the series cut at
    ``as_of`` + :data:`analytics.regimes.KNOWN_AHEAD` (or not cut: later observations are not
    read), the moves announced by ``as_of``, the path up to it; ``None``: the whole series.

    Raises:
        FactSkipped: when there is no target observation or no move.
        ValueError: on inconsistent inputs (e.g. an upper limit below the lower one).
    """
    # the days of dates with a time zone (compared with ``as_of``'s, which has none)
    upper_s = calendar_dates(dfedtaru) if dfedtaru is not None else _empty()
    lower_s = calendar_dates(dfedtarl) if dfedtarl is not None else _empty()
    single = calendar_dates(dfedtar) if dfedtar is not None else _empty()
    if single.dropna().empty and (upper_s.dropna().empty or lower_s.dropna().empty):
        raise FactSkipped("no fed funds target: DFEDTAR, or DFEDTARU and DFEDTARL, are needed")
    target = to_fed_target(single, upper_s, lower_s, dff=dff).dropna()
    moves = calc_fed_moves(target, as_of=as_of)
    if moves.empty:
        raise FactSkipped("no change of the fed funds target in the data")
    if as_of is not None:
        target = target.loc[:as_of]
    return FedState(target, moves, calc_fed_cycles(moves), *_range_after(upper_s, lower_s, target.index[-1], moves))


def _range_after(upper: pd.Series, lower: pd.Series, last_day: pd.Timestamp, moves: pd.DataFrame
                 ) -> tuple[float | None, float | None]:
    """The target range (upper, lower) after the last of ``moves``: on ``last_day``, or on the
    move's effective date when that is later (announced on the as-of day, in effect the next);
    ``(None, None)`` before the range era or without both limits."""
    day = max(last_day, pd.Timestamp(moves["effective_date"].iloc[-1]))
    upper, lower = upper.loc[:day].dropna(), lower.loc[:day].dropna()
    if last_day < RANGE_START_DATE or upper.empty or lower.empty:
        return None, None
    return float(upper.iloc[-1]), float(lower.iloc[-1])


@dataclass(frozen=True)
class FedHistory:
    """The target path and its moves over the whole history (:func:`build_fed_history`), from
    which :meth:`state_as_of` gives the state as of any date without computing them again (the
    moves known then are a prefix of ``moves``, their cycles cut from it).

    A move is a change between two consecutive target observations and the path is filled only
    between observations, so the state as of a date is the whole history's path up to the last
    target observation on or before it, and the moves announced by then.
    """

    target: pd.Series
    observed: pd.DatetimeIndex
    known: KnownMoves
    upper: pd.Series
    lower: pd.Series

    @property
    def moves(self) -> pd.DataFrame:
        """The moves of the whole history (:func:`analytics.regimes.calc_fed_moves`)."""
        return self.known.moves

    def state_as_of(self, as_of: pd.Timestamp) -> FedState | None:
        """:func:`calc_fed_state` as of ``as_of`` (the same state); ``None`` when no target
        observation precedes ``as_of`` (compute it from the cut series: it says why).

        Raises:
            FactSkipped: no move up to ``as_of``.
        """
        pos = int(self.observed.searchsorted(as_of, side="right")) - 1
        if pos < 0:
            return None
        last = self.observed[pos]
        n = self.known.known(as_of)
        if not n:
            raise FactSkipped("no change of the fed funds target in the data")
        moves = self.known.moves.iloc[:n]
        return FedState(self.target.loc[:last], moves, self.known.cycles(n),
                        *_range_after(self.upper, self.lower, last, moves))


def build_fed_history(
    dfedtar: pd.Series | None, dfedtaru: pd.Series | None, dfedtarl: pd.Series | None,
    dff: pd.Series | None = None,
) -> FedHistory:
    """The :class:`FedHistory` of the series :func:`calc_fed_state` takes, not cut.

    Raises:
        FactSkipped, ValueError: as :func:`calc_fed_state` on the whole series.
    """
    single, upper_s, lower_s = (s if s is not None else _empty() for s in (dfedtar, dfedtaru, dfedtarl))
    state = calc_fed_state(single, upper_s, lower_s, dff)
    observed = target_observations(*(check_series(s, name, unit="percent") for s, name in (
        (single, "dfedtar"), (upper_s, "dfedtaru"), (lower_s, "dfedtarl")))).index
    return FedHistory(state.target, observed, KnownMoves.of(state.moves), upper_s.dropna(), lower_s.dropna())


def _num(value: float) -> str:
    """A rate without float noise, at least two decimals: 5.5 -> "5.50", 6.5625 -> "6.5625"."""
    text = f"{value:.4f}".rstrip("0")
    whole, _, decimals = text.partition(".")
    return f"{whole}.{decimals.ljust(2, '0')}"


def regime_fact(state: FedState) -> Fact:
    """The current Fed regime and the time since the last move (rule in the module docstring)."""
    move = state.last_move
    cycle = state.cycles.iloc[-1]
    end = state.target.index[-1]
    announced = pd.Timestamp(move["announcement_date"])
    days = int((end - announced).days)
    if days <= HOLD_AFTER_DAYS:
        regime = "hiking" if cycle["direction"] == "hike" else "cutting"
    else:
        regime = "hold"
    if state.upper is not None:
        level = f"a {_num(state.lower)}-{_num(state.upper)}% target range"
    else:
        level = f"a {_num(float(state.target.iloc[-1]))}% target"
    ago = "today" if days == 0 else ("1 day ago" if days == 1 else f"{days} days ago")
    headline = "on hold" if regime == "hold" else regime
    text = (f"The Fed is {headline}: its last move was a {_num(abs(move['change']))} pp "
            f"{move['direction']} on {iso(announced)}, {ago}, to {level}.")
    return Fact(
        id=f"regime:{SERIES}", kind="regime", series=SERIES, period=f"since:{iso(announced)}",
        start=iso(announced), end=iso(end), value=float(days), unit="days", record_since=None,
        direction="high" if move["direction"] == "hike" else "low", text=text, panel="regimes",
        status=regime, notability=regime_change_points(state, days),
    )


def regime_change_points(state: FedState, days: int) -> float:
    """The regime-change part of the regime fact's notability (:func:`notability_of`).

    2 points when the regime changed within the last :data:`REGIME_RECENT_DAYS` days: the last
    move turned the cycle (a hike after cuts, a cut after hikes) or ended a hold (it came more
    than :data:`HOLD_AFTER_DAYS` after the move before), or the Fed went on hold (its last move
    is between 56 and 56 + 30 days old); 1 point for a recent move that continues a cycle; 0
    otherwise.
    """
    if days > HOLD_AFTER_DAYS:
        return 2.0 if days <= HOLD_AFTER_DAYS + REGIME_RECENT_DAYS else 0.0
    if days > REGIME_RECENT_DAYS:
        return 0.0
    if len(state.moves) < 2:
        return 2.0  # the first move in the data starts a regime
    last, before = state.moves.iloc[-1], state.moves.iloc[-2]
    gap = (pd.Timestamp(last["announcement_date"]) - pd.Timestamp(before["announcement_date"])).days
    return 2.0 if last["direction"] != before["direction"] or gap > HOLD_AFTER_DAYS else 1.0

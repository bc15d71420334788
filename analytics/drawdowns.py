"""Drawdowns of a level series: the drawdown curve, past episodes and the status as of a date.

Pure pandas/numpy. Input is a :class:`pandas.Series` of levels on a sorted DatetimeIndex; NaN is
dropped first. A drawdown is ``level / running maximum - 1``, a decimal fraction that is never
positive: ``-0.198`` means 19.8 % below the previous peak. "Trading days" are observation rows
of the cleaned series.

Episode rules (:func:`calc_drawdown_episodes`):

* An episode starts at the **peak**: the last observation at the running maximum before the
  level falls below it.
* The **trough** is the lowest observation before recovery (the first one if the low repeats).
* The **recovery** is the first observation back *at or above* the peak level; ``None`` while
  the episode is still open.

Status thresholds (:func:`calc_drawdown_status`), on the *current* drawdown:

* ``"bear market"``: at least 20 % below the peak, ``drawdown <= -0.20``;
* ``"correction"``: at least 10 % below the peak, ``-0.20 < drawdown <= -0.10``;
* ``"normal"``: otherwise (less than 10 % below the peak, or at a new high).

Comparisons allow a 1e-12 tolerance so that exactly 10 % down (90 against 100, which floating
point computes as -0.09999999999999998) counts as a correction.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.returns import DateLike, clean_series, obs_on_or_before, to_timestamp

__all__ = [
    "BEAR_MARKET",
    "CORRECTION",
    "DrawdownEpisode",
    "DrawdownStatus",
    "calc_drawdown_episodes",
    "calc_drawdown_status",
    "calc_max_drawdown",
    "to_drawdown_series",
]

CORRECTION = -0.10
"""Drawdown at or below which the status is ``"correction"`` (decimal, 10 % below the peak)."""
BEAR_MARKET = -0.20
"""Drawdown at or below which the status is ``"bear market"`` (decimal, 20 % below the peak)."""
_TOLERANCE = 1e-12


@dataclass(frozen=True)
class DrawdownEpisode:
    """One peak-to-recovery drawdown episode.

    Attributes:
        peak: Date of the peak (last observation at the running maximum before the fall).
        trough: Date of the lowest observation of the episode (so far, if not recovered).
        recovery: First date back at or above the peak level; ``None`` if not recovered yet.
        depth: ``trough_level / peak_level - 1``, decimal fraction, negative (-0.198 = -19.8 %).
        peak_level: Level at the peak.
        trough_level: Level at the trough.
        days_to_trough: Trading days (observations) from peak to trough.
        days_to_recovery: Trading days from peak to recovery; ``None`` if not recovered yet.
    """

    peak: pd.Timestamp
    trough: pd.Timestamp
    recovery: pd.Timestamp | None
    depth: float
    peak_level: float
    trough_level: float
    days_to_trough: int
    days_to_recovery: int | None

    @property
    def recovered(self) -> bool:
        """Whether the level got back to the peak."""
        return self.recovery is not None


@dataclass(frozen=True)
class DrawdownStatus:
    """Where a level series stands against its previous peak on a date.

    Attributes:
        as_of: Date of the observation used (last on or before the requested date).
        level: Level on ``as_of``.
        peak_date: Date of the running maximum (the last date at it).
        peak_level: The running maximum.
        drawdown: ``level / peak_level - 1``, decimal fraction, ``<= 0``.
        trough_date: Date of the lowest level since the peak (``as_of`` itself at a new high).
        trough_level: That lowest level.
        trough_drawdown: ``trough_level / peak_level - 1``: the deepest point of the current
            episode so far, ``<= drawdown``.
        status: ``"bear market"`` (``drawdown <= -0.20``), ``"correction"`` (``<= -0.10``) or
            ``"normal"``.
    """

    as_of: pd.Timestamp
    level: float
    peak_date: pd.Timestamp
    peak_level: float
    drawdown: float
    trough_date: pd.Timestamp
    trough_level: float
    trough_drawdown: float
    status: str


def _positive_levels(levels: pd.Series) -> pd.Series:
    clean = clean_series(levels)
    if (clean <= 0.0).any():
        bad = clean.index[clean <= 0.0][0]
        raise ValueError(
            f"levels {levels.name!r}: non-positive value {clean[bad]!r} on {bad:%Y-%m-%d}; "
            "drawdowns need positive levels (index points, prices), not yields, spreads or returns"
        )
    return clean


def to_drawdown_series(levels: pd.Series) -> pd.Series:
    """Drawdown from the running maximum on every date.

    Args:
        levels: Level series (positive) on a sorted DatetimeIndex.

    Returns:
        Series on the input's dates that have a value (NaN dropped): ``levels / levels.cummax()
        - 1``, decimal fractions ``<= 0`` (0 at a new high, -0.198 when 19.8 % below the peak).

    Raises:
        ValueError: when ``levels`` is empty or not positive.
    """
    clean = _positive_levels(levels)
    dd = clean / clean.cummax() - 1.0
    # Guard against -0.0 and rounding noise above zero.
    return dd.clip(upper=0.0) + 0.0


def calc_max_drawdown(levels: pd.Series) -> float:
    """Deepest drawdown over the whole series.

    Args:
        levels: Level series on a sorted DatetimeIndex.

    Returns:
        Minimum of :func:`to_drawdown_series`, decimal fraction ``<= 0``.

    Raises:
        ValueError: when ``levels`` is empty or not positive.
    """
    return float(to_drawdown_series(levels).min())


def calc_drawdown_episodes(levels: pd.Series, *, min_depth: float = 0.0) -> list[DrawdownEpisode]:
    """All drawdown episodes, oldest first (rules in the module docstring).

    Args:
        levels: Level series (positive) on a sorted DatetimeIndex.
        min_depth: Keep episodes at least this deep, as a positive fraction: ``0.10`` keeps
            episodes with ``depth <= -0.10`` (1e-12 tolerance). ``0.0`` keeps every episode.

    Returns:
        List of :class:`DrawdownEpisode`, ordered by peak date; the last one may be open
        (``recovery is None``). Use ``pd.DataFrame(map(dataclasses.asdict, episodes))`` for a
        table.

    Raises:
        ValueError: when ``levels`` is empty or not positive, or ``min_depth`` is negative.
    """
    if not min_depth >= 0.0:
        raise ValueError(
            f"min_depth={min_depth!r}: give the depth as a positive fraction, e.g. 0.10 for "
            "episodes at least 10% deep"
        )
    clean = _positive_levels(levels)
    values = clean.to_numpy()
    dates = clean.index
    dd = values / np.maximum.accumulate(values) - 1.0
    under = dd < 0.0
    if not under.any():
        return []
    # Runs of consecutive observations below the running maximum.
    edges = np.diff(np.concatenate(([False], under, [False])).astype(np.int8))
    starts = np.flatnonzero(edges == 1)
    stops = np.flatnonzero(edges == -1)  # one past the run's last observation
    episodes: list[DrawdownEpisode] = []
    n = len(values)
    for first, stop in zip(starts, stops):
        peak = first - 1  # first observation is never under water, so peak >= 0
        trough = first + int(np.argmin(dd[first:stop]))
        depth = float(values[trough] / values[peak] - 1.0)
        if depth > -min_depth + _TOLERANCE:
            continue
        recovered = stop < n
        episodes.append(
            DrawdownEpisode(
                peak=dates[peak],
                trough=dates[trough],
                recovery=dates[stop] if recovered else None,
                depth=depth,
                peak_level=float(values[peak]),
                trough_level=float(values[trough]),
                days_to_trough=int(trough - peak),
                days_to_recovery=int(stop - peak) if recovered else None,
            )
        )
    return episodes


def calc_drawdown_status(
    levels: pd.Series,
    *,
    as_of: DateLike,
    correction: float = CORRECTION,
    bear_market: float = BEAR_MARKET,
) -> DrawdownStatus:
    """Current drawdown, peak and trough so far, and a status label, as of a date.

    Only observations on or before ``as_of`` are used; the last of them is "now" (a Saturday
    uses Friday).

    Args:
        levels: Level series (positive) on a sorted DatetimeIndex.
        as_of: The date the question is asked on.
        correction: Drawdown threshold (decimal, negative) at or below which the status is
            ``"correction"``; default -0.10.
        bear_market: Threshold at or below which the status is ``"bear market"``; default -0.20.

    Returns:
        :class:`DrawdownStatus`. The status uses the *current* drawdown, not the trough: a
        market that fell 25 % and is now 15 % below its peak reads ``"correction"``.

    Raises:
        ValueError: when ``levels`` is empty or not positive, ``as_of`` precedes the first
            observation, or the thresholds are not ``bear_market <= correction < 0``.
    """
    if not bear_market <= correction < 0.0:
        raise ValueError(
            f"thresholds correction={correction!r}, bear_market={bear_market!r}: need "
            "bear_market <= correction < 0, e.g. -0.20 and -0.10"
        )
    clean = _positive_levels(levels)
    t = to_timestamp(as_of, clean.index, what="as_of")
    pos = obs_on_or_before(clean.index, t, what="as_of")
    values = clean.to_numpy()[: pos + 1]
    dates = clean.index[: pos + 1]
    peak_level = float(values.max())
    peak = int(np.flatnonzero(values == peak_level)[-1])
    trough = peak + int(np.argmin(values[peak:]))
    level = float(values[-1])
    drawdown = min(level / peak_level - 1.0, 0.0) + 0.0
    trough_level = float(values[trough])
    if drawdown <= bear_market + _TOLERANCE:
        status = "bear market"
    elif drawdown <= correction + _TOLERANCE:
        status = "correction"
    else:
        status = "normal"
    return DrawdownStatus(
        as_of=dates[-1],
        level=level,
        peak_date=dates[peak],
        peak_level=peak_level,
        drawdown=drawdown,
        trough_date=dates[trough],
        trough_level=trough_level,
        trough_drawdown=min(trough_level / peak_level - 1.0, 0.0) + 0.0,
        status=status,
    )

"""Drawdown facts: how far an index is below its peak, and the correction/bear status (family of
:mod:`analytics.facts`).

Built on :func:`analytics.drawdowns.calc_drawdown_status` (thresholds -10 % correction, -20 %
bear market, on the *current* drawdown). Record rule: below the peak, the drawdown is compared
with the drawdown on every earlier date (:func:`analytics.drawdowns.to_drawdown_series`,
direction ``"low"``: "the deepest since"); at a peak (drawdown 0) the level is compared with
every earlier level (direction ``"high"``), so a new all-time high is a record for the whole
history. The sentence states the drawdown and its status only; the record is in the fields
(``rank``/``comparables`` rank the drawdown among every earlier day's, or the level at a peak
among every earlier level); ``record_stated`` only for a record high over three or more
earlier levels.
"""

from __future__ import annotations

import pandas as pd

from analytics.drawdowns import BEAR_MARKET, CORRECTION, calc_drawdown_status, to_drawdown_series
from analytics.facts_history import FactHistory
from analytics.facts_common import (
    Fact, FactSkipped, capitalize, history_of, iso, name, pct, record_of, states_record,
)

_STATUS_WORDS = {"normal": "", "correction": ": correction territory",
                 "bear market": ": bear-market territory"}


#: A drawdown that crossed a threshold within this many calendar days is news.
CROSSED_DAYS = 30


def _depth(drawdown: float) -> int:
    """0 normal, 1 correction, 2 bear market (the thresholds of :mod:`analytics.drawdowns`)."""
    return 2 if drawdown <= BEAR_MARKET else (1 if drawdown <= CORRECTION else 0)


def crossed_points(drawdowns: pd.Series, now: float) -> float:
    """The threshold-crossing part of a drawdown fact's notability: 1.5 when the drawdown went
    past a deeper threshold (correction -10 %, bear market -20 %) within the last
    :data:`CROSSED_DAYS` calendar days (compared with the last drawdown on or before that
    day; 0 when the history is shorter), else 0."""
    index = drawdowns.index
    n = int(index.searchsorted(index[-1] - pd.Timedelta(days=CROSSED_DAYS), side="right"))
    if n == 0:
        return 0.0
    return 1.5 if _depth(now) > _depth(float(drawdowns.iat[n - 1])) else 0.0


def drawdown_fact(levels: pd.Series, key: str, *, as_of: pd.Timestamp, history: FactHistory | None = None) -> Fact:
    """Drawdown from the running peak as of a date.

    Args:
        levels: Clean positive levels, already cut at ``as_of``.
        key: Loader key (``"GSPC"``).
        as_of: The date the facts are for.
        history: The drawdowns over the whole history
            (:func:`analytics.facts_history.build_fact_history`), cut at ``as_of``; ``None``:
            computed from ``levels``. The fact is the same either way.

    Returns:
        Fact with ``start`` = peak date, ``end`` = the as-of observation, ``value`` = drawdown
        (decimal, ``<= 0``), ``status`` = ``"normal"``/``"correction"``/``"bear market"``.

    Raises:
        FactSkipped: with a single observation.
        ValueError: on non-positive levels.
    """
    if len(levels) < 2:
        raise FactSkipped(f"series {key}: one observation, no peak to compare with")
    status = calc_drawdown_status(levels, as_of=as_of)
    crossed = 0.0
    if status.drawdown < 0:
        direction = "low"
        drawdowns = None if history is None else history.drawdowns_to(key, levels.index[-1])
        if drawdowns is None:
            drawdowns = to_drawdown_series(levels)
        record = record_of(drawdowns, status.drawdown, "low")
        crossed = crossed_points(drawdowns, status.drawdown)
        text = (f"the {name(key)} is {pct(status.drawdown)} below its {iso(status.peak_date)} "
                f"peak{_STATUS_WORDS[status.status]}.")
    else:
        direction = "high"
        record = record_of(levels, status.level, "high")
        if record.is_record:
            text = (f"the {name(key)}, at {status.level:,.2f}, is at a record high "
                    f"(history since {iso(record.history_start)}).")
        else:
            text = (f"the {name(key)}, at {status.level:,.2f}, is back at its "
                    f"{iso(record.record_since)} peak.")
    return Fact(
        id=f"drawdown:{key}", kind="drawdown", series=key, period="peak",
        start=iso(status.peak_date), end=iso(status.as_of), value=float(status.drawdown),
        unit="decimal", record_since=iso(record.record_since), direction=direction,
        text=capitalize(text), panel="relative", history_start=history_of(record),
        status=status.status, rank=record.rank, comparables=record.comparables,
        between=record.between, notability=crossed,
        record_stated=direction == "high" and record.is_record and states_record(record, "drawdown"),
    )

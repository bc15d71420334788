"""The view a click on a headline fact opens: the dates, and for a correlation its frequency and
window, so the panel it highlights shows the fact's own figure.

Most facts open their own span (a return's base to its end, a drawdown's peak to its end). A
record ("the highest since 2023-10-31") opens from a little before the earlier value it is
compared with, so that value and today's are both on the chart; a record for the whole
history opens the history; a level, change or correlation that states no record opens its last
:data:`CONTEXT_YEARS` years. A correlation fact also sets the frequency and the window of its
figure ("24-month": monthly, 24), since the panel shows the view's correlation; the Fed regime
sets the event study's event to the cycle it names (:data:`REGIME_EVENTS`: "The Fed is
cutting" opens the first cuts, of which the current cycle's is the latest).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analytics.facts_common import LEVEL_KINDS, Fact, iso

#: A record's view starts this share of the span from the earlier value to the fact's end
#: before that value (at least :data:`MIN_MARGIN_DAYS`).
RECORD_MARGIN = 0.25
MIN_MARGIN_DAYS = 31
#: A level, change or correlation without a stated record opens this many years to its end.
CONTEXT_YEARS = 3
#: A correlation fact's period (``"63d"``, ``"26w"``, ``"24m"``): its frequency by suffix.
PERIOD_FREQ = {"d": "D", "w": "W", "m": "M"}
#: The event study a Fed regime fact opens, by its status and the direction of the last move
#: (``"high"``: a hike): hiking or cutting, the cycle's first move; on hold, the last one.
REGIME_EVENTS = {("hiking", "high"): "first_hike", ("cutting", "low"): "first_cut",
                 ("hold", "high"): "last_hike", ("hold", "low"): "last_cut"}


@dataclass(frozen=True)
class FactView:
    """What a click on a fact sets: ISO dates, the panel to highlight, for a correlation the
    frequency and window of its figure and for the Fed regime the event study's event (else
    ``None``)."""

    start: str
    end: str
    panel: str
    freq: str | None = None
    window: int | None = None
    event: str | None = None


def correlation_setting(fact: Fact) -> tuple[str, int] | None:
    """``(freq, window)`` of a correlation fact (``"24m"`` -> ``("M", 24)``), else ``None``."""
    period = fact.period
    if fact.kind != "correlation" or len(period) < 2 or not period[:-1].isdigit():
        return None
    freq = PERIOD_FREQ.get(period[-1])
    return (freq, int(period[:-1])) if freq else None


def level_start(fact: Fact) -> str:
    """Where the view of a level, change or correlation fact starts (see the module docstring);
    never before the fact's own history."""
    first = pd.Timestamp(fact.history_start or fact.start)
    end = pd.Timestamp(fact.end)
    if fact.record_stated and fact.record_since is None:
        start = first
    elif fact.record_stated:
        since = pd.Timestamp(fact.record_since)
        margin = max(pd.Timedelta(days=MIN_MARGIN_DAYS), (end - since) * RECORD_MARGIN)
        start = since - margin
    else:
        start = end - pd.DateOffset(years=CONTEXT_YEARS)
    return iso(min(max(start, min(first, pd.Timestamp(fact.start))), end))


def fact_view(fact: Fact) -> FactView:
    """The view a click on ``fact`` opens."""
    if fact.kind == "regime":
        return FactView(fact.start, fact.end, fact.panel, event=REGIME_EVENTS.get((fact.status, fact.direction)))
    if fact.kind not in LEVEL_KINDS:
        return FactView(fact.start, fact.end, fact.panel)
    freq, window = correlation_setting(fact) or (None, None)
    return FactView(level_start(fact), fact.end, fact.panel, freq, window)

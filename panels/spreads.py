"""Spreads panel: HY OAS, IG OAS and Baa minus the 10-year Treasury over the window."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components.figures.common import base_of
from components.figures.spreads import spreads_spec, stats_line
from panels.contract import Panel
from panels.data import source_line
from panels.levels import Levels, level_stats, load_levels

TITLE = "Credit spreads"
#: Spread key -> short label, in drawing order.
SPREADS = {"BAMLH0A0HYM2": "HY OAS", "BAMLC0A0CM": "IG OAS", "BAA10Y": "Baa - 10-year"}


def missing_note(name: str, series: pd.Series, start: pd.Timestamp) -> str:
    """Why a series is not drawn: ``"IG OAS: no data in the window (series ends 2025-12-30)"``;
    for a window inside the series (a weekend, a holiday), its last reading before it (it named
    the series' start of 1986 for a window of 2026)."""
    if series.index[-1] < start:
        return f"{name}: no data in the window (series ends {series.index[-1]:%Y-%m-%d})"
    if series.index[0] <= start:
        before = series.index[series.index.searchsorted(start, side="right") - 1]
        return f"{name}: no reading in the window (its last before it: {before:%Y-%m-%d})"
    return f"{name}: no data in the window (series starts {series.index[0]:%Y-%m-%d})"


@dataclass(frozen=True)
class SpreadsResult:
    """The spreads over the window, their statistics and notes on series not drawn."""

    levels: Levels
    stats: pd.DataFrame
    notes: tuple[str, ...]
    source: str


def compute(data, view) -> SpreadsResult:
    """The spreads panel for ``view`` (:class:`panels.view.ResolvedView`)."""
    levels = load_levels(data, view, SPREADS, what="credit spread series (BAMLH0A0HYM2, BAMLC0A0CM, BAA10Y)",
                         noun="credit spread data", missing=missing_note)
    used = {k: v for k, v in levels.loaded.items() if k == "USREC" or SPREADS.get(k) in levels.shown}
    return SpreadsResult(levels, level_stats(levels), levels.notes, source_line(used))


def figure(result: SpreadsResult, max_points: int | None = None) -> dict:
    levels = result.levels
    return spreads_spec(levels.drawn(max_points), stats=result.stats, start=levels.start, end=levels.end,
                        source_line=result.source, notes=list(result.notes), usrec=levels.usrec)


def summary(result: SpreadsResult) -> str:
    """The changes from the reading they are measured from (the window's base: "From 2021-12-31",
    as the rates panel says; it named the window's start, 2022-01-01, a day without a reading)."""
    levels = result.levels
    lines = [stats_line(name, result.stats.loc[name], start=levels.start, end=levels.end) for name in levels.shown]
    # the first line measured over the whole window (a series that starts inside it says "since"),
    # the date the chart's title starts at
    base = base_of(levels.shown, levels.start)
    return f"From {base:%Y-%m-%d} to {levels.end:%Y-%m-%d}: " + "; ".join(lines + list(result.notes)) + "."


PANEL = Panel(name="spreads", title=TITLE, reads=("start", "end", "overlay", "note"), compute=compute, figure=figure,
              summary=summary, notes=True, overlays=True, series=lambda view: (*SPREADS, "USREC"))

"""Rates panel: 10-year and 2-year yields with the fed funds target over the window."""

from __future__ import annotations

from analytics.format import signed
from dataclasses import dataclass

import pandas as pd

from analytics.regimes import RANGE_START_DATE
from analytics.spreads import WindowStats, calc_window_stats
from components.figures.common import dated
from components.figures.rates import format_target, rates_spec
from loaders.base import Loaded
from panels.contract import Panel
from panels.data import source_line
from panels.levels import Levels, level_stats, load_levels
from panels.relative import TARGET_KEYS, context_sources

TITLE = "Rates"
#: Yield key -> label, in drawing order.
YIELDS = {"DGS10": "10-year", "DGS2": "2-year"}


def to_target_bounds(loaded: dict[str, Loaded], *, start: pd.Timestamp, end: pd.Timestamp,
                     bounds: pd.DataFrame | None = None) -> pd.DataFrame | None:
    """The fed funds target in the window as ``lower``/``upper`` (percent) at its changes.

    DFEDTAR (single target, lower = upper) up to 2008-12-15, DFEDTARL/DFEDTARU from
    2008-12-16 (both needed). Rows: the target in force on ``start`` (dated ``start``), each
    change inside the window, and the last observation on or before ``end``, so a step line
    (``shape="hv"``) draws the whole path from a few points. ``bounds``: :func:`target_bounds`
    of ``loaded`` when the caller keeps it (it does not depend on the window).

    Returns:
        The frame, or ``None`` when no target series loaded or none has an observation in
        the window.
    """
    if bounds is None:
        bounds = target_bounds(loaded)
    if bounds is None:
        return None
    inside = bounds.loc[start:end]
    if inside.empty:
        return None
    before = bounds.loc[: start - pd.Timedelta(days=1)]
    if inside.index[0] > start and not before.empty:
        inside = pd.concat([before.iloc[[-1]].set_axis(pd.DatetimeIndex([start])), inside])
    changed = (inside != inside.shift()).any(axis=1).to_numpy(copy=True)
    changed[-1] = True
    out = inside[changed]
    out.index.name = "date"
    return out


def target_bounds(loaded: dict[str, Loaded]) -> pd.DataFrame | None:
    """The whole history of the target's ``lower``/``upper`` bounds (see :func:`to_target_bounds`);
    ``None`` when no target series loaded."""
    parts = []
    if "DFEDTAR" in loaded:
        single = loaded["DFEDTAR"].data.dropna().loc[: RANGE_START_DATE - pd.Timedelta(days=1)]
        parts.append(pd.DataFrame({"lower": single, "upper": single}))
    if "DFEDTARU" in loaded and "DFEDTARL" in loaded:
        ranged = pd.concat([loaded["DFEDTARL"].data.rename("lower"), loaded["DFEDTARU"].data.rename("upper")],
                           axis=1, join="inner").dropna()
        parts.append(ranged.loc[RANGE_START_DATE:])
    if not parts:
        return None
    return pd.concat(parts).sort_index().astype(float)


def format_change(change: float) -> str:
    """``0.22`` -> ``"+0.22 pp, +22 bp"``; ``0`` -> ``"unchanged"``."""
    if change == 0:
        return "unchanged"
    return f"{signed(change, 2)} pp, {signed(100 * change, 0)} bp"


def rates_summary(stats: pd.DataFrame, target: pd.DataFrame | None, start: pd.Timestamp | None = None) -> str:
    """``"From 2025-01-02 to 2025-01-13: 10-year 4.79% (+0.22 pp, +22 bp), ... ."``; the target's
    own dates when it begins after the window's ``start`` (its series begin on 1982-09-27)."""
    first = stats.iloc[0]
    span = (first["start_date"], first["end_date"])
    parts = []
    for name, row in stats.iterrows():
        dates = ""
        if (row["start_date"], row["end_date"]) != span:
            dates = f" from {row['start_date']:%Y-%m-%d} to {row['end_date']:%Y-%m-%d}"
        parts.append(f"{name} {row['end_level']:.2f}% ({format_change(row['change'])}{dates})")
    if target is not None:
        mid = target.mean(axis=1)
        moved: WindowStats = calc_window_stats(mid, start=mid.index[0], end=mid.index[-1])
        last = target.iloc[-1]
        change = f"midpoint {format_change(moved.change)}" if moved.change else "unchanged"
        if start is not None and mid.index[0] > start:  # (the target series begin in 1982: "-6.62 pp" from then)
            change += f" from {mid.index[0]:%Y-%m-%d} to {mid.index[-1]:%Y-%m-%d}"
        # (a target series that stopped, the range's to 2026-06-05 in a window to 2026-06-30, is dated)
        parts.append(f"fed funds target {format_target(last['lower'], last['upper'])}{dated(mid.index[-1], span[1])} "
                     f"({change})")
    return f"From {span[0]:%Y-%m-%d} to {span[1]:%Y-%m-%d}: " + ", ".join(parts) + "."


@dataclass(frozen=True)
class RatesResult:
    """The yields over the window, their statistics and the fed funds target path."""

    levels: Levels
    stats: pd.DataFrame
    target: pd.DataFrame | None
    source: str


def compute(data, view) -> RatesResult:
    """The rates panel for ``view`` (:class:`panels.view.ResolvedView`)."""
    levels = load_levels(data, view, YIELDS, extra=TARGET_KEYS,
                         what="10-year or 2-year Treasury yield (DGS10, DGS2)", noun="yield observations")
    start, end = levels.start, levels.end
    present = tuple(key for key in TARGET_KEYS if key in levels.loaded)
    # the bounds' whole history does not depend on the window: one per data version in each worker
    bounds = data.cached("rates:target_bounds", present, lambda: target_bounds(levels.loaded), shared=False)
    target = None if bounds is None else to_target_bounds(levels.loaded, start=start, end=end, bounds=bounds)
    used = {k: v for k, v in context_sources(levels.loaded, start=start, end=end).items()
            if k not in YIELDS or YIELDS[k] in levels.shown}
    return RatesResult(levels, level_stats(levels), target, source_line(used))


def figure(result: RatesResult, max_points: int | None = None) -> dict:
    levels = result.levels
    return rates_spec(levels.drawn(max_points), target=result.target, start=levels.start, end=levels.end,
                      source_line=result.source, usrec=levels.usrec)


def summary(result: RatesResult) -> str:
    notes = result.levels.notes
    return rates_summary(result.stats, result.target, result.levels.start) + (
        " " + "; ".join(notes) + "." if notes else "")


PANEL = Panel(name="rates", title=TITLE, reads=("start", "end", "overlay", "note"), compute=compute, figure=figure,
              summary=summary, notes=True, overlays=True, series=lambda view: (*YIELDS, *TARGET_KEYS, "USREC"))

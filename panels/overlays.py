"""Overlays: further series (``overlay=VIXCLS,DGS3MO`` in a link) over a time chart's window.

Any series the source serves can be drawn over the rates and spreads charts, each on its own
right-hand axis with its unit (:mod:`components.figures.overlays`). A series that does not load
or has nothing in the window is left out with a note; the panel itself is never refused for it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analytics.downsample import thin_series
from analytics.series import window_with_base
from loaders.catalog import ALL_SERIES
from panels.data import citation, load

#: A unit of the catalog as an axis title says it.
UNIT_WORDS = {"percent": "percent", "index": "index level", "usd": "USD"}


@dataclass(frozen=True)
class Overlay:
    """One overlay series in the window."""

    key: str
    label: str
    unit: str
    series: pd.Series
    citation: str

    @property
    def axis_title(self) -> str:
        return f"{self.label} ({UNIT_WORDS.get(self.unit, self.unit)})"

    def describe(self) -> str:
        """``"CBOE VIX 14.20 on 2024-01-02 to 18.30 on 2024-06-28 (index level)"``."""
        pct = "%" if self.unit == "percent" else ""
        first, last = self.series.iloc[0], self.series.iloc[-1]
        return (f"{self.label} {first:.2f}{pct} on {self.series.index[0]:%Y-%m-%d} to {last:.2f}{pct} on "
                f"{self.series.index[-1]:%Y-%m-%d} ({UNIT_WORDS.get(self.unit, self.unit)})")


@dataclass(frozen=True)
class Overlays:
    """The overlays drawn and why the others are not."""

    shown: tuple[Overlay, ...]
    notes: tuple[str, ...]

    def drawn(self, max_points: int | None) -> list[Overlay]:
        """Each overlay thinned to its share of ``max_points`` (None: every point)."""
        each = max_points and max(max_points // 4, 2)
        return [Overlay(o.key, o.label, o.unit, thin_series(o.series, each), o.citation) for o in self.shown]

    def summary(self) -> str:
        parts = [o.describe() for o in self.shown] + list(self.notes)
        return ("Overlays: " + "; ".join(parts) + ".") if parts else ""


def overlay_keys(view) -> list[str]:
    """The series keys of the view's overlays (``overlay=VIXCLS,DGS3MO``), in order."""
    return [k for k in (view.overlay or "").split(",") if k]


def load_overlays(data, view) -> Overlays | None:
    """The view's overlays in its window, or None when the view has none."""
    keys = overlay_keys(view)
    if not keys or view.start is None or view.end is None:
        return None
    errors: dict[str, str] = {}
    loaded = load(data, optional=tuple(keys), errors=errors)
    start, end = pd.Timestamp(view.start), pd.Timestamp(view.end)
    shown, notes = [], []
    for key in keys:
        info = ALL_SERIES.get(key)
        label = info.label if info else key
        if key not in loaded:
            notes.append(f"{label} ({key}) not drawn: " + errors.get(key, "not in this data source"))
            continue
        full = loaded[key].data.dropna()
        # from the window's base, as every panel (an overlaid Russell 2000 ran from 2024-06-03 where
        # the relative panel measures from the 2024-05-31 close: +8.3% against +7.7%)
        series = full.iloc[window_with_base(full.index, start, end)]
        if series.empty or series.index[-1] < start:
            notes.append(f"{label} ({key}) not drawn: no data between {start:%Y-%m-%d} and {end:%Y-%m-%d}")
            continue
        shown.append(Overlay(key, label, info.unit if info else "value", series, citation(key, loaded[key])))
    return Overlays(tuple(shown), tuple(notes))

"""Level series over the window, shared by the rates and spreads panels."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping

import pandas as pd

from analytics.downsample import thin_series
from analytics.series import window_with_base
from analytics.spreads import calc_window_summary
from loaders.base import Loaded
from panels.contract import PanelError
from panels.data import load, unavailable


@dataclass(frozen=True)
class Levels:
    """Series (by label) loaded for a window.

    Attributes:
        loaded: Everything loaded (keys), including context series.
        full: Each series' whole history (NaN dropped), by label.
        shown: The observations in ``[start, end]`` and the last one before it (the base of the
            window's change), by label (only series with some in the window).
        start, end: The window.
        notes: Why a series is not drawn (no data in the window, or it failed to load).
    """

    loaded: dict[str, Loaded]
    full: dict[str, pd.Series]
    shown: dict[str, pd.Series]
    start: pd.Timestamp
    end: pd.Timestamp
    notes: tuple[str, ...] = ()

    @property
    def usrec(self) -> pd.Series | None:
        return self.loaded["USREC"].data if "USREC" in self.loaded else None

    def drawn(self, max_points: int | None) -> dict[str, pd.Series]:
        """``shown`` thinned to about ``max_points`` points in all (None: every point)."""
        each = max_points and max_points // len(self.shown)
        return {k: thin_series(v, each) for k, v in self.shown.items()}


def load_levels(data, view, keys: Mapping[str, str], *, extra: tuple[str, ...] = (), what: str, noun: str,
                missing: Callable[[str, pd.Series, pd.Timestamp], str] | None = None) -> Levels:
    """Load ``keys`` (key -> label; each optional) and USREC for the view's window.

    Raises:
        PanelError: none of ``keys`` loads, the view has no window, or no series has an
            observation in it (``missing`` gives each series' note; otherwise the spans are named).
    """
    failed: dict[str, str] = {}
    loaded = load(data, optional=(*keys, *extra, "USREC"), errors=failed)
    full = {label: loaded[key].data.dropna() for key, label in keys.items() if key in loaded}
    full = {label: s for label, s in full.items() if not s.empty}
    if not full:
        raise PanelError(unavailable(what, keys, failed))
    if view.start is None or view.end is None:
        raise PanelError("no window: no series of this data source could be loaded")
    start, end = pd.Timestamp(view.start), pd.Timestamp(view.end)
    inside = {label: s.loc[start:end] for label, s in full.items()}
    notes = tuple(missing(label, full[label], start) for label, s in inside.items() if s.empty) if missing else ()
    # a series that failed to load is named with why (a 10-year file with '1/2/1962' dates left the
    # rates chart and summary without it, unsaid)
    notes += tuple(f"{label} not shown: {failed[key]}" for key, label in keys.items() if key in failed)
    # drawn (and exported) from the reading the window's change is measured from: the last on or
    # before the start (the CSV began inside the window, and "+2.21 pp over the window" could not
    # be rebuilt from it)
    shown = {label: full[label].iloc[window_with_base(full[label].index, start, end)]
             for label, s in inside.items() if not s.empty}
    if not shown:
        if notes:
            raise PanelError(f"no {noun} between {start:%Y-%m-%d} and {end:%Y-%m-%d}: " + "; ".join(notes))
        spans = ", ".join(f"{k} {s.index[0]:%Y-%m-%d} to {s.index[-1]:%Y-%m-%d}" for k, s in full.items())
        raise PanelError(f"no {noun} between {start:%Y-%m-%d} and {end:%Y-%m-%d} (data: {spans})")
    return Levels(loaded, full, shown, start, end, notes)


def level_stats(levels: Levels) -> pd.DataFrame:
    """:func:`analytics.spreads.calc_window_summary` of each series drawn in the window.

    A series whose history starts inside the window is measured from its first observation
    (the others from the last observation on or before the start); each ends at its last
    observation on or before the end.
    """
    return calc_window_summary({name: levels.full[name] for name in levels.shown}, end=levels.end,
                               start={name: max(levels.start, levels.full[name].index[0]) for name in levels.shown})

"""Every panel, in page order: the one list the page, the exports and the CLI read.

To add a panel: write its analytics (``analytics/``) and figure builder
(``components/figures/``), declare it in ``panels/<name>.py`` as ``PANEL = Panel(...)``
(:class:`panels.contract.Panel`) and add it here.
"""

from __future__ import annotations

from types import MappingProxyType

import pandas as pd

from panels import correlation, facts, leverage, rates, regimes, relative, spreads, universe
from panels.contract import Panel
from panels.data import series_ending_before
from panels.overlays import overlay_keys
from state import known_dates

REGISTRY: "MappingProxyType[str, Panel]" = MappingProxyType({
    p.name: p for p in (facts.PANEL, relative.PANEL, rates.PANEL, spreads.PANEL, correlation.PANEL,
                        regimes.PANEL, leverage.PANEL, universe.PANEL)
})


def view_series(view) -> tuple[str, ...]:
    """The series the page's panels draw or state for ``view`` (:attr:`Panel.series`, and the
    overlays of the panels that draw them), each once, in page order."""
    keys: list[str] = []
    for panel in REGISTRY.values():
        keys.extend(panel.series(view) if panel.series is not None else ())
        keys.extend(overlay_keys(view) if panel.overlays else ())
    return tuple(dict.fromkeys(keys))


def known_of(data, view) -> str | None:
    """The ``known`` part of ``view``'s pinned link (:attr:`state.ViewState.known`): the last date
    of each series its panels read that ends before the view's end or as-of date, with the
    dates ``view.known`` already holds. Opened on a later snapshot that fills them in, the link
    shows the same numbers (they gained readings up to the as-of date and changed facts,
    spreads and the event study's paths, unsaid)."""
    pin = max(d for d in (view.end, view.asof) if d is not None) if (view.end or view.asof) else None
    if pin is None:
        return view.known
    read = set(view_series(view))
    dates = {key: day for key, day in known_dates(view.known).items()}
    for key, last in series_ending_before(data, pin):
        if key in read:
            dates.setdefault(key, pd.Timestamp(last).date())
    return ",".join(f"{k}:{dates[k].isoformat()}" for k in sorted(dates)) or None

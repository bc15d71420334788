"""Every panel, in page order: the one list the page, the exports and the CLI read.

To add a panel: write its analytics (``analytics/``) and figure builder
(``components/figures/``), declare it in ``panels/<name>.py`` as ``PANEL = Panel(...)``
(:class:`panels.contract.Panel`) and add it here.
"""

from __future__ import annotations

from types import MappingProxyType

from panels import correlation, facts, leverage, rates, regimes, relative, spreads, universe
from panels.contract import Panel
from panels.overlays import overlay_keys

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

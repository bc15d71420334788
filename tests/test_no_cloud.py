"""No chart offers to send its (licensed) data to a third-party cloud."""

from __future__ import annotations

from components.ids import GRAPH_PANELS
from components.panels import CLOUD_BUTTONS, build_panels, graph_config


def _graphs(node):
    if getattr(node, "config", None) is not None and type(node).__name__ == "Graph":
        yield node
    for child in (getattr(node, "children", None) or []) if not isinstance(getattr(node, "children", None), str) else []:
        yield from _graphs(child)
    inner = getattr(node, "children", None)
    if inner is not None and not isinstance(inner, (list, str)):
        yield from _graphs(inner)


def test_every_graph_config_hides_the_cloud_buttons():
    configs = [graph_config(p, "2024-01-02", "2024-06-28") for p in GRAPH_PANELS]
    configs += [g.config for row in build_panels(("2024-01-02", "2024-06-28")) for g in _graphs(row)]
    assert len(configs) >= 2 * len(GRAPH_PANELS)
    for config in configs:
        assert config["showSendToCloud"] is False and config["showEditInChartStudio"] is False
        assert config["plotlyServerURL"] == "" and config["showLink"] is False
        assert set(CLOUD_BUTTONS) <= set(config["modeBarButtonsToRemove"])

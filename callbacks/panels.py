"""Wire every graph panel of the registry: its view store in, figure, summary (and extra) out."""

from __future__ import annotations

from dash import Input, Output

from components.ids import Id, graph_id, summary_id, view_id
from panels.page import page_outputs
from panels.registry import REGISTRY

#: Further inputs that redraw a panel (their values are not read): a finished universe fetch.
EXTRA_INPUTS = {"leverage": (Input(Id.REFRESH_RESULT, "data"),)}


def register(app, data, *, max_points: int | None = None) -> None:
    """One callback per graph panel; ``data`` is the app's :class:`panels.data.PanelData`."""
    for name, panel in REGISTRY.items():
        if name == "facts":  # a list, wired by callbacks.facts
            continue
        outputs = [Output(graph_id(name), "figure"), Output(summary_id(name), "children")]
        if panel.extra is not None:
            outputs.append(Output(f"{name}-table", "children"))
        app.callback(*outputs, Input(view_id(name), "data"), *EXTRA_INPUTS.get(name, ()))(
            _body(data, panel, max_points if name in POINT_BUDGET else None))


#: Panels whose figures are thinned to the display budget (time series with many points).
POINT_BUDGET = ("relative", "rates", "spreads", "correlation")


def _body(data, panel, max_points):
    def update(view, *_ignored):
        return page_outputs(data, panel, view, max_points=max_points)

    update.__name__ = f"update_{panel.name}"
    return update

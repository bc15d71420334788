"""Tests' way to draw a panel as the page and exports do: state -> resolved view -> render."""

from __future__ import annotations

import plotly.graph_objects as go

from panels.contract import render
from panels.data import PanelData
from panels.registry import REGISTRY
from panels.view import resolve_view
from state import ViewState


def panel_data(data, universe=None, memo=None) -> PanelData:
    """``data`` as a :class:`PanelData` (a DataSource, a fake source, or a PanelData already)."""
    if isinstance(data, PanelData):
        return data
    return PanelData(data, universe, memo)


def rendered(name: str, data, state=None, *, universe=None, memo=None, max_points=None):
    """The :class:`panels.contract.Rendered` of panel ``name`` for ``state`` (a ViewState or its dict)."""
    state = state if isinstance(state, ViewState) else ViewState.from_dict(state or {})
    request = panel_data(data, universe, memo).for_request()
    return render(REGISTRY[name], request, resolve_view(state, request), max_points=max_points)


def draw(name: str, data, state=None, *, universe=None, memo=None, raw=False, max_points=None) -> tuple:
    """``(figure, summary)`` (plus ``extra`` for panels with one); the figure as a validated
    ``go.Figure`` unless ``raw`` (the dict the page gets)."""
    out = rendered(name, data, state, universe=universe, memo=memo, max_points=max_points)
    figure = out.figure if raw else go.Figure(out.figure)
    extra = (out.extra,) if REGISTRY[name].extra is not None else ()
    return (figure, out.summary, *extra)


def drawer(name: str, data, *, universe=None, memo=None, raw=False, max_points=None):
    """``draw`` bound to a panel and data: a function of the state."""
    return lambda state=None: draw(name, data, state, universe=universe, memo=memo, raw=raw, max_points=max_points)

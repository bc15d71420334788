"""View state -> relative-performance figure."""

from __future__ import annotations

from dash import Input, Output

from analytics.relative import to_relative_frame
from callbacks.common import PanelError, load, source_line, window
from components.figures.common import empty_figure
from components.figures.relative import build_relative_figure
from components.ids import Id
from loaders.catalog import label
from state import ViewState

TITLE = "Relative performance"


def make_update_relative(data):
    """Build the callback body bound to ``data`` (plain function, unit-testable)."""

    def update_relative(state_data):
        state = ViewState.from_dict(state_data)
        try:
            loaded = load(data, state.small, state.large)
            small, large = loaded[state.small].data, loaded[state.large].data
            start, end = window(state, small, large)
            frame = to_relative_frame(small, large, start=start, end=end)
        except (PanelError, ValueError) as exc:
            return empty_figure(f"Cannot draw this view: {exc}", title=TITLE), str(exc)
        figure = build_relative_figure(frame, small_label=label(state.small),
                                       large_label=label(state.large), source_line=source_line(loaded))
        last = frame.iloc[-1]
        summary = (f"{label(state.small)} {last['small_rebased'] / 100 - 1:+.1%}, "
                   f"{label(state.large)} {last['large_rebased'] / 100 - 1:+.1%}, "
                   f"relative {last['relative_return']:+.1%} "
                   f"({frame.index[0]:%Y-%m-%d} to {frame.index[-1]:%Y-%m-%d}).")
        return figure, summary

    return update_relative


def register(app, data) -> None:
    """Wire the relative panel."""
    app.callback(
        Output(Id.RELATIVE_GRAPH, "figure"), Output(Id.RELATIVE_SUMMARY, "children"),
        Input(Id.STATE, "data"),
    )(make_update_relative(data))

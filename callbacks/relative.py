"""View state -> relative-performance figure."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from dash import Input, Output

from analytics.relative import to_relative_frame
from components.figures.common import empty_figure
from components.figures.relative import build_relative_figure
from components.ids import Id
from loaders.base import LoaderError
from loaders.catalog import label
from loaders.source import DataSource
from state import ViewState


def source_line(loaded: dict) -> str:
    """'Source: ...' line naming each series' source and the last observation used."""
    parts = []
    for key, item in loaded.items():
        p = item.provenance
        if p.demo:
            origin = "DEMO DATA (synthetic)"
        elif p.source == "local directory":
            origin = f"local file {Path(p.location).parent.name}/{Path(p.location).name}"
        else:
            origin = p.source + (" (stale copy)" if p.stale else "")
        parts.append(f"{key}: {origin}, to {p.last:%Y-%m-%d}")
    return "Source: " + "; ".join(parts) + ". Small-Cap Monitor."


def make_update_relative(data: DataSource):
    """Build the callback body bound to ``data`` (plain function, unit-testable)."""

    def update_relative(state_data):
        state = ViewState.from_dict(state_data)
        title = "Relative performance"
        try:
            small, large = data.series(state.small), data.series(state.large)
            start = pd.Timestamp(state.start) if state.start else small.data.index[0]
            end = pd.Timestamp(state.end) if state.end else small.data.index[-1]
            frame = to_relative_frame(small.data, large.data, start=start, end=end)
        except (LoaderError, ValueError, KeyError) as exc:
            return empty_figure(f"Cannot draw this view: {exc}", title=title), str(exc)
        figure = build_relative_figure(
            frame, small_label=label(state.small), large_label=label(state.large),
            source_line=source_line({state.small: small, state.large: large}),
        )
        last = frame.iloc[-1]
        summary = (f"{label(state.small)} {last['small_rebased'] / 100 - 1:+.1%}, "
                   f"{label(state.large)} {last['large_rebased'] / 100 - 1:+.1%}, "
                   f"relative {last['relative_return']:+.1%} "
                   f"({frame.index[0]:%Y-%m-%d} to {frame.index[-1]:%Y-%m-%d}).")
        return figure, summary

    return update_relative


def register(app, data: DataSource) -> None:
    """Wire the relative panel."""
    app.callback(
        Output(Id.RELATIVE_GRAPH, "figure"), Output(Id.RELATIVE_SUMMARY, "children"),
        Input(Id.STATE, "data"),
    )(make_update_relative(data))

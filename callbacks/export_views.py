"""Each panel as the exporter needs it: view state -> figure and the table behind it.

The panels' own callback bodies do the work, so an export shows exactly what the page shows
for the same share link. A view that cannot be drawn (an unknown pair, no universe chosen)
raises :class:`components.png.ExportError` with the panel's own message instead of
exporting a picture of that message.
"""

from __future__ import annotations

from typing import Callable

import pandas as pd

from callbacks.common import load, source_line
from callbacks.correlation import compute_correlation_frame, make_update_correlation
from callbacks.export import Rendered
from callbacks.facts import compute_facts, memoised_compute, resolve_asof
from callbacks.leverage import leverage_view
from callbacks.rates import make_update_rates
from callbacks.regimes import regimes_view
from callbacks.relative import make_update_relative
from callbacks.spreads import make_update_spreads
from analytics.facts import to_records
from components.figures.facts import build_facts_figure
from components.png import ExportError
from state import ViewState


def _drawn(figure, summary: str) -> None:
    """Raise when the panel drew only its 'cannot draw' message."""
    if not figure.data:
        raise ExportError(f"nothing to export for this view: {summary}")


def _graph_renderer(make_update) -> Callable[[dict], Rendered]:
    def render(state: dict) -> Rendered:
        figure, summary, *_ = make_update(state)
        _drawn(figure, summary)
        return Rendered(figure)

    return render


def facts_renderer(data, *, compute=compute_facts) -> Callable[[dict], Rendered]:
    """The facts as a table figure and as records (one row per fact)."""

    def render(state_data: dict) -> Rendered:
        state = ViewState.from_dict(state_data)
        asof = resolve_asof(data, state)
        if asof is None:
            raise ExportError(f"no facts: the pair {state.small} / {state.large} cannot be loaded")
        result = compute(data, asof, state.small, state.large)
        facts = list(result.sheet)
        if not facts:
            raise ExportError(f"no fact can be stated as of {asof} from the data")
        keys = sorted({k for f in facts for k in f.series.replace("~", "-").split("-")} & set(
            data.available_series()))
        line = source_line(load(data, *keys)) if keys else "Small-Cap Monitor."
        figure = build_facts_figure(facts, as_of=str(result.sheet.as_of), source_line=line)
        table = pd.DataFrame(to_records(facts)).set_index("id")
        return Rendered(figure, table)

    return render


def outcomes_table(outcomes: pd.DataFrame, *, small: str, large: str) -> pd.DataFrame:
    """The event study's per-event outcomes with units in the column names."""
    names = {"event_date": "event_date", "horizon": "horizon [months]", "label": "event",
             "small": f"{small} return [decimal]", "large": f"{large} return [decimal]",
             "value": f"{small} minus {large} [decimal]", "relative": f"{small} minus {large} [decimal]"}
    renamed = {c: names.get(c, f"{c} change [pp]") for c in outcomes.columns}
    return outcomes.rename(columns=renamed).set_index("event_date")


def quartile_table(result) -> pd.DataFrame:
    """One row per ranked stock (ticker index) with units in the column names."""
    rank_unit = "debt/equity" if result.spec.rank_by == "leverage" else "decimal return"
    return result.table.rename(columns={
        "rank_value": f"rank_value [{rank_unit}]", "debt_to_equity": "debt_to_equity [ratio]",
        "measure_return": "measure_return [decimal]",
    }).rename_axis("ticker")


def make_renderers(data, universe, *, memo=None) -> dict[str, Callable[[dict], Rendered]]:
    """Panel name -> renderer, for every panel of the page (see :data:`components.ids.PANELS`).

    Exports draw every observation (no display downsampling); ``memo`` shares the heavy
    full-history computations with the page.
    """
    correlation_frame = compute_correlation_frame
    if memo is not None:
        frame = memo.wrap("correlation:frame", lambda *args: compute_correlation_frame(data, *args))
        correlation_frame = lambda _data, *args: frame(*args)  # noqa: E731

    def regimes(state_data: dict) -> Rendered:
        state = ViewState.from_dict(state_data)
        view = regimes_view(data, state)
        if view.study is None:
            raise ExportError(f"nothing to export for this view: {view.summary}")
        return Rendered(view.figure, outcomes_table(view.study.outcomes, small=state.small, large=state.large))

    def leverage(state_data: dict) -> Rendered:
        view = leverage_view(data, universe, ViewState.from_dict(state_data))
        if view.result is None:
            raise ExportError(f"nothing to export for this view: {view.summary}")
        return Rendered(view.figure, quartile_table(view.result))

    return {
        "facts": facts_renderer(data, compute=memoised_compute(memo)),
        "relative": _graph_renderer(make_update_relative(data)),
        "rates": _graph_renderer(make_update_rates(data)),
        "spreads": _graph_renderer(make_update_spreads(data)),
        "correlation": _graph_renderer(make_update_correlation(data, compute=correlation_frame)),
        "regimes": regimes,
        "leverage": leverage,
    }

"""View state -> Fed-cycle event study: relative performance around each event of a type.

For the state's event type (``first_hike``, ``last_hike``, ``first_cut``, ``last_cut``) the
events come from the Fed target path (:mod:`analytics.regimes`) *as known on the as-of date*
(the state's ``asof``, else the last common date of the small- and large-cap series): moves
are those FRED showed by then, the last one is flagged provisional, and every series is cut
at that date, so neither the paths nor the table use data the analyst could not have had.

Paths are the small-minus-large return since each event (analytics.events) from 6 months
before to 24 months after, sampled on a common grid of calendar days (weekly), so the
events can be drawn on one "months after the event" axis and their median taken per grid
point. The median is drawn where at least half of the events with data have a value.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from dash import Input, Output

from analytics.event_study import (
    EVENT_WORDS, RATE_KEYS, TARGET_KEYS, EventStudy, compute_event_study, event_label, fed_events_as_of,
)
from analytics.regimes import to_fed_target
from callbacks.common import PanelError, load, memoised_panel, source_line
from components.figures.common import empty_figure, empty_spec
from components.figures.regimes import build_outcomes_table, build_regimes_figure, regimes_spec
from components.ids import Id, view_id
from loaders.catalog import label
from state import ViewState

TITLE = "Fed cycles: event study"
def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def headline(study: EventStudy) -> tuple[int, pd.Series] | None:
    """The longest horizon with a relative outcome and its summary row, or ``None``."""
    summary = study.summaries["relative"]
    for horizon in sorted(summary.index, reverse=True):
        if summary.at[horizon, "count"] > 0:
            return int(horizon), summary.loc[horizon]
    return None


def regimes_title(study: EventStudy, *, event: str, small_label: str, large_label: str) -> str:
    """Figure title: the pair, the event type and the headline median."""
    words = EVENT_WORDS[event]
    text = f"{small_label} minus {large_label} around each {words} of a Fed cycle"
    top = headline(study)
    if top is not None:
        horizon, row = top
        text += f": median {row['median']:+.1%} after {horizon} months ({int(row['count'])} events)"
    return text


def describe_regimes(study: EventStudy, *, event: str, small_label: str, large_label: str) -> str:
    """The summary line in words."""
    words = EVENT_WORDS[event]
    events = study.events
    first, last = events["date"].iloc[0], events["date"].iloc[-1]
    span = f"on {first:%Y-%m-%d}" if len(events) == 1 else f"from {first:%Y-%m-%d} to {last:%Y-%m-%d}"
    text = (f"{_count(len(events), words)} {span} (FOMC announcement dates, as known on "
            f"{study.as_of:%Y-%m-%d}).")
    top = headline(study)
    if top is not None:
        horizon, row = top
        positive = int(round(row["share_positive"] * row["count"]))
        text += (f" {horizon} months after, {small_label} minus {large_label} return: median "
                 f"{row['median']:+.1%}, range {row['min']:+.1%} to {row['max']:+.1%}, positive "
                 f"after {positive} of {int(row['count'])}.")
    provisional = events.loc[events["provisional"], "date"]
    if len(provisional):
        text += (f" {provisional.iloc[-1]:%Y-%m-%d} is provisional: the cycle may not be over, "
                 "so a later move could replace it.")
    if study.skipped:
        verb = "predates" if study.skipped == 1 else "predate"
        text += f" {_count(study.skipped, 'earlier ' + words)} {verb} the {small_label} data."
    return text


@dataclass(frozen=True)
class RegimesView:
    """What the regimes panel shows: figure, summary line, per-event table and the study.

    ``figure`` is a ``go.Figure``, or its plain dict spec for a view built with ``raw=True``.
    """

    figure: object
    summary: str
    table: object
    study: EventStudy | None = None


def target_events(data, as_of: pd.Timestamp) -> pd.DataFrame:
    """:func:`fed_events_as_of` on the source's fed funds target (DFF fills the days before
    1982), for ``as_of``.

    Raises:
        PanelError: a target series cannot be loaded.
    """
    loaded = load(data, *TARGET_KEYS, optional=("DFF",))
    target = to_fed_target(*(loaded[k].data for k in TARGET_KEYS),
                           dff=loaded["DFF"].data if "DFF" in loaded else None)
    return fed_events_as_of(target, as_of)


def regimes_view(data, state: ViewState, *, raw: bool = False,
                 fed_events: Callable[[pd.Timestamp], pd.DataFrame] | None = None) -> RegimesView:
    """The regimes panel for ``state``; a view that cannot be drawn says why (``study`` None).

    ``raw=True`` gives the figure as a plain dict spec (the page; no plotly validation),
    otherwise a ``go.Figure`` (exports, tests). ``fed_events``: :func:`target_events` for
    ``data`` as a function of the as-of date (the app passes a memoised one).
    """
    try:
        loaded = load(data, state.small, state.large, *TARGET_KEYS, optional=("DFF", *RATE_KEYS))
        rates = {name: loaded[key].data for key, name in RATE_KEYS.items() if key in loaded}
        study = compute_event_study(
            loaded[state.small].data, loaded[state.large].data, None, event=state.event,
            as_of=pd.Timestamp(state.asof) if state.asof else None, rates=rates,
            fed_events=fed_events or (lambda as_of: target_events(data, as_of)),
        )
    except (PanelError, ValueError) as exc:
        empty = empty_spec if raw else empty_figure
        return RegimesView(empty(f"Cannot draw this view: {exc}", title=TITLE), str(exc), [])
    small_label, large_label = label(state.small), label(state.large)
    shown = {k: v for k, v in loaded.items() if k != "DFF"}  # DFF only fills days before 1982
    build = regimes_spec if raw else build_regimes_figure
    figure = build(
        study.paths, study.median, rates=study.rates,
        title=regimes_title(study, event=state.event, small_label=small_label, large_label=large_label),
        source_line=source_line(shown), uirevision=f"regimes:{state.event}",
    )
    table = build_outcomes_table(study.outcomes, study.summaries, small_key=state.small,
                                 large_key=state.large, event=state.event)
    summary = describe_regimes(study, event=state.event, small_label=small_label, large_label=large_label)
    return RegimesView(figure, summary, table, study)


def make_update_regimes(data, *, raw: bool = False, fed_events=None):
    """Build the callback body bound to ``data`` (plain function, unit-testable);
    ``raw=True``: the figure is a plain dict spec; ``fed_events``: see :func:`regimes_view`."""

    def update_regimes(state_data):
        view = regimes_view(data, ViewState.from_dict(state_data), raw=raw, fed_events=fed_events)
        return view.figure, view.summary, view.table

    return update_regimes


def register(app, data, *, memo=None) -> None:
    """Wire the regimes panel (its x axis is months after an event: no zoom linking);
    ``memo`` (:class:`panels.cache.Memo`) caches it per view. The page gets the figure
    as a plain dict spec. The Fed events as of a date are memoised per worker too: they do
    not depend on the pair."""
    fed_events = None
    if memo is not None:
        fed_events = memo.wrap("regimes:fed_events", lambda as_of: target_events(data, as_of), shared=False)
    app.callback(
        Output(Id.REGIMES_GRAPH, "figure"), Output(Id.REGIMES_SUMMARY, "children"),
        Output(Id.REGIMES_TABLE, "children"), Input(view_id("regimes"), "data"),
    )(memoised_panel(memo, "regimes", make_update_regimes(data, raw=True, fed_events=fed_events)))

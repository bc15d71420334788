"""Regimes panel: the Fed-cycle event study (:mod:`analytics.event_study`) as of the view's
as-of date: relative performance around each event of the chosen type."""

from __future__ import annotations

from analytics.format import counted, signed_percent
from dataclasses import dataclass

import pandas as pd

from analytics.event_study import (
    EVENT_WORDS, RATE_KEYS, TARGET_KEYS, EventStudy, StudyInputs, compute_event_study, fed_events_as_of,
    prepare_study, study_as_of,
)
from analytics.regimes import FIRST_TARGET_DATE, KnownMoves, calc_dff_cycles, calc_fed_moves, to_fed_target
from components.figures.regimes import build_outcomes_table, regimes_spec
from loaders.catalog import label
from panels.contract import Panel
from panels.data import load, source_line

TITLE = "Fed cycles: event study"


def headline(study: EventStudy) -> tuple[int, pd.Series] | None:
    """The longest horizon with a relative outcome and its summary row, or ``None``."""
    summary = study.summaries["relative"]
    for horizon in sorted(summary.index, reverse=True):
        if summary.at[horizon, "count"] > 0:
            return int(horizon), summary.loc[horizon]
    return None


def regimes_title(study: EventStudy, *, event: str, small_label: str, large_label: str) -> str:
    """Figure title: the pair, the event type, the headline median (the one event's outcome when
    only one has it: "a median of 1 event" said nothing about the rest) and the as-of date, which
    decides the events and which are provisional (so a PNG says it too)."""
    words = EVENT_WORDS[event]
    text = f"{small_label} relative to {large_label} around each {words} of a Fed cycle"
    top = headline(study)
    if top is not None:
        horizon, row = top
        count = int(row["count"])
        measure = "" if count == 1 else "median "
        text += f": {measure}{signed_percent(row['median'])} after {horizon} months ({counted(count, 'event')})"
    return f"{text}, as of {study.as_of:%Y-%m-%d}"


def describe_regimes(study: EventStudy, *, event: str, small_label: str, large_label: str) -> str:
    """The summary line in words."""
    words = EVENT_WORDS[event]
    events = study.events
    announced = events["announced"]
    first, last = announced.iloc[0], announced.iloc[-1]
    span = f"on {first:%Y-%m-%d}" if len(events) == 1 else f"from {first:%Y-%m-%d} to {last:%Y-%m-%d}"
    dated = (f"FOMC announcement dates from {FIRST_TARGET_DATE:%Y-%m-%d}, when the target series begin; "
             "before, the month-end of a turning point in the effective rate's monthly average (DFF)"
             if first < FIRST_TARGET_DATE else "FOMC announcement dates")
    if study.month_ends:  # (a monthly pair has no close between the event and its month's end)
        dated += "; the pair is monthly, so each is measured from the month-end on or after it"
    text = f"{counted(len(events), words)} {span} ({dated}, as known on {study.as_of:%Y-%m-%d})."
    top = headline(study)
    if top is not None:
        horizon, row = top
        positive = int(round(row["share_positive"] * row["count"]))
        text += (f" {horizon} months after ({counted(int(row['count']), 'cycle')} with an outcome), "
                 f"{small_label}'s relative return against {large_label}: median "
                 f"{signed_percent(row['median'])}, range {signed_percent(row['min'])} to {signed_percent(row['max'])}, positive "
                 f"after {positive} of {int(row['count'])}.")
    provisional = events.loc[events["provisional"], "announced"]
    if len(provisional):
        text += (f" {provisional.iloc[-1]:%Y-%m-%d} is provisional: the cycle may not be over, "
                 "so a later move could replace it.")
    if study.skipped:
        verb = "predates" if study.skipped == 1 else "predate"
        text += f" {counted(study.skipped, 'earlier ' + words)} {verb} the {small_label} data."
    return text


@dataclass(frozen=True)
class RegimesResult:
    """The event study of the view and what its figure and table name."""

    small: str
    large: str
    event: str
    study: EventStudy
    source: str


def target_events(data, as_of: pd.Timestamp, *, pre_target: bool = False) -> pd.DataFrame:
    """:func:`fed_events_as_of` on the source's fed funds target (DFF fills the days before
    1982), for ``as_of``; with ``pre_target`` (a pair that starts before 1982-09-27) the
    pre-target era's cycles from DFF (:func:`analytics.regimes.calc_dff_cycles`) come first.

    Raises:
        PanelError: a target series cannot be loaded.
    """
    target, known, dff = _fed_target(data)
    if pre_target:
        return fed_events_as_of(target, as_of, dff=dff, moves=known.moves)
    return known.events(known.known(as_of))  # = fed_events_as_of(target, as_of, moves=known.moves)


def moves_known(data, as_of: pd.Timestamp) -> int:
    """How many of the target's moves are announced on or before ``as_of``: the Fed events as of
    a date (without the pre-target cycles) depend on those moves only."""
    return _fed_target(data)[1].known(as_of)


def _fed_target(data) -> tuple[pd.Series, KnownMoves, pd.Series | None]:
    """The target path, its moves and DFF (None when it does not load)."""
    loaded = load(data, *TARGET_KEYS, optional=("DFF",))
    dff = loaded["DFF"].data if "DFF" in loaded else None
    # the path does not depend on the date: one per data version in each worker
    target, known = data.cached("regimes:fed_target", (dff is not None,), lambda: _target_and_moves(
        *(loaded[k].data for k in TARGET_KEYS), dff=dff), shared=False)
    return target, known, dff


def _target_and_moves(*targets: pd.Series, dff: pd.Series | None) -> tuple[pd.Series, KnownMoves]:
    target = to_fed_target(*targets, dff=dff)
    return target, KnownMoves.of(calc_fed_moves(target))


def compute(data, view) -> RegimesResult:
    """The regimes panel for ``view`` (:class:`panels.view.ResolvedView`); the Fed events as of
    a date are memoised per worker by the moves known then (they do not depend on the pair)."""
    loaded = load(data, view.small, view.large, *TARGET_KEYS, optional=("DFF", *RATE_KEYS))
    rates = {name: loaded[key].data for key, name in RATE_KEYS.items() if key in loaded}

    small, large = loaded[view.small].data.dropna(), loaded[view.large].data.dropna()
    # a pair from before the target era (the Ken French portfolios) gets the DFF-era cycles too
    pre_target = (not small.empty and not large.empty and "DFF" in loaded
                  and max(small.index[0], large.index[0]) < FIRST_TARGET_DATE)

    def fed_events(as_of):
        # the events as of a date: one per set of moves known (zooming within a period shares it)
        key = (as_of, True) if pre_target else ("moves", moves_known(data, as_of))
        return data.cached("regimes:fed_events", key,
                           lambda: target_events(data, as_of, pre_target=pre_target), shared=False)

    as_of = pd.Timestamp(view.asof) if view.asof else None
    # the pair and rates checked and aligned once per data version in each worker, with the parts
    # of every event that can be known on some date (masked at each as-of), else cut at each
    inputs = data.cached("regimes:inputs", (view.small, view.large, tuple(rates), pre_target),
                         lambda: _prepared(loaded[view.small].data, loaded[view.large].data, rates,
                                           event_candidates(data, pre_target=pre_target)), shared=False)
    if inputs is not None:
        study = study_as_of(inputs, event=view.event, as_of=as_of, fed_events=fed_events)
    else:  # bad values somewhere: checked up to the as-of date only, as the study reads them
        study = compute_event_study(loaded[view.small].data, loaded[view.large].data, None, event=view.event,
                                    as_of=as_of, rates=rates, fed_events=fed_events)
    # DFF only fills days before 1982, unless it dates the pre-target cycles
    shown = {k: v for k, v in loaded.items() if k != "DFF" or pre_target}
    return RegimesResult(view.small, view.large, view.event, study, source_line(shown))


def event_candidates(data, *, pre_target: bool = False) -> list[pd.Timestamp] | None:
    """Every date a Fed event of :func:`target_events` can have as of some day: the announcement
    dates of the target's moves (an event is a cycle's first or last move); with ``pre_target``
    also the dates of DFF's pre-target cycles (:func:`analytics.regimes.calc_dff_cycles`: those
    known on a date are the first cycles of the whole data). ``None`` when they cannot be read
    (the study computes each date's events on the cut data then, and reports the error).
    """
    try:
        _, known, dff = _fed_target(data)
        dates = list(known.moves["announcement_date"])
        if pre_target and dff is not None:
            cycles = calc_dff_cycles(dff)
            dates += [*cycles["first_date"], *cycles["last_date"]]
    except ValueError:
        return None
    return dates


def _prepared(small: pd.Series, large: pd.Series, rates: dict[str, pd.Series],
              candidates: list[pd.Timestamp] | None) -> StudyInputs | None:
    """:func:`prepare_study` with the parts of ``candidates``, or None when the series fail its
    checks somewhere."""
    try:
        return prepare_study(small, large, rates, candidates=candidates)
    except ValueError:
        return None


def figure(result: RegimesResult, max_points: int | None = None) -> dict:
    study = result.study
    title = regimes_title(study, event=result.event, small_label=label(result.small),
                          large_label=label(result.large))
    pre_target = len(study.events) and study.events["date"].iloc[0] < FIRST_TARGET_DATE
    return regimes_spec(study.paths, study.median, rates=study.rates, title=title, source_line=result.source,
                        uirevision=f"regimes:{result.event}",
                        event_dates=event_dates_words(pre_target, study.month_ends))


def event_dates_words(pre_target: bool, month_ends: bool) -> str:
    """What the x axis's event dates are: "FOMC announcement", and what differs for the pair."""
    words = f"FOMC announcement; before {FIRST_TARGET_DATE:%Y-%m-%d}, a month-end" if pre_target else "FOMC announcement"
    return words + ("; from the month-end on or after it" if month_ends else "")


def summary(result: RegimesResult) -> str:
    return describe_regimes(result.study, event=result.event, small_label=label(result.small),
                            large_label=label(result.large))


def extra(result: RegimesResult):
    """The per-event outcomes table shown under the chart."""
    return build_outcomes_table(result.study.outcomes, result.study.summaries, small_key=result.small,
                                large_key=result.large, event=result.event, month_ends=result.study.month_ends)


def table(result: RegimesResult) -> pd.DataFrame:
    """The event study's per-event outcomes with units in the column names (CSV); the event column
    names the event type and the as-of date (the CSV said neither)."""
    small, large = result.small, result.large
    event = f"event ({EVENT_WORDS[result.event]}, as known on {result.study.as_of:%Y-%m-%d})"
    names = {"event_date": "event_date", "horizon": "horizon [months]", "label": event,
             "small": f"{small} return [decimal]", "large": f"{large} return [decimal]",
             "relative": f"{small} relative return against {large} [decimal]"}
    outcomes = result.study.outcomes
    renamed = {c: names.get(c, f"{c} change [pp]") for c in outcomes.columns}
    out = outcomes.rename(columns=renamed).set_index("event_date")
    if result.study.month_ends:  # (the FOMC date is in the event column; this one is the base)
        out.index.name = "measured_from [month-end on or after the event]"
    return out


PANEL = Panel(name="regimes", title=TITLE, reads=("small", "large", "event", "asof"), compute=compute,
              figure=figure, summary=summary, table=table, extra=extra,
              series=lambda view: (view.small, view.large, *TARGET_KEYS, "DFF", *RATE_KEYS))

"""Facts panel: headline facts as of the view's as-of date (the page lists them; exports
draw them as a table figure with one row per fact in the CSV).

:func:`compute_facts` is the one heavy call (records over long histories, about a second on the
real snapshot); :func:`cached_facts` memoises it per ``(asof, small, large, groups)`` and data
version, so the page, the exports and the CLI share it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

import pandas as pd

from analytics.facts import (
    FED_KEYS, NASDAQ, FactSheet, build_fed_history_of, calc_fed_state_as_of, calc_headline_facts, daily_correlations,
    period_correlations, to_records,
)
from analytics.facts_common import FactSkipped
from analytics.facts_history import build_fact_history
from analytics.series import observation_freqs
from components.figures.facts import build_facts_figure
from loaders.base import LoaderError
from panels.contract import Panel, PanelError
from panels.data import load, source_line
from panels.fact_series import FACT_CONTEXT_KEYS, load_fact_series

TITLE = "Headline facts"
#: Distinct reasons for skipped facts named in the summary line.
SHOWN_REASONS = 3


@dataclass(frozen=True)
class ComputedFacts:
    """The result of :func:`compute_facts` (picklable, for a memoising cache).

    Attributes:
        sheet: Facts and skipped fact ids with reasons.
        notes: Caveats about the inputs (series not loaded, stale copies, demo data).
    """

    sheet: FactSheet
    notes: tuple[str, ...]


def compute_facts(data, asof: dt.date | str, small: str, large: str,
                  groups: tuple[str, ...] | None = None, *, fed_state=None, history_of=None) -> ComputedFacts:
    """Load the series and state the headline facts as of ``asof`` (the heavy call).

    Args:
        data: The :class:`~loaders.source.DataSource`.
        asof: The as-of date (``datetime.date`` or ``YYYY-MM-DD``).
        small: Small-cap series key.
        large: Large-cap series key.
        groups: Only these fact groups (:data:`analytics.facts.FACT_GROUPS`); ``None``: all.
        fed_state: ``fed_state(asof)`` gives :func:`fed_state_of` ``(data, asof)`` (the app
            passes a memoised one: it does not depend on the pair); ``None``: computed here.
        history_of: ``history_of(small, large, series)`` gives the pair's
            :class:`~analytics.facts_history.FactHistory` (the app passes a memoised one: it
            serves every as-of date); ``None``: the sheet computes without one (same facts).
    """
    inputs = load_fact_series(data, small=small, large=large)
    known = None
    if fed_state is not None and (groups is None or "regimes" in groups):
        try:
            known = fed_state(asof)
        except (FactSkipped, ValueError):
            known = None  # the sheet states why when it computes it itself
    history = None if history_of is None else history_of(small, large, inputs.series)
    observed = history.observed if history is not None else observation_freqs(inputs.series)
    sheet = calc_headline_facts(inputs.series, as_of=asof, small=small, large=large, groups=groups,
                                fed_state=known, observed=observed, history=history)
    return ComputedFacts(sheet=sheet, notes=tuple(inputs.notes()))


def fed_state_of(data, asof):
    """:func:`analytics.facts.calc_fed_state_as_of` on the source's fed funds series, cut from
    their whole history (:func:`analytics.facts.build_fed_history_of`, kept once per data
    version in each worker). ``data``: a :class:`panels.data.PanelData`."""
    series = {key: loaded.data for key, loaded in load(data, optional=FED_KEYS).items()}
    history = data.cached("facts:fed_history", (), lambda: build_fed_history_of(series), shared=False)
    return calc_fed_state_as_of(series, as_of=asof, history=history)


def cached_facts(data, asof: dt.date | str, small: str, large: str,
                 groups: tuple[str, ...] | None = None) -> ComputedFacts:
    """:func:`compute_facts` memoised per ``(asof, small, large, groups)`` and data version;
    the Fed state per as-of date in each worker (it does not depend on the pair), and the pair's
    comparable returns over the whole history once per pair in each worker."""
    key = (str(asof), small, large, None if groups is None else tuple(groups))

    def fed_state(day):
        return data.cached("facts:fed_state", (str(day),), lambda: fed_state_of(data, day), shared=False)

    def history_of(small_key, large_key, series):
        return data.cached("facts:history", (small_key, large_key), lambda: build_fact_history(
            series, keys=(small_key, large_key, NASDAQ), pairs=((small_key, large_key),),
            correlations=daily_correlations(small_key), period_correlations=period_correlations(small_key)),
            shared=False)

    return data.cached("facts:compute", key, lambda: compute_facts(data, asof, small, large, groups,
                                                                   fed_state=fed_state, history_of=history_of))


def last_fed_move(data, day: dt.date) -> dt.date | None:
    """Announcement date of the Fed's last target move on or before ``day`` (the "since the
    last Fed move" preset); None when the fed funds target series do not load or hold no move."""
    try:
        state = data.cached("facts:fed_state", (str(day),), lambda: fed_state_of(data, day), shared=False)
    except (LoaderError, FactSkipped, ValueError):
        return None
    if state.moves.empty:
        return None
    return pd.Timestamp(state.last_move["announcement_date"]).date()


def no_asof_message(small: str, large: str) -> str:
    """What the facts say when the view has no as-of date (the pair does not load, or its two
    series have no date in common: the notice above the panels and the provenance table say
    which). An as-of date chosen by hand would not help: the facts need the pair."""
    return (f"No facts: the pair {small} / {large} cannot be shown, so there is no "
            "as-of date; choose another pair.")


@dataclass(frozen=True)
class FactsResult:
    """The facts of the view and the source line of the series they rest on."""

    computed: ComputedFacts
    source: str


def compute(data, view) -> FactsResult:
    """The facts panel for ``view`` (:class:`panels.view.ResolvedView`)."""
    if view.asof is None:
        raise PanelError(no_asof_message(view.small, view.large))
    try:
        computed = cached_facts(data, view.asof, view.small, view.large)
    except LoaderError as exc:
        raise PanelError(f"No facts as of {view.asof:%Y-%m-%d}: {exc}") from exc
    facts = list(computed.sheet)
    if not facts:
        raise PanelError(f"no fact can be stated as of {view.asof:%Y-%m-%d} from the data")
    keys = sorted({k for f in facts for k in f.series.replace("~", "-").split("-")} & set(data.available_series()))
    line = source_line(load(data, optional=tuple(keys))) if keys else "Small-Cap Monitor."
    return FactsResult(computed, line)


def figure(result: FactsResult, max_points: int | None = None) -> dict:
    sheet = result.computed.sheet
    return build_facts_figure(list(sheet), as_of=str(sheet.as_of), source_line=result.source).to_plotly_json()


def summary(result: FactsResult) -> str:
    return facts_summary(result.computed)


def table(result: FactsResult) -> pd.DataFrame:
    """The facts as rows; a pair's fact is of kind ``return_gap`` (its value is the gap in pp, not
    the relative return: the ids keep ``relative_return``, which links use)."""
    frame = pd.DataFrame(to_records(list(result.computed.sheet))).set_index("id")
    if "kind" in frame:
        frame["kind"] = frame["kind"].replace({"relative_return": "return_gap"})
    return frame


PANEL = Panel(name="facts", title=TITLE, reads=("small", "large", "asof"), compute=compute, figure=figure,
              summary=summary, table=table, series=lambda view: (view.small, view.large, *FACT_CONTEXT_KEYS))


def facts_summary(result: ComputedFacts) -> str:
    """"42 facts as of 2025-01-13." plus what was skipped and why, and the input caveats."""
    sheet = result.sheet
    text = f"{len(sheet)} fact{'' if len(sheet) == 1 else 's'} as of {sheet.as_of}"
    if sheet.skipped:
        reasons = list(Counter(reason for _, reason in sheet.skipped).items())
        listed = "; ".join(reason if n == 1 else f"{n} × {reason}" for reason, n in reasons[:SHOWN_REASONS])
        if len(reasons) > SHOWN_REASONS:
            listed += f"; and {len(reasons) - SHOWN_REASONS} other reasons"
        text += f" ({len(sheet.skipped)} skipped: {listed})"
    text += "."
    if result.notes:
        text += " Note: " + "; ".join(result.notes) + "."
    return text

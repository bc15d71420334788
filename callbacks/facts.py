"""View state -> the headline facts list and its summary line.

The as-of date is the state's ``asof``, else the last observation the small/large pair has
in common (the facts do not follow the chart window). :func:`compute_facts` is the one heavy call (records over long
histories, about a second on the real snapshot); its arguments are plain values so that the
app can memoise it.

Clicking a fact. Each item's id is ``{"type": Id.FACT_ITEM, "index": "<start>|<end>|<panel>"}``
(ISO dates); the state hub parses exactly these three parts, then sets the window and the as-of
date and highlights the panel. Several facts share a window and panel (the Russell 2000, the
S&P 500, the Nasdaq and small-minus-large returns for the same year-to-date, say), and
pattern-matching ids must be unique, so facts with the same index are rendered as the lines of
one clickable item: every fact is clickable, and a click does what a click on any of them would
do. Within a panel, items follow the order of their first fact in the fact sheet.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Mapping

import pandas as pd
from dash import Input, Output, html

from analytics.facts import Fact, FactSheet, calc_fed_state_as_of, calc_headline_facts
from analytics.facts_common import FactSkipped
from callbacks.common import PanelError, load, memoised_panel
from panels.fact_series import load_fact_series
from components.ids import PANELS, Id, view_id
from components.panels import FACT_PAGE_GROUPS, TITLES
from loaders.base import LoaderError
from state import ViewState

#: A fact gets a "record" badge when it is a record for its whole history, or the last value at
#: least as extreme is more than this many years before the fact's end.
RECORD_YEARS = 5
KIND_LABELS = {
    "return": "return", "relative_return": "relative return", "drawdown": "drawdown",
    "level_record": "level", "change_record": "monthly change", "correlation": "correlation",
    "regime": "Fed regime",
}
#: Distinct reasons for skipped facts named in the summary line.
SHOWN_REASONS = 3
STATUS_COLORS = {"correction": "warning", "bear market": "danger", "hiking": "info",
                 "cutting": "info", "hold": "info"}


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
                  groups: tuple[str, ...] | None = None, *, fed_state=None) -> ComputedFacts:
    """Load the series and state the headline facts as of ``asof`` (the heavy call).

    Args:
        data: The :class:`~loaders.source.DataSource`.
        asof: The as-of date (``datetime.date`` or ``YYYY-MM-DD``).
        small: Small-cap series key.
        large: Large-cap series key.
        groups: Only these fact groups (:data:`analytics.facts.FACT_GROUPS`); ``None``: all.
        fed_state: ``fed_state(asof)`` gives :func:`fed_state_of` ``(data, asof)`` (the app
            passes a memoised one: it does not depend on the pair); ``None``: computed here.
    """
    inputs = load_fact_series(data, small=small, large=large)
    known = None
    if fed_state is not None and (groups is None or "regimes" in groups):
        try:
            known = fed_state(asof)
        except (FactSkipped, ValueError):
            known = None  # the sheet states why when it computes it itself
    sheet = calc_headline_facts(inputs.series, as_of=asof, small=small, large=large, groups=groups,
                                fed_state=known)
    return ComputedFacts(sheet=sheet, notes=tuple(inputs.notes()))


def resolve_asof(data, state: ViewState) -> dt.date | None:
    """``state.asof``, else the pair's last common observation (None: the pair cannot load).

    The facts do not follow the chart window: browsing the charts leaves the headline facts
    as of the latest data until an as-of date is chosen (or a fact is clicked).
    """
    if state.asof:
        return state.asof
    try:
        loaded = load(data, state.small, state.large)
    except PanelError:
        return None
    return min(item.provenance.last for item in loaded.values()).date()


def no_asof_message(state: ViewState) -> str:
    """What the facts say when :func:`resolve_asof` finds no as-of date."""
    return (f"No facts: the pair {state.small} / {state.large} cannot be loaded, so there is no "
            "as-of date; choose one under 'Facts as of'.")


def fact_index(fact: Fact) -> str:
    """The pattern-matching id index of a fact: ``"<start>|<end>|<panel>"``."""
    return f"{fact.start}|{fact.end}|{fact.panel}"


def is_record(fact: Fact, *, years: int = RECORD_YEARS) -> bool:
    """Whether the fact is a record worth a badge (see :data:`RECORD_YEARS`).

    A fact without record status (``history_start`` is None, e.g. the Fed regime) is not.
    """
    if fact.history_start is None:
        return False
    if fact.record_since is None:
        return True
    return pd.Timestamp(fact.record_since) < pd.Timestamp(fact.end) - pd.DateOffset(years=years)


def fact_badges(fact: Fact) -> list:
    """Small badges: the kind, "record" when :func:`is_record`, the status (correction, cutting...)."""
    badges = [html.Span(KIND_LABELS.get(fact.kind, fact.kind),
                        className="badge rounded-pill text-bg-light border ms-1")]
    if is_record(fact):
        since = "on record" if fact.record_since is None else f"since {fact.record_since}"
        badges.append(html.Span("record", title=f"record {since}",
                                className="badge rounded-pill text-bg-warning ms-1"))
    if fact.status in STATUS_COLORS:
        badges.append(html.Span(fact.status,
                                className=f"badge rounded-pill text-bg-{STATUS_COLORS[fact.status]} ms-1"))
    return badges


def _item(index: str, facts: list[Fact], group: str) -> html.Li:
    start, end, panel = index.split("|")
    lines = []  # flat (no wrapper per line): every component is revisited on each page update
    for f in facts:
        lines += [html.Span(f.text, className="fact-text"), *fact_badges(f), html.Br()]
    return html.Li(
        [*lines, html.Small(f"{start} to {end}", className="text-muted")],
        id={"type": Id.FACT_ITEM, "index": index, "group": group}, n_clicks=0,
        className="list-group-item list-group-item-action fact",
        title=f"Show {start} to {end} and highlight the {panel} panel",
    )


def build_fact_list(facts, *, group: str = "all", titles: Mapping[str, str] | None = None) -> list:
    """The facts grouped by panel (page order); facts with the same index share one item.

    ``group`` names the page group the items belong to (part of their ids, so items of two
    groups never clash); ``titles`` overrides section titles by panel.
    """
    groups: dict[str, dict[str, list[Fact]]] = {}
    for fact in facts:
        groups.setdefault(fact.panel, {}).setdefault(fact_index(fact), []).append(fact)
    order = [p for p in PANELS if p in groups] + [p for p in groups if p not in PANELS]
    out = []
    for panel in order:
        title = (titles or {}).get(panel) or TITLES.get(panel, panel)
        out.append(html.H6(title, className="mt-3 mb-1 small text-uppercase text-muted"))
        out.append(html.Ul([_item(index, items, group) for index, items in groups[panel].items()],
                           className="list-group list-group-flush"))
    return out


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


def make_update_facts(data, *, compute=compute_facts):
    """Build the callback body bound to ``data`` (plain function, unit-testable).

    Args:
        data: The data source.
        compute: The heavy call, :func:`compute_facts` or a memoised wrapper of it.
    """

    def update_facts(state_data):
        state = ViewState.from_dict(state_data)
        asof = resolve_asof(data, state)
        if asof is None:
            message = no_asof_message(state)
            return html.P(message, className="text-muted"), message
        try:
            result = compute(data, asof, state.small, state.large)
        except (LoaderError, ValueError) as exc:
            message = f"No facts as of {asof:%Y-%m-%d}: {exc}"
            return html.P(message, className="text-danger"), message
        if not len(result.sheet):
            empty = html.P(f"No fact can be stated as of {result.sheet.as_of} from the data.",
                           className="text-muted")
            return empty, facts_summary(result)
        return build_fact_list(result.sheet), facts_summary(result)

    return update_facts


def fed_state_of(data, asof):
    """:func:`analytics.facts.calc_fed_state_as_of` on the source's fed funds series."""
    return calc_fed_state_as_of(load_fact_series(data).series, as_of=asof)


def memoised_compute(memo):
    """:func:`compute_facts` cached per ``(asof, small, large, groups)`` and data version (the
    exports and the panel share it); the Fed state per as-of date in each worker."""
    if memo is None:
        return compute_facts

    def compute(data, asof, small, large, groups=None):
        key = (str(asof), small, large, None if groups is None else tuple(groups))

        def fed_state(day):
            return memo.get_or_compute("facts:fed_state", (str(day),), lambda: fed_state_of(data, day),
                                       shared=False)

        return memo.get_or_compute("facts:compute", key,
                                   lambda: compute_facts(data, asof, small, large, groups, fed_state=fed_state))

    return compute


#: The page states the facts in two halves computed in parallel (two callbacks, so two
#: workers): the period returns, and everything else (about equal work).
PAGE_GROUPS: dict[str, tuple[str, ...]] = {
    "returns": ("returns",),
    "context": ("relative", "rates", "correlation", "regimes"),
}
#: Section titles of a page group that differ from the panel titles.
GROUP_TITLES = {"context": {"relative": "Relative performance: drawdowns and since the election"}}


def section_id(group: str) -> str:
    """The element holding one page group's part of the facts list."""
    return f"{Id.FACTS_LIST}-{group}"


def counts_id(group: str) -> str:
    """The store with one page group's fact count, skipped reasons and notes (for the summary)."""
    return f"{Id.FACTS_SUMMARY}-{group}"


def make_update_facts_group(data, group: str, *, compute=compute_facts):
    """The callback body of one page group: its section of the list and its counts."""

    def update_group(state_data):
        state = ViewState.from_dict(state_data)
        asof = resolve_asof(data, state)
        if asof is None:
            message = no_asof_message(state)
            return (html.P(message, className="text-muted") if group == "returns" else None,
                    {"as_of": None, "n": 0, "skipped": [], "notes": [], "error": message})
        try:
            result = compute(data, asof, state.small, state.large, PAGE_GROUPS[group])
        except (LoaderError, ValueError) as exc:
            message = f"No facts as of {asof:%Y-%m-%d}: {exc}"
            return (html.P(message, className="text-danger") if group == "returns" else None,
                    {"as_of": f"{asof:%Y-%m-%d}", "n": 0, "skipped": [], "notes": [], "error": message})
        reasons = Counter(reason for _, reason in result.sheet.skipped)
        counts = {"as_of": result.sheet.as_of, "n": len(result.sheet), "skipped": list(reasons.items()),
                  "notes": list(result.notes), "error": None}
        return build_fact_list(result.sheet, group=group, titles=GROUP_TITLES.get(group)), counts

    return update_group


#: The summary line from the groups' counts, in the browser (no request): the same text as
#: :func:`facts_summary` gives for the whole sheet.
SUMMARY_JS = """
function(...parts) {
    const known = parts.filter(p => p);
    if (!known.length) { return ""; }
    const error = known.find(p => p.error);
    if (error) { return error.error; }
    const n = known.reduce((total, p) => total + p.n, 0);
    const reasons = new Map();
    known.forEach(p => p.skipped.forEach(([reason, count]) => reasons.set(reason, (reasons.get(reason) || 0) + count)));
    const skipped = Array.from(reasons.values()).reduce((a, b) => a + b, 0);
    let text = `${n} fact${n === 1 ? "" : "s"} as of ${known[0].as_of}`;
    if (skipped) {
        const listed = Array.from(reasons.entries()).slice(0, %(shown)d)
            .map(([reason, count]) => count === 1 ? reason : `${count} \u00d7 ${reason}`).join("; ");
        const more = reasons.size > %(shown)d ? `; and ${reasons.size - %(shown)d} other reasons` : "";
        text += ` (${skipped} skipped: ${listed}${more})`;
    }
    text += ".";
    const notes = Array.from(new Set(known.flatMap(p => p.notes)));
    if (notes.length) { text += " Note: " + notes.join("; ") + "."; }
    return text;
}
""" % {"shown": SHOWN_REASONS}


def register(app, data, *, memo=None) -> None:
    """Wire the facts panel: one callback per page group (they run in parallel), cached per
    view with ``memo``, and the summary line assembled in the browser."""
    compute = memoised_compute(memo)
    for group in PAGE_GROUPS:
        update = make_update_facts_group(data, group, compute=compute)
        app.callback(
            Output(section_id(group), "children"), Output(counts_id(group), "data"),
            Input(view_id("facts"), "data"),
        )(memoised_panel(memo, "facts", update, part=group))
    app.clientside_callback(SUMMARY_JS, Output(Id.FACTS_SUMMARY, "children"),
                            [Input(counts_id(group), "data") for group in PAGE_GROUPS])


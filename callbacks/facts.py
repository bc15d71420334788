"""The headline facts list on the page and its summary line (Dash wiring).

The facts are those of :mod:`panels.facts` as of the view's as-of date (the window's end
unless pinned, :mod:`panels.view`), computed in two page groups in parallel.

Clicking a fact. Each item's id is ``{"type": Id.FACT_ITEM, "index": "<start>|<end>|<panel>"}``
(ISO dates of the view :func:`panels.fact_click.fact_view` opens), plus ``"|<freq><window>"``
(``"|M24"``) for a correlation or ``"|<event>"`` (``"|first_cut"``) for the Fed regime; the state
hub parses exactly these parts, then sets the window, the as-of date (the end) and, for a
correlation, the frequency and window, for the regime the event study's event, and highlights
the panel. Several facts share a window and panel (the Russell 2000, the
S&P 500, the Nasdaq and small-minus-large returns for the same year-to-date, say), and
pattern-matching ids must be unique, so facts with the same index are rendered as the lines of
one clickable item: every fact is clickable, and a click does what a click on any of them would
do. Within a panel, items follow the order of their first fact in the fact sheet.

The card opens with the :data:`TOP_N` most notable facts (``notability``, see
:func:`analytics.facts.notability_of`; items of page group ``"top"``, so their ids never clash
with the same facts in the full list), and says so when nothing is notable; every fact, grouped
by panel, is behind the "all N facts" toggle (an ``html.Details``). Each page group's callback
puts its own :data:`TOP_N` most notable facts in its counts store; :func:`update_top` merges
them (the whole sheet's top facts are among them) without computing anything again.
"""

from __future__ import annotations

from collections import Counter
from typing import Mapping

import pandas as pd
from dash import ALL, Input, Output, html
from dash.exceptions import PreventUpdate

from analytics.facts import Fact, any_notable, nothing_notable, to_records, top_facts
from analytics.facts_common import measured_span, rank_note
from components.ids import PANELS, Id, view_id
from components.panels import TITLES
from loaders.base import LoaderError
from panels.fact_click import fact_view
from panels.facts import SHOWN_REASONS, cached_facts, no_asof_message
from panels.page import cached_part
from panels.view import ResolvedView
from state import EVENTS

#: A fact gets a "record" badge when its text states a record (``record_stated``) that is a
#: record for its whole history ("on record"), or whose last value at least as extreme is at
#: least this many years before the fact's end.
RECORD_YEARS = 5
KIND_LABELS = {
    "return": "return", "relative_return": "return gap", "drawdown": "drawdown",
    "level_record": "level", "change_record": "monthly change", "correlation": "correlation",
    "regime": "Fed regime",
}
STATUS_COLORS = {"correction": "warning", "bear market": "danger", "hiking": "info",
                 "cutting": "info", "hold": "info"}


def fact_index(fact: Fact) -> str:
    """The pattern-matching id index of a fact: ``"<start>|<end>|<panel>"`` of the view a click
    opens (:func:`panels.fact_click.fact_view`), then ``"|<freq><window>"`` for a correlation
    and ``"|<event>"`` for the Fed regime."""
    view = fact_view(fact)
    setting = f"|{view.freq}{view.window}" if view.freq else (f"|{view.event}" if view.event else "")
    return f"{view.start}|{view.end}|{view.panel}{setting}"


def is_record(fact: Fact, *, years: int = RECORD_YEARS) -> bool:
    """Whether the fact is a record worth a badge (see :data:`RECORD_YEARS`).

    A fact whose text states no record (``record_stated`` is false: too few comparable values
    beaten, too recent, or no record status at all, as the Fed regime) is not.
    """
    if not fact.record_stated or fact.history_start is None:
        return False
    if fact.record_since is None:
        return True
    return pd.Timestamp(fact.record_since) <= pd.Timestamp(fact.end) - pd.DateOffset(years=years)


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


def _setting_words(setting: list[str]) -> str:
    """What an item's click sets besides the window, for its tooltip."""
    if not setting:
        return ""
    if setting[0] in EVENTS:
        return f" with the event study of {setting[0].replace('_', ' ')}s"
    return " at the fact’s frequency and window"


def _item(index: str, facts: list[Fact], group: str) -> html.Li:
    start, end, panel, *setting = index.split("|")
    lines = []  # flat (no wrapper per line): every component is revisited on each page update
    for f in facts:
        note = rank_note(f) if group == "top" else ""  # why a fact below the bar is in the opening
        lines += [html.Span(f.text, className="fact-text"), *fact_badges(f),
                  *([html.Small(f" ({note})", className="text-muted fact-rank")] if note else []),
                  html.Small(f" {measured_span(f)}", className="text-muted fact-span ms-1"), html.Br()]
    return html.Li(
        # (the dates a click opens are not the fact's: a level record's opens the history around it)
        [*lines, html.Small(f"Click to chart {start} to {end} ({TITLES.get(panel, panel).split(':')[0]})",
                               className="text-muted fact-opens")],
        id={"type": Id.FACT_ITEM, "index": index, "group": group}, n_clicks=0,
        className="list-group-item list-group-item-action fact",
        title=f"Show {start} to {end}{_setting_words(setting)} "
              f"and highlight the {panel} panel",
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


#: How many facts the card opens with.
TOP_N = 6


def build_top_list(facts, *, as_of: str) -> list:
    """The card's opening: the :data:`TOP_N` most notable of ``facts`` (most notable first;
    facts with the same index share one item), after a sentence when none is notable."""
    facts = list(facts)
    top = top_facts(facts, TOP_N)
    items: dict[str, list[Fact]] = {}
    for fact in top:
        items.setdefault(fact_index(fact), []).append(fact)
    out = [html.H6("Most notable", className="mt-2 mb-1 small text-uppercase text-muted")]
    if not any_notable(facts):
        out.append(html.P(nothing_notable(as_of), className="small text-muted mb-1 facts-quiet"))
    out.append(html.Ul([_item(index, group, "top") for index, group in items.items()],
                       className="list-group list-group-flush"))
    return out


def update_top(*parts) -> tuple:
    """The card's opening and the toggle's label from the page groups' counts stores (stores of
    another shape, which only a tampered request sends, change nothing)."""
    try:
        return _top(parts)
    except (TypeError, KeyError, AttributeError, ValueError):
        raise PreventUpdate from None


def _top(parts) -> tuple:
    known = [p for p in parts if p]
    if not known:
        return None, "all facts"
    failed = next((p for p in known if p.get("error")), None)
    if failed:
        style = "text-danger" if failed.get("as_of") else "text-muted"  # no as-of date: a choice to make
        return html.P(failed["error"], className=style), "all facts"
    n = sum(p["n"] for p in known)
    label = f"all {n} fact{'' if n == 1 else 's'}"
    if not n:
        return html.P(f"No fact can be stated as of {known[0]['as_of']} from the data.",
                      className="text-muted"), label
    facts = [Fact(**record) for p in known for record in p.get("top", [])]
    return build_top_list(facts, as_of=known[0]["as_of"]), label


#: The page states the facts in two halves computed in parallel (two callbacks, so two
#: workers): the period returns, and everything else (about equal work). Measured on 2026-12-05
#: (benchmarks/run.py, two alternated rounds): one callback for all the facts saves about 5 ms
#: of server time a window change but makes the longest request the click waits for, p95 148-150
#: ms against 120-130 with the two halves.
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


def make_update_facts_group(data, group: str):
    """The callback body of one page group: its section of the list and its counts.

    ``data``: a :class:`panels.data.PanelData`; the input is the facts' view fields.
    """

    def update_group(view_data):
        view = ResolvedView.from_fields(view_data if isinstance(view_data, dict) else {})
        asof = view.asof
        if asof is None:
            message = no_asof_message(view.small, view.large)
            return (html.P(message, className="text-muted") if group == "returns" else None,
                    {"as_of": None, "n": 0, "skipped": [], "notes": [], "error": message})
        try:
            result = cached_facts(data.for_request(view.known), asof, view.small, view.large, PAGE_GROUPS[group])
        except (LoaderError, ValueError) as exc:
            message = f"No facts as of {asof:%Y-%m-%d}: {exc}"
            return (html.P(message, className="text-danger") if group == "returns" else None,
                    {"as_of": f"{asof:%Y-%m-%d}", "n": 0, "skipped": [], "notes": [], "error": message})
        reasons = Counter(reason for _, reason in result.sheet.skipped)
        counts = {"as_of": result.sheet.as_of, "n": len(result.sheet), "skipped": list(reasons.items()),
                  "notes": list(result.notes), "error": None,
                  "top": to_records(top_facts(result.sheet, TOP_N))}
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


#: A clicked fact brings its panel into view when the panel's top is off screen or low on it (on
#: a phone the panels are far below the facts: the click seemed to do nothing). The panel is the
#: third part of the item's index.
SHOW_PANEL_JS = """
function(clicks) {
    const dc = window.dash_clientside;
    const fired = (dc.callback_context.triggered || []).filter(t => t.value);
    if (!fired.length) { return dc.no_update; }
    let panel;
    try {
        panel = JSON.parse(fired[0].prop_id.split(".n_clicks")[0]).index.split("|")[2];
    } catch (e) {
        return dc.no_update;
    }
    const card = document.getElementById("panel-" + panel);
    if (!card) { return dc.no_update; }
    const top = card.getBoundingClientRect().top;
    if (top < 0 || top > window.innerHeight * 0.6) { card.scrollIntoView({block: "start"}); }
    return panel;
}
"""


def register(app, data) -> None:
    """Wire the facts panel: one callback per page group (they run in parallel), cached per
    view, the summary line assembled in the browser and the most notable facts from the
    groups' counts (no computation). ``data``: :class:`panels.data.PanelData`."""
    for group in PAGE_GROUPS:
        app.callback(
            Output(section_id(group), "children"), Output(counts_id(group), "data"),
            Input(view_id("facts"), "data"),
        )(cached_part(data, "facts", make_update_facts_group(data, group), part=group,
                      reads=("small", "large", "asof", "known")))
    app.clientside_callback(SUMMARY_JS, Output(Id.FACTS_SUMMARY, "children"),
                            [Input(counts_id(group), "data") for group in PAGE_GROUPS])
    app.callback(Output(Id.FACTS_TOP, "children"), Output(Id.FACTS_ALL_LABEL, "children"),
                 [Input(counts_id(group), "data") for group in PAGE_GROUPS])(update_top)
    app.clientside_callback(SHOW_PANEL_JS, Output(Id.FACT_SHOWN, "data"),
                            Input({"type": Id.FACT_ITEM, "index": ALL, "group": ALL}, "n_clicks"),
                            prevent_initial_call=True)

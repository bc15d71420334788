"""Page header: product name, data source, as-of date, provenance and banners."""

from __future__ import annotations

from typing import Mapping

import dash_bootstrap_components as dbc
from dash import dcc, html

from analytics.facts import STALE_DAYS
from components.ids import Id
from loaders.base import Loaded, shown_location
from loaders.catalog import label


def _age(seconds: float | None) -> str:
    if seconds is None:
        return ""
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    if seconds < 2 * 86400:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} days"


def _day(value) -> str:
    return f"{value:%Y-%m-%d}" if value is not None else "-"


_MARKDOWN_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#"})


def _cell(text) -> str:
    """Table cell text with Markdown's special characters escaped (paths have underscores)."""
    return " ".join(str(text).split()).translate(_MARKDOWN_SPECIAL) or " "


def provenance_markdown(loaded: Mapping[str, Loaded], errors: Mapping[str, str]) -> str:
    """One Markdown table row per series: source, location, first and last observation,
    retrieved, status; a series that could not be loaded says why."""
    lines = ["| series | source | location | first | last | retrieved | status |",
             "|---|---|---|---|---|---|---|"]
    for key, item in sorted(loaded.items()):
        p = item.provenance
        status = "demo" if p.demo else ("stale, " + _age(p.stale_age_seconds) + " old" if p.stale else "ok")
        cells = (key, p.source, shown_location(p.location), _day(p.first), _day(p.last),
                 f"{p.retrieved_at:%Y-%m-%d %H:%M} UTC", status)
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    for key, message in sorted(errors.items()):
        lines.append("| " + " | ".join(_cell(c) for c in (key, "unavailable", "", "", "", "", message)) + " |")
    return "\n".join(lines)


def provenance_table(loaded: Mapping[str, Loaded], errors: Mapping[str, str]) -> dcc.Markdown:
    """The provenance table as one Markdown component (a table of Dash components would add
    some two hundred components that the page's renderer revisits on every update)."""
    return dcc.Markdown(provenance_markdown(loaded, errors), className="small provenance-table")


def banners(kind: str, loaded: Mapping[str, Loaded]) -> list:
    """Warning banners: demo data, demo fallback, stale copies."""
    out = []
    if kind == "demo":
        out.append(dbc.Alert(
            "Demo data: every series on this page is synthetic (generated, seeded), not market data.",
            color="warning", className="demo-banner mb-2"))
    fallback = sorted(k for k, v in loaded.items() if v.provenance.demo and kind != "demo")
    if fallback:
        out.append(dbc.Alert(
            f"Live sources unreachable and no cached copy: showing demo data (synthetic) for "
            f"{', '.join(fallback)}.", color="danger", className="demo-banner mb-2"))
    stale = sorted((k, v.provenance.stale_age_seconds) for k, v in loaded.items()
                   if v.provenance.stale)
    if stale:
        items = ", ".join(f"{k} ({_age(a)} old)" for k, a in stale)
        out.append(dbc.Alert(f"Live fetch failed: showing the last good cached copy of {items}.",
                             color="warning", className="stale-banner mb-2"))
    return out


def build_header(*, description: str, kind: str, as_of, loaded: Mapping[str, Loaded],
                 errors: Mapping[str, str]) -> html.Header:
    """The header block of the page."""
    return html.Header(id=Id.HEADER, className="mb-3", children=[
        html.Div(className="d-flex align-items-baseline gap-3 flex-wrap", children=[
            html.H1("Small-Cap Monitor", className="h3 mb-0"),
            html.Button("\u25d0 Dark", id=Id.THEME_TOGGLE, n_clicks=0, type="button",
                        className="btn btn-sm btn-outline-secondary ms-auto order-last",
                        title="Switch between a light and a dark page (remembered in this browser)"),
            dcc.Store(id=Id.THEME, storage_type="local"),
            html.Span(id=Id.SOURCE_LINE, className="text-muted", children=[
                f"Data: {description}", html.Span(" · "),
                html.Span(id=Id.HEADER_ASOF, children=f"as of {_day(as_of)}"),
            ]),
        ]),
        html.Div(id=Id.BANNERS, children=banners(kind, loaded), className="mt-2"),
        html.Details(id=Id.PROVENANCE, children=[
            html.Summary("Provenance of every series", className="small"),
            provenance_table(loaded, errors),
        ]),
    ])


def asof_text(asof, *, small: str, large: str, earlier: list[tuple[str, object]], others: int = 0) -> str:
    """The header's date: what the panels show, and the series they read that end before it.

    ``"as of 2026-02-20. Ending earlier: Nasdaq Composite (IXIC) on 2025-12-31: its lines stop
    there and facts that need it are skipped"``; ``others``: how many series of the source that
    no panel of the view reads end before it too (counted, not named: the provenance table
    lists them).
    """
    if asof is None:
        return f"no as-of date: the pair {small} / {large} cannot be shown"
    text = f"as of {_day(asof)}"
    if earlier:
        named = ", ".join(f"{label(k)} ({k}) on {_day(d)}" for k, d in earlier)
        one = len(earlier) == 1
        text += (f". Ending earlier: {named}: {'its' if one else 'their'} lines stop there; facts that "
                 f"need {'it' if one else 'them'} use the last reading and date it, or are skipped when it is "
                 f"too old (over {STALE_DAYS['D']} days for a daily series, {STALE_DAYS['M']} for a monthly one)")
    if others:
        text += (f". {others} other series of this source, not on this page, {'ends' if others == 1 else 'end'} "
                 "earlier (see the provenance of every series)")
    return text

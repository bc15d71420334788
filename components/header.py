"""Page header: product name, data source, as-of date, provenance and banners."""

from __future__ import annotations

from typing import Mapping

import dash_bootstrap_components as dbc
from dash import html

from components.ids import Id
from loaders.base import Loaded


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


def provenance_table(loaded: Mapping[str, Loaded], errors: Mapping[str, str]) -> html.Table:
    """One row per series: source, location, first and last observation, retrieved, status."""
    head = html.Thead(html.Tr([html.Th(h) for h in
                               ("series", "source", "location", "first", "last", "retrieved", "status")]))
    rows = []
    for key, item in sorted(loaded.items()):
        p = item.provenance
        status = "demo" if p.demo else ("stale, " + _age(p.stale_age_seconds) + " old" if p.stale else "ok")
        rows.append(html.Tr([html.Td(key), html.Td(p.source), html.Td(p.location, className="small"),
                             html.Td(_day(p.first)), html.Td(_day(p.last)),
                             html.Td(f"{p.retrieved_at:%Y-%m-%d %H:%M} UTC"), html.Td(status)]))
    for key, message in sorted(errors.items()):
        rows.append(html.Tr([html.Td(key), html.Td("unavailable", colSpan=5), html.Td(message)],
                            className="table-danger"))
    return dbc.Table([head, html.Tbody(rows)], size="sm", striped=True, className="small")


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
            html.Span(id=Id.SOURCE_LINE, className="text-muted", children=[
                f"Data: {description}", html.Span(" · "), f"as of {_day(as_of)}",
            ]),
        ]),
        html.Div(id=Id.BANNERS, children=banners(kind, loaded), className="mt-2"),
        html.Details(id=Id.PROVENANCE, children=[
            html.Summary("Provenance of every series", className="small"),
            provenance_table(loaded, errors),
        ]),
    ])

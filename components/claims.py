"""The "Check a claim" box: a paragraph, its publication date, a button, the checked claims.

Layout only; :mod:`callbacks.claims` fills the results. The text is sent in the callback's
request body (a ``State``), never in the URL, and the results are plain text components: the
paragraph is never rendered as HTML.
"""

from __future__ import annotations

import datetime as dt

import dash_bootstrap_components as dbc
from dash import dcc, html

from analytics.claims import MAX_CHARS
from components.ids import Id

VERDICT_STYLES = {"consistent": ("consistent", "success"), "differs": ("differs", "danger"),
                  "not_checkable": ("not checkable", "secondary")}
PLACEHOLDER = ("Paste a paragraph, e.g. \"The Russell 2000 has fallen 8% so far this year, while the "
               "S&P 500 is up 2%.\"")


def build_claims_box(as_of: dt.date | None = None) -> dbc.Row:
    """The box; ``as_of`` is the default publication date (the data's last date)."""
    return dbc.Row(dbc.Col(dbc.Card(className="mb-3", id=Id.CLAIMS_BOX, children=[
        dbc.CardHeader(html.H5("Check a claim", className="mb-0")),
        dbc.CardBody([
            html.P("Paste a news paragraph and its publication date: each figure about the indexes, "
                   "yields and spreads is computed as of that date and compared with the text.",
                   className="small text-muted"),
            dbc.Label("Paragraph", html_for=Id.CLAIMS_TEXT, className="visually-hidden"),
            dbc.Textarea(id=Id.CLAIMS_TEXT, placeholder=PLACEHOLDER, rows=4, maxLength=MAX_CHARS,
                         className="mb-2"),
            dbc.Row(className="g-2 align-items-center", children=[
                dbc.Col(dbc.Label("Published on", html_for=Id.CLAIMS_ASOF, className="small mb-0"), width="auto"),
                dbc.Col(dcc.DatePickerSingle(id=Id.CLAIMS_ASOF, date=as_of, display_format="YYYY-MM-DD",
                                             first_day_of_week=1, clearable=False), width="auto"),
                dbc.Col(dbc.Button("Check", id=Id.CLAIMS_CHECK, n_clicks=0, color="primary", size="sm"),
                        width="auto"),
            ]),
            dcc.Store(id=Id.CLAIMS_RECORDS),
            dcc.Loading(html.Div(id=Id.CLAIMS_RESULTS, className="mt-3"), type="dot", delay_show=300),
        ]),
    ])))


def claim_item(record: dict, link: str | None) -> html.Li:
    """One checked claim: verdict badge, the clause as written, the reason, its sources, a link to its view."""
    label, color = VERDICT_STYLES.get(record.get("verdict"), ("?", "secondary"))
    children = [html.Span(label, className=f"badge text-bg-{color} me-2"),
                html.Q(str(record.get("text", "")), className="claim-text"),
                html.Div(str(record.get("reason", "")), className="small")]
    if record.get("source"):
        children.append(html.Div(str(record["source"]), className="small text-muted claim-source"))
    if link:
        # in a new tab: the paragraph and its checked claims stay where they are (a plain link
        # reloaded the page over them)
        children.append(html.A("Open the view", href=link, className="small", target="_blank",
                               rel="noopener", title="Opens in a new tab; the checked paragraph stays here"))
    return html.Li(children, className="list-group-item claim")


def claims_list(result: dict, links: list[str | None]) -> list:
    """The summary sentence and the claims (``result``: the JSON of a check)."""
    items = [claim_item(record, link) for record, link in zip(result.get("claims", []), links)]
    out = [html.P(str(result.get("message", "")), className="small mb-1")]
    if items:
        out.append(html.Ul(items, className="list-group list-group-flush"))
    return out

"""The "Check a claim" box (Dash wiring): the button checks the paragraph as of the date.

The paragraph is a ``State`` (sent in the callback's request body, never in the URL). The
records are those of ``smallcap-monitor check`` (:func:`panels.claims.check_claims`); the
store :data:`components.ids.Id.CLAIMS_RECORDS` holds them as the CLI prints them.
"""

from __future__ import annotations

import logging


from dash import Input, Output, State, html, no_update

from analytics.claims import MAX_CHARS, TextTooLong
from components.claims import claims_list
from components.ids import Id
from loaders.base import LoaderError
from panels.claims import check_claims
from state import parse_date

logger = logging.getLogger(__name__)


def make_check_claims(data, prefix: str = "/"):
    """The callback body: ``(n_clicks, text, date) -> (results, records)``.

    ``data`` is a :class:`panels.data.PanelData`; ``prefix`` the app's path prefix, put in
    front of each view link.
    """

    def check(n_clicks, text, as_of):
        if not n_clicks:
            return no_update, no_update
        if not isinstance(text, str) or not text.strip():
            return html.P("Paste a paragraph to check.", className="text-muted small"), None
        if len(text) > MAX_CHARS:
            return html.P(f"The text has {len(text):,} characters; at most {MAX_CHARS:,} can be checked at once.",
                          className="text-danger small"), None
        try:
            day = parse_date(str(as_of or "")[:10])
        except ValueError:
            return html.P("Choose the publication date (YYYY-MM-DD).", className="text-danger small"), None
        try:
            result, notes = check_claims(data.for_request(), text, as_of=day)
        except TextTooLong as exc:
            return html.P(str(exc).capitalize() + ".", className="text-danger small"), None
        except LoaderError as exc:
            return html.P(f"The data could not be loaded: {exc}", className="text-danger small"), None
        except Exception:  # noqa: BLE001 - a message, never a 500, whatever the text holds
            logger.exception("claim check failed")
            return html.P("The check failed on this text; the error was logged.", className="text-danger small"), None
        records = result.to_dict()
        links = [prefix + r["link"][1:] if r["link"] else None for r in records["claims"]]
        children = claims_list(records, links)
        if notes:
            children.append(html.P("Data notes: " + "; ".join(notes), className="small text-muted mt-2"))
        return children, records

    return check


def register(app, data) -> None:
    """Wire the box on ``app`` to the series of ``data`` (a :class:`panels.data.PanelData`)."""
    app.callback(
        Output(Id.CLAIMS_RESULTS, "children"), Output(Id.CLAIMS_RECORDS, "data"),
        Input(Id.CLAIMS_CHECK, "n_clicks"), State(Id.CLAIMS_TEXT, "value"), State(Id.CLAIMS_ASOF, "date"),
        prevent_initial_call=True,
    )(make_check_claims(data, app.get_relative_path("/")))


__all__ = ["make_check_claims", "register"]

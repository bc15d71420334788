"""The "Fetch live universe" control of the leverage card: buttons, progress bar, status line.

The piece is the same for every data spec. Its callback (:mod:`callbacks.universe_refresh`)
enables the button for ``live`` and ``auto`` and says what it would fetch; for ``demo`` and a
directory it stays disabled and the note next to it says why. The job token store ties the
Cancel button to the fetch this page view started.
"""

from __future__ import annotations

import uuid

import dash_bootstrap_components as dbc
from dash import dcc, html

from components.ids import Id


def new_job_token() -> str:
    """A fresh, unguessable token for one page view's background jobs."""
    return uuid.uuid4().hex


def refresh_controls(*, token: str | None = None) -> html.Div:
    """Fetch and Cancel buttons, what will be fetched, a progress bar and the status line.

    Args:
        token: The page view's job token (default: a new one, see :func:`new_job_token`).
    """
    return html.Div(id=Id.REFRESH, className="universe-refresh mt-3", children=[
        dcc.Store(id=Id.REFRESH_TOKEN, data=token or new_job_token()),
        dcc.Store(id=Id.REFRESH_RESULT),
        html.Div(className="d-flex flex-wrap gap-2 align-items-center", children=[
            dbc.Button("Fetch live universe", id=Id.REFRESH_START, size="sm", color="primary",
                       outline=True, disabled=True, n_clicks=0),
            dbc.Button("Cancel", id=Id.REFRESH_CANCEL, size="sm", color="secondary", outline=True,
                       disabled=True, n_clicks=0),
            html.Span(id=Id.REFRESH_TARGET, className="small text-muted"),
        ]),
        dbc.Progress(id=Id.REFRESH_PROGRESS, value=0, min=0, max=100, className="mt-2",
                     style={"height": "0.75rem"}),
        html.Div(id=Id.REFRESH_STAGE, className="small text-muted"),
        html.Div(id=Id.REFRESH_STATUS, className="small mt-1", role="status", **{"aria-live": "polite"}),
    ])

"""Request guards: client mistakes answer 4xx with a short plain message, never a 500.

- request bodies are capped (:data:`MAX_BODY_BYTES`; a 1 MB universe upload fits, base64 and
  JSON included): a bigger one is refused with 413 before it is read;
- a ``/_dash-update-component`` body must be a JSON object naming a known callback output
  with a list of inputs, else 400 (Dash itself would fail with a 500 inside the request);
- an unknown ``/_dash-component-suites/`` script is a 404 (Dash raises a
  ``DependencyException``, a 500).
"""

from __future__ import annotations

from dash.exceptions import DependencyException
from flask import Response, request

MAX_BODY_BYTES = 4 * 1024 * 1024


def _plain(text: str, status: int) -> Response:
    return Response(text + "\n", status=status, mimetype="text/plain")


def register(app) -> None:
    """Install the guards on the app's Flask server."""
    server = app.server
    server.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES

    @server.before_request
    def check_callback_request():
        if request.method != "POST" or not request.path.endswith("/_dash-update-component"):
            return None
        body = request.get_json(silent=True)
        if (not isinstance(body, dict) or body.get("output") not in app.callback_map
                or not isinstance(body.get("inputs"), list)):
            return _plain("Bad callback request.", 400)
        return None

    server.register_error_handler(DependencyException, lambda exc: _plain("No such script.", 404))
    server.register_error_handler(413, lambda exc: _plain(
        f"Request too large: the limit is {MAX_BODY_BYTES // (1024 * 1024)} MB.", 413))

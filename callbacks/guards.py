"""Request guards: client mistakes answer 4xx with a short plain message, never a 500.

- request bodies are capped (:data:`MAX_BODY_BYTES`; a 1 MB universe upload fits, base64 and
  JSON included): a bigger one is refused with 413 before it is read;
- a ``/_dash-update-component`` body must have the shape the registered callback expects
  (:mod:`server.callback_shape`: a JSON object, at most 64 levels deep, a known output, outputs,
  inputs and state lists of the callback's length with id/property entries, changedPropIds a
  list of strings), else 400 with the reason (Dash would fail with a 500 inside the request);
  rejections are logged at most once a minute per kind, with their count;
- an unknown ``/_dash-component-suites/`` script is a 404 (Dash raises a
  ``DependencyException``, a 500).
"""

from __future__ import annotations

import logging
import threading
import time

from dash.exceptions import DependencyException
from flask import Response, request

from server.callback_shape import parse_body, shape_problem

MAX_BODY_BYTES = 4 * 1024 * 1024


class RejectLog:
    """Rejected requests logged at most once a minute per kind, with how many came meanwhile
    (a flood of bad requests must not flood the log)."""

    def __init__(self, *, every_seconds: float = 60.0, clock=time.monotonic, log=None):
        self.every = every_seconds
        self.clock = clock
        self.log = log or logging.getLogger(__name__)
        self._lock = threading.Lock()
        self._kinds: dict[str, tuple[float, int]] = {}  # kind -> (last logged, unlogged count)

    def note(self, kind: str) -> None:
        now = self.clock()
        with self._lock:
            last, count = self._kinds.get(kind, (None, 0))
            count += 1
            if last is not None and now - last < self.every:
                self._kinds[kind] = (last, count)
                return
            self._kinds[kind] = (now, 0)
        self.log.warning("rejected %d callback request(s): %s", count, kind)


def _plain(text: str, status: int) -> Response:
    return Response(text + "\n", status=status, mimetype="text/plain")


def register(app) -> None:
    """Install the guards on the app's Flask server."""
    server = app.server
    server.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES

    rejected = RejectLog()
    server.extensions["smallcap_rejected_requests"] = rejected

    @server.before_request
    def check_callback_request():
        if request.method != "POST" or not request.path.endswith("/_dash-update-component"):
            return None
        body, problem = parse_body(request.get_data(cache=True))
        problem = problem or shape_problem(body, app.callback_map)
        if problem is None:
            return None
        rejected.note(problem)
        return _plain(f"Bad callback request: {problem}.", 400)

    server.register_error_handler(DependencyException, lambda exc: _plain("No such script.", 404))
    server.register_error_handler(413, lambda exc: _plain(
        f"Request too large: the limit is {MAX_BODY_BYTES // (1024 * 1024)} MB.", 413))

"""The first page load after a start: requests that arrive while Dash sets itself up (its first
request, a thread of its own) are answered once it has, not with 404s for its bundles."""

from __future__ import annotations

import threading
import time

import dash
import flask
from dash import html

from app import create_app
from config import Config, DataSpec
from server.first_request import one_set_up_at_a_time

BUNDLES = ["/_dash-component-suites/dash/dash-renderer/build/dash_renderer.min.js",
           "/_dash-component-suites/dash/html/dash_html_components.min.js",
           "/_dash-component-suites/dash/dcc/dash_core_components.js"]


def _slow_first_layout(app: dash.Dash, inside: threading.Event, seconds: float = 0.5) -> None:
    """Dash builds the layout during its set-up (after marking itself set up, before registering
    its scripts): a slow first build in a request holds that gap open (the build Dash makes
    when the layout is assigned, outside any request, is not slowed)."""
    layout = app.layout

    def slow():
        if flask.has_request_context() and not inside.is_set():
            inside.set()
            time.sleep(seconds)
        return layout() if callable(layout) else layout

    app.layout = slow


def _first_load(app: dash.Dash) -> tuple[int, list[tuple[str, int, bytes]]]:
    """``GET /`` in one thread and, once Dash is inside its set-up, the bundles in eight others."""
    inside = threading.Event()
    _slow_first_layout(app, inside)
    page, answers = {}, []

    def get_page():
        page["status"] = app.server.test_client().get("/").status_code

    def get(path):
        response = app.server.test_client().get(path)
        answers.append((path, response.status_code, response.data[:40]))

    first = threading.Thread(target=get_page)
    first.start()
    assert inside.wait(10)
    others = [threading.Thread(target=get, args=(BUNDLES[i % len(BUNDLES)],)) for i in range(8)]
    for thread in others:
        thread.start()
    for thread in [first, *others]:
        thread.join(30)
    return page["status"], answers


def test_bundles_asked_for_during_dashs_set_up_are_served(tmp_path):
    app = create_app(Config(data=DataSpec("demo"), cache_dir=tmp_path))
    status, answers = _first_load(app)
    assert status == 200 and len(answers) == 8
    assert all(code == 200 and body.strip() for _, code, body in answers), answers


def test_dash_alone_still_fails_them(tmp_path):
    """The same first load on a bare Dash app: its set-up race (plotly/dash#3971) is still
    there. When this fails, Dash has fixed it and server/first_request.py can go."""
    bare = dash.Dash(__name__, server=flask.Flask(__name__), serve_locally=True)
    bare.layout = lambda: html.Div("x")
    status, answers = _first_load(bare)
    assert status == 200
    assert any(code != 200 for _, code, _ in answers), answers


def test_the_gate_lets_requests_through_without_a_lock_once_set_up(tmp_path):
    server = flask.Flask(__name__)
    with one_set_up_at_a_time(server):
        app = dash.Dash(__name__, server=server, serve_locally=True)
    app.layout = html.Div("x")
    client = server.test_client()
    assert client.get("/").status_code == 200
    assert [client.get(path).status_code for path in BUNDLES] == [200, 200, 200]
    # a set-up that fails (here: the layout) frees the gate for the next request, no deadlock
    server = flask.Flask(__name__)
    with one_set_up_at_a_time(server):
        broken = dash.Dash(__name__, server=server, serve_locally=True)
    failing = []

    def layout():
        if failing:
            raise RuntimeError("the layout cannot be built")
        return html.Div("z")

    broken.layout = layout  # (Dash builds it once here)
    failing.append(True)
    assert server.test_client().get("/").status_code == 500
    failing.clear()
    after = []
    thread = threading.Thread(target=lambda: after.append(server.test_client().get("/").status_code))
    thread.start()
    thread.join(10)
    assert after == [200]

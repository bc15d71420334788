"""Security basics: debug off unless asked for, no tracebacks to the browser, security headers on
every response, configuration secrets never logged or shown."""

from __future__ import annotations

import json
import logging
import re

import dash
import pytest
from click.testing import CliRunner
from dash import Input, Output

import cli
from app import create_app
from components.ids import Id
from config import Config, DataSpec
from tests.dash_post import answer, by_first_output, post

SECRET_MAIL = "jane.secret@example.org"
SECRET_PASSWORD = "hunter2pass"
ENV = {"SMALLCAP_DATA": "demo", "SMALLCAP_SEC_USER_AGENT": f"Jane Analyst {SECRET_MAIL}",
       "SMALLCAP_REDIS_URL": f"redis://:{SECRET_PASSWORD}@127.0.0.1:1/0"}  # nothing listens on port 1


@pytest.fixture(scope="module")
def app(demo_app):
    return demo_app


@pytest.fixture(scope="module")
def client(demo_client):
    return demo_client


def no_traceback(response) -> str:
    body = response.get_data().decode("utf-8", "replace")
    assert "Traceback" not in body and 'File "' not in body and "site-packages" not in body, body[:300]
    return body


def asset_path(client) -> str:
    """One of the page's own script URLs (a real /_dash-component-suites/ file)."""
    html = client.get("/").get_data(as_text=True)
    return re.search(r'src="(/_dash-component-suites/[^"]+)"', html).group(1)


class TestHeaders:
    @pytest.fixture(scope="class")
    def responses(self, client):
        hub = by_first_output(client)[Id.STATE]
        return {
            "page": client.get("/"), "deep link": client.get("/some/page?start=2020-01-01"),
            "layout": client.get("/_dash-layout"), "dependencies": client.get("/_dash-dependencies"),
            "asset": client.get("/assets/app.css"), "component suite": client.get(asset_path(client)),
            "missing component suite": client.get("/_dash-component-suites/dash/nope.js"),
            "callback": post(client, hub, {f"{Id.URL}.search": ""}),
            "malformed callback": client.post("/_dash-update-component", data="{not json",
                                              content_type="application/json"),
            "export": client.get("/export/rates.csv"), "export 404": client.get("/export/nope.csv"),
            "export 400": client.get("/export/rates.png?width=big"), "favicon": client.get("/_favicon.ico"),
        }

    @pytest.mark.parametrize("kind", ["page", "deep link", "layout", "dependencies", "asset", "component suite",
                                      "missing component suite", "callback", "malformed callback", "export",
                                      "export 404", "export 400", "favicon"])
    def test_every_response_carries_the_security_headers(self, responses, kind):
        headers = responses[kind].headers
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert "frame-ancestors 'self'" in headers["Content-Security-Policy"]
        no_traceback(responses[kind])


class TestNoTracebacks:
    @pytest.mark.parametrize("body", [
        "{not json", "[]", "null", json.dumps({"output": "nope.children"}),
        json.dumps({"output": "..relative-graph.figure...relative-summary.children..", "inputs": "x"}),
        json.dumps({"output": 5, "outputs": [], "inputs": [], "state": []}),
        json.dumps({"output": "view-state.data", "inputs": [{"id": "url"}], "changedPropIds": ["url.search"]}),
    ])
    def test_malformed_callback_requests(self, client, body):
        response = client.post("/_dash-update-component", data=body, content_type="application/json")
        no_traceback(response)
        assert "KeyError" not in response.get_data(as_text=True)

    def test_a_raising_callback_shows_nothing_of_the_error(self, tmp_path):
        app = create_app(Config(data=DataSpec("demo"), cache_dir=tmp_path))

        @app.callback(Output(Id.NOTICES, "title"), Input(Id.ZOOM, "data"))
        def explode(data):
            raise RuntimeError(f"boom: password {SECRET_PASSWORD}")

        client = app.server.test_client()
        response = post(client, by_first_output(client)[Id.NOTICES], {f"{Id.ZOOM}.data": {"x": 1}})
        body = no_traceback(response)
        assert response.status_code == 500 and SECRET_PASSWORD not in body and "boom" not in body
        assert response.headers["X-Content-Type-Options"] == "nosniff"

    @pytest.mark.parametrize("kind", ["unknown output", "unknown script"])
    def test_a_bad_request_is_a_client_error(self, client, kind):
        if kind == "unknown output":
            response = client.post("/_dash-update-component", content_type="application/json",
                                   data=json.dumps({"output": "nope.children", "outputs": {"id": "nope",
                                                    "property": "children"}, "inputs": [], "state": []}))
        else:
            response = client.get("/_dash-component-suites/dash/nope.js")
        assert 400 <= response.status_code < 500


class TestDebug:
    @pytest.mark.parametrize(("value", "debug"), [(None, False), ("", False), ("0", False), ("false", False),
                                                  ("no", False), ("1", True), ("true", True), ("YES", True)])
    def test_debug_only_when_asked_for(self, value, debug):
        env = {} if value is None else {"SMALLCAP_DEBUG": value}
        assert Config.from_env(env).debug is debug

    def test_the_app_is_built_without_debug_or_dev_tools(self, app):
        assert not app.server.debug
        assert not app._dev_tools.ui and not app._dev_tools.serve_dev_bundles

    @pytest.mark.parametrize(("env", "debug"), [({}, False), ({"SMALLCAP_DEBUG": "1"}, True)])
    def test_serve_passes_the_setting_to_the_server(self, monkeypatch, tmp_path, env, debug):
        started = []
        monkeypatch.setattr(dash.Dash, "run", lambda self, **kwargs: started.append(kwargs))
        monkeypatch.delenv("SMALLCAP_DEBUG", raising=False)
        result = CliRunner().invoke(cli.main, ["serve", "--data", "demo", "--cache-dir", str(tmp_path)], env=env)
        assert result.exit_code == 0, result.output
        assert started == [{"host": "127.0.0.1", "port": 8050, "debug": debug}]


class TestSecrets:
    @pytest.fixture
    def env(self, monkeypatch, tmp_path):
        for name, value in ENV.items():
            monkeypatch.setenv(name, value)
        monkeypatch.setenv("SMALLCAP_CACHE_DIR", str(tmp_path / "cache"))
        return ENV

    def test_never_in_logs_pages_callbacks_or_exports(self, env, caplog):
        caplog.set_level(logging.DEBUG)
        app = create_app(Config.from_env())
        client = app.server.test_client()
        bodies = [client.get(path).get_data(as_text=True)
                  for path in ("/", "/_dash-layout", "/_dash-dependencies", "/export/rates.csv",
                               "/export/leverage.csv?universe=demo_smallcap&start=2018-09-28&end=2018-12-31")]
        callbacks = by_first_output(client)
        hub = answer(post(client, callbacks[Id.STATE], {f"{Id.URL}.search": "?universe=demo_smallcap"}))
        for first, dep in callbacks.items():
            if len(dep["inputs"]) == 1 and dep["inputs"][0]["property"] == "data" and first != Id.STATE:
                store = dep["inputs"][0]["id"]
                bodies.append(post(client, dep, {f"{store}.data": hub.get(store, {}).get("data")}).get_data(True))
        assert any("redis://:***@127.0.0.1:1/0" in r.getMessage() for r in caplog.records)  # redacted, logged
        for text in [*bodies, caplog.text, json.dumps(hub)]:
            assert SECRET_PASSWORD not in text and SECRET_MAIL not in text

    def test_never_in_command_output(self, env, caplog):
        caplog.set_level(logging.DEBUG)
        result = CliRunner().invoke(cli.main, ["facts", "--as-of", "2025-01-13", "--format", "text"])
        assert result.exit_code == 0, result.output
        for text in (result.output, caplog.text):
            assert SECRET_PASSWORD not in text and SECRET_MAIL not in text

    def test_not_in_the_configs_repr(self, env):
        text = repr(Config.from_env())
        assert SECRET_PASSWORD not in text and SECRET_MAIL not in text


def test_a_huge_request_body_is_refused_unread(client):
    response = client.post("/_dash-update-component", data=b"x" * (5 * 1024 * 1024), content_type="application/json")
    assert response.status_code == 413

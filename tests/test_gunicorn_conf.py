"""gunicorn.conf.py: the master warms the data before forking, and a failing warm-up never stops the start."""

from __future__ import annotations

import gc
import runpy
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


class _Log:
    def __init__(self):
        self.lines: list[str] = []

    def info(self, message, *args):
        self.lines.append("info: " + message % args)

    def warning(self, message, *args):
        self.lines.append("warning: " + message % args)


class _Server:
    def __init__(self, wsgi):
        self.log = _Log()
        self.app = type("App", (), {"wsgi": staticmethod(lambda: wsgi)})()


@pytest.fixture(autouse=True)
def _unfreeze():
    """``when_ready`` ends with ``gc.freeze()``: give this test process its collector back."""
    yield
    gc.unfreeze()


def test_preloads_and_warms(demo_app):
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert conf["preload_app"] is True
    server = _Server(demo_app.server)
    conf["when_ready"](server)
    assert server.log.lines[-1].startswith("info: warm-up: {'series': 31, 'universes': ")


def test_a_failing_warm_up_is_a_warning_not_a_failed_start():
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    server = _Server(object())  # no Flask extensions: warm_up raises
    conf["when_ready"](server)
    assert server.log.lines == [
        "warning: warm-up failed (AttributeError: 'object' object has no attribute 'extensions'); "
        "the workers load the data on demand"]


def test_the_deployed_server_closes_each_connection_after_its_answer():
    """keepalive = 0: a gthread worker keeps serving the connections it accepted, so kept ones
    would tie a page's concurrent callbacks to one worker; each answer closes its connection."""
    import http.client

    from benchmarks.servers import Gunicorn

    with Gunicorn(workers=2, data="demo", threads=None) as server:  # threads: as gunicorn.conf.py says
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        connection.request("GET", "/_dash-dependencies")  # HTTP/1.1: kept alive unless the server says no
        response = connection.getresponse()
        assert response.status == 200 and response.read()
        assert response.getheader("Connection") == "close"
        assert connection.sock is None  # http.client closed it, as the answer said

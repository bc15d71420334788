"""The load-test tools: gunicorn and redis-server started and stopped, requests the server accepts."""

from __future__ import annotations

import shutil
import urllib.request

import pytest

from benchmarks.load import Callback, run_load
from benchmarks.servers import Gunicorn, RedisServer
from components.ids import Id


def test_callback_parsing():
    multi = Callback.parse({"output": "..a.b...c.d@12ab..", "inputs": [{"id": "x", "property": "value"}],
                            "state": [], "prevent_initial_call": True})
    assert multi.outputs == [{"id": "a", "property": "b"}, {"id": "c", "property": "d@12ab"}]
    assert multi.output_keys() == {("a", "b"), ("c", "d")} and multi.name == "a.b" and not multi.initial
    assert multi.listens_to(("x", "value"), {}) and not multi.listens_to(("x", "data"), {})
    pattern = Callback.parse({"output": "y.children", "inputs": [{"id": '{"i":["ALL"],"type":"t"}', "property": "n"}],
                              "state": []})
    components = {'{"i":1,"type":"t"}': {"i": 1, "type": "t"}, '{"i":1,"type":"u"}': {"i": 1, "type": "u"}}
    assert pattern.listens_to(('{"i":1,"type":"t"}', "n"), components)
    assert not pattern.listens_to(('{"i":1,"type":"u"}', "n"), components)


def test_a_short_run_against_gunicorn_on_redis():
    if shutil.which("redis-server") is None:
        pytest.skip("needs redis-server (Debian package redis-server)")
    with RedisServer() as redis, Gunicorn(workers=2, data="demo", redis_url=redis.url) as server:
        result = run_load(server.url, users=2, duration_s=3, think_s=(0.1, 0.3), interact=1.0)
        process = server.process
        log = server.log.read_text()
    # gunicorn.conf.py: the master loaded the data once, before forking the workers
    assert "warm-up: {'series': 31, 'universes': " in log, log[-2000:]
    assert process.poll() is not None  # stopped with the block
    with pytest.raises(OSError):
        urllib.request.urlopen(server.url + "/", timeout=2)
    assert result["errors"] == 0, result["error_examples"]
    assert result["users"] == 2 and result["page_views"] >= 2 and result["requests"] > 0
    assert result["p95_ms"] > 0
    # every panel's callback was replayed with the hub's view state, and accepted
    fired = set(result["by_callback"])
    assert {f"{Id.STATE}.data", "relative-graph.figure", "leverage-graph.figure", "facts-list-returns.children",
            "facts-list-context.children",
            f"{Id.REFRESH_START}.disabled"} <= fired


def test_the_dash_client_names_duplicate_outputs_as_their_inputs_do():
    """A chained callback waits for a running request that writes one of its inputs; a
    duplicate output (``allow_duplicate``) carries an ``@hash`` suffix that inputs do not."""
    from benchmarks.dash_client import _output_keys

    assert _output_keys({"output": "..a.b...control-universe.value@4c0e14f30347.."}) == {"a.b", "control-universe.value"}
    assert _output_keys({"output": "facts-top.children"}) == {"facts-top.children"}

"""A throwaway redis-server for tests (skips when not installed); stop() and start() restart it
on the same port, as Redis restarting under a running app."""

from __future__ import annotations

import shutil

import pytest

from benchmarks.servers import RedisServer


@pytest.fixture
def redis_server():
    if shutil.which("redis-server") is None:
        pytest.skip("needs redis-server (Debian package redis-server)")
    server = RedisServer().start()
    yield server
    server.stop()

"""The shared Redis cache: workers share entries; Redis stopping and coming back mid-session."""

from __future__ import annotations

import time

import pandas as pd
import pytest
from flask import Flask

from loaders import cache as cache_module
from loaders.base import Loaded, make_provenance
from loaders.cache import loader_cache
from loaders.source import DataSource, Fetchers
from tests.redis_server import redis_server  # noqa: F401 - fixture


class Upstream:
    def __init__(self):
        self.calls: list[str] = []

    def __call__(self, key: str) -> Loaded:
        self.calls.append(key)
        series = pd.Series([1.0, 2.0], index=pd.DatetimeIndex(["2025-01-02", "2025-01-03"], name="date"), name=key)
        return Loaded(series, make_provenance(series, source="FRED", location=f"fake://{key}"))


@pytest.fixture
def workers(make_config, redis_server):  # noqa: F811 - fixture use
    config = make_config("live", redis_url=redis_server.url)
    upstream = Upstream()

    def worker() -> DataSource:
        return DataSource(config, loader_cache(config, Flask("w")),
                          Fetchers(fred=upstream, yahoo=upstream, famafrench=upstream))

    return worker, upstream, redis_server


def test_a_series_fetched_by_one_worker_is_a_hit_in_another(workers):
    worker, upstream, _ = workers
    first, second = worker(), worker()
    assert first.series("DGS10").data.tolist() == [1.0, 2.0]
    assert second.series("DGS10").data.tolist() == [1.0, 2.0]
    assert upstream.calls == ["DGS10"]
    assert second.version() == first.version() != "live-none"


def test_redis_down_then_back(workers, monkeypatch, caplog):
    monkeypatch.setattr(cache_module, "RETRY_SECONDS", 0.3)
    worker, upstream, server = workers
    source = worker()
    source.series("DGS10")
    server.stop()
    with caplog.at_level("WARNING", logger="loaders.cache"):
        source.memo.clear()  # force reads through the cache
        assert source.series("DGS2").data.tolist() == [1.0, 2.0]  # fetched, kept in the fallback
        source.memo.clear()
        assert source.series("DGS2").data.tolist() == [1.0, 2.0]
        assert source.cache.degraded
        assert upstream.calls == ["DGS10", "DGS2"]  # the fallback answered the second read
        server.start()  # an empty Redis: a restart without persistence
        time.sleep(0.4)  # past the retry interval
        source.memo.clear()
        assert source.series("DGS10").data.tolist() == [1.0, 2.0]
    assert upstream.calls == ["DGS10", "DGS2", "DGS10"]  # refetched into the new Redis
    assert worker().series("DGS10").data.tolist() == [1.0, 2.0]  # another worker: a Redis hit
    assert upstream.calls == ["DGS10", "DGS2", "DGS10"]
    assert not source.cache.degraded
    messages = [r.getMessage() for r in caplog.records]
    assert any("cache backend failed" in m for m in messages)
    assert any("cache backend is back" in m for m in messages)
    assert not any(server.url in m for m in messages)


def test_app_serves_the_page_while_redis_is_down(make_config, redis_server):  # noqa: F811
    from app import create_app

    app = create_app(make_config("demo", redis_url=redis_server.url))
    client = app.server.test_client()
    assert client.get("/_dash-layout").status_code == 200
    redis_server.stop()
    response = client.get("/_dash-layout")
    assert response.status_code == 200 and b"Demo data" in response.data

"""Single flight: a cold dashboard opened by many users fetches each series once."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pandas as pd
from flask import Flask

from loaders.base import Loaded, LoaderError, make_provenance
from loaders.cache import loader_cache
from loaders.source import DataSource, Fetchers


class SlowUpstream:
    """Counts fetches per key; each takes ``delay`` seconds (a slow network)."""

    def __init__(self, delay: float = 0.3, fail: bool = False):
        self.delay, self.fail = delay, fail
        self.calls: list[str] = []
        self._lock = threading.Lock()

    def __call__(self, key: str) -> Loaded:
        with self._lock:
            self.calls.append(key)
        time.sleep(self.delay)
        if self.fail:
            raise LoaderError("FRED", "HTTP 503 Service Unavailable")
        series = pd.Series([4.5, 4.6], index=pd.DatetimeIndex(["2025-01-02", "2025-01-03"], name="date"),
                           name=key)
        return Loaded(series, make_provenance(series, source="FRED", location=f"fake://{key}"))


def worker(config, upstream) -> DataSource:
    """One gunicorn worker's data source: its own memory, the shared cache folder."""
    cache = loader_cache(config, Flask("worker"))
    return DataSource(config, cache, Fetchers(fred=upstream, yahoo=upstream, famafrench=upstream))


def test_concurrent_requests_in_one_worker_fetch_once(make_config):
    upstream = SlowUpstream()
    source = worker(make_config("live"), upstream)
    with ThreadPoolExecutor(max_workers=12) as pool:
        results = list(pool.map(lambda _: source.series("DGS10"), range(24)))
    assert upstream.calls == ["DGS10"]
    assert all(r.data.tolist() == [4.5, 4.6] for r in results)


def test_workers_sharing_a_cache_fetch_once(make_config):
    config = make_config("live")
    upstream = SlowUpstream()
    workers = [worker(config, upstream) for _ in range(4)]
    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(lambda i: workers[i % 4].series("DGS2"), range(16)))
    assert upstream.calls == ["DGS2"]
    assert {r.provenance.location for r in results} == {"fake://DGS2"}


def test_different_series_are_fetched_in_parallel(make_config):
    upstream = SlowUpstream(delay=0.5)
    source = worker(make_config("live"), upstream)
    keys = ["DGS10", "DGS2", "DFF", "T10Y2Y"]
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(source.series, keys))
    assert sorted(upstream.calls) == sorted(keys)


def test_a_failing_fetch_is_tried_once_then_the_cooldown_answers(make_config):
    upstream = SlowUpstream(delay=0.2, fail=True)
    source = worker(make_config("auto"), upstream)
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: source.series("VIXCLS"), range(8)))
    assert upstream.calls == ["VIXCLS"]
    assert all(r.provenance.demo for r in results)  # auto: demo data, with the reason
    assert "HTTP 503" in results[0].provenance.note

"""The cache and the source front: hits, TTL expiry, stale fallback, failures, demo fallback."""

from __future__ import annotations

import pandas as pd
import pytest
import requests
from flask import Flask

from loaders.base import Loaded, LoaderError, make_provenance
from loaders.cache import LoaderCache, make_cache
from loaders.source import FAILURE_COOLDOWN_SECONDS, DataSource, Fetchers, is_unreachable


class Clock:
    def __init__(self, now: float = 1_700_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


class FakeUpstream:
    """Counts calls; answers with a small series or raises what it is told to."""

    def __init__(self):
        self.calls: list[str] = []
        self.fail: Exception | None = None
        self.value = 1.0

    def __call__(self, key: str) -> Loaded:
        self.calls.append(key)
        if self.fail is not None:
            raise self.fail
        series = pd.Series([self.value, self.value + 1],
                           index=pd.DatetimeIndex(["2025-01-02", "2025-01-03"], name="date"), name=key)
        return Loaded(series, make_provenance(series, source="FAKE", location=f"fake://{key}"))


@pytest.fixture
def setup(make_config):
    def build(kind="live"):
        config = make_config(kind)
        clock, upstream = Clock(), FakeUpstream()
        cache = LoaderCache(make_cache(config, Flask("t")), clock=clock)
        fetchers = Fetchers(fred=upstream, yahoo=upstream, famafrench=upstream)
        return DataSource(config, cache, fetchers), clock, upstream, config

    return build


class TestCache:
    def test_second_read_is_a_hit_and_a_copy(self, setup):
        source, _, upstream, _ = setup()
        first = source.series("DGS10")
        first.data.iloc[0] = -999.0  # the caller mutates its copy
        second = source.series("DGS10")
        assert upstream.calls == ["DGS10"]
        assert second.data.iloc[0] == 1.0
        assert not second.provenance.stale

    def test_ttl_expiry_refetches(self, setup):
        source, clock, upstream, config = setup()
        source.series("DGS10")
        clock.now += config.ttl("fred") - 1
        source.series("DGS10")
        assert upstream.calls == ["DGS10"]
        clock.now += 2
        upstream.value = 5.0
        assert source.series("DGS10").data.iloc[0] == 5.0
        assert upstream.calls == ["DGS10", "DGS10"]

    def test_stale_copy_served_with_its_age_when_fetch_fails(self, setup):
        source, clock, upstream, config = setup()
        source.series("RUT")
        clock.now += config.ttl("yahoo") + 3600
        upstream.fail = LoaderError("Yahoo Finance", "HTTP 500 for ^RUT")
        loaded = source.series("RUT")
        assert loaded.data.iloc[0] == 1.0
        assert loaded.provenance.stale
        assert loaded.provenance.stale_age_seconds == pytest.approx(config.ttl("yahoo") + 3600)
        assert "HTTP 500" in loaded.provenance.note

    def test_failure_is_not_cached_and_retried_after_cooldown(self, setup):
        source, clock, upstream, _ = setup()
        upstream.fail = LoaderError("FRED", "HTML instead of CSV for DGS2")
        with pytest.raises(LoaderError, match="HTML instead of CSV"):
            source.series("DGS2")
        assert source.cache.get("live:series:DGS2") is None  # nothing stored
        upstream.fail = None
        with pytest.raises(LoaderError, match="no cached copy"):
            source.series("DGS2")  # within the cool-down: not retried
        assert upstream.calls == ["DGS2"]
        clock.now += FAILURE_COOLDOWN_SECONDS + 1
        assert source.series("DGS2").data.iloc[-1] == 2.0
        assert upstream.calls == ["DGS2", "DGS2"]

    def test_unreachable_host_cools_down_every_series_of_that_source(self, setup):
        source, _, upstream, _ = setup()
        try:
            raise requests.ConnectionError("Failed to resolve 'fred.stlouisfed.org'")
        except requests.ConnectionError as exc:
            error = LoaderError("FRED", "cannot connect")
            error.__cause__ = exc
        upstream.fail = error
        assert is_unreachable(error)
        for key in ("DGS10", "DGS2", "DFF"):
            with pytest.raises(LoaderError):
                source.series(key)
        assert upstream.calls == ["DGS10"]

    def test_refresh_ignores_cooldown_and_reports(self, setup):
        source, _, upstream, _ = setup()
        upstream.fail = LoaderError("FRED", "HTTP 503")
        with pytest.raises(LoaderError):
            source.series("DGS10")
        upstream.fail = None
        results = source.refresh([("series", "DGS10"), ("series", "VIXCLS")])
        assert [(r[1], r[2]) for r in results] == [("DGS10", True), ("VIXCLS", True)]
        assert results[0][3] == "2025-01-02..2025-01-03"
        assert source.series("DGS10").data.iloc[0] == 1.0
        assert upstream.calls == ["DGS10", "DGS10", "VIXCLS"]

    def test_broken_backend_falls_back_to_a_local_cache(self, setup, caplog):
        source, _, upstream, _ = setup()

        class Broken:
            def get(self, key):
                raise ConnectionError("redis down")

            def set(self, *a, **k):
                raise ConnectionError("redis down")

            def delete(self, key):
                raise ConnectionError("redis down")

        source.cache = LoaderCache(Broken())
        with caplog.at_level("WARNING", logger="loaders.cache"):
            assert source.series("DGS10").data.iloc[0] == 1.0
            source.memo.clear()  # a new worker: nothing in memory
            assert source.series("DGS10").data.iloc[0] == 1.0
        assert upstream.calls == ["DGS10"]  # the second read is a hit in the local fallback
        assert source.cache.degraded
        warnings = [r.getMessage() for r in caplog.records if "cache backend failed" in r.getMessage()]
        assert len(warnings) == 1 and "ConnectionError" in warnings[0]


class TestAutoFallsBackToDemo:
    def test_demo_series_with_note_when_nothing_cached(self, setup):
        source, _, upstream, _ = setup("auto")
        upstream.fail = LoaderError("FRED", "HTTP 500")
        loaded = source.series("DGS10")
        assert loaded.provenance.demo
        assert "showing demo data" in loaded.provenance.note
        assert loaded.data.index.min() <= pd.Timestamp("1990-01-31")

    def test_stale_copy_preferred_over_demo(self, setup):
        source, clock, upstream, config = setup("auto")
        source.series("DGS10")
        clock.now += config.ttl("fred") + 10
        upstream.fail = LoaderError("FRED", "HTTP 500")
        loaded = source.series("DGS10")
        assert loaded.provenance.stale and not loaded.provenance.demo


def test_every_cache_key_expires(tmp_path):
    """Redis evicts only keys with a TTL (volatile-lru): the cache never stores one without."""
    from config import Config, DataSpec
    from loaders.cache import ENTRY_TTL_SECONDS, make_cache

    cache = make_cache(Config(data=DataSpec("demo"), cache_dir=tmp_path))
    assert cache.config["CACHE_DEFAULT_TIMEOUT"] == ENTRY_TTL_SECONDS > 0

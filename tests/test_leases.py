"""Fetch leases across workers (LoaderCache.lease): library locks that only their holder frees.

A file lease (``filelock`` beside a file cache) is held by a process: refused to others while it
lives, free once it exits, even killed. A Redis lease (redis-py's ``Lock``) expires; its holder
releasing late does not free the lease the next holder took meanwhile.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time

import pandas as pd
import pytest
from cachelib import SimpleCache
from flask import Flask

from loaders import cache as cache_module
from loaders import source as source_module
from loaders.base import Loaded, make_provenance
from loaders.cache import LoaderCache, loader_cache
from loaders.source import DataSource, Fetchers
from tests.redis_server import redis_server  # noqa: F401 - fixture


def _hold_lease(lease_dir: str, name: str, held, release) -> None:
    """Child process: take the lease, say so, then hold it until told to release (or killed)."""
    lease = LoaderCache(SimpleCache(), lease_dir=lease_dir).lease(name, seconds=60)
    if lease is None:
        return
    held.set()
    release.wait(30)
    lease.release()


def _child(tmp_path, name):
    context = multiprocessing.get_context("spawn")
    held, release = context.Event(), context.Event()
    process = context.Process(target=_hold_lease, args=(str(tmp_path), name, held, release))
    process.start()
    assert held.wait(30), "the child did not get the lease"
    return process, release


@pytest.mark.parametrize("ending", ["exits", "killed"])
def test_a_file_lease_held_by_another_process_is_refused_until_that_process_ends(tmp_path, ending):
    cache = LoaderCache(SimpleCache(), lease_dir=tmp_path)
    process, release = _child(tmp_path, "series:DGS10")
    try:
        assert cache.lease("series:DGS10", seconds=60) is None  # the child holds it
        other = cache.lease("series:DGS2", seconds=60)  # another series is free
        assert other is not None
        other.release()
        if ending == "exits":
            release.set()
            process.join(30)
            assert process.exitcode == 0
        else:
            os.kill(process.pid, signal.SIGKILL)  # no release: the OS drops the lock
            process.join(30)
            assert process.exitcode == -signal.SIGKILL
    finally:
        if process.is_alive():
            process.kill()
            process.join()
    lease = cache.lease("series:DGS10", seconds=60)
    assert lease is not None
    assert cache.lease("series:DGS10", seconds=60) is None  # held by this process now
    lease.release()
    assert cache.lease("series:DGS10", seconds=60) is not None


def test_a_late_release_on_redis_does_not_free_the_next_holders_lease(make_config, redis_server,  # noqa: F811
                                                                     caplog):
    config = make_config("live", redis_url=redis_server.url)
    first_worker, second_worker = loader_cache(config, Flask("a")), loader_cache(config, Flask("b"))
    first = first_worker.lease("series:DGS10", seconds=1)
    assert first is not None
    assert second_worker.lease("series:DGS10", seconds=60) is None
    time.sleep(1.2)  # the first holder's lease expires (its fetch hung)
    second = second_worker.lease("series:DGS10", seconds=60)
    assert second is not None
    with caplog.at_level("WARNING", logger="loaders.cache"):
        first.release()  # late: must not delete the second holder's lease
    assert first_worker.lease("series:DGS10", seconds=60) is None
    assert any("was not released" in r.getMessage() and "LockNotOwnedError" in r.getMessage()
               for r in caplog.records)
    second.release()
    third = first_worker.lease("series:DGS10", seconds=60)
    assert third is not None
    third.release()


def test_redis_leases_live_in_the_cache_namespace(make_config, redis_server):  # noqa: F811
    import redis

    config = make_config("live", redis_url=redis_server.url)
    lease = loader_cache(config, Flask("a")).lease("series:DGS10", seconds=60)
    client = redis.Redis.from_url(redis_server.url)
    try:
        assert [k.decode() for k in client.keys("*")] == [f"{cache_module.NAMESPACE}lease:series:DGS10"]
        assert 0 < client.ttl(f"{cache_module.NAMESPACE}lease:series:DGS10") <= 60
    finally:
        lease.release()
    assert client.keys("*") == []


def test_while_redis_is_down_the_lease_is_this_processs_own(make_config, redis_server, monkeypatch):  # noqa: F811
    monkeypatch.setattr(cache_module, "RETRY_SECONDS", 30)
    config = make_config("live", redis_url=redis_server.url)
    cache = loader_cache(config, Flask("a"))
    redis_server.stop()
    lease = cache.lease("series:DGS10", seconds=60)
    assert lease is not None and cache.degraded  # granted locally, not an error
    assert cache.lease("series:DGS10", seconds=60) is None  # one holder per process still
    lease.release()  # nothing to release in Redis: no error
    again = cache.lease("series:DGS10", seconds=60)
    assert again is not None
    again.release()


def test_a_worker_that_stops_waiting_fetches_without_freeing_the_holders_lease(make_config, monkeypatch):
    """The old code deleted the lease after any fetch, also one it never got: the holder's
    lease vanished and a third worker fetched too."""
    monkeypatch.setattr(source_module, "LEASE_WAIT_SECONDS", 0.3)
    config = make_config("live")
    calls = []

    def upstream(key: str) -> Loaded:
        calls.append(key)
        series = pd.Series([1.0, 2.0], index=pd.DatetimeIndex(["2025-01-02", "2025-01-03"], name="date"),
                           name=key)
        return Loaded(series, make_provenance(series, source="FRED", location=f"fake://{key}"))

    holder = loader_cache(config, Flask("holder"))
    held = holder.lease("series:DGS10", seconds=60)  # another worker's fetch that hangs
    assert held is not None
    try:
        source = DataSource(config, loader_cache(config, Flask("w")),
                            Fetchers(fred=upstream, yahoo=upstream, famafrench=upstream))
        assert source.series("DGS10").data.tolist() == [1.0, 2.0]  # waited 0.3 s, then fetched
        assert calls == ["DGS10"]
        assert holder.lease("series:DGS10", seconds=60) is None  # still the holder's
    finally:
        held.release()

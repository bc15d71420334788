"""The file-system cache prunes in batches: once past its threshold, down to its low-water mark
in one pass (expired entries first, then the soonest to expire), not one file per write."""

from __future__ import annotations

import time

from flask import Flask

from loaders import file_cache
from loaders.cache import loader_cache
from loaders.file_cache import LOW_WATER, BatchPrunedFileSystemCache


def make(tmp_path, threshold=50):
    return BatchPrunedFileSystemCache(str(tmp_path / "entries"), threshold=threshold, default_timeout=3600)


def files(cache) -> int:
    return len(list(cache._list_dir()))


def test_past_the_threshold_one_prune_leaves_the_low_water_mark_and_the_newest_entries(tmp_path):
    cache = make(tmp_path)
    for i in range(51):  # the 51st write finds 50: not over the threshold yet
        cache.set(f"k{i}", i, timeout=3600 + i)  # later keys expire later
    assert files(cache) == 51
    cache.set("k51", 51, timeout=3600 + 51)  # 51 > 50: prune to 40, then write
    assert files(cache) == int(50 * LOW_WATER) + 1 == 41
    assert cache._file_count == 41
    kept = [i for i in range(52) if cache.get(f"k{i}") is not None]
    assert kept == list(range(11, 52))  # the 11 expiring soonest went


def test_expired_entries_go_first_even_below_the_low_water_mark(tmp_path):
    cache = make(tmp_path)
    for i in range(45):
        cache.set(f"live{i}", i)
    for i in range(6):
        cache.set(f"old{i}", i, timeout=1)
    time.sleep(2.1)  # the 1-second entries have expired
    cache.set("new", "x")  # 51 files > 50: prune
    # 6 expired go; 45 live ones are more than 40, so the 5 expiring soonest go as well
    assert files(cache) == 41
    assert cache.get("new") == "x" and all(cache.get(f"old{i}") is None for i in range(6))


def test_a_full_cache_scans_its_folder_once_per_batch_not_per_write(tmp_path, monkeypatch):
    cache = make(tmp_path)
    for i in range(60):
        cache.set(f"a{i}", i)
    scans = []
    original = BatchPrunedFileSystemCache._list_dir
    monkeypatch.setattr(BatchPrunedFileSystemCache, "_list_dir", lambda self: scans.append(1) or original(self))
    for i in range(100):
        cache.set(f"b{i}", i)
    # each prune leaves 40 files: the next one is 11 writes later (cachelib's own prune scanned
    # the folder twice on each of these 100 writes)
    assert 8 <= len(scans) <= 10
    assert files(cache) <= 51
    assert all(cache.get(f"b{i}") == i for i in range(90, 100))


def test_the_app_cache_uses_it(make_config):
    config = make_config("demo")
    backend = loader_cache(config, Flask("backend"))._cache.cache
    assert isinstance(backend, file_cache.BatchPrunedFileSystemCache)
    assert backend._threshold == 2000

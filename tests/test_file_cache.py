"""The file-system cache counts and prunes in batches: the count file is read and written once
per :data:`COUNT_EVERY` changes, and once past its threshold a prune goes down to the low-water
mark in one pass (expired entries first, then the soonest to expire)."""

from __future__ import annotations

import time

from flask import Flask

from loaders import file_cache
from loaders.cache import loader_cache
from loaders.file_cache import COUNT_EVERY, LOW_WATER, BatchPrunedFileSystemCache

THRESHOLD = 50


def make(tmp_path, threshold=THRESHOLD):
    return BatchPrunedFileSystemCache(str(tmp_path / "entries"), threshold=threshold, default_timeout=3600)


def files(cache) -> int:
    return len(list(cache._list_dir()))


def test_the_count_file_is_written_once_per_batch_and_stays_right(tmp_path, monkeypatch):
    cache = make(tmp_path, threshold=10_000)
    writes = []
    original = file_cache.FileSystemCache._update_count
    monkeypatch.setattr(file_cache.FileSystemCache, "_update_count",
                        lambda self, delta=None, value=None: writes.append(delta) or original(self, delta, value))
    for i in range(5 * COUNT_EVERY + 3):
        cache.set(f"k{i}", i)
    assert writes == [COUNT_EVERY] * 5  # cachelib itself writes it once per new entry
    assert cache._file_count + cache._pending == files(cache) == 5 * COUNT_EVERY + 3
    cache.set("k0", "again")  # an overwrite is no new entry
    for i in range(4):
        cache.delete(f"k{i}")
    assert cache._file_count + cache._pending == files(cache)


def test_past_the_threshold_one_prune_leaves_the_low_water_mark_and_the_newest_entries(tmp_path):
    cache = make(tmp_path)
    for i in range(200):
        cache.set(f"k{i}", i, timeout=3600 + i)  # later keys expire later
        assert files(cache) <= THRESHOLD + COUNT_EVERY  # checked every COUNT_EVERY writes
    kept = [i for i in range(200) if cache.get(f"k{i}") is not None]
    assert kept == list(range(200 - len(kept), 200))  # the newest
    assert int(THRESHOLD * LOW_WATER) <= len(kept) <= THRESHOLD + COUNT_EVERY
    assert cache._file_count + cache._pending == files(cache)


def test_expired_entries_go_first_even_below_the_low_water_mark(tmp_path):
    cache = make(tmp_path)
    for i in range(6):
        cache.set(f"old{i}", i, timeout=1)
    time.sleep(2.1)  # the 1-second entries have expired
    for i in range(2 * COUNT_EVERY + 30):  # past the threshold: at least one prune
        cache.set(f"live{i}", i)
    assert all(cache.get(f"old{i}") is None for i in range(6))
    assert cache.get(f"live{2 * COUNT_EVERY + 29}") is not None


def test_a_full_cache_scans_its_folder_once_per_batch_not_per_write(tmp_path, monkeypatch):
    cache = make(tmp_path)
    for i in range(60):
        cache.set(f"a{i}", i)
    scans = []
    original = BatchPrunedFileSystemCache._list_dir
    monkeypatch.setattr(BatchPrunedFileSystemCache, "_list_dir", lambda self: scans.append(1) or original(self))
    for i in range(160):
        cache.set(f"b{i}", i)
    # one count check per COUNT_EVERY writes, each finding the folder over the threshold again
    # (cachelib's own prune scanned it twice on every one of these 160 writes)
    assert 1 <= len(scans) <= 160 // COUNT_EVERY
    assert all(cache.get(f"b{i}") == i for i in range(150, 160))


def test_the_app_cache_uses_it(make_config):
    backend = loader_cache(make_config("demo"), Flask("backend"))._cache.cache
    assert isinstance(backend, file_cache.BatchPrunedFileSystemCache)
    assert backend._threshold == 2000


def test_without_a_threshold_nothing_is_counted_or_pruned(tmp_path, monkeypatch):
    cache = make(tmp_path, threshold=0)
    monkeypatch.setattr(BatchPrunedFileSystemCache, "_list_dir", lambda self: (_ for _ in ()).throw(
        AssertionError("listed the folder")))
    for i in range(3 * COUNT_EVERY):
        cache.set(f"k{i}", i)
    assert cache.get(f"k{3 * COUNT_EVERY - 1}") == 3 * COUNT_EVERY - 1 and cache._file_count == 0

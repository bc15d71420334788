"""The worker's one in-process LRU (loaders.worker_cache): sizes in bytes, eviction, sharing."""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd

from loaders.worker_cache import MAPPED_BYTES, WorkerCache, size_of


def floats(n: int) -> np.ndarray:
    return np.arange(n, dtype=np.float64)


class TestSizeOf:
    def test_a_daily_series_counts_its_values_and_its_dates(self):
        n = 10_000
        series = pd.Series(floats(n), index=pd.date_range("1990-01-01", periods=n, name="date"))
        # 8 bytes a value, 8 a date, plus a few hundred bytes of headers
        assert 16 * n <= size_of(series) <= 16 * n + 1_000

    def test_strings_of_an_object_column_count(self):
        tickers = [f"T{i:05d}" for i in range(1_000)]
        frame = pd.DataFrame({"ticker": pd.Series(tickers, dtype=object), "close": floats(1_000)})
        strings = sum(sys.getsizeof(t) for t in tickers)
        assert size_of(frame) >= strings + 8 * 1_000 + 8 * 1_000  # strings, pointers, floats
        text = pd.DataFrame({"ticker": pd.Series(tickers, dtype="str"), "close": floats(1_000)})
        assert size_of(text) >= 6 * 1_000 + 8 * 1_000  # the characters of a string column, floats

    def test_pandas_values_count_what_pandas_deep_memory_usage_says(self):
        """The sizes from the pieces' bytes are pandas' own deep memory usage, for every dtype
        (object and categorical columns and indexes count their items)."""
        n = 7
        frame = pd.DataFrame({
            "float": floats(n), "int": np.arange(n), "bool": np.arange(n) % 2 == 0,
            "date": pd.date_range("2000-01-03", periods=n), "utc": pd.date_range("2000-01-03", periods=n, tz="UTC"),
            "str": pd.Series([f"s{i}" * i for i in range(n)], dtype="str"),
            "object": pd.Series([f"o{i}" * i if i else None for i in range(n)], dtype=object),
            "category": pd.Series(["hike", "cut", "hike", "cut", "hold", "hike", "cut"], dtype="category"),
            "object category": pd.Categorical(pd.Index([f"c{i % 3}" * 9 for i in range(n)], dtype=object)),
            "Int64": pd.Series([1, None, 3, 4, 5, 6, 7], dtype="Int64"),
            "period": pd.period_range("2000-01", periods=n, freq="M"),
            "span": pd.to_timedelta(np.arange(n), unit="D"),
        })
        looked_up = pd.date_range("2001-01-01", periods=n)
        looked_up.get_loc(looked_up[3])  # builds its hash table, which pandas counts
        indexes = [pd.RangeIndex(n), pd.date_range("1990-01-01", periods=n, name="date"), looked_up,
                   pd.Index([f"row {i}" for i in range(n)], dtype=object), pd.Index([f"r{i}" for i in range(n)]),
                   pd.MultiIndex.from_arrays([np.arange(n), [f"m{i}" for i in range(n)]]),
                   pd.CategoricalIndex([f"k{i % 2}" for i in range(n)])]

        def pandas_says(value) -> int:
            usage = value.memory_usage(deep=True)
            return int(usage.sum() if isinstance(usage, pd.Series) else usage) + 200

        for index in indexes:
            framed = frame.set_axis(index)
            assert size_of(framed) == pandas_says(framed)
            assert size_of(index) == pandas_says(index)
            for name in framed.columns:
                assert size_of(framed[name]) == pandas_says(framed[name]), name
        assert size_of(frame.iloc[:0]) == pandas_says(frame.iloc[:0])
        assert size_of(pd.DataFrame()) == pandas_says(pd.DataFrame())

    def test_a_memory_mapped_array_counts_as_small(self, tmp_path):
        np.save(tmp_path / "closes.npy", floats(1_000_000))  # 8 MB on disk
        mapped = np.load(tmp_path / "closes.npy", mmap_mode="r")
        assert size_of(mapped) == MAPPED_BYTES
        assert size_of(mapped[10:]) == MAPPED_BYTES  # a view of it too
        assert size_of(np.array(mapped)) >= 8_000_000  # a copy in memory counts in full

    def test_containers_and_objects_are_walked_and_shared_parts_counted_once(self):
        from loaders.base import Loaded, Provenance

        array = floats(100_000)  # 800 kB
        assert 800_000 <= size_of({"a": array, "b": [array, (array,)]}) < 802_000
        loaded = Loaded(pd.Series(array), Provenance("x", "y", None, None, None))
        assert 800_000 <= size_of((loaded, 12.5, None)) < 802_000  # the series' values, a range index


    def test_long_flat_lists_size_as_walking_them_item_by_item(self, monkeypatch):
        import loaders.worker_cache as worker_cache

        shared = "shared-" * 5
        values = [[float(i) for i in range(1_000)], [*range(-500, 1_500), None, True, 2.5, 10**30],
                  [f"2020-01-{i:05d}" for i in range(500)] + [shared, shared],
                  {"x": [shared] * 40, "y": [shared, "a"] * 30, "z": (shared,) * 20},
                  (1.0,) * 40, [[1.0] * 20, "x"] * 20, frozenset(range(100)), [b"ab" * i for i in range(50)],
                  [np.float64(1.5)] * 30]
        fast = [size_of(v) for v in values]
        monkeypatch.setattr(worker_cache, "FLAT_MIN", 10**9)  # no flat path: every item walked
        assert fast == [size_of(v) for v in values]
        assert fast[0] == sys.getsizeof(values[0]) + 1_000 * sys.getsizeof(1.0)
        assert fast[3] < 3 * sys.getsizeof(shared) + 2_000  # the shared string counted once

    def test_a_dash_component_counts_its_props_and_its_metadata_lists_not_their_class_strings(self):
        from dash import html

        text = "fact " * 200
        span = html.Span(text, id="s")
        meta = [getattr(span, name) for name in ("_prop_names", "_valid_wildcard_attributes",
                                                  "available_properties", "available_wildcard_properties")]
        expected = sys.getsizeof(span) + sum(map(sys.getsizeof, meta)) + sys.getsizeof(text) + sys.getsizeof("s")
        assert size_of(span) == expected
        # a list of them: each its own metadata lists, the shared text once
        spans = [html.Span(text) for _ in range(30)]
        one = size_of(spans[0]) - sys.getsizeof(text)
        assert size_of(spans) == sys.getsizeof(spans) + 30 * one + sys.getsizeof(text)


class TestWorkerCache:
    def test_the_budget_in_bytes_evicts_the_least_recently_used(self):
        cache = WorkerCache(max_bytes=30_000)
        for key in ("a", "b", "c"):
            assert cache.put(key, floats(1_000))  # 8,112 bytes each
        assert cache.get("a") is not None  # a is now the most recently used; b the least
        cache.put("d", floats(1_000))
        assert sorted(cache.keys()) == ["a", "c", "d"]
        assert 3 * 8_000 <= cache.bytes <= 30_000

    def test_a_value_larger_than_the_budget_is_not_kept_and_says_so(self, caplog):
        cache = WorkerCache(max_bytes=10_000)
        assert cache.put("k", floats(100))
        with caplog.at_level("WARNING", logger="loaders.worker_cache"):
            assert not cache.put("k", floats(10_000))
        assert "k" not in cache and cache.bytes == 0  # the older value is gone too
        assert "not kept in memory: k" in caplog.text

    def test_clear_forgets_one_prefix(self):
        cache = WorkerCache()
        cache.put("series|a", 1.0)
        cache.put("panel|b", 2.0)
        cache.clear("series|")
        assert cache.keys() == ["panel|b"]
        cache.clear()
        assert len(cache) == 0

    def test_a_custom_size_estimate(self):
        cache = WorkerCache(max_bytes=3, getsizeof=lambda value: 1)
        for key in "abcd":
            cache.put(key, key)
        assert sorted(cache.keys()) == ["b", "c", "d"]

    def test_a_value_is_sized_once_when_kept(self):
        sized = []
        cache = WorkerCache(max_bytes=100, getsizeof=lambda value: sized.append(value) or 40)
        cache.put("a", "x")
        cache.put("b", "y")
        assert sized == ["x", "y"] and cache.bytes == 80
        assert cache.get("a") == "x" and cache.pop("b") == "y" and cache.get("b", "gone") == "gone"
        cache.put("c", "z")
        cache.put("d", "w")  # 120 bytes: "a" (least recently used) goes, without sizing anything again
        assert sized == ["x", "y", "z", "w"] and sorted(cache.keys()) == ["c", "d"] and cache.bytes == 80



def test_the_app_keeps_series_universe_data_and_panel_results_in_one_lru(make_config):
    from app import create_app
    from tests.panel_draw import rendered

    app = create_app(make_config("demo", worker_cache_mb=96))
    ext = app.server.extensions
    data = ext["smallcap_panel_data"]
    shared = ext["smallcap_data"].worker_cache
    assert shared.max_bytes == 96 * 2**20
    rendered("relative", data)
    rendered("leverage", data, {"universe": "demo_smallcap", "start": "2018-09-28", "end": "2018-12-31"})
    keys = shared.keys()
    assert any(k.startswith("series|demo:") for k in keys)  # the series memo
    assert "universe|demo" in keys  # the universe data (the demo bundle)
    assert any(k.startswith("panel|memo:") for k in keys)  # the computation memo
    assert 0 < shared.bytes <= shared.max_bytes
    ext["smallcap_data"].memo.clear()  # one user's clear leaves the others' entries
    assert not shared.keys("series|") and "universe|demo" in shared and shared.keys("panel|")


def test_one_budget_for_series_and_results_drops_the_least_recently_used(make_config):
    from loaders.base import Loaded, Provenance
    from loaders.source import SeriesMemo
    from panels.cache import Memo

    shared = WorkerCache(max_bytes=30_000)
    series, memo = SeriesMemo(shared), Memo(None, lambda: "v1", cache=shared)
    provenance = Provenance("x", "y", None, None, None)
    series.put("a", Loaded(pd.Series(floats(1_000)), provenance))  # about 8.5 kB each
    memo.get_or_compute("f", (1,), lambda: floats(1_000))
    series.put("b", Loaded(pd.Series(floats(1_000)), provenance))
    assert series.get("a") is not None  # used again: now b and the result are older
    memo.get_or_compute("f", (2,), lambda: floats(1_000))  # over the budget: drops f(1)
    assert sorted(shared.keys()) == ["panel|" + memo.key("f", (2,)), "series|a", "series|b"]
    memo.get_or_compute("f", (3,), lambda: floats(1_000))  # drops b, the least recently used
    assert series.get("b") is None and series.get("a") is not None
    assert shared.evicted == {"panel": 1, "series": 1}
    assert len(shared) == 3 and shared.bytes <= 30_000


def test_a_disabled_series_memo_keeps_nothing_in_the_shared_lru():
    from loaders.base import Loaded, Provenance
    from loaders.source import SeriesMemo

    shared = WorkerCache()
    SeriesMemo(shared, enabled=False).put("a", Loaded(pd.Series(floats(10)), Provenance("x", "y", None, None, None)))
    assert len(shared) == 0


def test_the_budget_is_set_in_the_environment():
    from config import Config

    assert Config.from_env({}).worker_cache_mb == 160
    assert Config.from_env({"SMALLCAP_WORKER_CACHE_MB": "512"}).worker_cache_mb == 512

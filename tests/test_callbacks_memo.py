"""The computation cache and the compact callback outputs."""

from __future__ import annotations

import base64
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from flask import Flask

from panels.data import PanelData
from panels.page import cached_part, plain_outputs
from panels.cache import Memo
from loaders.cache import loader_cache
from loaders.worker_cache import WorkerCache


@pytest.fixture
def shared(make_config):
    return loader_cache(make_config("demo"), Flask("memo"))


class Counter:
    def __init__(self):
        self.calls = 0
        self._lock = threading.Lock()

    def __call__(self, *args):
        with self._lock:
            self.calls += 1
        return pd.Series([float(sum(len(str(a)) for a in args))], name="value")


def test_a_repeated_question_is_answered_from_the_worker(shared):
    compute = Counter()
    memo = Memo(shared, lambda: "v1")
    cached = memo.wrap("count", compute)
    first = cached("RUT", 63)
    first.iloc[0] = -1.0  # callers get copies
    assert cached("RUT", 63).iloc[0] == 5.0
    assert compute.calls == 1 and memo.hits == {"local": 1, "shared": 0, "miss": 1}
    cached("RUT", 26)
    assert compute.calls == 2


def test_another_worker_gets_it_from_the_shared_cache(shared):
    compute = Counter()
    Memo(shared, lambda: "v1").wrap("count", compute)("IWM", "W")
    other = Memo(shared, lambda: "v1")
    assert other.wrap("count", compute)("IWM", "W").iloc[0] == 4.0
    assert compute.calls == 1 and other.hits["shared"] == 1


def test_new_data_version_means_new_answers(shared):
    version = {"now": "v1"}
    compute = Counter()
    cached = Memo(shared, lambda: version["now"]).wrap("count", compute)
    cached("RUT")
    version["now"] = "v2"
    cached("RUT")
    assert compute.calls == 2


def test_failures_are_not_cached_and_disabled_memo_computes_every_time(shared):
    calls = []

    def flaky(x):
        calls.append(x)
        if len(calls) == 1:
            raise ValueError("upstream hiccup")
        return x * 2

    cached = Memo(shared, lambda: "v1").wrap("flaky", flaky)
    with pytest.raises(ValueError, match="hiccup"):
        cached(3)
    assert cached(3) == 6 and cached(3) == 6 and calls == [3, 3]
    compute = Counter()
    off = Memo(shared, lambda: "v1", enabled=False).wrap("count", compute)
    off("a"), off("a")
    assert compute.calls == 2


def test_concurrent_identical_misses_compute_once(shared):
    def slow(x):
        time.sleep(0.2)
        return x

    counter = Counter()
    memo = Memo(shared, lambda: "v1")
    cached = memo.wrap("slow", lambda x: (counter(x), slow(x))[1])
    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(cached, [7] * 8)) == [7] * 8
    assert counter.calls == 1


def test_the_local_level_is_bounded(shared):
    memo = Memo(None, lambda: "v1", cache=WorkerCache(3, getsizeof=lambda value: 1))  # three entries
    compute = Counter()
    cached = memo.wrap("count", compute)
    for key in "abcd":
        cached(key)
    cached("a")  # evicted (least recently used), so computed again
    assert compute.calls == 5


def test_panel_cache_keys_on_the_panel_fields_only(shared):
    seen = []

    def update(view):
        seen.append(view)
        return plain_outputs((go.Figure(go.Scatter(x=["2024-01-02"], y=[1.0])), "summary"))

    data = PanelData(None, None, Memo(shared, lambda: "v1"))
    callback = cached_part(data, "rates", update, part="1000", reads=("start", "end"))
    view = {"start": "2024-01-02", "end": "2024-06-28"}
    figure, summary = callback(view)
    assert callback({**view, "small": "IWM"}) == (figure, summary)  # a field the panel does not read
    assert seen == [view] and summary == "summary" and isinstance(figure, dict)
    assert callback("not a view")[1] == "summary" and len(seen) == 2  # answered, not cached
    assert callback({"start": ["2024"], "end": None})[1] == "summary" and len(seen) == 3  # not plain: not cached


def decode(typed: dict) -> np.ndarray:
    return np.frombuffer(base64.b64decode(typed["bdata"]), dtype=typed["dtype"])


def test_plain_outputs_sends_float32_arrays_and_plain_lists():
    spec = {"data": [{"type": "scatter", "x": np.array(["2024-01-02", "2024-01-03"]),
                      "y": np.array([4.57123456789, 4.6]), "customdata": [[1, 2]]}],
            "layout": {"title": {"text": "t"}}}
    out = plain_outputs((spec, "line"))
    trace = out[0]["data"][0]
    assert trace["x"] == ["2024-01-02", "2024-01-03"] and trace["customdata"] == [[1, 2]]
    assert trace["y"]["dtype"] == "f4"
    assert decode(trace["y"]).tolist() == pytest.approx([4.57123456789, 4.6], rel=1e-7)
    assert out[1] == "line" and spec["data"][0]["y"].dtype == np.float64  # the input is untouched
    figure = plain_outputs(go.Figure(go.Scatter(x=[0, 1], y=np.array([0.5, 1.5]))))
    assert figure["data"][0]["y"]["dtype"] == "f4" and decode(figure["data"][0]["y"]).tolist() == [0.5, 1.5]


def test_an_upgrade_is_not_answered_from_the_older_codes_entries(shared, tmp_path, monkeypatch):
    """Shared entries live a day (Redis, the cache folder): a result cached by the code before an
    upgrade that changed a fact's wording was served by the new code until it expired. The key
    holds a digest of the project's source, which any change of a source file changes."""
    import panels.cache as cache

    for part in ("analytics", "panels"):
        (tmp_path / part).mkdir()
        (tmp_path / part / "a.py").write_text("X = 1\n")
    (tmp_path / "state.py").write_text("Y = 2\n")
    before = cache.code_version(tmp_path)
    assert before == cache.code_version(tmp_path) and len(before) == 12
    (tmp_path / "panels" / "a.py").write_text("X = 2\n")
    cache.code_version.cache_clear()
    assert cache.code_version(tmp_path) != before
    (tmp_path / "notes.txt").write_text("not code")  # files outside the code's parts do not count
    after = cache.code_version(tmp_path)
    cache.code_version.cache_clear()
    assert cache.code_version(tmp_path) == after

    memo = Memo(shared, lambda: "v1")
    compute = Counter()
    memo.get_or_compute("f", (1,), compute)
    monkeypatch.setattr(cache, "code_version", lambda root=None: "upgraded")
    fresh = Memo(shared, lambda: "v1")  # another worker after the upgrade: same data, same cache
    fresh.get_or_compute("f", (1,), compute)
    assert compute.calls == 2  # computed again, not the older code's entry
    fresh.get_or_compute("f", (1,), compute)
    assert compute.calls == 2

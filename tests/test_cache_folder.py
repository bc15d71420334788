"""The cache folder holds only cache entries; jobs and price arrays beside it survive its clean-up;
damaged memory-mapped price files are rebuilt (issue 16 item 7)."""

from __future__ import annotations

import logging

import diskcache
import numpy as np
import pandas as pd
from flask import Flask

from loaders import price_arrays
from loaders.base import Loaded, Provenance, utcnow
from loaders.cache import loader_cache
from loaders.file_cache import COUNT_EVERY
from tests.test_universe import data_for, write_universe


def test_three_thousand_writes_leave_jobs_and_price_arrays_intact(tmp_path, make_config, caplog):
    config = make_config(write_universe(tmp_path / "data"))
    history = data_for(config).price_history()  # builds <cache_dir>/price-arrays/<fingerprint>/
    arrays = sorted(p for p in config.price_arrays_dir.rglob("*") if p.is_file())
    jobs = diskcache.Cache(str(config.jobs_dir))
    jobs.set("smallcap:jobs:fetch-lock", "held", expire=600)
    cache = loader_cache(config, Flask("writes"))
    frame = pd.DataFrame({"date": pd.to_datetime(["2020-01-01"]), "value": [1.0]})
    loaded = Loaded(frame, Provenance("test", "x", utcnow(), None, None))
    with caplog.at_level(logging.DEBUG):
        for i in range(3000):
            cache.put(f"view:{i}", loaded)
    assert not [r for r in caplog.records if "IsADirectoryError" in r.getMessage() or
                (r.exc_info and r.exc_info[0] is IsADirectoryError)]
    entries = list(config.entries_dir.iterdir())
    # threshold 2000 (+ the writes before the next count check, + its count file): the clean-up
    # ran, in its own folder
    assert 0 < len(entries) <= 2000 + COUNT_EVERY + 1
    assert cache.get("view:2999").loaded.data.equals(frame)
    assert sorted(p for p in config.price_arrays_dir.rglob("*") if p.is_file()) == arrays
    assert price_arrays.verify(arrays[0].parent) is None
    assert jobs.get("smallcap:jobs:fetch-lock") == "held"
    assert sorted(p.name for p in config.cache_dir.iterdir()) == ["entries", "jobs", "locks", "price-arrays"]
    assert data_for(config).price_history().closes.tolist() == history.closes.tolist()


def test_a_truncated_price_file_is_rebuilt_on_the_next_request(tmp_path, make_config, caplog):
    config = make_config(write_universe(tmp_path / "data"))
    data = data_for(config)
    expected = np.array(data.price_history().closes).tolist()
    (folder,) = [p for p in config.price_arrays_dir.iterdir() if p.is_dir()]
    closes = folder / "closes.npy"
    size = closes.stat().st_size
    with open(closes, "r+b") as handle:  # damaged in place, under the live mapping
        handle.truncate(size - 8)
    assert "closes.npy has" in price_arrays.verify(folder)
    with caplog.at_level(logging.WARNING):
        again = data.price_history()  # same process, next request: not the stale mapping
    assert np.array(again.closes).tolist() == expected
    assert closes.stat().st_size == size and price_arrays.verify(folder) is None
    assert any("damaged" in r.getMessage() for r in caplog.records)
    assert data.price_history() is again  # one rebuild, then the memo holds


def test_a_file_with_the_right_size_but_other_bytes_is_rebuilt(tmp_path, make_config):
    config = make_config(write_universe(tmp_path / "data"))
    expected = np.array(data_for(config).price_history().closes).tolist()
    (folder,) = [p for p in config.price_arrays_dir.iterdir() if p.is_dir()]
    closes = folder / "closes.npy"
    raw = bytearray(closes.read_bytes())
    raw[-8:] = np.float64(-1.0).tobytes()
    closes.write_bytes(bytes(raw))
    assert price_arrays.verify(folder) == "closes.npy checksum differs"
    assert np.array(data_for(config).price_history().closes).tolist() == expected  # a new worker
    assert price_arrays.verify(folder) is None


def test_a_bad_price_file_is_said_once_without_a_traceback_or_second_read(tmp_path, make_config, caplog, capfd):
    """prices.parquet with its close column named 'close': the child process reports the file's
    problem; it printed a traceback, the parent warned that the child "failed", read the file again
    and only then gave the message."""
    import pytest

    from loaders.base import LoaderError

    root = write_universe(tmp_path / "data")
    path = root / "universe" / "prices.parquet"
    pd.read_parquet(path).rename(columns={"adj_close": "close"}).to_parquet(path, index=False)
    data = data_for(make_config(root))
    with caplog.at_level(logging.WARNING), pytest.raises(LoaderError) as info:
        data.price_history()
    assert str(info.value) == ("local directory (universe/prices.parquet): missing column(s) adj_close "
                               "(found date, ticker, close)")
    assert not any("failed" in r.getMessage() for r in caplog.records)  # (then the parent read it again)
    assert "Traceback" not in capfd.readouterr().err
    assert not list(tmp_path.rglob(".error-*"))


def test_an_unreadable_child_report_falls_back_to_building_here(tmp_path):
    """A report the child could not finish writing is no error of its own (the parent builds in
    its own process then, whose reader raises the file's message)."""
    report = tmp_path / "report"
    for text in ("", "{", '{"source": "x"}', "[1]"):
        report.write_text(text)
        assert price_arrays._reported(str(report)) is None
    report.write_text('{"source": "local directory", "problem": "no price rows", "location": "/d/universe/p.parquet"}')
    assert str(price_arrays._reported(str(report))) == "local directory (universe/p.parquet): no price rows"

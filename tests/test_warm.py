"""Warm-up before the workers fork: everything the panels read is loaded once, failures are listed."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import loaders.universe
from app import create_app, warm_up
from config import Config, DataSpec
from loaders.cache import LoaderCache
from loaders.catalog import ALL_SERIES
from loaders.local import LocalDirectory
from tests.test_local_malformed import write_snapshot


def _refuse(*_args, **_kwargs):
    raise AssertionError("read again after the warm-up")


def test_after_warm_up_requests_read_neither_files_nor_the_cache(tmp_path, monkeypatch):
    root = write_snapshot(tmp_path / "data")
    days = pd.bdate_range("2024-01-02", periods=30)
    pd.DataFrame({"date": np.repeat(days, 4), "ticker": ["AAA", "BBB", "CCC", "DDD"] * 30,
                  "adj_close": np.linspace(10, 20, 120)}).to_parquet(root / "universe" / "prices.parquet")
    server = create_app(Config(data=DataSpec.parse(str(root)), cache_dir=tmp_path / "cache")).server
    report = warm_up(server)
    assert report == {"series": 5, "universes": 1, "errors": [], "seconds": report["seconds"]}
    data, universe = server.extensions["smallcap_data"], server.extensions["smallcap_universe"]
    expected = data.series("RUT").data
    monkeypatch.setattr(LocalDirectory, "load_series", _refuse)
    monkeypatch.setattr(LoaderCache, "get_fresh", _refuse)
    monkeypatch.setattr(loaders.universe, "read_fundamentals", _refuse)
    monkeypatch.setattr(loaders.universe, "read_members", _refuse)
    monkeypatch.setattr(loaders.universe.UniverseData, "_names_of", _refuse)
    assert universe.known_names() == {"AAA": "Alpha", "BBB": "Beta", "CCC": "Gamma", "DDD": "Delta"}
    assert data.series("RUT").data.equals(expected)
    assert sorted(universe.members("tiny").data["ticker"]) == ["AAA", "BBB", "CCC", "DDD"]
    assert sorted(universe.statements().tickers) == ["AAA", "BBB", "CCC", "DDD"]
    assert sorted(universe.price_history().tickers) == ["AAA", "BBB", "CCC", "DDD"]


def test_a_broken_file_is_reported_and_the_rest_is_warmed(tmp_path):
    root = write_snapshot(tmp_path / "data")
    (root / "fred" / "DGS2.csv").write_text("date,DGS2\n2024-01-02,abc\n")
    server = create_app(Config(data=DataSpec.parse(str(root)), cache_dir=tmp_path / "cache")).server
    report = warm_up(server)
    assert report["series"] == 4 and report["universes"] == 1
    dgs2, prices = report["errors"]  # the snapshot has no prices.parquet either (named once)
    assert "DGS2.csv" in dgs2 and "non-numeric value 'abc'" in dgs2
    assert "prices.parquet" in prices


def test_demo_warm_up_loads_every_series_and_universe(tmp_path):
    server = create_app(Config(data=DataSpec("demo"), cache_dir=tmp_path)).server
    report = warm_up(server)
    assert report["series"] == len(ALL_SERIES) and report["errors"] == []
    assert report["universes"] == len(server.extensions["smallcap_universe"].list_universes()) > 0


@pytest.mark.parametrize("spec", ["live", "auto"])
def test_live_sources_are_not_warmed(tmp_path, spec):
    server = create_app(Config(data=DataSpec(spec), cache_dir=tmp_path)).server
    assert warm_up(server) == {"skipped": spec}

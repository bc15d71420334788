"""Shared fixtures: the real data snapshot by path, configs and apps on a temporary cache."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from config import Config, DataSpec


def shared_data_dir() -> Path | None:
    """The ../shared/data snapshot (or $SMALLCAP_SHARED_DATA), or None when absent."""
    env = os.environ.get("SMALLCAP_SHARED_DATA")
    path = Path(env) if env else Path(__file__).resolve().parents[2] / "shared" / "data"
    return path if (path / "fred").is_dir() else None


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """Path of the real snapshot; skips the test when it is not there."""
    path = shared_data_dir()
    if path is None:
        pytest.skip("real data snapshot not found: put it at ../shared/data or set SMALLCAP_SHARED_DATA")
    return path


@pytest.fixture(scope="session")
def rut(shared_data):
    """The snapshot's Russell 2000 closes (indexes/RUT.csv as published, read with pandas)."""
    from tests.claims_snapshot import read_csv

    return read_csv(str(shared_data), "RUT")


@pytest.fixture(scope="session")
def gspc(shared_data):
    """The snapshot's S&P 500 closes (indexes/GSPC.csv as published, read with pandas)."""
    from tests.claims_snapshot import read_csv

    return read_csv(str(shared_data), "GSPC")


@pytest.fixture
def make_config(tmp_path):
    """Build a Config on a fresh cache folder: make_config("demo") or make_config(path)."""

    def build(data="demo", **overrides) -> Config:
        spec = data if isinstance(data, DataSpec) else DataSpec.parse(str(data))
        return Config(data=spec, cache_dir=tmp_path / "cache", **overrides)

    return build


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory):
    """The app on demo data, one per test module (a fresh cache folder)."""
    from app import create_app

    return create_app(Config(data=DataSpec("demo"), cache_dir=tmp_path_factory.mktemp("demo")))


@pytest.fixture(scope="module")
def demo_client(demo_app):
    """A Flask test client of :func:`demo_app`."""
    return demo_app.server.test_client()


@pytest.fixture(scope="module")
def claims_run(shared_data, tmp_path_factory):
    """``run(text, as_of) -> [record dicts]``: the claim checker on the real snapshot, one per
    module (:func:`tests.claims_snapshot.checker`)."""
    from tests.claims_snapshot import checker

    return checker(shared_data, tmp_path_factory.mktemp("cache"))

"""Configuration from environment and flags."""

from __future__ import annotations

import pytest

from config import Config, ConfigError, DataSpec


def test_data_spec_kinds(tmp_path):
    assert DataSpec.parse(None).kind == "auto"
    assert DataSpec.parse(" Demo ").kind == "demo"
    spec = DataSpec.parse(str(tmp_path))
    assert spec.kind == "dir" and spec.path == tmp_path.resolve()


def test_bad_data_spec_says_why():
    with pytest.raises(ConfigError, match="not 'auto', 'live' or 'demo', and not an existing directory"):
        DataSpec.parse("/no/such/folder")


def test_env_then_overrides(tmp_path):
    env = {"SMALLCAP_DATA": "demo", "SMALLCAP_CACHE_DIR": str(tmp_path),
           "SMALLCAP_REDIS_URL": "redis://:s3cret@localhost:6379/0"}
    config = Config.from_env(env)
    assert config.data.kind == "demo" and config.cache_dir == tmp_path
    assert config.redacted_redis_url() == "redis://:***@localhost:6379/0"
    assert Config.from_env(env, data="live").data.kind == "live"
    assert config.debug is False

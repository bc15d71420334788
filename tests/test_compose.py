"""docker-compose.yml, parsed (no Docker engine needed): services, commands, volumes, entry points.

The commands are checked against what exists: the Dockerfile, ``gunicorn ... app:server``
(gunicorn's own ``--check-config`` loads it) and ``celery -A app:celery_app`` (resolved with
the compose environment, as the worker would).
"""

from __future__ import annotations

import importlib
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def interpolate(value: str, env: dict[str, str] | None = None) -> str:
    """Compose's ``${NAME:-default}`` interpolation with ``env`` (default: nothing set)."""
    env = env or {}
    return re.sub(r"\$\{(\w+):-([^}]*)\}", lambda m: env.get(m.group(1)) or m.group(2), value)


def environment(service: dict) -> dict[str, str]:
    return {k: interpolate(str(v)) for k, v in service["environment"].items()}


def test_services_and_images(compose):
    services = compose["services"]
    assert set(services) == {"redis", "app", "worker", "exporter", "proxy"}
    for name in ("app", "worker", "exporter"):
        build = services[name]["build"]
        assert (ROOT / build["context"] / build["dockerfile"]).is_file()
        assert services[name]["image"] == services["app"]["image"]
        assert services[name]["depends_on"]["redis"]["condition"] == "service_healthy"
    assert services["redis"]["image"].startswith("redis:")
    redis = services["redis"]["command"]
    assert redis[redis.index("--maxmemory") + 1] == "512mb"
    assert redis[redis.index("--maxmemory-policy") + 1] == "volatile-lru"


def test_app_runs_four_gunicorn_workers_on_app_server(compose):
    command = compose["services"]["app"]["command"]
    assert command[0] == "gunicorn" and command[-1] == "app:server"
    assert command[command.index("--workers") + 1] == "4"
    assert "0.0.0.0:8050" in command[command.index("--bind") + 1]
    # only the proxy is published: every request reaches gunicorn through nginx
    assert "ports" not in compose["services"]["app"] and compose["services"]["app"]["expose"] == ["8050"]
    proxy = compose["services"]["proxy"]
    assert proxy["image"].startswith("nginx:") and proxy["ports"] == ["8050:8080"]
    assert "./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro" in proxy["volumes"]


def test_worker_runs_celery_on_app_celery_app(compose):
    command = compose["services"]["worker"]["command"]
    assert command[:4] == ["celery", "-A", "app:celery_app", "worker"]
    assert command[command.index("--pool") + 1] == "prefork"  # Cancel can terminate a running job


def test_exporter_is_one_process_on_the_export_queue(compose):
    from server.export_queue import QUEUE

    services = compose["services"]
    command = services["exporter"]["command"]
    assert command[:4] == ["celery", "-A", "app:celery_app", "worker"]
    assert command[command.index("-Q") + 1] == QUEUE and command[command.index("--pool") + 1] == "solo"
    assert command[command.index("--concurrency") + 1] == "1"  # one Chromium, one PNG at a time
    assert "-Q" not in services["worker"]["command"]  # the jobs worker does not take exports
    assert environment(services["exporter"]) == environment(services["app"])


def test_redis_urls_point_at_the_redis_service(compose):
    services = compose["services"]
    for name in ("app", "worker"):
        env = environment(services[name])
        for key in ("SMALLCAP_REDIS_URL", "SMALLCAP_CELERY_URL"):
            url = urlsplit(env[key])
            assert url.scheme == "redis" and url.hostname in services and url.hostname == "redis"
        assert env["SMALLCAP_REDIS_URL"] != env["SMALLCAP_CELERY_URL"]  # cache and jobs in separate databases
    assert environment(services["app"]) == environment(services["worker"])


def test_cache_volume_and_optional_data_folder(compose):
    declared = set(compose["volumes"])
    for name in ("app", "worker"):
        service = compose["services"][name]
        env = environment(service)
        mounts = [interpolate(v).split(":") for v in service["volumes"]]
        targets = {target: source for source, target, *_ in mounts}
        assert targets[env["SMALLCAP_CACHE_DIR"]] == "cache" and "cache" in declared
        assert targets[env["SMALLCAP_STATE_DIR"]] == "state" and "state" in declared  # uploads: not the cache
        assert targets["/data"] == "data" and "data" in declared  # unset: an empty named volume
        assert env["SMALLCAP_DATA"] == "auto"
    data_mount = next(v for v in compose["services"]["app"]["volumes"] if ":/data" in v)
    assert interpolate(data_mount, {"SMALLCAP_DATA_DIR": "/srv/snapshot"}) == "/srv/snapshot:/data:ro"
    assert interpolate(compose["services"]["app"]["environment"]["SMALLCAP_DATA"],
                       {"SMALLCAP_DATA": "/data"}) == "/data"
    assert "redis-data:/data" in compose["services"]["redis"]["volumes"]


def _compose_env(compose, tmp_path) -> dict[str, str]:
    env = environment(compose["services"]["app"])
    return {**env, "SMALLCAP_DATA": "demo", "SMALLCAP_CACHE_DIR": str(tmp_path / "cache")}


def test_gunicorn_loads_app_server(compose, tmp_path):
    command = compose["services"]["app"]["command"]
    env = {**os.environ, **_compose_env(compose, tmp_path)}
    result = subprocess.run([sys.executable, "-m", "gunicorn", "--check-config", *command[1:]],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


# Apps built by earlier tests in this process registered the same Dash task names first.
@pytest.mark.filterwarnings("ignore::celery.exceptions.DuplicateTaskNameWarning")
def test_celery_app_resolves_with_the_compose_environment(compose, tmp_path, monkeypatch):
    for key, value in _compose_env(compose, tmp_path).items():
        monkeypatch.setenv(key, value)
    module, attribute = compose["services"]["worker"]["command"][2].split(":")
    celery = getattr(importlib.import_module(module), attribute)
    assert celery.conf.broker_url == environment(compose["services"]["worker"])["SMALLCAP_CELERY_URL"]
    assert any(name.startswith("background_callback_") for name in celery.tasks)


def test_the_image_installs_what_the_services_run():
    """The Dockerfile installs the project's dependencies: they must include the job runners."""
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    names = {re.split(r"[\[<>=!~ ;]", d, maxsplit=1)[0].lower() for d in dependencies}
    assert {"gunicorn", "celery", "diskcache", "multiprocess", "psutil", "redis"} <= names


def test_the_image_copies_every_module_the_server_runs():
    """What ``gunicorn app:server`` in /app needs: the top-level modules (gunicorn.conf.py
    among them: it preloads the app), the packages and the assets; not tests or benchmarks."""
    copied = set()
    for line in (ROOT / "Dockerfile").read_text().splitlines():
        if line.startswith("COPY "):
            copied.update(part.rstrip("/") for part in line.split()[1:-1])
    needed = {p.name for p in ROOT.glob("*.py")} | {"assets"}
    needed |= {p.parent.name for p in ROOT.glob("*/__init__.py")} - {"tests", "benchmarks"}
    assert "gunicorn.conf.py" in needed and "loaders" in needed
    assert needed <= copied, sorted(needed - copied)


def test_the_benchmark_servers_run_with_the_images_memory_settings():
    """benchmarks.servers.PRODUCTION_ENV mirrors the Dockerfile's malloc and Arrow settings, so
    the memory the benchmark reports is the memory the image would use."""
    from benchmarks.servers import PRODUCTION_ENV

    dockerfile = (ROOT / "Dockerfile").read_text()
    settings = dict(re.findall(r"^\s+((?:MALLOC|ARROW)_\w+)=(\S+?)\s*\\?$", dockerfile, flags=re.MULTILINE))
    assert settings == PRODUCTION_ENV
    assert settings["MALLOC_MMAP_THRESHOLD_"] == "131072"

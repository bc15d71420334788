"""PNG exports through the Celery export queue: redis-server and a real ``celery worker -Q exports``
subprocess with a real Chromium.

The worker runs ``celery -A tests.test_export_celery:celery_app worker -Q exports --pool solo``:
this module's lazy ``celery_app`` builds the app as ``app:celery_app`` does, with a PNG renderer
that records each rendering in a file and, when ``SMALLCAP_TEST_GATE`` is set, waits for that
file before drawing (then draws with the real :class:`components.png.PngRenderer`), so "in
flight" and "full" are states the test controls. Skipped without redis-server.
"""

from __future__ import annotations

import os
import struct
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from app import create_app
from components.png import PngRenderer
from config import Config
from server.export_queue import QUEUE_KEY, CeleryRenderer, redis_client
from server.jobs import celery_app_of
from server.renderer import SharedRenderer
from tests.celery_worker import start_worker, stop_workers, wait_ready
from tests.redis_server import redis_server  # noqa: F401 - fixture
from tests.test_background_diskcache import offline_fetchers

ROOT = Path(__file__).resolve().parents[1]
VIEW = "/export/rates.png?start=2024-01-02&end=2024-06-28"


class RecordingPng(PngRenderer):
    """The real renderer, recording each call (pid and size) in a file, and waiting for the
    gate file first when there is one."""

    def __init__(self, calls: Path, gate: Path | None):
        super().__init__(idle_seconds=None)
        self.calls_file, self.gate = calls, gate

    def render(self, fig, size):
        with self.calls_file.open("a") as out:
            out.write(f"{os.getpid()} {size.width}x{size.height}\n")
        deadline = time.monotonic() + 60
        while self.gate is not None and not self.gate.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        return super().render(fig, size)


def _png_from_env() -> RecordingPng:
    gate = os.environ.get("SMALLCAP_TEST_GATE")
    return RecordingPng(Path(os.environ["SMALLCAP_TEST_CALLS"]), Path(gate) if gate else None)


def __getattr__(name: str):
    """Lazy ``celery_app`` for the worker subprocess (as in ``app.py``, with a recording renderer)."""
    if name == "celery_app":
        app = create_app(Config.from_env(), fetchers=offline_fetchers(), png_factory=_png_from_env)
        return celery_app_of(app.server.extensions["smallcap_background"])
    raise AttributeError(name)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", data[:40]
    return struct.unpack(">II", data[16:24])


def calls(tmp_path: Path) -> list[str]:
    path = tmp_path / "calls"
    return path.read_text().splitlines() if path.exists() else []


def wait_until(predicate, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.05)


@pytest.fixture
def deployment(redis_server, tmp_path, shared_data):  # noqa: F811 - fixture use
    """``deployment(gated=False, queue=4)`` -> web app; starts the export worker for it."""
    workers: list[subprocess.Popen] = []

    def start(*, gated: bool = False, queue: int = 4):
        base = redis_server.url.rsplit("/", 1)[0]
        env = {**os.environ, "SMALLCAP_DATA": str(shared_data), "SMALLCAP_CACHE_DIR": str(tmp_path / "cache"),
               "SMALLCAP_REDIS_URL": f"{base}/0", "SMALLCAP_CELERY_URL": f"{base}/1",
               "SMALLCAP_EXPORT_QUEUE": str(queue), "SMALLCAP_EXPORT_WAITERS": "8",
               "SMALLCAP_TEST_CALLS": str(tmp_path / "calls"), "PYTHONPATH": str(ROOT)}
        if gated:
            env["SMALLCAP_TEST_GATE"] = str(tmp_path / "gate")
        log = tmp_path / "worker.log"
        worker = start_worker("tests.test_export_celery:celery_app",
                              ["-Q", "exports", "--pool=solo", "--concurrency=1", "-n", f"export-{redis_server.port}@%h"],
                              env, log)
        workers.append(worker)
        app = create_app(Config.from_env(env), fetchers=offline_fetchers())
        wait_ready(app, worker, log)
        return app

    yield start
    stop_workers(workers)


def test_the_renderer_follows_smallcap_celery_url(tmp_path):
    base = {"SMALLCAP_DATA": "demo", "SMALLCAP_CACHE_DIR": str(tmp_path / "cache")}
    without = create_app(Config.from_env(base), fetchers=offline_fetchers())
    assert isinstance(without.server.extensions["smallcap_exporter"].png_renderer, SharedRenderer)
    with_celery = create_app(Config.from_env({**base, "SMALLCAP_CELERY_URL": "redis://127.0.0.1:1/1",
                                              "SMALLCAP_EXPORT_QUEUE": "3"}), fetchers=offline_fetchers())
    renderer = with_celery.server.extensions["smallcap_exporter"].png_renderer
    assert isinstance(renderer, CeleryRenderer) and renderer.max_waiting == 3


def test_a_png_is_drawn_by_the_export_worker_and_cached_by_view(deployment, tmp_path):
    app = deployment()
    client = app.server.test_client()
    response = client.get(VIEW + "&width=800&height=400&scale=1")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert png_size(response.data) == (800, 400)
    (line,) = calls(tmp_path)
    assert int(line.split()[0]) != os.getpid() and line.split()[1] == "800x400"  # drawn in the worker
    # the same view written differently (parameter order): from the PNG cache, no new rendering
    again = client.get("/export/rates.png?end=2024-06-28&width=800&start=2024-01-02&scale=1&height=400")
    assert again.status_code == 200 and again.data == response.data
    assert len(calls(tmp_path)) == 1
    # another size is another rendering, at that size (scale 2: twice the pixels)
    other = client.get(VIEW + "&width=500&height=300&scale=2")
    assert other.status_code == 200 and png_size(other.data) == (1000, 600)
    assert len(calls(tmp_path)) == 2


def test_identical_requests_share_one_rendering_and_a_full_queue_answers_429(deployment, tmp_path):
    app = deployment(gated=True, queue=1)  # one rendering running, one waiting
    client = app.server.test_client
    celery = celery_app_of(app.server.extensions["smallcap_background"])
    redis = redis_client(celery.conf.broker_url)
    with ThreadPoolExecutor(8) as pool:
        same = [pool.submit(lambda: client().get(VIEW + "&width=800&height=400&scale=1")) for _ in range(4)]
        wait_until(lambda: len(calls(tmp_path)) == 1)  # the worker holds it at the gate
        wait_until(lambda: redis.zcard(QUEUE_KEY) == 1)
        waiting = pool.submit(lambda: client().get(VIEW + "&width=600&height=400&scale=1"))
        wait_until(lambda: redis.zcard(QUEUE_KEY) == 2)  # queued behind it: the queue is full
        refused = client().get(VIEW + "&width=700&height=400&scale=1")
        assert refused.status_code == 429, refused.get_data(as_text=True)
        # one waiting rendering, no render time measured yet (5 s first guess): (1 + 1) x 5
        assert refused.headers["Retry-After"] == "10"
        assert "export queue is full" in refused.get_data(as_text=True)
        (tmp_path / "gate").touch()
        answers = [f.result(120) for f in same]
        assert all(a.status_code == 200 for a in answers), [a.get_data(as_text=True) for a in answers]
        assert len({a.data for a in answers}) == 1 and png_size(answers[0].data) == (800, 400)
        assert png_size(waiting.result(120).data) == (600, 400)
    assert [line.split()[1] for line in calls(tmp_path)] == ["800x400", "600x400"]
    wait_until(lambda: redis.zcard(QUEUE_KEY) == 0)
    # a place is free again: the refused view renders now
    later = client().get(VIEW + "&width=700&height=400&scale=1")
    assert later.status_code == 200 and png_size(later.data) == (700, 400)


def test_a_rendering_whose_worker_died_does_not_keep_the_queue_full(redis_server, tmp_path):  # noqa: F811
    from celery import Celery

    from server import export_queue

    celery = Celery("t", broker=redis_server.url, backend=redis_server.url, set_as_current=False)
    renderer = CeleryRenderer(celery, max_waiting=0)
    redis = redis_client(redis_server.url)
    # a rendering admitted 11 minutes ago whose worker never finished it
    redis.zadd(QUEUE_KEY, {"lost": time.time() - export_queue.STALE_SECONDS - 60})
    status, task_id = renderer._admission("fresh")
    assert status == "new" and redis.zrange(QUEUE_KEY, 0, -1) == [b"fresh"]
    assert redis.ttl(export_queue.flight_key("fresh")) > 0  # Redis may evict it (volatile-lru)
    assert renderer._admission("fresh") == ("joined", task_id)
    assert renderer._admission("other") == ("busy", "0")

"""CeleryManager end to end: redis-server, a real ``celery worker`` subprocess, progress and cancel.

The worker runs ``celery -A tests.test_background_celery:celery_app worker``: this module's lazy
``celery_app`` builds the app exactly as ``app:celery_app`` does (``create_app`` from the
environment), with fake universe fetchers, so the web side (this process) and the worker
register the same background callbacks under the same task names. Skipped without redis-server.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from app import create_app
from server.jobs import FetchJobs, celery_app_of, job_store
from callbacks.universe_refresh import CANCELLED_TEXT
from components.ids import Id
from config import Config
from tests.celery_worker import start_worker, stop_workers, wait_ready
from tests.redis_server import redis_server  # noqa: F401 - fixture
from tests.test_background_diskcache import DashPage, FetchRun, offline_fetchers, wait_dead, wait_for_file
from tests.test_background_refresh import SlowFetchers

ROOT = Path(__file__).resolve().parents[1]


def _fakes_from_env() -> SlowFetchers:
    gate = os.environ.get("SMALLCAP_TEST_GATE")
    return SlowFetchers(sec_steps=3, gate=Path(gate) if gate else None,
                        pid_file=Path(os.environ["SMALLCAP_TEST_PID_FILE"]),
                        ignore_cancel=os.environ.get("SMALLCAP_TEST_IGNORE_CANCEL") == "1")


def __getattr__(name: str):
    """Lazy ``celery_app`` for the worker subprocess (as in ``app.py``, with fake fetchers)."""
    if name == "celery_app":
        app = create_app(Config.from_env(), fetchers=offline_fetchers(), universe_fetchers=_fakes_from_env().bundle())
        return celery_app_of(app.server.extensions["smallcap_background"])
    raise AttributeError(name)


@pytest.fixture
def deployment(redis_server, tmp_path):  # noqa: F811 - fixture use
    """``deployment(ignore_cancel=False)`` -> (web app, env); starts a celery worker for it."""
    workers: list[subprocess.Popen] = []

    def start(*, ignore_cancel: bool = False):
        base = redis_server.url.rsplit("/", 1)[0]
        env = {**os.environ, "SMALLCAP_DATA": "auto", "SMALLCAP_CACHE_DIR": str(tmp_path / "cache"),
               "SMALLCAP_REDIS_URL": f"{base}/0", "SMALLCAP_CELERY_URL": f"{base}/1",
               "SMALLCAP_TEST_GATE": str(tmp_path / "gate"), "SMALLCAP_TEST_PID_FILE": str(tmp_path / "pid"),
               "SMALLCAP_TEST_IGNORE_CANCEL": "1" if ignore_cancel else "0",
               "PYTHONPATH": str(ROOT)}
        log = tmp_path / "worker.log"
        worker = start_worker("tests.test_background_celery:celery_app",
                              ["--pool=prefork", "--concurrency=1", "-n", f"test-{redis_server.port}@%h"], env, log)
        workers.append(worker)
        app = create_app(Config.from_env(env), fetchers=offline_fetchers())
        wait_ready(app, worker, log)
        return app

    yield start
    stop_workers(workers)


def test_worker_runs_the_fetch_with_progress(deployment, tmp_path):
    app = deployment()
    universe = app.server.extensions["smallcap_universe"]
    run = FetchRun(DashPage(app.server.test_client()), token="page-1")
    run.wait_for_stage("Step 1 of 2, SEC EDGAR: 1 of 3 requests")  # reported by the worker, read via Redis
    assert int(wait_for_file(tmp_path / "pid")) != os.getpid()
    (tmp_path / "gate").touch()
    response = run.wait_for_result()
    assert response[Id.REFRESH_STATUS]["children"]["props"]["children"].startswith(
        "Fetched ishares:IWM: 3 members, 3 statement rows from SEC EDGAR")
    # stored by the worker in the shared Redis cache, seen by the web side
    assert sorted(universe.price_history().tickers) == ["AAA", "BBB", "CCC"]
    assert not universe.prices().provenance.demo


def test_cancel_terminates_the_task(deployment, tmp_path):
    app = deployment(ignore_cancel=True)
    universe = app.server.extensions["smallcap_universe"]
    jobs = FetchJobs(job_store(app.server.extensions["smallcap_background"]))
    run = FetchRun(DashPage(app.server.test_client()), token="page-1")
    run.wait_for_stage("Step 1 of 2, SEC EDGAR: 1 of 3 requests")
    pid = int(wait_for_file(tmp_path / "pid"))
    assert jobs.holder().token == "page-1"
    run.cancel()
    assert wait_dead(pid), "the worker's pool process still runs the cancelled fetch"
    assert run.said["props"]["children"] == CANCELLED_TEXT
    assert run.poll()[0] == 204
    assert jobs.holder() is None
    assert universe.prices().provenance.demo  # nothing live was stored

"""A real Celery worker for tests: started in its own process group, awaited, stopped."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from server.jobs import celery_app_of

ROOT = Path(__file__).resolve().parents[1]
#: Seconds a worker gets to answer a ping after it starts.
READY_SECONDS = 60


def start_worker(app_path: str, options: list[str], env: dict, log_path: Path) -> subprocess.Popen:
    """``celery -A app_path worker <options>`` with ``env``, its output in ``log_path``."""
    log = log_path.open("w")
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", app_path, "worker", *options, "--loglevel=INFO",
         "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def wait_ready(app, worker: subprocess.Popen, log_path: Path) -> None:
    """Wait until the Celery app of the Dash ``app`` gets a ping answer (the worker's log on failure)."""
    celery = celery_app_of(app.server.extensions["smallcap_background"])
    deadline = time.monotonic() + READY_SECONDS
    while not celery.control.ping(timeout=0.5):
        assert worker.poll() is None, log_path.read_text()[-3000:]
        assert time.monotonic() < deadline, "celery worker not ready: " + log_path.read_text()[-3000:]


def stop_workers(workers: list[subprocess.Popen]) -> None:
    """SIGTERM each worker's process group, SIGKILL after 20 s."""
    for worker in workers:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait(timeout=10)

"""Start and stop the servers a load test needs: redis-server and gunicorn serving ``app:server``.

Both bind a free loopback port, wait until they answer, and stop the process they started
(and only it) when the ``with`` block ends::

    with RedisServer() as redis, Gunicorn(workers=4, data="/path/to/data", redis_url=redis.url) as app:
        print(app.url)
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: The memory settings the Dockerfile gives gunicorn (a caller's environment overrides them):
#: fewer glibc arenas, blocks of 128 kB and more always in their own mappings (glibc otherwise
#: raises that threshold as large arrays are freed, and later ones fragment the heap; about 50 MB
#: less PSS over the benchmark), and Arrow allocating with malloc, so freed memory goes back.
PRODUCTION_ENV = {"MALLOC_ARENA_MAX": "2", "MALLOC_MMAP_THRESHOLD_": "131072", "ARROW_DEFAULT_MEMORY_POOL": "system"}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServerError(RuntimeError):
    """A server did not start; the message says which and shows the end of its log."""


def _tail(path: Path, chars: int = 3000) -> str:
    try:
        return path.read_text(errors="replace")[-chars:]
    except OSError:
        return ""


def _stop(process: subprocess.Popen | None, *, grace: float) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


class RedisServer:
    """A throwaway ``redis-server`` (no persistence) on a free loopback port.

    Args:
        port: Port to bind (default: a free one).
        executable: The ``redis-server`` binary (default: found on ``PATH``).
    """

    def __init__(self, *, port: int | None = None, executable: str | None = None):
        self.port = port or free_port()
        self.executable = executable or shutil.which("redis-server")
        self.process: subprocess.Popen | None = None
        self._folder = tempfile.TemporaryDirectory(prefix="smallcap-redis-")

    @property
    def url(self) -> str:
        """``redis://127.0.0.1:<port>/0``."""
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, *, timeout: float = 15.0) -> "RedisServer":
        """Start it and wait until it accepts connections.

        Raises:
            ServerError: no redis-server binary, or it did not come up within ``timeout``.
        """
        if not self.executable:
            raise ServerError("redis-server not found (Debian: apt-get install redis-server)")
        log = Path(self._folder.name) / "redis.log"
        self.process = subprocess.Popen(
            [self.executable, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", self._folder.name, "--logfile", str(log)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerError(f"redis-server exited ({self.process.returncode}): {_tail(log)}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return self
            except OSError:
                pass
            time.sleep(0.05)
        self.stop()
        raise ServerError(f"redis-server did not answer on port {self.port} within {timeout:.0f} s: {_tail(log)}")

    def stop(self) -> None:
        """Stop the server this object started."""
        _stop(self.process, grace=10)
        self.process = None

    def __enter__(self) -> "RedisServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
        self._folder.cleanup()


class Gunicorn:
    """``gunicorn app:server`` with ``workers`` workers on a free loopback port.

    Args:
        workers: Worker processes.
        data: Data spec (``SMALLCAP_DATA``): ``demo``, ``auto``, ``live`` or a directory.
        redis_url: ``SMALLCAP_REDIS_URL`` (None: a file-system cache in ``cache_dir``).
        cache_dir: ``SMALLCAP_CACHE_DIR`` (default: a fresh temporary folder).
        threads: Threads per worker (``--threads``; 1 = one request at a time); ``None``: what the
            project's ``gunicorn.conf.py`` sets (the deployed setting).
        port: Port (default: a free one).
        timeout: gunicorn's worker timeout in seconds.
        env: Extra environment variables.
    """

    def __init__(self, *, workers: int = 4, data: str = "demo", redis_url: str | None = None,
                 cache_dir: str | Path | None = None, threads: int | None = 1, port: int | None = None,
                 timeout: int = 120, env: dict[str, str] | None = None):
        self.workers, self.data, self.redis_url, self.threads = workers, str(data), redis_url, threads
        self.port, self.worker_timeout = port or free_port(), timeout
        self._folder = tempfile.TemporaryDirectory(prefix="smallcap-gunicorn-")
        self.cache_dir = Path(cache_dir) if cache_dir else Path(self._folder.name) / "cache"
        self.extra_env = dict(env or {})
        self.process: subprocess.Popen | None = None
        self.log = Path(self._folder.name) / "gunicorn.log"
        self.ready_after_s = float("nan")

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>``."""
        return f"http://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        """The gunicorn command line."""
        threads = [] if self.threads is None else ["--threads", str(self.threads)]
        return [sys.executable, "-m", "gunicorn", "--workers", str(self.workers), *threads,
                "--timeout", str(self.worker_timeout), "--bind", f"127.0.0.1:{self.port}",
                "app:server"]

    def environment(self) -> dict[str, str]:
        """The process environment: the caller's, then the app's settings."""
        env = {**PRODUCTION_ENV, **os.environ, "SMALLCAP_DATA": self.data, "SMALLCAP_CACHE_DIR": str(self.cache_dir),
               "SMALLCAP_SERVER_TIMING": "1", **self.extra_env}
        env.pop("SMALLCAP_REDIS_URL", None)
        if self.redis_url:
            env["SMALLCAP_REDIS_URL"] = self.redis_url
        return env

    def start(self, *, timeout: float = 240.0) -> "Gunicorn":
        """Start gunicorn and wait until ``GET /`` answers 200.

        Raises:
            ServerError: gunicorn exited, or ``/`` did not answer within ``timeout`` seconds.
        """
        log = self.log.open("w")
        started = time.monotonic()
        self.process = subprocess.Popen(self.command(), cwd=ROOT, env=self.environment(),
                                        stdout=log, stderr=subprocess.STDOUT)
        deadline = started + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerError(f"gunicorn exited ({self.process.returncode}): {_tail(self.log)}")
            try:
                with urllib.request.urlopen(self.url + "/", timeout=60) as response:
                    if response.status == 200:
                        self.ready_after_s = time.monotonic() - started
                        return self
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
        self.stop()
        raise ServerError(f"gunicorn did not serve {self.url}/ within {timeout:.0f} s: {_tail(self.log)}")

    def memory_mb(self) -> dict[str, float]:
        """Memory of the master and its workers (MB): ``pss`` counts pages shared between the
        processes once (the memory the server really holds), ``rss`` counts them per process."""
        pids = [self.process.pid] + _children(self.process.pid)
        totals = {"pss": 0.0, "rss": 0.0}
        for pid in pids:
            try:
                text = Path(f"/proc/{pid}/smaps_rollup").read_text()
            except OSError:
                continue
            for line in text.splitlines():
                name, _, value = line.partition(":")
                if name in ("Pss", "Rss"):
                    totals[name.lower()] += int(value.split()[0]) / 1024
        return totals

    def stop(self) -> None:
        """Stop the gunicorn master this object started (it stops its workers)."""
        _stop(self.process, grace=30)
        self.process = None

    def __enter__(self) -> "Gunicorn":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
        self._folder.cleanup()


def _children(pid: int) -> list[int]:
    """Child process ids of ``pid`` (gunicorn's workers), from /proc."""
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []

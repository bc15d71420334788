"""The loader cache: flask-caching underneath, freshness and stale copies on top.

One entry per loader key holds the last good :class:`~loaders.base.Loaded` and when it was
stored. The backend keeps entries for :data:`ENTRY_TTL_SECONDS` (30 days); freshness is decided here by comparing the
entry's age with the source's TTL, so an expired entry is still there to serve as the last
good copy (marked stale, with its age) when the live source fails. Only validated data is
ever stored: a failed, empty or invalid response never reaches :meth:`LoaderCache.put`.

Keys are plain strings built from the loader name and its arguments (``fred:DGS10``), the same
in every process, so gunicorn workers sharing Redis or a cache folder agree on them.

Failover. With Redis configured, a failing backend (Redis stopped, restarted, unreachable)
does not break a request: :class:`LoaderCache` logs one warning, serves reads and writes
from a small in-process fallback cache, retries the backend every
:data:`RETRY_SECONDS`, and logs when it is back.

Leases (:meth:`LoaderCache.lease`, one fetch of a series across workers) come from library
locks: ``filelock`` files in the locks folder beside a file-system cache, redis-py's ``Lock``
(atomic release by token) on Redis, a per-process lock while Redis is down.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from cachelib import SimpleCache
from filelock import FileLock, Timeout as FileLockTimeout
from flask import Flask
from flask_caching import Cache

from loaders.base import Loaded
from loaders.locks import KeyLocks

log = logging.getLogger(__name__)

NAMESPACE = "smallcap:v1:"
#: Seconds between attempts to use a backend that failed.
RETRY_SECONDS = 5.0
#: Entries the in-process fallback keeps while the backend is down.
FALLBACK_SIZE = 500
#: Seconds a loader entry is kept (every key expires; freshness is decided by the source's TTL,
#: and within this time an expired entry still serves as the last good copy).
ENTRY_TTL_SECONDS = 30 * 24 * 3600
#: Redis socket timeouts (seconds): a dead server must not hold a request for long.
REDIS_TIMEOUTS = {"socket_connect_timeout": 0.5, "socket_timeout": 2.0}


def make_cache(config, app: Flask | None = None) -> Cache:
    """Create the flask-caching ``Cache`` for ``config`` and bind it to ``app``.

    Redis when ``config.redis_url`` is set, otherwise a file-system cache in
    ``config.entries_dir`` (``<cache_dir>/entries``: that folder holds cache entries only, because
    flask-caching's clean-up past its threshold deletes any file in it). A bare Flask app is
    created when none is given (CLI use).
    """
    app = app or Flask("smallcap-monitor-cache")
    if not getattr(config, "caching", True):  # measurements: nothing is kept
        return Cache(app, config={"CACHE_TYPE": "NullCache", "CACHE_NO_NULL_WARNING": True})
    if config.redis_url:
        settings = {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": config.redis_url,
                    "CACHE_OPTIONS": dict(REDIS_TIMEOUTS)}
    else:
        config.entries_dir.mkdir(parents=True, exist_ok=True)
        settings = {
            # flask-caching's, pruned in batches (at the threshold, its own reads every file per write)
            "CACHE_TYPE": "loaders.file_cache.BatchPrunedFileSystemCache",
            "CACHE_DIR": str(config.entries_dir),  # its own folder: its clean-up removes any file there
            "CACHE_THRESHOLD": 2000,
        }
    # every key expires (Redis runs with volatile-lru: only keys with a TTL may be evicted)
    settings.update({"CACHE_DEFAULT_TIMEOUT": ENTRY_TTL_SECONDS, "CACHE_KEY_PREFIX": NAMESPACE})
    return Cache(app, config=settings)


def loader_cache(config, app: Flask | None = None, **options) -> "LoaderCache":
    """The :class:`LoaderCache` for ``config``: its backend, and lease files (``filelock``) in
    ``config.locks_dir`` beside a file cache (Redis holds its own leases)."""
    lease_dir = None if config.redis_url else config.locks_dir
    return LoaderCache(make_cache(config, app), lease_dir=lease_dir, **options)


def _redis_client(cache) -> tuple[Any, str] | None:
    """The redis-py client and key prefix behind a flask-caching Redis backend, or ``None``."""
    backend = getattr(cache, "cache", None)
    client = getattr(backend, "_write_client", None)
    if client is None or not hasattr(client, "lock"):
        return None
    prefix = backend.key_prefix
    return client, prefix() if callable(prefix) else prefix


class Lease:
    """A held lease (see :meth:`LoaderCache.lease`); :meth:`release` gives it back once."""

    def __init__(self, name: str, release: Callable[[], None]):
        self.name = name
        self._release = release  # a bound method: keeps its lock alive while the lease is held

    def release(self) -> None:
        """Give the lease back; a lease that expired meanwhile (Redis) is logged and left alone,
        so the next holder keeps its own."""
        release, self._release = self._release, None
        if release is None:
            return
        try:
            release()
        except Exception as exc:  # noqa: BLE001 - redis LockNotOwnedError, or Redis gone
            log.warning("lease %s was not released (%s: %s); it expires by itself",
                        self.name, type(exc).__name__, exc)


@dataclass(frozen=True)
class Entry:
    """A cached :class:`Loaded` and the epoch second it was stored."""

    loaded: Loaded
    stored_at: float

    def age(self, now: float) -> float:
        """Seconds since the entry was stored."""
        return max(0.0, now - self.stored_at)


class LoaderCache:
    """Get and put loader results in a flask-caching backend, with failover.

    Args:
        cache: A flask-caching ``Cache`` bound to an app.
        clock: Returns the current epoch seconds (injectable for tests).
        fallback: Cache used while the backend fails (default: an in-process ``SimpleCache``).
    """

    def __init__(self, cache: Cache, *, clock: Callable[[], float] = time.time, fallback=None,
                 lease_dir: Path | None = None):
        self._cache = cache
        self._clock = clock
        self._lease_dir = Path(lease_dir) if lease_dir is not None else None
        self._fallback = fallback if fallback is not None else SimpleCache(threshold=FALLBACK_SIZE,
                                                                          default_timeout=0)
        self._lock = threading.Lock()
        self._redis = _redis_client(cache)
        self._local_leases = KeyLocks()
        self._down_since: float | None = None
        self._retry_at = 0.0

    def now(self) -> float:
        """Current epoch seconds by this cache's clock."""
        return self._clock()

    @property
    def degraded(self) -> bool:
        """Whether the backend is failing and the in-process fallback serves."""
        return self._down_since is not None

    # -------------------------------------------------------------- raw values, with failover
    def _call(self, op: str, key: str, *args) -> tuple[bool, Any]:
        """Run ``op`` on the backend unless it is down; ``(True, result)`` or ``(False, None)``."""
        return self._run(op, key, lambda: getattr(self._cache, op)(key, *args))

    def _run(self, op: str, key: str, action: Callable[[], Any]) -> tuple[bool, Any]:
        """Run ``action`` (``op`` on ``key``, for the log) unless the backend is down."""
        if self._down_since is not None and time.monotonic() < self._retry_at:
            return False, None
        try:
            result = action()
        except Exception as exc:  # noqa: BLE001 - any backend failure means: use the fallback
            with self._lock:
                if self._down_since is None:
                    self._down_since = time.monotonic()
                    log.warning("cache backend failed (%s on %s: %s); serving from a local cache "
                                "and retrying every %.0f s", op, key, type(exc).__name__, RETRY_SECONDS)
                self._retry_at = time.monotonic() + RETRY_SECONDS
            return False, None
        if self._down_since is not None:
            with self._lock:
                if self._down_since is not None:
                    log.warning("cache backend is back after %.0f s", time.monotonic() - self._down_since)
                    self._down_since = None
        return True, result

    def get_value(self, key: str) -> Any:
        """The raw value under ``key`` or ``None`` (backend, else the fallback while it is down)."""
        ok, value = self._call("get", key)
        return value if ok else self._fallback.get(key)

    def set_value(self, key: str, value: Any, *, timeout: int = ENTRY_TTL_SECONDS) -> bool:
        """Store a raw value for ``timeout`` seconds; whether a cache accepted it."""
        ok, result = self._call("set", key, value, timeout)
        if ok:
            return bool(result)
        return bool(self._fallback.set(key, value, timeout=timeout))

    def lease(self, name: str, *, seconds: int) -> "Lease | None":
        """Take the lease ``name`` unless someone holds it: the held :class:`Lease`, or ``None``.

        Across processes, from a library lock: a non-blocking ``filelock.FileLock`` under
        ``lease_dir`` for a file-system cache (the operating system drops it when its process
        dies, so it needs no expiry); redis-py's ``Lock`` on Redis, which expires after
        ``seconds`` and releases by token (an expired holder cannot free the next holder's
        lease). While Redis is down, and for caches that live in one process, the lease is a
        per-process lock (the worker's own per-key lock already serialises its threads).
        """
        if self._lease_dir is not None:
            self._lease_dir.mkdir(parents=True, exist_ok=True)
            path = self._lease_dir / (hashlib.sha1(name.encode()).hexdigest() + ".lease")
            lock = FileLock(path, timeout=0, thread_local=False)
            try:
                lock.acquire()
            except FileLockTimeout:
                return None
            return Lease(name, lock.release)
        if self._redis is not None:
            client, prefix = self._redis
            lock = client.lock(f"{prefix}lease:{name}", timeout=seconds, blocking=False,
                               thread_local=False)
            ok, got = self._run("lease", name, lock.acquire)
            if ok:
                return Lease(name, lock.release) if got else None
        lock = self._local_leases(name)
        if not lock.acquire(blocking=False):
            return None
        return Lease(name, lock.release)

    def delete(self, key: str) -> None:
        """Forget ``key`` (in the backend and the fallback)."""
        self._call("delete", key)
        self._fallback.delete(key)

    # -------------------------------------------------------------- loader entries
    def get(self, key: str) -> Entry | None:
        """The entry for ``key`` (its data copied), or ``None``."""
        raw = self.get_value(key)
        if not isinstance(raw, Entry):
            return None
        return Entry(raw.loaded.copy(), raw.stored_at)

    def get_fresh(self, key: str, ttl: float) -> Entry | None:
        """The entry for ``key`` when it is younger than ``ttl`` seconds, else ``None``."""
        entry = self.get(key)
        if entry is None or entry.age(self.now()) >= ttl:
            return None
        return entry

    def put(self, key: str, loaded: Loaded) -> bool:
        """Store validated data under ``key``; return whether a cache accepted it."""
        return self.set_value(key, Entry(loaded.copy(), self.now()), timeout=ENTRY_TTL_SECONDS)

"""Background jobs: the Dash background-callback manager, and a small job store beside it.

The manager follows the configuration:

- default: :class:`dash.DiskcacheManager` on a ``diskcache.Cache`` in ``<cache_dir>/jobs``. A
  job runs in a child process of the web worker that received the click; results, progress
  and Dash's signing secret live in that folder, so every gunicorn worker on the host sees
  them. Cancelling kills the child process.
- ``SMALLCAP_CELERY_URL`` set (``redis://host:6379/1``): :class:`dash.CeleryManager` with that
  Redis as broker and result backend. Jobs run in ``celery -A app:celery_app worker``, which
  builds the same app (so the same background callbacks are registered under the same task
  names). Cancelling revokes the task with ``terminate=True`` (the prefork pool kills the
  child running it; the ``solo`` and ``threads`` pools cannot, so jobs should also poll
  :meth:`FetchJobs.cancel_requested`).

It is not derived from ``SMALLCAP_REDIS_URL``: with Celery selected and no worker running, a
job would wait in the queue forever, so Celery is used only when asked for.

:class:`FetchJobs` keeps what Dash does not: one live fetch at a time across all processes
(a lock with an expiry that the running job renews) and cancel flags a running job can poll.
It lives in the manager's own store: the diskcache folder, or the Celery Redis.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from typing import Callable, Protocol

from config import Config, ConfigError, redact_url

log = logging.getLogger(__name__)

#: Seconds a fetch lock lasts without being renewed (a killed job frees it after this).
LOCK_TTL_SECONDS = 600
#: Seconds a cancel flag is kept.
FLAG_TTL_SECONDS = 3600
NAMESPACE = "smallcap:jobs:"
LOCK_KEY = NAMESPACE + "fetch-lock"
_REPLACE_IF = """
if redis.call('get', KEYS[1]) == ARGV[1] then
    return redis.call('set', KEYS[1], ARGV[2], 'EX', ARGV[3])
end
return false
"""


def make_background_manager(config: Config):
    """The Dash background-callback manager for ``config`` (see the module docstring).

    Raises:
        ConfigError: ``SMALLCAP_CELERY_URL`` is not a ``redis://``, ``rediss://`` or
            ``unix://`` URL.
    """
    from dash import CeleryManager, DiskcacheManager

    if config.celery_url:
        log.info("background jobs: Celery workers through %s", redact_url(config.celery_url))
        return CeleryManager(make_celery(config.celery_url))
    import diskcache

    folder = config.jobs_dir
    folder.mkdir(parents=True, exist_ok=True)
    log.info("background jobs: child processes of the web workers, state in %s", folder)
    return DiskcacheManager(diskcache.Cache(str(folder)))


def make_celery(url: str):
    """A Celery app with Redis at ``url`` as broker and result backend, JSON only.

    Raises:
        ConfigError: ``url`` is not a Redis URL.
    """
    from celery import Celery

    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise ConfigError(f"SMALLCAP_CELERY_URL {redact_url(url)!r}: expected a redis:// URL "
                          "(the Redis used as Celery broker and result backend)")
    app = Celery("smallcap-monitor", broker=url, backend=url, set_as_current=False)
    app.conf.update(
        task_serializer="json", result_serializer="json", accept_content=["json"],
        worker_prefetch_multiplier=1,  # a fetch is long: do not reserve the next one
        task_acks_late=False,  # a killed (cancelled) fetch must not be redelivered
        broker_connection_retry_on_startup=True,
        result_expires=24 * 3600,
        worker_hijack_root_logger=False,
    )
    return app


def celery_app_of(manager):
    """The Celery app behind ``manager``, for ``celery -A app:celery_app worker``.

    Raises:
        ConfigError: ``manager`` is not a Celery manager (``SMALLCAP_CELERY_URL`` unset).
    """
    from dash import CeleryManager

    if not isinstance(manager, CeleryManager):
        raise ConfigError("app:celery_app needs SMALLCAP_CELERY_URL (a redis:// URL): without it, "
                          "background jobs run beside the web workers and need no Celery worker")
    return manager.handle


# ---------------------------------------------------------------------- job store
class JobStore(Protocol):
    """Small string values with expiry, shared by every process of the deployment."""

    def add(self, key: str, value: str, ttl: int) -> bool:
        """Set ``key`` only if absent; whether it was set."""

    def get(self, key: str) -> str | None:
        """The value of ``key`` or None."""

    def set(self, key: str, value: str, ttl: int) -> None:
        """Set ``key``."""

    def touch(self, key: str, ttl: int) -> None:
        """Renew the expiry of ``key`` (if it exists)."""

    def delete(self, key: str) -> None:
        """Forget ``key``."""

    def delete_if(self, key: str, value: str) -> bool:
        """Forget ``key`` only while it holds ``value``, in one atomic step; whether it did."""

    def touch_if(self, key: str, value: str, ttl: int) -> bool:
        """Renew ``key``'s expiry only while it holds ``value``, atomically; whether it did."""

    def replace_if(self, key: str, value: str, new: str, ttl: int) -> bool:
        """Set ``key`` to ``new`` only while it holds ``value``, atomically; whether it did."""


class DiskcacheJobStore:
    """:class:`JobStore` on a ``diskcache.Cache`` (safe across processes on one host)."""

    def __init__(self, cache):
        self._cache = cache

    def add(self, key: str, value: str, ttl: int) -> bool:
        return bool(self._cache.add(key, value, expire=ttl))

    def get(self, key: str) -> str | None:
        return self._cache.get(key)

    def set(self, key: str, value: str, ttl: int) -> None:
        self._cache.set(key, value, expire=ttl)

    def touch(self, key: str, ttl: int) -> None:
        self._cache.touch(key, expire=ttl)

    def delete(self, key: str) -> None:
        self._cache.delete(key)

    # compare-and-act: one SQLite write transaction, so no other process acts in between
    def delete_if(self, key: str, value: str) -> bool:
        with self._cache.transact():
            if self._cache.get(key) != value:
                return False
            return bool(self._cache.delete(key))

    def touch_if(self, key: str, value: str, ttl: int) -> bool:
        with self._cache.transact():
            return self._cache.get(key) == value and bool(self._cache.touch(key, expire=ttl))

    def replace_if(self, key: str, value: str, new: str, ttl: int) -> bool:
        with self._cache.transact():
            return self._cache.get(key) == value and bool(self._cache.set(key, new, expire=ttl))


class RedisJobStore:
    """:class:`JobStore` on a ``redis.Redis`` client."""

    def __init__(self, client):
        self._client = client

    def add(self, key: str, value: str, ttl: int) -> bool:
        return bool(self._client.set(key, value, nx=True, ex=ttl))

    def get(self, key: str) -> str | None:
        value = self._client.get(key)
        return value.decode() if isinstance(value, bytes) else value

    def set(self, key: str, value: str, ttl: int) -> None:
        self._client.set(key, value, ex=ttl)

    def touch(self, key: str, ttl: int) -> None:
        self._client.expire(key, ttl)

    def delete(self, key: str) -> None:
        self._client.delete(key)

    # compare-and-act through redis-py's Lock (its release and reacquire are Lua scripts that
    # check the token and act in one step on the server)
    def _lock(self, key: str, value: str, ttl: int | None):
        from redis.lock import Lock

        lock = Lock(self._client, key, timeout=ttl, thread_local=False)
        lock.local.token = value.encode()
        return lock

    def delete_if(self, key: str, value: str) -> bool:
        from redis.exceptions import LockError

        try:
            self._lock(key, value, None).release()
        except LockError:
            return False
        return True

    def touch_if(self, key: str, value: str, ttl: int) -> bool:
        from redis.exceptions import LockError

        try:
            self._lock(key, value, ttl).reacquire()
        except LockError:
            return False
        return True

    def replace_if(self, key: str, value: str, new: str, ttl: int) -> bool:
        return bool(self._client.eval(_REPLACE_IF, 1, key, value, new, int(ttl)))


def job_store(manager) -> JobStore:
    """The :class:`JobStore` in ``manager``'s own storage (diskcache folder or Celery Redis)."""
    from dash import CeleryManager, DiskcacheManager

    if isinstance(manager, DiskcacheManager):
        return DiskcacheJobStore(manager.handle)
    if isinstance(manager, CeleryManager):
        import redis

        return RedisJobStore(redis.Redis.from_url(manager.handle.conf.broker_url))
    raise TypeError(f"no job store for {type(manager).__name__}")


# ---------------------------------------------------------------------- fetch jobs
@dataclass(frozen=True)
class Holder:
    """Who holds the fetch lock: the page token, what it fetches, since when (epoch seconds)."""

    token: str
    label: str
    started: float


class FetchJobs:
    """One live fetch at a time, and cancel flags, over a :class:`JobStore`.

    Args:
        store: Where the lock and flags live (shared by web workers and job processes).
        lock_ttl: Seconds the lock survives without :meth:`heartbeat` (a killed job's lock
            expires after this, unless its page's Cancel released it).
        clock: Epoch seconds (injectable for tests).
    """

    def __init__(self, store: JobStore, *, lock_ttl: int = LOCK_TTL_SECONDS,
                 clock: Callable[[], float] = time.time):
        self._store = store
        self._lock_ttl = lock_ttl
        self._clock = clock

    def holder(self) -> Holder | None:
        """The current lock holder, or None."""
        return self._read()[1]

    def _read(self) -> tuple[str | None, Holder | None]:
        raw = self._store.get(LOCK_KEY)
        if not raw:
            return raw, None
        try:
            data = json.loads(raw)
            return raw, Holder(str(data["token"]), str(data["label"]), float(data["started"]))
        except (ValueError, KeyError, TypeError):
            return raw, None

    def acquire(self, token: str, label: str) -> bool:
        """Take the lock for ``token`` (re-entrant for the same token); whether it is now held."""
        value = json.dumps({"token": token, "label": label, "started": self._clock()})
        if self._store.add(LOCK_KEY, value, self._lock_ttl):
            return True
        raw, current = self._read()
        return (current is not None and current.token == token
                and self._store.replace_if(LOCK_KEY, raw, value, self._lock_ttl))

    def heartbeat(self, token: str) -> None:
        """Renew the lock's expiry while ``token`` holds it (compare-and-renew, atomic)."""
        raw, current = self._read()
        if current is not None and current.token == token:
            self._store.touch_if(LOCK_KEY, raw, self._lock_ttl)

    def release(self, token: str) -> None:
        """Free the lock if ``token`` holds it (another holder's lock is left alone).

        The delete compares the stored value with the one read, in one atomic step: a lock
        that expired and was taken by another page between the read and the delete survives.
        """
        raw, current = self._read()
        if current is not None and current.token == token:
            self._store.delete_if(LOCK_KEY, raw)

    def request_cancel(self, job: str) -> None:
        """Ask the job ``job`` (see :func:`job_key`) to stop at its next check."""
        self._store.set(NAMESPACE + "cancel:" + job, "1", FLAG_TTL_SECONDS)

    def cancel_requested(self, job: str) -> bool:
        """Whether :meth:`request_cancel` was called for ``job``."""
        return self._store.get(NAMESPACE + "cancel:" + job) is not None


def job_key(token: str, run: int | None) -> str:
    """The key of one run: the page's token and the Fetch button's click count (a count that is no
    whole number, which only a tampered request sends, counts as 0)."""
    count = run if isinstance(run, int) and not isinstance(run, bool) else 0
    return f"{token}:{count}"

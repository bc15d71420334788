"""The loader cache: flask-caching underneath, freshness and stale copies on top.

One entry per loader key holds the last good :class:`~loaders.base.Loaded` and when it was
stored. The backend keeps entries without expiry; freshness is decided here by comparing the
entry's age with the source's TTL, so an expired entry is still there to serve as the last
good copy (marked stale, with its age) when the live source fails. Only validated data is
ever stored: a failed, empty or invalid response never reaches :meth:`LoaderCache.put`.

Keys are plain strings built from the loader name and its arguments (``fred:DGS10``), the same
in every process, so gunicorn workers sharing Redis or a cache folder agree on them.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Callable

from flask import Flask
from flask_caching import Cache

from loaders.base import Loaded

log = logging.getLogger(__name__)

NAMESPACE = "smallcap:v1:"


def make_cache(config, app: Flask | None = None) -> Cache:
    """Create the flask-caching ``Cache`` for ``config`` and bind it to ``app``.

    Redis when ``config.redis_url`` is set, otherwise a file-system cache under
    ``config.cache_dir``. A bare Flask app is created when none is given (CLI use).
    """
    app = app or Flask("smallcap-monitor-cache")
    if config.redis_url:
        settings = {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": config.redis_url}
    else:
        config.cache_dir.mkdir(parents=True, exist_ok=True)
        settings = {
            "CACHE_TYPE": "FileSystemCache",
            "CACHE_DIR": str(config.cache_dir),
            "CACHE_THRESHOLD": 2000,
        }
    settings.update({"CACHE_DEFAULT_TIMEOUT": 0, "CACHE_KEY_PREFIX": NAMESPACE})
    return Cache(app, config=settings)


@dataclass(frozen=True)
class Entry:
    """A cached :class:`Loaded` and the epoch second it was stored."""

    loaded: Loaded
    stored_at: float

    def age(self, now: float) -> float:
        """Seconds since the entry was stored."""
        return max(0.0, now - self.stored_at)


class LoaderCache:
    """Get and put loader results in a flask-caching backend.

    Args:
        cache: A flask-caching ``Cache`` bound to an app.
        clock: Returns the current epoch seconds (injectable for tests).
    """

    def __init__(self, cache: Cache, *, clock: Callable[[], float] = time.time):
        self._cache = cache
        self._clock = clock

    def now(self) -> float:
        """Current epoch seconds by this cache's clock."""
        return self._clock()

    def get(self, key: str) -> Entry | None:
        """The entry for ``key`` (its data copied), or ``None``; a broken backend reads as a miss."""
        try:
            raw = self._cache.get(key)
        except Exception as exc:  # noqa: BLE001 - any backend failure is a miss, not a crash
            log.warning("cache read failed for %s: %s", key, type(exc).__name__)
            return None
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
        """Store validated data under ``key``; return whether the backend accepted it."""
        entry = Entry(loaded.copy(), self.now())
        try:
            return bool(self._cache.set(key, entry, timeout=0))
        except Exception as exc:  # noqa: BLE001
            log.warning("cache write failed for %s: %s", key, type(exc).__name__)
            return False

    def delete(self, key: str) -> None:
        """Forget ``key``."""
        try:
            self._cache.delete(key)
        except Exception as exc:  # noqa: BLE001
            log.warning("cache delete failed for %s: %s", key, type(exc).__name__)

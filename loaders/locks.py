"""Per-key locks for single flight inside one worker process.

Across processes the project uses library locks: fetch leases from
:meth:`loaders.cache.LoaderCache.lease` (a ``filelock.FileLock`` in the cache's locks folder,
redis-py's ``Lock`` on Redis), the price-array build's ``FileLock``
(:mod:`loaders.price_arrays`), and the job store's compare-and-act steps (:mod:`server.jobs`:
a ``diskcache`` transaction, redis-py's ``Lock`` scripts). Inside a process, threads asking for
the same key wait on one :class:`threading.Lock` per key. The locks live in a
``WeakValueDictionary``: a lock exists while some thread holds or waits for it and is dropped
when nobody does, so the table cannot grow without bound and a lock is never replaced while it
is in use.
"""

from __future__ import annotations

import threading
import weakref


class KeyLocks:
    """``locks(key)`` is the one lock of ``key`` (keep a reference while using it)."""

    def __init__(self):
        self._locks: weakref.WeakValueDictionary[str, threading.Lock] = weakref.WeakValueDictionary()
        self._guard = threading.Lock()

    def __call__(self, key: str) -> threading.Lock:
        with self._guard:
            lock = self._locks.get(key)
            if lock is None:
                lock = _Lock()
                self._locks[key] = lock
            return lock

    def __len__(self) -> int:
        with self._guard:
            return len(self._locks)


class _Lock:
    """A ``threading.Lock`` that can be weakly referenced (the built-in one cannot)."""

    __slots__ = ("_lock", "__weakref__")

    def __init__(self):
        self._lock = threading.Lock()

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        return self._lock.acquire(blocking, timeout)

    def release(self) -> None:
        self._lock.release()

    def locked(self) -> bool:
        return self._lock.locked()

    def __enter__(self):
        self._lock.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self._lock.release()

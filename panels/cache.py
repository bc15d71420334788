"""Computation cache: results kept per input, in the worker and in the shared cache.

A panel's answer depends only on the view-state fields it reads and on the data; the same
question asked again (by this worker or any other sharing the cache) is answered from the
cache instead of recomputed. Keys are built from a name, the code's version
(:func:`code_version`), the data version (:meth:`loaders.source.DataSource.version`) and the
arguments' ``repr``, so they agree across gunicorn workers and an upgrade that changes what a
result says is not answered from an older version's entries. Two levels:

- in the worker: the worker's one LRU (:class:`loaders.worker_cache.WorkerCache`, bounded in
  bytes, shared with the loaded series and the universe data; no unpickling; values are
  read-only by contract, and pandas objects are handed out as copies);
- shared: the app's :class:`~loaders.cache.LoaderCache` backend (Redis or the cache folder),
  entries expiring after :data:`SHARED_TTL_SECONDS`.

Only successful results are cached; an exception passes through and nothing is stored.
Concurrent identical misses in one worker compute once (a per-key lock, :class:`loaders.locks.KeyLocks`).
"""

from __future__ import annotations

import functools
import hashlib
import logging
from pathlib import Path
from typing import Any, Callable

from loaders.base import copy_data
from loaders.locks import KeyLocks
from loaders.worker_cache import WorkerCache

log = logging.getLogger(__name__)

#: Seconds a shared entry lives (the data version in the key handles data changes).
SHARED_TTL_SECONDS = 24 * 3600


#: The project's folders (and top-level modules) whose source makes :func:`code_version`.
CODE_PARTS = ("analytics", "callbacks", "components", "loaders", "panels", "server", "state.py", "config.py")


@functools.lru_cache(maxsize=4)
def code_version(root: Path | None = None) -> str:
    """A digest of the project's Python source under ``root`` (default: this checkout or install),
    part of every computation-cache key: entries live in Redis or the cache folder for up to
    :data:`SHARED_TTL_SECONDS`, and without it an upgrade that changed a fact's wording or a
    figure would be answered from the older code's entries until they expired."""
    root = Path(__file__).resolve().parent.parent if root is None else root
    digest = hashlib.sha1()
    for part in CODE_PARTS:
        path = root / part
        for source in sorted(path.rglob("*.py")) if path.is_dir() else [path] if path.is_file() else []:
            digest.update(source.relative_to(root).as_posix().encode())
            digest.update(source.read_bytes())
    return digest.hexdigest()[:12]


class Memo:
    """Memoise functions of plain arguments over a data version.

    Args:
        shared: A :class:`~loaders.cache.LoaderCache` (or ``None``: in-process only).
        version: Returns the current data version string.
        enabled: ``False`` computes every time (the benchmark's naive run).
        cache: The worker's in-process LRU (the app's one; default: a new one).
    """

    #: The key prefix of results in the worker cache.
    PREFIX = "panel|"

    def __init__(self, shared, version: Callable[[], str], *, enabled: bool = True,
                 cache: WorkerCache | None = None):
        self.shared = shared
        self.version = version
        self.enabled = enabled
        self._local = cache if cache is not None else WorkerCache()
        self._key_locks = KeyLocks()
        self.hits = {"local": 0, "shared": 0, "miss": 0}

    def key(self, name: str, args: tuple, version: str | None = None) -> str:
        """The cache key of ``name(*args)`` at data version ``version`` (default: the current one)
        and this code's :func:`code_version`."""
        digest = hashlib.sha1(repr(args).encode()).hexdigest()[:20]
        return f"memo:{name}:{code_version()}:{self.version() if version is None else version}:{digest}"

    def get_or_compute(self, name: str, args: tuple, compute: Callable[[], Any], *,
                       shared: bool = True, version: str | None = None) -> Any:
        """The cached value of ``name(*args)``, computing (and storing) it on a miss; ``version``:
        the data version the caller reads (default: the current one)."""
        if not self.enabled:
            return compute()
        key = self.key(name, args, version)
        value = self._local_get(key)
        if value is not _MISSING:
            self.hits["local"] += 1
            return copy_data(value)
        with self._key_lock(key):
            value = self._local_get(key)
            if value is _MISSING and shared and self.shared is not None:
                value = self._shared_get(key)
                if value is not _MISSING:
                    self.hits["shared"] += 1
                    self._local_put(key, value)
            if value is _MISSING:
                self.hits["miss"] += 1
                value = compute()
                self._local_put(key, value)
                if shared and self.shared is not None:
                    self.shared.set_value(key, value, timeout=SHARED_TTL_SECONDS)
        return copy_data(value)

    def wrap(self, name: str, fn: Callable, *, shared: bool = True) -> Callable:
        """``fn`` memoised under ``name``; its positional arguments must have a stable ``repr``."""

        def memoised(*args):
            return self.get_or_compute(name, args, lambda: fn(*args), shared=shared)

        memoised.__wrapped__ = fn
        memoised.__name__ = getattr(fn, "__name__", name)
        return memoised

    # -------------------------------------------------------------------- internals
    def _key_lock(self, key: str):
        return self._key_locks(key)

    def _local_get(self, key: str) -> Any:
        return self._local.get(self.PREFIX + key, _MISSING)

    def _local_put(self, key: str, value: Any) -> None:
        self._local.put(self.PREFIX + key, value)

    def _shared_get(self, key: str) -> Any:
        try:
            value = self.shared.get_value(key)
        except Exception as exc:  # noqa: BLE001 - an unreadable entry is a miss
            log.warning("memo read failed for %s: %s", key, type(exc).__name__)
            return _MISSING
        return _MISSING if value is None else value


_MISSING = object()

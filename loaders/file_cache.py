"""The file-system cache backend: flask-caching's, counted and pruned in batches.

flask-caching's ``FileSystemCache`` (from cachelib) keeps at most ``CACHE_THRESHOLD`` files.
It keeps their number in a count file that every new entry reads twice and writes once (about
0.45 of the 0.65 ms a write takes here), and once its folder holds that many files every write
prunes: it reads the expiry of every file to remove the expired ones, then reads them all again
to remove the oldest until one is under the threshold (about 50 ms per write at the app's 2,000
entries, measured here), so a long-running server without Redis would pay that on every
computation it caches.

:class:`BatchPrunedFileSystemCache` changes the bookkeeping, not the entries:

- each process adds its new entries to the count file every :data:`COUNT_EVERY` changes and
  reads it every :data:`COUNT_EVERY` writes, so the folder may pass the threshold by that many
  entries per process before a prune;
- a prune lists the folder once and removes down to :data:`LOW_WATER` of the threshold: the
  expired entries, then those expiring soonest (the oldest, since every entry has the same
  lifetime), and writes the exact count. The next prune is some hundreds of writes later.
"""

from __future__ import annotations

import logging
import os
import struct
import threading
import time

from flask_caching.backends.filesystemcache import FileSystemCache

log = logging.getLogger(__name__)

#: The share of the threshold a prune leaves.
LOW_WATER = 0.8
#: A process writes its count changes, and reads the shared count, once per this many.
COUNT_EVERY = 16


class BatchPrunedFileSystemCache(FileSystemCache):
    """flask-caching's file-system cache with the count kept in batches and pruned to
    :data:`LOW_WATER` of its threshold at once
    (``CACHE_TYPE = "loaders.file_cache.BatchPrunedFileSystemCache"``)."""

    def __init__(self, *args, **kwargs):
        self._count_lock = threading.Lock()
        self._pending = 0  # entries added (or removed) here and not yet in the count file
        self._writes = 0
        super().__init__(*args, **kwargs)

    def _update_count(self, delta: int | None = None, value: int | None = None) -> None:
        if self._threshold == 0:
            return
        if delta is None:  # an exact count (a prune, a clear, the start): written now
            with self._count_lock:
                self._pending = 0
            super()._update_count(value=value)
            return
        with self._count_lock:
            self._pending += delta
            if abs(self._pending) < COUNT_EVERY:
                return
            delta, self._pending = self._pending, 0
        super()._update_count(delta=delta)

    def _prune(self) -> None:
        if self._threshold == 0:  # no threshold: nothing is counted or pruned
            return
        with self._count_lock:
            self._writes += 1
            if self._writes % COUNT_EVERY:
                return
        if self._file_count + self._pending <= self._threshold:
            return
        entries = []  # (expiry, file): 0 never expires
        for path in self._list_dir():
            try:
                with self._safe_stream_open(path, "rb") as f:
                    entries.append((struct.unpack("I", f.read(4))[0], path))
            except FileNotFoundError:  # another worker removed it
                continue
            except (OSError, EOFError, struct.error):
                log.warning("unreadable cache file %s left as it is", path)
        now = time.time()
        expired = sum(1 for expiry, _ in entries if 0 < expiry < now)
        # expired first, then the soonest to expire; entries that never expire last
        entries.sort(key=lambda e: (not 0 < e[0] < now, e[0] or float("inf")))
        left = len(entries)
        for _, path in entries[:max(expired, len(entries) - int(self._threshold * LOW_WATER))]:
            try:
                os.remove(path)
            except FileNotFoundError:
                pass
            except OSError:
                log.warning("cache file %s could not be removed", path)
                continue
            left -= 1
        self._update_count(value=left)

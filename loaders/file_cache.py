"""The file-system cache backend: flask-caching's, pruned in batches.

flask-caching's ``FileSystemCache`` (from cachelib) keeps at most ``CACHE_THRESHOLD`` files. Once
its folder holds that many, every write prunes: it reads the expiry of every file to remove the
expired ones, then reads them all again to remove the oldest until one is under the threshold.
At the app's 2,000 entries that is about 50 ms per write instead of 0.6 ms (measured here), so a
long-running server without Redis pays it on every computation it caches from then on.

:class:`BatchPrunedFileSystemCache` prunes once down to :data:`LOW_WATER` of the threshold, in
one pass: the expired entries, then those expiring soonest (the oldest, since every entry has
the same lifetime), and writes the file count once. The next prune is some hundreds of writes
later.
"""

from __future__ import annotations

import logging
import os
import struct
import time

from flask_caching.backends.filesystemcache import FileSystemCache

log = logging.getLogger(__name__)

#: The share of the threshold a prune leaves.
LOW_WATER = 0.8


class BatchPrunedFileSystemCache(FileSystemCache):
    """flask-caching's file-system cache, pruned to :data:`LOW_WATER` of its threshold at once
    (``CACHE_TYPE = "loaders.file_cache.BatchPrunedFileSystemCache"``)."""

    def _prune(self) -> None:
        if not self._over_threshold():
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

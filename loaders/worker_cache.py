"""The worker's one in-process cache: a least-recently-used store bounded in bytes.

Three users keep values in it, each under its own key prefix and with its own rules:

- the series memo (:class:`loaders.source.SeriesMemo`): loaded series and datasets, so a
  request does not unpickle them from the shared cache (live entries are re-checked after a
  while; callers get copies);
- the universe data (:class:`loaders.universe.UniverseData`): membership lists, statements and
  the price arrays, each kept with the fingerprint of the files it was read from;
- the computation memo (:class:`panels.cache.Memo`): panel results in front of the shared cache.

One app (``app.create_app``) makes one :class:`WorkerCache` and hands it to all three; a CLI
command that builds a source or a universe without an app gets a fresh one per object.

The budget is in bytes, estimated by :func:`size_of` (pandas and numpy buffers, the strings of
object columns, containers walked); memory-mapped arrays count as a few bytes, since their
pages are the operating system's page cache shared by every worker. When a new value would go
over the budget, the least recently used values are dropped first; a value larger than the
whole budget is not kept.
"""

from __future__ import annotations

import dataclasses
import logging
import mmap
import sys
import threading
from collections import Counter
from typing import Any, Callable, Iterator

import numpy as np
import pandas as pd
from cachetools import LRUCache

log = logging.getLogger(__name__)

#: Bytes a worker keeps by default (``SMALLCAP_WORKER_CACHE_MB`` for the app). Measured on the
#: shared snapshot: every series of the catalog about 12 MB, the universe data about 30 MB
#: (the demo bundle 55 MB), panel results 0.6 MB on average (up to 6.5 MB); the benchmark's
#: whole sequence of views about 75 MB in one process. A live universe's prices for a few
#: thousand tickers over years can take 100 MB.
DEFAULT_MAX_BYTES = 160 * 1024 * 1024
#: What a memory-mapped array counts (its pages belong to the shared page cache).
MAPPED_BYTES = 128
#: How deep :func:`size_of` walks nested containers and objects.
MAX_DEPTH = 8
#: Containers longer than this are first tried as flat lists of numbers or strings.
FLAT_MIN = 16
FLOAT_BYTES = sys.getsizeof(0.0)
_NUMBERS = {float, int, bool, type(None)}


class _LRU(LRUCache):
    """``cachetools.LRUCache`` of ``(value, size)`` entries (a value's size is estimated once,
    before it goes in), counting what it drops to make room, by key prefix."""

    def __init__(self, maxsize: int):
        super().__init__(maxsize=maxsize, getsizeof=lambda entry: entry[1])
        self.evicted: Counter[str] = Counter()

    def popitem(self):
        key, value = super().popitem()
        self.evicted[key.split("|", 1)[0] if "|" in key else ""] += 1
        return key, value


class WorkerCache:
    """A thread-safe LRU (one ``cachetools.LRUCache``) bounded by :func:`size_of` in bytes.

    Args:
        max_bytes: The budget.
        getsizeof: The size estimate of a value (default :func:`size_of`).
    """

    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES, *, getsizeof: Callable[[Any], int] | None = None):
        self._size_of = getsizeof or size_of
        self._lru = _LRU(max_bytes)
        self._lock = threading.Lock()  # cachetools' caches are not thread-safe

    @property
    def evicted(self) -> dict[str, int]:
        """Values dropped to make room so far, by key prefix (``series``, ``universe``, ``panel``)."""
        with self._lock:
            return dict(self._lru.evicted)

    @property
    def max_bytes(self) -> int:
        """The budget in bytes."""
        return int(self._lru.maxsize)

    @property
    def bytes(self) -> int:
        """The estimated bytes held now."""
        with self._lock:
            return int(self._lru.currsize)

    def get(self, key: str, default: Any = None) -> Any:
        """The value under ``key`` (now the most recently used), or ``default``."""
        with self._lock:
            entry = self._lru.get(key)
        return default if entry is None else entry[0]

    def put(self, key: str, value: Any) -> bool:
        """Keep ``value`` under ``key``, dropping least recently used values to make room;
        whether it was kept (not when larger than the whole budget)."""
        size = max(1, self._size_of(value))  # outside the lock: may walk a large value
        if size > self._lru.maxsize:
            self.pop(key)  # an older value under this key is out of date as well
            log.warning("not kept in memory: %s takes about %.0f MB, more than the worker cache's "
                        "%.0f MB (SMALLCAP_WORKER_CACHE_MB)", key, size / 2**20, self._lru.maxsize / 2**20)
            return False
        with self._lock:
            self._lru[key] = (value, size)
        return True

    def pop(self, key: str) -> Any:
        """Forget ``key``; its value or ``None``."""
        with self._lock:
            entry = self._lru.pop(key, None)
        return None if entry is None else entry[0]

    def clear(self, prefix: str = "") -> None:
        """Forget every key starting with ``prefix`` (everything by default)."""
        with self._lock:
            for key in [k for k in self._lru if k.startswith(prefix)]:
                del self._lru[key]

    def keys(self, prefix: str = "") -> list[str]:
        """The keys starting with ``prefix`` (in no particular order)."""
        with self._lock:
            return [k for k in self._lru if k.startswith(prefix)]

    def __len__(self) -> int:
        with self._lock:
            return len(self._lru)

    def __contains__(self, key: str) -> bool:
        with self._lock:
            return key in self._lru


def size_of(value: Any) -> int:
    """An estimate of the bytes ``value`` holds: pandas and numpy data buffers (with the strings
    of object columns), Python containers and objects walked :data:`MAX_DEPTH` levels deep,
    each object counted once; memory-mapped arrays :data:`MAPPED_BYTES`; a Dash component's
    per-instance lists of its class's prop names as lists (:func:`_component_size`)."""
    return _size(value, set(), 0)


def _size(value: Any, seen: set[int], depth: int) -> int:
    if value is None or isinstance(value, (bool, int, float)):
        return 0 if value is None or isinstance(value, bool) else sys.getsizeof(value)
    if id(value) in seen:
        return 0
    seen.add(id(value))
    if isinstance(value, (str, bytes)):
        return sys.getsizeof(value)
    if isinstance(value, np.ndarray):
        return _array_bytes(value)
    if isinstance(value, (pd.Series, pd.DataFrame, pd.Index)):
        return _pandas_bytes(value)
    if depth >= MAX_DEPTH:
        return sys.getsizeof(value)
    if isinstance(value, dict):
        return sys.getsizeof(value) + sum(_size(k, seen, depth + 1) + _size(v, seen, depth + 1)
                                          for k, v in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        flat = _flat_size(value, seen) if len(value) > FLAT_MIN else None
        if flat is not None:
            return sys.getsizeof(value) + flat
        return sys.getsizeof(value) + sum(_size(item, seen, depth + 1) for item in value)
    if isinstance(getattr(value, "_prop_names", None), list) and isinstance(getattr(value, "__dict__", None), dict):
        return sys.getsizeof(value) + _component_size(value, seen, depth)
    return sys.getsizeof(value) + sum(_size(part, seen, depth + 1) for part in _parts(value))


#: What each Dash component instance holds about its class: new lists of the same string
#: constants in every instance (the page's fact list has hundreds of components).
COMPONENT_METADATA = frozenset({"_prop_names", "_valid_wildcard_attributes", "available_properties",
                                "available_wildcard_properties"})


def _component_size(value: Any, seen: set[int], depth: int) -> int:
    """A Dash component's attributes: its props walked, its metadata lists (:data:`COMPONENT_METADATA`)
    counted as lists only (their strings are the class's constants, not this value's)."""
    return sum(sys.getsizeof(part) if name in COMPONENT_METADATA else _size(part, seen, depth + 1)
               for name, part in vars(value).items())


def _flat_size(items, seen: set[int]) -> int | None:
    """What walking ``items`` one by one gives when they are all numbers (or None), or all
    strings (each counted once), in C loops; ``None`` for any other mix (walk them). A figure's
    coordinates are long lists of floats or date strings."""
    kinds = set(map(type, items))
    if kinds <= _NUMBERS:  # counted each time, as _size does
        if kinds == {float}:
            return FLOAT_BYTES * len(items)
        return sum(map(sys.getsizeof, filter(_counted_number, items)))
    if kinds <= {str, bytes}:
        fresh = dict(zip(map(id, items), items))
        for known in seen.intersection(fresh):
            del fresh[known]
        seen.update(fresh)
        return sum(map(sys.getsizeof, fresh.values()))
    return None


def _counted_number(value: Any) -> bool:
    return value is not None and type(value) is not bool


def _parts(value: Any) -> Iterator[Any]:
    """The attributes of a dataclass, a plain object or an object with ``__slots__``."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield getattr(value, field.name, None)
        return
    attributes = getattr(value, "__dict__", None)
    if isinstance(attributes, dict):
        yield from attributes.values()
    for slot in getattr(type(value), "__slots__", ()):
        if slot != "__weakref__":
            yield getattr(value, slot, None)


def _mapped(array: np.ndarray) -> bool:
    """Whether ``array``'s memory is a memory-mapped file (``numpy.load(mmap_mode=...)``)."""
    base: Any = array
    while base is not None:
        if isinstance(base, (np.memmap, mmap.mmap)):
            return True
        base = getattr(base, "base", None)
    return False


def _array_bytes(array: np.ndarray) -> int:
    if _mapped(array):
        return MAPPED_BYTES
    if array.dtype == object:
        return array.nbytes + sum(sys.getsizeof(item) for item in array.ravel() if item is not None)
    return array.nbytes + 112  # the ndarray header


def _pandas_bytes(value: pd.Series | pd.DataFrame | pd.Index) -> int:
    """``value.memory_usage(deep=True)`` (summed), plus headers: the index's own, and each
    column's buffers' ``nbytes`` where that is the same number (every dtype but object and
    categorical, whose items or categories pandas counts). A Series' or frame's
    ``memory_usage`` builds a Series of its answer, about 0.3 ms even for a few rows, on every
    value the cache keeps."""
    if not isinstance(value, pd.DataFrame) and value.dtype != object and _mapped(value.to_numpy(copy=False)):
        return MAPPED_BYTES
    if isinstance(value, pd.Index):
        return _index_bytes(value) + 200
    columns = [value] if isinstance(value, pd.Series) else (column for _, column in value.items())
    return _index_bytes(value.index) + sum(map(_column_bytes, columns)) + 200


def _counted_items(dtype) -> bool:
    """Whether pandas' deep memory usage of this dtype counts more than the buffers' bytes."""
    return dtype == object or isinstance(dtype, pd.CategoricalDtype)


def _index_bytes(index: pd.Index) -> int:
    # (an index's own memory usage is a number, not a Series: cheap; it counts the hash table
    # a lookup has built on it, often larger than the dates themselves)
    return int(index.memory_usage(deep=True))


def _column_bytes(column: pd.Series) -> int:
    if _counted_items(column.dtype):
        return int(column.memory_usage(index=False, deep=True))
    return int(column.array.nbytes)

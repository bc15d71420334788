"""One front for every data source, chosen by the ``--data`` spec.

- ``demo``: the synthetic dataset (:mod:`loaders.demo`), labelled demo everywhere.
- a directory: :class:`loaders.local.LocalDirectory`.
- ``live``: FRED, Ken French and Yahoo through the cache; when a fetch fails the last good
  cached copy is served, marked stale with its age; with no copy the error is raised.
- ``auto``: like ``live``, but when there is no cached copy either, the demo series is served
  with a note saying so (the page shows a demo banner).

Every result goes through :class:`loaders.cache.LoaderCache`, keyed by stable strings.
After a failed live fetch a short cool-down marker (not the response) is kept so that an
offline machine does not retry every series on every page view; ``refresh`` ignores it.

Per worker, loaded series are also kept in memory (:class:`SeriesMemo`), so a request does not
unpickle every series from the shared cache: directory and demo entries are keyed by file
fingerprint or seed and never go stale; a live entry is re-read from the shared cache after
:data:`MEMO_RECHECK_SECONDS`, so a refresh by another worker is picked up. Callers get copies.

Single flight. A live series missing from the cache is fetched once, not once per request:
threads of a worker wait on a per-series lock, and workers sharing the cache take a lease
(:meth:`LoaderCache.lease`: a ``filelock`` beside a file cache, redis-py's ``Lock`` on Redis)
and the others wait for its result up to :data:`LEASE_WAIT_SECONDS`. Only the holder releases
its lease.
"""

from __future__ import annotations

from pathlib import Path

import hashlib
import logging
import os
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Callable, Mapping

from config import Config, DataSpec
from loaders.locks import KeyLocks
from loaders.base import Loaded, LoaderError
from loaders.cache import Lease, LoaderCache
from loaders.catalog import ALL_SERIES, FAMAFRENCH_DATASETS, SIZE_TABLE, info

log = logging.getLogger(__name__)

Fetcher = Callable[[str], Loaded]
FAILURE_COOLDOWN_SECONDS = 300
#: Seconds a worker trusts its in-memory copy of a live series before re-reading the cache.
MEMO_RECHECK_SECONDS = 30.0
#: A worker waits this long for another worker's fetch of the same series, then fetches itself.
LEASE_WAIT_SECONDS = 30.0
LEASE_POLL_SECONDS = 0.1
#: Seconds the live data version is trusted per worker.
VERSION_RECHECK_SECONDS = 10.0
LIVE_VERSION_KEY = "live:version"


class SeriesMemo:
    """A worker's in-memory copies of loaded data: ``key -> (Loaded, checked_at)``.

    Bounded by the catalog (a few dozen series), thread-safe; :meth:`get` returns copies.
    ``enabled=False`` keeps nothing (every read goes to the shared cache; for measurements).
    """

    def __init__(self, *, enabled: bool = True):
        self._items: dict[str, tuple[Loaded, float, float | None]] = {}
        self._lock = threading.Lock()
        self.enabled = enabled

    def get(self, key: str, *, max_age: float | None = None, fresh_after: float | None = None
            ) -> Loaded | None:
        """A copy of the entry, unless it was checked more than ``max_age`` seconds ago or was
        stored (by the cache's clock) before ``fresh_after``."""
        with self._lock:
            item = self._items.get(key)
        if item is None or (max_age is not None and time.monotonic() - item[1] > max_age):
            return None
        if fresh_after is not None and (item[2] is None or item[2] <= fresh_after):
            return None
        return item[0].copy()

    def put(self, key: str, loaded: Loaded, *, stored_at: float | None = None) -> None:
        """Keep (a copy of) ``loaded`` under ``key``; ``stored_at`` is when the cache stored it."""
        if not self.enabled:
            return
        with self._lock:
            self._items[key] = (loaded.copy(), time.monotonic(), stored_at)

    def clear(self) -> None:
        """Forget everything (tests, a refresh in this worker)."""
        with self._lock:
            self._items.clear()


@dataclass(frozen=True)
class Fetchers:
    """Live fetch functions by source name (``fred``, ``yahoo``, ``famafrench``)."""

    fred: Fetcher
    yahoo: Fetcher
    famafrench: Fetcher

    def for_source(self, source: str) -> Fetcher:
        """The fetch function for ``source``."""
        return getattr(self, source)


def default_fetchers(config: Config) -> Fetchers:
    """Fetchers that call the real services through one retrying HTTP session each."""
    from loaders.famafrench import fetch_famafrench
    from loaders.fred import fetch_fred
    from loaders.http import retrying_session
    from loaders.yahoo import fetch_yahoo

    timeout = config.http_timeout
    return Fetchers(
        fred=lambda key: fetch_fred(key, session=retrying_session(), timeout=timeout),
        yahoo=lambda key: fetch_yahoo(key, timeout=timeout),
        famafrench=lambda name: fetch_famafrench(name, session=retrying_session(), timeout=timeout),
    )


class DataSource:
    """Serve series and datasets for one data spec through the cache.

    Args:
        config: Application configuration (data spec, TTLs, demo seed).
        cache: The loader cache.
        fetchers: Live fetchers; defaults to the real services.
    """

    def __init__(self, config: Config, cache: LoaderCache, fetchers: Fetchers | None = None):
        self.config = config
        self.spec: DataSpec = config.data
        self.cache = cache
        self._fetchers = fetchers
        self._local = None
        self.memo = SeriesMemo(enabled=config.caching)
        self._flight = KeyLocks()  # one fetch per key at a time in this worker
        self._version: tuple[str, float] | None = None
        if self.spec.kind == "dir":
            from loaders.local import LocalDirectory

            self._local = LocalDirectory(self.spec.path)

    # ----------------------------------------------------------------- description
    @property
    def kind(self) -> str:
        """``auto``, ``live``, ``demo`` or ``dir``."""
        return self.spec.kind

    def describe(self) -> str:
        """One line naming the source, shown in the page header and CLI output."""
        if self.kind == "demo":
            return "Demo data (synthetic, not market data)"
        if self.kind == "dir":
            return f"Local directory '{Path(self.spec.path).name}'"
        if self.kind == "live":
            return "Live: FRED, Ken French Data Library, Yahoo Finance (cached)"
        return "Auto: live sources with cache, stale copies and demo fallback"

    def available_series(self) -> list[str]:
        """Series keys this source can serve."""
        if self._local is not None:
            return self._local.available_series()
        return list(ALL_SERIES)

    def version(self) -> str:
        """A short string that changes whenever the data this source serves may have changed.

        Part of every computation-cache key (:mod:`panels.cache`): demo data by seed, a
        directory by the size and modification time of its files, live data by a token that
        every successful fetch renews (trusted per worker for :data:`VERSION_RECHECK_SECONDS`).
        """
        if self.kind == "demo":
            return f"demo-{self.config.demo_seed}"
        if self.kind == "dir":
            return "dir-" + _tree_fingerprint(self.spec.path)
        now = time.monotonic()
        if self._version is not None and now - self._version[1] < VERSION_RECHECK_SECONDS:
            return self._version[0]
        token = self.cache.get_value(LIVE_VERSION_KEY)
        if not isinstance(token, str):
            token = "none"
        self._version = (f"{self.kind}-{token}", now)
        return self._version[0]

    # ----------------------------------------------------------------- loading
    def series(self, key: str) -> Loaded:
        """Load one series by catalog key (see :mod:`loaders.catalog`)."""
        meta = info(key)
        if meta.source == "famafrench":
            return self._size_portfolio(key, meta.upstream)
        return self._load(f"series:{key}", key, meta.source)

    def _size_portfolio(self, key: str, upstream: str) -> Loaded:
        """A size portfolio's total-return levels, derived from its Ken French dataset
        (:func:`loaders.famafrench.size_portfolio_levels`), with the dataset's provenance."""
        from dataclasses import replace

        from loaders.famafrench import size_portfolio_levels

        dataset, column = (part.strip() for part in upstream.split(":", 1))
        loaded = self.famafrench(dataset)
        levels = size_portfolio_levels(loaded.data, column, name=key, table_title=SIZE_TABLE)
        p = loaded.provenance
        note = p.note if p.stale or p.demo and p.note else (
            f"compounded from the value-weighted monthly returns ({column}) of {dataset}, "
            f"Kenneth R. French Data Library" + (f"; {p.note}" if p.note else ""))
        return Loaded(levels, replace(p, first=levels.index[0], last=levels.index[-1], note=note))

    def famafrench(self, dataset: str) -> Loaded:
        """Load a Ken French dataset as ``dict[int, DataFrame]`` (decimal returns)."""
        if dataset not in FAMAFRENCH_DATASETS:
            raise LoaderError("Ken French Data Library", f"unknown dataset {dataset!r}")
        return self._load(f"famafrench:{dataset}", dataset, "famafrench")

    def many(self, keys: list[str]) -> tuple[dict[str, Loaded], dict[str, str]]:
        """Load several series; return the loaded ones and an error message per failed key."""
        loaded, errors = {}, {}
        for key in keys:
            try:
                loaded[key] = self.series(key)
            except LoaderError as exc:
                errors[key] = str(exc)
        return loaded, errors

    def refresh(self, items: list[tuple[str, str]], progress: Callable[[str], None] | None = None):
        """Fetch ``(kind, name)`` items live into the cache, ignoring cool-downs.

        Returns a list of ``(kind, name, ok, message)``.
        """
        results = []
        for kind, name in items:
            source = "famafrench" if kind == "famafrench" else info(name).source
            try:
                loaded = self._fetch_live(f"{kind}:{name}", name, source)
                results.append((kind, name, True, f"{loaded.provenance.first:%Y-%m-%d}.."
                                f"{loaded.provenance.last:%Y-%m-%d}"))
            except LoaderError as exc:
                results.append((kind, name, False, str(exc)))
            if progress:
                progress(name)
        return results

    def _load(self, item: str, name: str, source: str) -> Loaded:
        if self.kind == "demo":
            return self._load_demo(item, name)
        if self.kind == "dir":
            return self._load_local(item, name)
        return self._load_live(item, name, source)

    def _load_local(self, item: str, name: str) -> Loaded:
        local = self._local
        path = local.famafrench_path(name) if item.startswith("famafrench:") else local.series_path(name)
        key = f"local:{local.root}:{item}:{local.fingerprint(path)}"
        memoised = self.memo.get(key)
        if memoised is not None:
            return memoised
        entry = self.cache.get_fresh(key, self.config.ttl("local"))
        if entry is not None:
            self.memo.put(key, entry.loaded)
            return entry.loaded
        if item.startswith("famafrench:"):
            loaded = local.load_famafrench(name)
        else:
            loaded = local.load_series(name)
        self.cache.put(key, loaded)
        self.memo.put(key, loaded)
        return loaded

    def _load_demo(self, item: str, name: str) -> Loaded:
        key = f"demo:{self.config.demo_seed}:{item}"
        memoised = self.memo.get(key)
        if memoised is not None:
            return memoised
        entry = self.cache.get(key)
        if entry is not None:
            self.memo.put(key, entry.loaded)
            return entry.loaded
        from loaders.demo import demo_famafrench_loaded, demo_loaded, generate_demo

        bundle = generate_demo(self.config.demo_seed)
        wanted = None
        for series_key in bundle.series:
            loaded = demo_loaded(bundle, series_key)
            self.cache.put(f"demo:{self.config.demo_seed}:series:{series_key}", loaded)
            if item == f"series:{series_key}":
                wanted = loaded
        for dataset in bundle.famafrench:
            loaded = demo_famafrench_loaded(bundle, dataset)
            self.cache.put(f"demo:{self.config.demo_seed}:famafrench:{dataset}", loaded)
            if item == f"famafrench:{dataset}":
                wanted = loaded
        if wanted is None:
            raise LoaderError("demo (synthetic)", f"no demo data for {name}")
        self.memo.put(key, wanted)
        return wanted

    def _live_key(self, item: str) -> str:
        return f"live:{item}"

    def _fetch_live(self, item: str, name: str, source: str) -> Loaded:
        fetchers = self._fetchers or default_fetchers(self.config)
        loaded = fetchers.for_source(source)(name)
        key = self._live_key(item)
        self.cache.put(key, loaded)
        self.cache.set_value(LIVE_VERSION_KEY, uuid.uuid4().hex[:12])
        self._version = None
        self.memo.put(key, loaded, stored_at=self.cache.now())
        self.cache.delete(f"cooldown:{item}")
        self.cache.delete(f"cooldown:host:{source}")
        return loaded

    def _load_live(self, item: str, name: str, source: str) -> Loaded:
        key = self._live_key(item)
        ttl = self.config.ttl(source)
        memoised = self.memo.get(key, max_age=MEMO_RECHECK_SECONDS, fresh_after=self.cache.now() - ttl)
        if memoised is not None:
            return memoised
        with self._flight(item):
            # another thread of this worker may have fetched it while this one waited
            fresh = self.cache.get_fresh(key, ttl)
            if fresh is not None:
                self.memo.put(key, fresh.loaded, stored_at=fresh.stored_at)
                return fresh.loaded
            reason = self._cooldown_reason(item, source)
            if reason is None:
                fresh, lease = self._wait_for_other_worker(item, key, source)
                if fresh is not None:
                    return fresh
                try:
                    return self._fetch_live(item, name, source)
                except LoaderError as exc:
                    reason = str(exc)
                    log.warning("live fetch failed: %s", reason)
                    self._mark_failed(f"cooldown:{item}", reason)
                    if is_unreachable(exc):
                        self._mark_failed(f"cooldown:host:{source}", reason)
                finally:
                    if lease is not None:
                        lease.release()
        return self._fallback(key, item, name, reason)

    def _wait_for_other_worker(self, item: str, key: str, source: str) -> tuple[Loaded | None, Lease | None]:
        """Take the fetch lease for ``item``; while another worker holds it, wait for its result.

        Returns ``(the other worker's fresh copy, None)``, or ``(None, lease)`` when this worker
        should fetch: ``lease`` is the held lease (to release after the fetch), or ``None`` when
        the other worker took too long or failed (this one fetches without it).
        """
        lease_seconds = int(self.config.http_timeout * 4 + 10)
        deadline = time.monotonic() + LEASE_WAIT_SECONDS
        while (lease := self.cache.lease(item, seconds=lease_seconds)) is None:
            fresh = self.cache.get_fresh(key, self.config.ttl(source))
            if fresh is not None:
                self.memo.put(key, fresh.loaded, stored_at=fresh.stored_at)
                return fresh.loaded, None
            if self._cooldown_reason(item, source) is not None or time.monotonic() > deadline:
                return None, None
            time.sleep(LEASE_POLL_SECONDS)
        # the lease is ours; the holder before us may have just stored its result
        fresh = self.cache.get_fresh(key, self.config.ttl(source))
        if fresh is not None:
            lease.release()
            self.memo.put(key, fresh.loaded, stored_at=fresh.stored_at)
            return fresh.loaded, None
        return None, lease

    def _cooldown_reason(self, item: str, source: str) -> str | None:
        for marker_key in (f"cooldown:host:{source}", f"cooldown:{item}"):
            marker = self.cache.get_fresh(marker_key, FAILURE_COOLDOWN_SECONDS)
            if marker is not None:
                return marker.loaded.provenance.note
        return None

    def _mark_failed(self, marker_key: str, reason: str) -> None:
        from loaders.base import Provenance, utcnow

        marker = Loaded(None, Provenance("cooldown", marker_key, utcnow(), None, None, note=reason))
        self.cache.put(marker_key, marker)

    def _fallback(self, key: str, item: str, name: str, reason: str) -> Loaded:
        last_good = self.cache.get(key)
        if last_good is not None:
            age = last_good.age(self.cache.now())
            return Loaded(last_good.loaded.data, last_good.loaded.provenance.as_stale(age, reason))
        if self.kind == "auto":
            demo = self._load_demo(item, name)
            note = f"live fetch failed and no cached copy ({reason}); showing demo data"
            return Loaded(demo.data, demo.provenance.with_note(note))
        raise LoaderError("live", f"{name}: fetch failed and no cached copy: {reason}")


def _tree_fingerprint(root) -> str:
    """Hash of the names, sizes and modification times of the files of a data directory."""
    parts = []
    for folder in ("fred", "indexes", "famafrench", "universe", "universe/members"):
        try:
            with os.scandir(os.path.join(root, folder)) as entries:
                for entry in entries:
                    if entry.is_file():
                        stat = entry.stat()
                        parts.append(f"{folder}/{entry.name}:{stat.st_size}:{stat.st_mtime_ns}")
        except OSError:
            parts.append(f"{folder}:missing")
    return hashlib.sha1("|".join(sorted(parts)).encode()).hexdigest()[:16]


def is_unreachable(exc: BaseException) -> bool:
    """Whether ``exc`` (or what caused it) is a connection failure: the host is unreachable."""
    seen = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        name = type(current).__name__
        if name in {"ConnectionError", "NewConnectionError", "NameResolutionError",
                    "ConnectTimeout", "MaxRetryError"} or "CouldntResolve" in name:
            return True
        current = current.__cause__ or current.__context__
    return False


def summarize(loaded: Mapping[str, Loaded]) -> dict:
    """Aggregate provenance for the header: as-of date, stale and demo keys, sources."""
    stale = sorted(k for k, v in loaded.items() if v.provenance.stale)
    demo = sorted(k for k, v in loaded.items() if v.provenance.demo)
    lasts = [v.provenance.last for v in loaded.values() if v.provenance.last is not None]
    return {
        "as_of": max(lasts) if lasts else None,
        "stale": stale,
        "demo": demo,
        "sources": sorted({v.provenance.source for v in loaded.values()}),
    }

"""Company universes for the leverage analysis: membership lists, statements and daily prices.

:class:`UniverseData` serves the three kinds of data spec:

- ``dir``: files under ``<root>/universe/`` (``members/<name>.csv``, ``fundamentals.csv``,
  ``prices.parquet``); a file that cannot be used raises :class:`LoaderError` naming the file
  and the problem.
- ``demo``: the synthetic universe of :func:`loaders.demo.generate_demo` (``config.demo_seed``).
- ``live`` / ``auto``: membership lists from iShares (``ishares:IWM``, ``ishares:IJR``,
  ``ishares:IWV``) or uploads; statements from SEC EDGAR and prices from Yahoo Finance, fetched
  by :meth:`UniverseData.fetch_live` (a long fetch with progress and cancel) into the
  :class:`~loaders.cache.LoaderCache` under stable keys (``live:universe:fundamentals``,
  ``live:universe:prices``). Page views never start that fetch. With nothing fetched yet,
  ``live`` raises and ``auto`` serves the demo universe with a note saying so.

Uploaded lists (``upload:<name>-<hash>``) are stored, not cached: they live in the user store
(:mod:`loaders.user_store`, a database apart from every cache), so every worker sees them,
whatever the data spec, and no cache clean-up can remove them. :meth:`UniverseData.list_universes`
does not list them (uploads are private unless shared by a link).

Heavy frames are not pickled through the cache on every request: each instance (the app makes
one per worker) keeps the loaded frames and their analysis-ready forms
(:class:`~analytics.leverage.PriceHistory`, :class:`~analytics.leverage.Statements`) in the
worker's one LRU (:mod:`loaders.worker_cache`) with a fingerprint: file size and modification time for files, the seed for demo data, and a small
version entry in the cache for live data.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timezone
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analytics.format import counted
from analytics.leverage import PriceHistory, Statements
from config import Config
from loaders.base import Loaded, LoaderError, Provenance, utcnow
from loaders.cache import LoaderCache
from loaders.worker_cache import WorkerCache

DIR_SOURCE = "local directory"
LIVE_FUNDAMENTALS = "live:universe:fundamentals"
LIVE_PRICES = "live:universe:prices"
UPLOAD_INDEX = "universe:uploads"  # where uploads were listed before the user store (migrated once)
SEC_LOOKBACK_MONTHS = 15  # statements this old still count at the window start
FUNDAMENTAL_COLUMNS = ("ticker", "period_end", "publish_date", "total_debt", "total_liabilities",
                       "total_equity", "net_income", "statement")
PRICE_COLUMNS = ("date", "ticker", "adj_close")
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class UniverseFetchers:
    """Live fetch functions (injectable for tests).

    Attributes:
        ishares: ``ishares(fund) -> (members, provenance)``.
        sec: ``sec(start, end, progress, should_cancel) -> (statements, missing)``.
        yahoo: ``yahoo(tickers, start, end, progress, should_cancel) -> (prices, failures)``.
    """

    ishares: Callable
    sec: Callable
    yahoo: Callable


def default_universe_fetchers(config: Config) -> UniverseFetchers:
    """Fetchers calling iShares, SEC EDGAR (rate limited, configured User-Agent) and yfinance."""
    from loaders.ishares import fetch_ishares_holdings
    from loaders.sec import SecClient, fetch_sec_statements
    from loaders.yahoo import fetch_yahoo_prices

    def sec(start, end, progress, should_cancel):
        client = SecClient(config.sec_user_agent, timeout=config.http_timeout)
        return fetch_sec_statements(client, start=start, end=end, progress=progress, should_cancel=should_cancel)

    def yahoo(tickers, start, end, progress, should_cancel):
        return fetch_yahoo_prices(tickers, start=start, end=end, progress=progress, should_cancel=should_cancel,
                                  timeout=config.http_timeout)

    return UniverseFetchers(
        ishares=lambda fund: fetch_ishares_holdings(fund, timeout=config.http_timeout), sec=sec, yahoo=yahoo)


@dataclass(frozen=True)
class FetchReport:
    """What :meth:`UniverseData.fetch_live` did.

    Attributes:
        universe: The list fetched for.
        tickers: Members in the list.
        statements: Statement rows stored (0 when the SEC fetch was cancelled).
        priced: Members with prices stored.
        failures: Item -> reason (tickers without prices, SEC frames that do not exist).
        cancelled: Whether ``should_cancel`` stopped the fetch.
    """

    universe: str
    tickers: int
    statements: int
    priced: int
    failures: dict[str, str]
    cancelled: bool


class UniverseData:
    """Membership lists, statements and prices for one data spec (see the module docstring).

    Args:
        config: Application configuration (data spec, demo seed, SEC User-Agent, TTLs).
        cache: The loader cache (shared by workers; holds uploads and live data).
        fetchers: Live fetchers; default: the real services.
        worker_cache: The worker's in-process LRU (the app's one; default: a new one) where
            lists, statements and price arrays are kept with the fingerprint they were read at.
    """

    #: The key prefix of this data in the worker cache.
    PREFIX = "universe|"

    def __init__(self, config: Config, cache: LoaderCache, *, fetchers: UniverseFetchers | None = None,
                 worker_cache: WorkerCache | None = None):
        self.config = config
        self.cache = cache
        self._fetchers = fetchers
        self._memo = worker_cache if worker_cache is not None else WorkerCache()
        self._user_store = None

    @classmethod
    def for_source(cls, source, *, fetchers: UniverseFetchers | None = None) -> UniverseData:
        """The universe data for a :class:`~loaders.source.DataSource` (same config, cache and
        worker cache)."""
        return cls(source.config, source.cache, fetchers=fetchers, worker_cache=source.worker_cache)

    # ------------------------------------------------------------------ description
    @property
    def kind(self) -> str:
        """``auto``, ``live``, ``demo`` or ``dir``."""
        return self.config.data.kind

    @property
    def root(self) -> Path | None:
        """``<data dir>/universe`` for a directory spec, else None."""
        return self.config.data.path / "universe" if self.kind == "dir" else None

    def describe(self) -> str:
        """One line naming where universe data comes from: for a directory, the publishers its
        ``universe/SOURCES.md`` names (:func:`named_publishers`), so a source line cites them."""
        if self.kind == "dir":  # the folder's name only: no server path on a page or in an export
            named = named_publishers(self.root / "SOURCES.md")
            cited = f": {', '.join(named)}, as its SOURCES.md names them" if named else ""
            return f"Local directory '{self.config.data.path.name}' (universe/{cited})"
        if self.kind == "demo":
            return "Demo universe (synthetic, not market data)"
        return "Live: iShares or uploaded lists, SEC EDGAR statements, Yahoo Finance prices (cached)"

    def list_universes(self) -> list[str]:
        """The source's lists (uploads are private: :meth:`members` also accepts a stored
        ``upload:`` name, see :meth:`has_upload`; nothing lists them all to visitors)."""
        if self.kind == "dir":
            folder = self.root / "members"
            names = sorted(p.stem for p in folder.glob("*.csv")) if folder.is_dir() else []
        elif self.kind == "demo":
            names = sorted(self._demo()["members"])
        else:
            from loaders.ishares import FUNDS

            names = [f"ishares:{fund}" for fund in FUNDS]
            if self.kind == "auto" and self._live_version(LIVE_PRICES) is None:
                names += sorted(self._demo()["members"])
        return names

    def known_names(self) -> dict[str, str]:
        """Company names by ticker from the source's own lists: they name the members of a list
        that has none (an upload of tickers only). A ticker takes the name of the newest list
        that names it (lists dated by the date in their name, :func:`list_date`; undated lists
        after them, in name order): the statements and prices are keyed by the tickers of their
        download, so the newest name is the company the data holds (``ACET``'s statements from
        2018 on are CIK 1720580, Adicet Bio, not Aceto of the 2015 list; ``AVGO`` is Broadcom,
        not Avago). Lists that cannot be read are skipped; uploads are not read. Kept in this
        worker until a list changes."""
        try:
            lists = self.list_universes()
            fingerprint = "|".join(self.version(n) for n in lists)
        except LoaderError:
            return {}
        return self._memoised("known_names", fingerprint, lambda: self._names_of(lists))

    def _names_of(self, lists: list[str]) -> dict[str, str]:
        dated = sorted(((list_date(n), n) for n in lists if list_date(n) is not None), reverse=True)
        names: dict[str, str] = {}
        for list_name in [*(n for _, n in dated), *(n for n in lists if list_date(n) is None)]:
            try:
                members = self.members(list_name).data
            except LoaderError:
                continue
            if "name" not in members:
                continue
            named = members[members["name"].fillna("").astype(str).str.strip().ne("")]
            # (lists, not the Arrow columns: iterating those is ~1 µs an element)
            for ticker, company in zip(named["ticker"].tolist(), named["name"].tolist()):
                names.setdefault(ticker, str(company).strip())
        return names

    # ------------------------------------------------------------------ members
    def members(self, name: str) -> Loaded:
        """One membership list: ``ticker, name, sector, weight`` (weight in percent, may be NaN).

        Raises:
            LoaderError: unknown name (the message lists the known ones) or unusable file.
        """
        if name.startswith("upload:"):
            stored = self.store.get(name)
            if stored is None and (renamed := self.renamed_upload(name)):
                stored = self.store.get(renamed)
            if stored is None:
                raise LoaderError("upload", f"no uploaded universe {_shown(name)} (a link's list is kept under the "
                                  "exact name it was saved as; check the link, or upload the file again)")
            saved = datetime.fromtimestamp(stored.created_at, timezone.utc)
            return Loaded(stored.members, Provenance("upload", stored.name, saved, None, None, note=stored.note))
        if self.kind == "dir":
            known = self.list_universes()
            if name not in known:  # only a list's own name: a path-like name never reaches the file system
                plain = re.fullmatch(r"[\w][\w.-]{0,99}", name, re.ASCII) is not None  # where it would be
                raise LoaderError(DIR_SOURCE, f"no universe {_shown(name)}; known: {', '.join(known)}",
                                  f"members/{name}.csv" if plain else None)
            path = self.root / "members" / f"{name}.csv"
            return self._memoised(f"members:{path}", _fingerprint(path), lambda: read_members(path)).copy()
        if self.kind != "demo" and name.startswith("ishares:"):
            return self._ishares(name[len("ishares:"):])
        if name not in self.list_universes() or self.kind == "live":
            raise LoaderError("universe", f"no universe {_shown(name)}; known: {', '.join(self.list_universes())}")
        return self._demo()["members"][name].copy()

    def _ishares(self, fund: str) -> Loaded:
        from loaders.ishares import FUNDS

        if fund.upper() not in FUNDS:
            raise LoaderError("iShares", f"unknown fund {fund!r}; known: {', '.join(FUNDS)}")
        key = f"live:universe:members:ishares:{fund.upper()}"
        fresh = self.cache.get_fresh(key, self.config.ttl("ishares"))
        if fresh is not None:
            return fresh.loaded
        try:
            members, provenance = self._fetch().ishares(fund.upper())
        except LoaderError as exc:
            last = self.cache.get(key)
            if last is not None:
                age = last.age(self.cache.now())
                return Loaded(last.loaded.data, last.loaded.provenance.as_stale(age, str(exc)))
            raise
        loaded = Loaded(members, provenance)
        self.cache.put(key, loaded)
        return loaded

    # ------------------------------------------------------------------ uploads
    def version(self, name: str | None) -> str:
        """A short string that changes when what :meth:`members` ``(name)``, the statements or
        the prices serve may have changed (a computation-cache key part): file fingerprints for
        a directory, the seed for demo data, the fetch versions for live data, and when the
        list was stored for an upload or an iShares list."""
        if self.kind == "dir":
            parts = [_fingerprint(self.root / "fundamentals.csv"), _fingerprint(self.root / "prices.parquet")]
            if isinstance(name, str) and name in self.list_universes():
                parts.append(_fingerprint(self.root / "members" / f"{name}.csv"))
        elif self.kind == "demo":
            parts = [str(self.config.demo_seed)]
        else:
            parts = [str(self._live_version(LIVE_FUNDAMENTALS)), str(self._live_version(LIVE_PRICES))]
        if isinstance(name, str) and name.startswith("upload:"):
            parts.append(name if self.has_upload(name) else "none")  # stored lists never change
        elif isinstance(name, str) and name.startswith("ishares:"):
            entry = self.cache.get(f"live:universe:members:{name}")
            parts.append(f"{entry.stored_at:.6f}" if entry is not None else "none")
        return "|".join(parts)

    @property
    def store(self):
        """The user store (:class:`loaders.user_store.UserStore`), opened on first use."""
        if self._user_store is None:
            from loaders.user_store import UserStore

            self._user_store = UserStore.for_config(self.config)
        return self._user_store

    def has_upload(self, name: str) -> bool:
        """Whether ``name`` is a stored upload, or an old name of one (False when the store cannot be read)."""
        try:
            return self.store.exists(name) or bool(self.renamed_upload(name))
        except LoaderError:
            return False

    def migrate_cached_uploads(self) -> dict[str, str | None]:
        """Move uploads kept in the loader cache (before the user store) into the store, once.

        Returns ``{old name: stored name}`` for what this call moved, ``None`` for a listed
        upload whose entry the cache no longer holds (it needs to be uploaded again; logged).
        The outcome is recorded in the store, so a second call (any worker) does nothing; old
        links keep working (:meth:`members` follows the recorded new name).
        """
        import json
        import logging

        entry = self.cache.get(UPLOAD_INDEX)
        if entry is None or self.store.fact("migrated:cache-uploads") is not None:
            return {}
        moved: dict[str, str | None] = {}
        for old in list(entry.loaded.data):
            cached = self.cache.get(f"universe:upload:{old}")
            if cached is None or not isinstance(old, str) or not old.startswith("upload:"):
                moved[old] = None
                continue
            members = cached.loaded.data
            moved[old] = self.add_upload(members, name=old[:67], note=cached.loaded.provenance.note or "",
                                         client="migration", origin="migrated")
        if self.store.set_fact_once("migrated:cache-uploads", json.dumps(moved, sort_keys=True)):
            missing = sorted(k for k, v in moved.items() if v is None)
            logging.getLogger(__name__).warning(
                "moved %d uploads from the cache into the user store%s", len(moved) - len(missing),
                f"; these were no longer in the cache and need to be uploaded again: {', '.join(missing)}"
                if missing else "")
            return moved
        return {}

    def renamed_upload(self, name: str) -> str | None:
        """The stored name of an upload migrated from the cache under its old ``name``, if any."""
        import json

        try:
            recorded = self.store.fact("migrated:cache-uploads")
        except Exception:  # noqa: BLE001 - a store that cannot be read renames nothing
            return None
        return json.loads(recorded).get(name) if recorded else None

    def known_universes(self, *candidates) -> list[str]:
        """:meth:`list_universes` plus those ``candidates`` that are stored uploads (what a link
        may name; validating a link never needs the list of all uploads)."""
        names = self.list_universes()
        return names + [c for c in dict.fromkeys(candidates)
                        if isinstance(c, str) and c.startswith("upload:") and self.has_upload(c)]

    def accepts(self, name: str) -> bool:
        """Whether :meth:`members` knows ``name`` (a listed universe or a stored upload)."""
        if isinstance(name, str) and name.startswith("upload:"):
            return self.has_upload(name)
        return name in self.list_universes()

    def add_upload(self, members: pd.DataFrame, *, name: str, note: str = "", content: bytes | None = None,
                   client: str = "local", origin: str = "web") -> str:
        """Store an accepted upload (see :func:`loaders.upload.parse_universe_upload`) in the user
        store; returns only after the commit.

        Args:
            members: The accepted members frame.
            name: ``upload:<stem>`` (see :func:`loaders.upload.universe_name_from_filename`).
            note: Shown with the list (e.g. the upload messages).
            content: The file's bytes (the name's hash is of them); default: the members as CSV.
            client: Who uploads (the rate limit counts per client).

        Returns:
            The immutable stored name ``upload:<stem>-<8 hex>``: the same file gives the same
            name, another file never replaces a stored list.

        Raises:
            loaders.user_store.StoreError: store unavailable or a bound hit; nothing written.
        """
        if not name.startswith("upload:"):
            raise ValueError("upload names start with 'upload:'")
        if content is None:
            from loaders.user_store import members_csv

            content = members_csv(members).encode("utf-8")
        stored, _ = self.store.add(members, name=name, content=content, note=note, client=client, origin=origin)
        return stored

    # ------------------------------------------------------------------ statements and prices
    def fundamentals(self) -> Loaded:
        """Statements, one row each (``fundamentals.csv`` columns; amounts in US dollars).

        A shallow copy of the memoised frame, as for :meth:`prices`.
        """
        loaded = self._frames()["fundamentals"]
        return Loaded(loaded.data.copy(deep=False), loaded.provenance)

    def prices(self) -> Loaded:
        """Daily adjusted closes, long: ``date, ticker (category), adj_close`` (US dollars).

        The frame is a shallow copy of the memoised one: under pandas copy-on-write, changing
        it does not change what the next caller gets. A directory's prices are not kept as a
        frame (the app uses the memory-mapped arrays of :meth:`price_history`): they are read
        from the file on each call.
        """
        loaded = self._frames()["prices"]
        if loaded.data is None:  # Arrow's buffers are read-only: hand out a writable frame
            fresh = read_prices(Path(loaded.provenance.location))
            return Loaded(fresh.data.copy(), fresh.provenance)
        return Loaded(loaded.data.copy(deep=False), loaded.provenance)

    def prices_provenance(self) -> Provenance:
        """Where the prices come from and their first and last dates (no frame is read)."""
        return self._frames()["prices"].provenance

    def statements(self) -> Statements:
        """Statements prepared for point-in-time look-ups (memoised with the load)."""
        return self._frames()["statements"]

    def price_history(self) -> PriceHistory:
        """Prices prepared for window returns (memoised with the load)."""
        return self._frames()["history"]

    def known_tickers(self) -> set[str] | None:
        """Tickers with prices or statements; None in live mode before anything was fetched."""
        if self.kind == "live" and self._live_version(LIVE_PRICES) is None:
            return None
        frames = self._frames()
        return set(frames["history"].tickers) | set(frames["statements"].tickers)

    def _frames(self) -> dict:
        if self.kind == "dir":
            return self._dir_frames()
        if self.kind == "demo":
            return self._demo()
        return self._live_frames()

    def _dir_frames(self) -> dict:
        fundamentals_path, prices_path = self.root / "fundamentals.csv", self.root / "prices.parquet"
        fundamentals = self._memoised(f"fundamentals:{fundamentals_path}", _fingerprint(fundamentals_path),
                                      lambda: _with_statements(read_fundamentals(fundamentals_path)))
        key, fingerprint = f"prices:{prices_path}", _fingerprint(prices_path)
        prices = self._memoised(key, fingerprint, lambda: self._mapped_prices(prices_path))
        if prices.get("arrays") is not None and prices["arrays"] != self._arrays_version(fingerprint):
            self._memo.pop(self.PREFIX + key)  # the mapped files changed under us (damaged?): check, rebuild, remap
            prices = self._memoised(key, fingerprint, lambda: self._mapped_prices(prices_path))
        return {**fundamentals, **prices}

    def _arrays_version(self, fingerprint: str) -> str:
        from loaders.price_arrays import arrays_version

        return arrays_version(self.config.cache_dir, fingerprint)

    def _mapped_prices(self, path: Path) -> dict:
        """The prices as memory-mapped arrays shared by all workers (:mod:`loaders.price_arrays`)."""
        from loaders.price_arrays import mapped_price_history

        if not path.is_file():
            raise _file_error(path, "no prices file")
        fingerprint = _fingerprint(path)
        history, provenance = mapped_price_history(path, fingerprint, self.config.cache_dir, read=read_prices)
        return {"prices": Loaded(None, provenance), "history": history,
                "arrays": self._arrays_version(fingerprint)}

    def _demo(self) -> dict:
        seed = self.config.demo_seed

        def build():
            from loaders.demo import NOTE, SOURCE, generate_demo

            bundle = generate_demo(seed)
            dates = bundle.prices["date"]
            provenance = Provenance(SOURCE, f"synthetic:seed={seed}", bundle.generated_at, dates.min(),
                                    dates.max(), demo=True, note=NOTE)
            return {
                "members": {k: Loaded(v, provenance) for k, v in bundle.universe_members.items()},
                **_with_statements(Loaded(bundle.fundamentals, provenance)),
                **_with_history(Loaded(bundle.prices, provenance)),
            }

        return self._memoised("demo", str(seed), build)

    def _live_frames(self) -> dict:
        fundamentals_version = self._live_version(LIVE_FUNDAMENTALS)
        prices_version = self._live_version(LIVE_PRICES)
        if fundamentals_version is None or prices_version is None:
            missing = "statements" if fundamentals_version is None else "prices"
            reason = f"no live universe {missing} fetched yet (fetch a universe first)"
            if self.kind == "live":
                raise LoaderError("live", reason)
            demo = self._demo()
            note = f"{reason}; showing demo data"
            return {**demo, "fundamentals": Loaded(demo["fundamentals"].data, demo["fundamentals"].provenance
                                                   .with_note(note)),
                    "prices": Loaded(demo["prices"].data, demo["prices"].provenance.with_note(note))}
        fundamentals = self._memoised(LIVE_FUNDAMENTALS, fundamentals_version,
                                      lambda: _with_statements(self._cached(LIVE_FUNDAMENTALS)))
        prices = self._memoised(LIVE_PRICES, prices_version, lambda: _with_history(self._cached(LIVE_PRICES)))
        return {**fundamentals, **prices}

    # ------------------------------------------------------------------ live fetch
    def fetch_live(self, name: str, *, start, end=None, progress: Progress | None = None,
                   should_cancel: Callable[[], bool] | None = None) -> FetchReport:
        """Fetch SEC statements and Yahoo prices for a universe into the cache.

        Statements cover the calendar quarters from 15 months before ``start`` (so the
        point-in-time rule has them at ``start``) to ``end``, for every SEC filer; prices
        cover the members from ten days before ``start``. New prices replace a ticker's old
        ones; new statements replace rows with the same ticker, period end and statement.

        Args:
            name: A membership list (see :meth:`list_universes`).
            start: First date of interest, ``YYYY-MM-DD``.
            end: Last date of interest (default today).
            progress: Called as ``progress(stage, done, total)``; stage is ``"SEC EDGAR"``
                (requests) or ``"Yahoo Finance"`` (tickers).
            should_cancel: Checked before each request or batch; True stops the fetch.
                Statements are then not stored at all; prices already fetched are.

        Returns:
            A :class:`FetchReport`.

        Raises:
            LoaderError: not a live or auto spec, or SEC failed (nothing is stored then).
        """
        from loaders.sec import FetchCancelled

        if self.kind not in ("live", "auto"):
            raise LoaderError("universe", f"live fetch needs --data live or auto, not {self.kind}")
        tickers = [str(t) for t in self.members(name).data["ticker"]]
        start = pd.Timestamp(start).normalize()
        end = pd.Timestamp(end).normalize() if end is not None else pd.Timestamp.today().normalize()
        fetch = self._fetch()
        stage = (lambda label: (lambda done, total: progress(label, done, total))) if progress else (lambda _: None)
        try:
            statements, failures = fetch.sec(start - pd.DateOffset(months=SEC_LOOKBACK_MONTHS), end,
                                             stage("SEC EDGAR"), should_cancel)
        except FetchCancelled:
            return FetchReport(name, len(tickers), 0, 0, {"SEC EDGAR": "cancelled"}, True)
        self._store(LIVE_FUNDAMENTALS, _merge_statements(self._cached_or_none(LIVE_FUNDAMENTALS), statements),
                    "SEC EDGAR", "https://data.sec.gov/api/xbrl/frames/")
        prices, price_failures = fetch.yahoo(tickers, f"{start - pd.Timedelta(days=10):%Y-%m-%d}",
                                             f"{end + pd.Timedelta(days=1):%Y-%m-%d}", stage("Yahoo Finance"),
                                             should_cancel)
        priced = int(prices["ticker"].nunique()) if len(prices) else 0
        if priced:
            self._store(LIVE_PRICES, _merge_prices(self._cached_or_none(LIVE_PRICES), prices),
                        "Yahoo Finance", "https://finance.yahoo.com/")
        cancelled = "cancelled" in price_failures.values()
        return FetchReport(name, len(tickers), len(statements), priced, {**failures, **price_failures}, cancelled)

    def _fetch(self) -> UniverseFetchers:
        if self._fetchers is None:
            self._fetchers = default_universe_fetchers(self.config)
        return self._fetchers

    def _store(self, key: str, frame: pd.DataFrame, source: str, location: str) -> None:
        dates = frame["date"] if "date" in frame.columns else frame["publish_date"]
        provenance = Provenance(source, location, utcnow(), dates.min(), dates.max())
        if not self.cache.put(key, Loaded(frame, provenance)):
            raise LoaderError(source, "the cache refused the fetched data; nothing stored")
        self.cache.put(f"{key}:version", Loaded(uuid.uuid4().hex, provenance))

    def _live_version(self, key: str) -> str | None:
        entry = self.cache.get(f"{key}:version")
        return entry.loaded.data if entry is not None else None

    def _cached_or_none(self, key: str) -> pd.DataFrame | None:
        entry = self.cache.get(key)
        return entry.loaded.data if entry is not None else None

    def _cached(self, key: str) -> Loaded:
        entry = self.cache.get(key)
        if entry is None:
            raise LoaderError("live", f"cached universe data {key} disappeared; fetch it again")
        return entry.loaded

    # ------------------------------------------------------------------ memo
    def _memoised(self, key: str, fingerprint: str, build: Callable[[], object]):
        """The value kept under ``key`` when it was built at ``fingerprint``, else ``build()``
        (kept in the worker cache with the fingerprint)."""
        held = self._memo.get(self.PREFIX + key)
        if held is not None and held[0] == fingerprint:
            return held[1]
        value = build()
        self._memo.put(self.PREFIX + key, (fingerprint, value))
        return value


#: Publishers a universe folder's SOURCES.md may name, as a source line cites them.
PUBLISHERS = ("iShares", "SPDR", "FTSE Russell", "S&P Dow Jones Indices", "SimFin", "SEC EDGAR", "Compustat",
              "Yahoo Finance", "Yahoo", "Nasdaq Data Link", "Stooq", "Tiingo")


def read_sources(path: Path | None) -> str:
    """A universe folder's SOURCES.md as text; empty when there is none or it cannot be read."""
    try:
        return path.read_text(encoding="utf-8", errors="replace") if path is not None else ""
    except OSError:
        return ""


def named_publishers(path: Path) -> list[str]:
    """The :data:`PUBLISHERS` a SOURCES.md names, in that order ("Yahoo" only when "Yahoo
    Finance" is not named); none when it cannot be read."""
    text = read_sources(path)
    found = [p for p in PUBLISHERS if re.search(rf"(?<![\w-]){re.escape(p)}(?![\w])", text)]
    return [p for p in found if not (p == "Yahoo" and "Yahoo Finance" in found)]


def list_date(name: str) -> pd.Timestamp | None:
    """The date in a list's name (``russell2000_iwm_2025-05-13``; ``..._2021-10_list``: the
    month's first day), or None (``demo_smallcap``, ``ishares:IWM``)."""
    found = re.search(r"(?<!\d)(\d{4})-(\d{2})(?:-(\d{2}))?(?!\d)", name)
    if found is None:
        return None
    try:
        return pd.Timestamp(int(found[1]), int(found[2]), int(found[3] or 1))
    except ValueError:
        return None


def _shown(name: object) -> str:
    """A name as a message may quote it: its repr, at most 80 characters of it."""
    text = repr(name)
    return text if len(text) <= 80 else text[:77] + "..."


def _fingerprint(path: Path) -> str:
    try:
        stat = path.stat()
    except OSError:
        return "missing"
    return f"{stat.st_size}-{stat.st_mtime_ns}"


def _with_statements(loaded: Loaded) -> dict:
    try:
        statements = Statements.from_frame(loaded.data)
    except ValueError as exc:
        raise LoaderError(loaded.provenance.source, str(exc), loaded.provenance.location) from exc
    return {"fundamentals": loaded, "statements": statements}


def _with_history(loaded: Loaded) -> dict:
    try:
        history = PriceHistory.from_long(loaded.data)
    except ValueError as exc:
        raise LoaderError(loaded.provenance.source, str(exc), loaded.provenance.location) from exc
    return {"prices": loaded, "history": history}


def _merge_statements(old: pd.DataFrame | None, new: pd.DataFrame) -> pd.DataFrame:
    frame = new if old is None else pd.concat([old, new], ignore_index=True)
    frame = frame.drop_duplicates(["ticker", "period_end", "statement"], keep="last")
    return frame.sort_values(["ticker", "period_end", "statement"], kind="mergesort", ignore_index=True)


def _merge_prices(old: pd.DataFrame | None, new: pd.DataFrame) -> pd.DataFrame:
    new = new.assign(ticker=new["ticker"].astype(str))
    if old is not None:
        old = old.assign(ticker=old["ticker"].astype(str))
        new = pd.concat([old[~old["ticker"].isin(set(new["ticker"]))], new], ignore_index=True)
    new = new.sort_values(["ticker", "date"], kind="mergesort", ignore_index=True)
    return new.assign(ticker=new["ticker"].astype("category"))


# ---------------------------------------------------------------------- local files
def _file_error(path: Path, problem: str) -> LoaderError:
    return LoaderError(DIR_SOURCE, problem, str(path))


def _file_provenance(path: Path, first=None, last=None, note: str = "", left_out: str = "") -> Provenance:
    return Provenance(DIR_SOURCE, str(path), utcnow(), first, last, note=note, left_out=left_out)


def read_members(path: Path) -> Loaded:
    """Read ``members/<name>.csv``: ``ticker`` (or ``symbol``), optional ``name, sector, weight``.

    Tickers are stripped and upper-cased, blanks dropped, repeats kept once (first).

    Raises:
        LoaderError: unreadable CSV, no ticker column, no tickers, or a non-numeric weight.
    """
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    except pd.errors.EmptyDataError as exc:
        raise _file_error(path, "empty file (expected a header row with a 'ticker' column)") from exc
    except (pd.errors.ParserError, UnicodeDecodeError, OSError) as exc:
        raise _file_error(path, f"unreadable CSV ({type(exc).__name__})") from exc
    raw.columns = [str(c).strip().lower() for c in raw.columns]
    column = next((c for c in ("ticker", "symbol") if c in raw.columns), None)
    if column is None:
        raise _file_error(path, f"no 'ticker' column (found {', '.join(raw.columns)})")
    out = pd.DataFrame({"ticker": raw[column].str.strip().str.upper()})
    for optional in ("name", "sector"):
        out[optional] = raw[optional].str.strip() if optional in raw.columns else ""
    weight = raw["weight"].str.strip() if "weight" in raw.columns else pd.Series("", index=raw.index)
    out["weight"] = pd.to_numeric(weight.mask(weight.eq("")), errors="coerce").astype("float64")
    bad = out["weight"].isna() & weight.ne("")
    if bad.any():
        row = int(bad.to_numpy().nonzero()[0][0])
        raise _file_error(path, f"row {row + 2}: weight {weight.iloc[row]!r} is not a number")
    blank = int(out["ticker"].eq("").sum())
    out = out[out["ticker"].ne("")]
    repeated = int(out["ticker"].duplicated().sum())
    out = out.drop_duplicates("ticker", keep="first", ignore_index=True)
    if out.empty:
        raise _file_error(path, "no tickers")
    notes = [f"{n} {what} skipped" for n, what in ((blank, "blank tickers"), (repeated, "repeated tickers")) if n]
    return Loaded(out, _file_provenance(path, note="; ".join(notes)))


def read_fundamentals(path: Path) -> Loaded:
    """Read ``fundamentals.csv`` (one row per statement; amounts in US dollars).

    Only blank cells are missing (a ticker ``NA`` stays a ticker). Rows with a blank ticker are
    dropped (counted in the provenance note).

    Raises:
        LoaderError: missing file or column, unreadable CSV, or an unreadable date or number
            (the message names the column, row and value).
    """
    if not path.is_file():
        raise _file_error(path, "no fundamentals file")
    try:
        frame = pd.read_csv(path, dtype={"ticker": str, "statement": str, "fiscal_period": str, "sector": str},
                            keep_default_na=False, na_values=[""], low_memory=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError, OSError, ValueError) as exc:
        raise _file_error(path, f"unreadable CSV ({type(exc).__name__}: {exc})") from exc
    missing = [c for c in FUNDAMENTAL_COLUMNS if c not in frame.columns]
    if missing:
        raise _file_error(path, f"missing column(s) {', '.join(missing)}")
    if frame.empty:
        raise _file_error(path, "no statements")
    for column in ("period_end", "publish_date"):
        frame[column] = _checked(frame[column], path, column,
                                 lambda s: pd.to_datetime(s, errors="coerce", format="ISO8601"))
    for column in ("total_debt", "total_liabilities", "total_equity", "net_income"):
        frame[column] = _checked(frame[column], path, column,
                                 lambda s: pd.to_numeric(s, errors="coerce")).astype("float64")
    blank = frame["ticker"].isna() | frame["ticker"].astype(str).str.strip().eq("")
    frame = frame[~blank].reset_index(drop=True)
    notes = [f"{int(blank.sum())} rows without ticker dropped"] if blank.any() else []
    frame, duplicates = _without_duplicate_statements(frame)
    notes += duplicates
    return Loaded(frame, _file_provenance(path, frame["publish_date"].min(), frame["publish_date"].max(),
                                          "; ".join(notes)))


#: What makes two rows of ``fundamentals.csv`` the same statement (a later publish date for the
#: same period is a restatement: another statement).
STATEMENT_KEY = ["ticker", "period_end", "statement", "publish_date"]


def _without_duplicate_statements(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """``frame`` with one row per statement: repeats of a row dropped, and statements given twice
    with different amounts left out (which one is right cannot be told: a net income given with
    both signs made 75% of a universe loss-making instead of 24%); notes saying what was done."""
    repeated = frame.duplicated(keep="first")
    out, notes = frame[~repeated], []
    if repeated.any():
        notes.append(f"{counted(int(repeated.sum()), 'repeated row')} dropped")
    clash = out.duplicated(STATEMENT_KEY, keep=False)
    if clash.any():
        first = out[clash].iloc[0]
        statements = int(out[clash].drop_duplicates(STATEMENT_KEY).shape[0])
        notes.append(f"{counted(statements, 'statement')} given more than once with different amounts left out "
                     f"(first: {first['ticker']} {first['period_end']:%Y-%m-%d}, published "
                     f"{first['publish_date']:%Y-%m-%d})")
        out = out[~clash]
    return out.reset_index(drop=True), notes


def _checked(values: pd.Series, path: Path, column: str, parse) -> pd.Series:
    parsed = parse(values)
    bad = parsed.isna() & values.notna()
    if bad.any():
        row = int(bad.to_numpy().nonzero()[0][0])
        raise _file_error(path, f"column {column!r}, row {row + 2}: unreadable value {values.iloc[row]!r}")
    return parsed


def read_prices(path: Path) -> Loaded:
    """Read ``prices.parquet`` (``date, ticker, adj_close``) with pyarrow, ticker as a category.

    Only the three columns are read; the ticker column is read as a dictionary (one copy of
    each ticker string); ``adj_close`` stays float64 (US dollars, adjusted for splits and
    dividends).

    Raises:
        LoaderError: missing or unreadable file, a missing column, a wrong column type, no rows.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    if not path.is_file():
        raise _file_error(path, "no prices file")
    try:
        schema = pq.read_schema(path)
        missing = [c for c in PRICE_COLUMNS if c not in schema.names]
        if missing:
            raise _file_error(path, f"missing column(s) {', '.join(missing)} (found {', '.join(schema.names)})")
        types = {c: schema.field(c).type for c in PRICE_COLUMNS}
        if not (pa.types.is_timestamp(types["date"]) or pa.types.is_date(types["date"])):
            raise _file_error(path, f"column 'date' has type {types['date']}, expected a date or timestamp")
        if not (pa.types.is_floating(types["adj_close"]) or pa.types.is_integer(types["adj_close"])):
            raise _file_error(path, f"column 'adj_close' has type {types['adj_close']}, expected numbers")
        string_ticker = pa.types.is_string(types["ticker"]) or pa.types.is_large_string(types["ticker"])
        table = pq.read_table(path, columns=list(PRICE_COLUMNS), read_dictionary=["ticker"] if string_ticker else None)
    except (OSError, pa.ArrowException) as exc:
        raise _file_error(path, f"unreadable Parquet file ({type(exc).__name__}: {exc})") from exc
    frame = table.to_pandas(self_destruct=True, split_blocks=True)  # frees Arrow buffers as it goes
    del table
    if frame.empty:
        raise _file_error(path, "no price rows")
    if not isinstance(frame["ticker"].dtype, pd.CategoricalDtype):
        frame["ticker"] = frame["ticker"].astype(str).astype("category")
    if isinstance(frame["date"].dtype, pd.DatetimeTZDtype):
        frame["date"] = _plain_dates(frame["date"], path)
    elif not pd.api.types.is_datetime64_dtype(frame["date"].dtype):
        frame["date"] = pd.to_datetime(frame["date"])
    frame["adj_close"] = frame["adj_close"].astype("float64")
    # a close at or below zero is no price (a vendor's failed day wrote 0 for every ticker: every
    # sector "-100.0%", a median P/E of 0.0); its rows are left out and counted
    bad = ~(frame["adj_close"] > 0)
    bad &= frame["adj_close"].notna()
    left_out = ""
    if bad.any():
        n = int(bad.sum())
        left_out = f"left out {n:,} price row{'' if n == 1 else 's'} at or below zero ({_bad_rows(frame.loc[bad])})"
        frame = frame.loc[~bad].reset_index(drop=True)
        if frame.empty:
            raise _file_error(path, f"no usable price rows: {left_out}")
    return Loaded(frame, _file_provenance(path, frame["date"].min(), frame["date"].max(), left_out=left_out))


def _bad_rows(rows: pd.DataFrame) -> str:
    """Which rows: ``"CBIO 1,251, DEC 732, VATE 658, ^IRX 7"`` (a few tickers: Yahoo's adjusted
    closes below zero after large special dividends), or ``"601 tickers: 601 on 2022-06-30"`` (a
    vendor's failed day)."""
    per_ticker = rows["ticker"].astype(str).value_counts()
    if len(per_ticker) <= 4:
        return ", ".join(f"{t} {c:,}" for t, c in per_ticker.items())
    per_day = rows["date"].value_counts()  # (the most first: a failed day stands out)
    named = ", ".join(f"{c:,} on {d:%Y-%m-%d}" for d, c in per_day.head(3).items())
    more = f", {len(per_day) - 3:,} more days" if len(per_day) > 3 else ""
    return f"{len(per_ticker):,} tickers: {named}{more}"


def _plain_dates(dates: pd.Series, path: Path) -> pd.Series:
    """Calendar dates of a time-zone-aware column: its UTC dates when every value is a UTC
    midnight, else its wall dates when every value is a midnight there (a TypeError in the
    program and 2.2 GB a request before)."""
    utc = dates.dt.tz_convert("UTC").dt.tz_localize(None)
    if (utc == utc.dt.normalize()).all():
        return utc
    wall = dates.dt.tz_localize(None)
    if (wall == wall.dt.normalize()).all():
        return wall
    raise _file_error(path, f"column 'date' holds times of day (time zone {dates.dt.tz}); expected calendar dates")

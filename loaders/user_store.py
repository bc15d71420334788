"""The user store: uploaded universes kept durably, apart from every cache.

What people upload cannot be recomputed, so it is *stored*, not cached: a SQLAlchemy database,
SQLite by default (``<state dir>/user-store.sqlite3``, WAL mode, writers serialised with
``BEGIN IMMEDIATE`` so several worker processes on one host are safe) or any SQLAlchemy URL
(``SMALLCAP_STORE_URL``, e.g. ``postgresql+psycopg://user@host/db``) for a shared deployment.
The schema is created and migrated at start-up by Alembic (``loaders/migrations``).

Rules (see the README, "Uploaded universes"):

- A list is saved in one transaction; :meth:`UserStore.add` returns only after the commit, and
  raises :class:`StoreError` (nothing written) when the store is unavailable or a bound is hit.
- Names are immutable and content-addressed: ``upload:<stem>-<8 hex of SHA-256 of the file>``.
  The same file gives the same name; a stored list is never replaced.
- Bounds: at most ``max_bytes`` of lists in total and ``per_minute`` uploads a minute per
  client; beyond them a refusal, never eviction. The same events table, through
  :meth:`UserStore.take`, limits failed sign-ins (:mod:`server.auth`) across workers and hosts. :meth:`UserStore.prune` removes lists unused
  for a number of days (``smallcap-monitor universe prune``).
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import re
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from filelock import FileLock
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from loaders.base import LoaderError

MIGRATIONS = Path(__file__).with_name("migrations")
COLUMNS = ["ticker", "name", "sector", "weight"]
_HASHED = re.compile(r"^upload:[A-Za-z0-9_.-]{1,60}-[0-9a-f]{8}$")
TOUCH_EVERY = 86_400.0  # last_used is rewritten at most once a day per list
EVENT_HORIZON = 3600.0  # rate-limit events are kept this long (the longest window)

metadata = sa.MetaData()
uploads = sa.Table(
    "uploads", metadata,
    sa.Column("name", sa.String(80), primary_key=True),
    sa.Column("digest", sa.String(64), nullable=False),
    sa.Column("members", sa.Text, nullable=False),
    sa.Column("n_members", sa.Integer, nullable=False),
    sa.Column("size_bytes", sa.Integer, nullable=False),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    sa.Column("origin", sa.String(16), nullable=False, server_default="web"),
    sa.Column("created_at", sa.Float(precision=53), nullable=False),
    sa.Column("last_used", sa.Float(precision=53), nullable=False),
)
upload_events = sa.Table(
    "upload_events", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("client", sa.String(64), nullable=False),
    sa.Column("at", sa.Float(precision=53), nullable=False),
)
store_facts = sa.Table(
    "store_facts", metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)


class StoreError(LoaderError):
    """The store refused or could not save; the message says why. Nothing was written."""

    def __init__(self, message: str):
        super().__init__("store", message)


@dataclass(frozen=True)
class StoredList:
    """One stored upload: its members frame and facts."""

    name: str
    members: pd.DataFrame
    note: str
    created_at: float
    last_used: float
    size_bytes: int
    origin: str


def upload_name(stem_name: str, content: bytes) -> str:
    """``upload:<stem>-<8 hex>`` for ``upload:<stem>`` (see
    :func:`loaders.upload.universe_name_from_filename`) and the file's bytes."""
    if not stem_name.startswith("upload:"):
        raise ValueError("upload names start with 'upload:'")
    return f"{stem_name}-{hashlib.sha256(content).hexdigest()[:8]}"


def is_stored_name(name: object) -> bool:
    """Whether ``name`` has the form of a stored upload's name."""
    return isinstance(name, str) and bool(_HASHED.match(name))


def _encode(members: pd.DataFrame) -> str:
    frame = members.reindex(columns=COLUMNS)
    rows = []
    for ticker, name, sector, weight in frame.itertuples(index=False, name=None):
        weight = None if weight is None or (isinstance(weight, float) and math.isnan(weight)) else float(weight)
        rows.append([str(ticker), "" if pd.isna(name) else str(name), "" if pd.isna(sector) else str(sector), weight])
    return json.dumps(rows, separators=(",", ":"))


def _decode(text: str) -> pd.DataFrame:
    rows = json.loads(text)
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["weight"] = pd.to_numeric(frame["weight"], errors="coerce").astype(float)
    return frame


def sqlite_url(state_dir: Path) -> str:
    """The default store: a SQLite file in the state folder."""
    return f"sqlite:///{Path(state_dir).resolve() / 'user-store.sqlite3'}"


def _sqlite_engine(url: str) -> sa.Engine:
    engine = sa.create_engine(url, connect_args={"timeout": 30, "isolation_level": None},
                              poolclass=sa.pool.NullPool)

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE")  # one writer at a time, no lost updates

    return engine


def _wait(connection, key: str, limit: int, window: float, now: float) -> float:
    """Seconds until ``key`` has fewer than ``limit`` events in the last ``window`` s (0: now)."""
    if limit <= 0:
        return 0.0
    recent = connection.execute(
        sa.select(upload_events.c.at).where(upload_events.c.client == key[:64], upload_events.c.at > now - window)
        .order_by(upload_events.c.at.desc()).limit(limit)).scalars().all()
    return 0.0 if len(recent) < limit else max(recent[limit - 1] + window - now, 0.001)


def _record(connection, key: str, now: float) -> int:
    """Count an event of ``key`` now (events older than :data:`EVENT_HORIZON` are dropped); its id."""
    event = connection.execute(upload_events.insert().values(client=key[:64], at=now)).inserted_primary_key[0]
    connection.execute(upload_events.delete().where(upload_events.c.at < now - EVENT_HORIZON))
    return int(event)


def _unavailable(exc: Exception) -> StoreError:
    detail = str(getattr(exc, "orig", None) or exc).splitlines()[0][:200]
    return StoreError(f"the user store is unavailable ({detail}); nothing was saved, try again later")


class UserStore:
    """Uploaded lists in a SQLAlchemy database (see the module docstring).

    Args:
        url: SQLAlchemy URL.
        max_bytes: Total size of stored lists allowed.
        per_minute: Uploads a client may make in 60 s.
        clock: Seconds since the epoch (tests pass their own).
    """

    def __init__(self, url: str, *, max_bytes: int = 200 * 1024 * 1024, per_minute: int = 10,
                 clock: Callable[[], float] = time.time, lock_dir: Path | None = None):
        self.url = url
        self.max_bytes = int(max_bytes)
        self.per_minute = int(per_minute)
        self.clock = clock
        self._lock_dir = lock_dir
        try:
            if url.startswith("sqlite"):
                self.engine = _sqlite_engine(url)
            else:
                self.engine = sa.create_engine(url, pool_pre_ping=True)
        except (SQLAlchemyError, ImportError, ValueError) as exc:
            raise _unavailable(exc) from None
        self._ready = False

    @classmethod
    def for_config(cls, config) -> UserStore:
        """The store the configuration names (``SMALLCAP_STORE_URL`` or the state folder)."""
        state_dir = Path(config.user_state_dir)
        url = config.store_url
        if not url:
            state_dir.mkdir(parents=True, exist_ok=True)
            url = sqlite_url(state_dir)
        return cls(url, max_bytes=int(config.upload_max_mb * 1024 * 1024), per_minute=config.upload_per_minute,
                   lock_dir=state_dir if state_dir.is_dir() else None)

    # ------------------------------------------------------------------ schema
    def upgrade(self) -> None:
        """Create or migrate the schema to the newest revision (Alembic), once per instance."""
        if self._ready:
            return
        from alembic import command
        from alembic.config import Config as AlembicConfig

        # concurrent start-ups on one host migrate one at a time
        lock = FileLock(Path(self._lock_dir) / "migrate.lock") if self._lock_dir is not None else nullcontext()
        with lock:
            try:
                cfg = AlembicConfig()
                cfg.set_main_option("script_location", str(MIGRATIONS))
                with self.engine.begin() as connection:
                    cfg.attributes["connection"] = connection
                    command.upgrade(cfg, "head")
            except SQLAlchemyError as exc:
                raise _unavailable(exc) from None
        self._ready = True

    def revision(self) -> str | None:
        """The schema revision in the database (Alembic's ``alembic_version``)."""
        self.upgrade()
        with self.engine.connect() as connection:
            return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()

    # ------------------------------------------------------------------ writing
    def add(self, members: pd.DataFrame, *, name: str, content: bytes, note: str = "",
            client: str = "local", origin: str = "web") -> tuple[str, bool]:
        """Save a list under its content-addressed name, in one transaction.

        Args:
            members: The accepted members frame.
            name: ``upload:<stem>`` (the hash is appended here).
            content: The uploaded file's bytes (the name's hash is of these).
            client: Who uploads (for the rate limit), e.g. the remote address.
            origin: ``web`` (rate-limited), ``cli`` or ``migrated``.

        Returns:
            ``(stored name, True)`` when saved now, ``(stored name, False)`` when that file was
            already stored (the same list; nothing replaced).

        Raises:
            StoreError: the store is unavailable, or a bound would be exceeded (nothing written).
        """
        stored = upload_name(name, content)
        encoded = _encode(members)
        size = len(encoded.encode("utf-8"))
        now = self.clock()
        self.upgrade()
        try:
            with self.engine.begin() as connection:
                if connection.execute(sa.select(uploads.c.name).where(uploads.c.name == stored)).first():
                    return stored, False
                if self.per_minute and origin == "web" and _wait(connection, client, self.per_minute, 60, now) > 0:
                    raise StoreError(f"too many uploads: at most {self.per_minute} a minute from one client; "
                                     "nothing was saved, try again in a minute")
                used = connection.execute(sa.select(sa.func.coalesce(sa.func.sum(uploads.c.size_bytes), 0))).scalar()
                if used + size > self.max_bytes:
                    raise StoreError(f"the upload store is full ({used / 1e6:.1f} MB of {self.max_bytes / 1e6:.0f} MB "
                                     f"used; this list needs {size / 1e6:.2f} MB); nothing was saved. An "
                                     "administrator can remove unused lists with 'smallcap-monitor universe prune'")
                connection.execute(uploads.insert().values(
                    name=stored, digest=hashlib.sha256(content).hexdigest(), members=encoded,
                    n_members=len(members), size_bytes=size, note=note, origin=origin[:16],
                    created_at=now, last_used=now))
                _record(connection, client, now)
        except IntegrityError:  # the same file saved concurrently by another process: same list
            if self.get(stored, touch=False) is not None:
                return stored, False
            raise
        except StoreError:
            raise
        except SQLAlchemyError as exc:
            raise _unavailable(exc) from None
        return stored, True

    # ------------------------------------------------------------------ rate limits
    def take(self, limits: dict[str, int], *, window: float) -> tuple[float, list[int]]:
        """Count one event for each key of ``limits`` (``{key: at most this many in window}``),
        in one transaction, unless a key already has its limit in the last ``window`` seconds
        (at most :data:`EVENT_HORIZON`): then nothing is counted.

        The events are those of the upload limit (one table, keys apart: uploads count the bare
        client address, other limits a ``<what>:`` prefix), e.g. failed sign-ins.

        Returns:
            ``(0, ids of the events counted)``, or ``(seconds until every key is under its
            limit again, [])``.

        Raises:
            StoreError: the store is unavailable.
        """
        window = min(float(window), EVENT_HORIZON)
        now = self.clock()
        self.upgrade()
        try:
            with self.engine.begin() as connection:
                wait = max((_wait(connection, key, limit, window, now) for key, limit in limits.items()), default=0.0)
                if wait > 0:
                    return wait, []
                return 0.0, [_record(connection, key, now) for key in limits]
        except SQLAlchemyError as exc:
            raise _unavailable(exc) from None

    def forget(self, ids: list[int]) -> None:
        """Remove events counted by :meth:`take` (an attempt that turned out not to count)."""
        if not ids:
            return
        try:
            with self.engine.begin() as connection:
                connection.execute(upload_events.delete().where(upload_events.c.id.in_(list(ids))))
        except SQLAlchemyError as exc:
            raise _unavailable(exc) from None

    # ------------------------------------------------------------------ reading
    def get(self, name: str, *, touch: bool = True) -> StoredList | None:
        """The stored list ``name``, or None; reading marks it used (at most once a day)."""
        if not isinstance(name, str) or not name.startswith("upload:"):
            return None
        self.upgrade()
        try:
            with self.engine.connect() as connection:
                row = connection.execute(sa.select(uploads).where(uploads.c.name == name)).mappings().first()
            if row is None:
                return None
            now = self.clock()
            if touch and now - row["last_used"] > TOUCH_EVERY:
                with self.engine.begin() as connection:
                    connection.execute(uploads.update().where(uploads.c.name == name).values(last_used=now))
        except SQLAlchemyError as exc:
            raise LoaderError("store", f"the user store is unavailable ({str(exc).splitlines()[0][:200]})") from None
        return StoredList(row["name"], _decode(row["members"]), row["note"], row["created_at"], row["last_used"],
                          row["size_bytes"], row["origin"])

    def names(self) -> list[dict]:
        """Every stored list (name, members, size, created, last used): for the CLI, never the page."""
        self.upgrade()
        with self.engine.connect() as connection:
            rows = connection.execute(sa.select(
                uploads.c.name, uploads.c.n_members, uploads.c.size_bytes, uploads.c.created_at,
                uploads.c.last_used, uploads.c.origin).order_by(uploads.c.name)).mappings().all()
        return [dict(row) for row in rows]

    def exists(self, name: str) -> bool:
        return self.get(name, touch=False) is not None

    def used_bytes(self) -> int:
        self.upgrade()
        with self.engine.connect() as connection:
            return int(connection.execute(sa.select(sa.func.coalesce(sa.func.sum(uploads.c.size_bytes), 0))).scalar())

    def prune(self, *, days: float = 180, dry_run: bool = False) -> list[str]:
        """Remove lists not used for ``days`` days; returns their names (sorted)."""
        self.upgrade()
        cutoff = self.clock() - days * 86_400
        with self.engine.begin() as connection:
            names = sorted(connection.execute(sa.select(uploads.c.name).where(uploads.c.last_used < cutoff)).scalars())
            if names and not dry_run:
                connection.execute(uploads.delete().where(uploads.c.last_used < cutoff))
        return names

    # ------------------------------------------------------------------ facts
    def fact(self, key: str) -> str | None:
        self.upgrade()
        with self.engine.connect() as connection:
            return connection.execute(sa.select(store_facts.c.value).where(store_facts.c.key == key)).scalar()

    def set_fact_once(self, key: str, value: str) -> bool:
        """Record ``key`` unless already recorded; True when this call recorded it."""
        self.upgrade()
        try:
            with self.engine.begin() as connection:
                if connection.execute(sa.select(store_facts.c.key).where(store_facts.c.key == key)).first():
                    return False
                connection.execute(store_facts.insert().values(key=key, value=value))
        except IntegrityError:
            return False
        return True

    def dispose(self) -> None:
        self.engine.dispose()


def members_csv(members: pd.DataFrame) -> str:
    """The list as CSV text (``ticker,name,sector,weight``)."""
    buffer = io.StringIO()
    members.reindex(columns=COLUMNS).to_csv(buffer, index=False)
    return buffer.getvalue()

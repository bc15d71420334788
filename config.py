"""Application configuration: one frozen object built from defaults, environment and CLI flags.

Environment variables (all optional):

- ``SMALLCAP_DATA``: data spec, ``auto`` (default), ``live``, ``demo`` or a directory path.
- ``SMALLCAP_CACHE_DIR``: folder of the file-system cache (default ``./.cache/smallcap-monitor``).
- ``SMALLCAP_REDIS_URL``: when set, the cache is Redis (flask-caching ``RedisCache``).
- ``SMALLCAP_CELERY_URL``: when set (``redis://...``), background jobs go to Celery workers through
  this Redis broker and result backend; unset, they run beside the web worker (diskcache).
- ``SMALLCAP_SEC_USER_AGENT``: descriptive User-Agent for SEC EDGAR ("Name contact@example.org").
- ``SMALLCAP_DEBUG``: ``1`` turns on Dash debug mode (off by default).
- ``SMALLCAP_SERVER_TIMING``: ``1`` adds a ``Server-Timing`` header (wall and CPU time) to every
  response, for the benchmark; off by default (it tells a client how long the server worked).
- ``SMALLCAP_DISPLAY_POINTS``: most points a chart draws at once (default 1000; ``0`` draws
  every observation). Exports always use every observation.
- ``SMALLCAP_EXPORT_QUEUE``: different PNG renderings that may wait behind the running one in
  the host's renderer (default 4); more answer ``429`` with ``Retry-After``.
- ``SMALLCAP_EXPORT_WAITERS``: PNG export requests one worker process lets wait at once
  (default 2; more answer ``429``), so exports never hold every thread the page needs.
- ``SMALLCAP_EXPORT_STRIP_PIXELS``: PNG exports with more than four times this many pixels
  are drawn in horizontal strips of at most this many pixels (default 2000000; ``0``: every
  PNG in one piece, as plotly.js draws it, which takes 300-400 MB more in Chromium for a
  7200x4800 image).
- ``SMALLCAP_AUTH``: ``users:/path/to/users.txt`` requires a signed-in user on every route
  (see :mod:`server.auth`); unset (the default), no login.
- ``SMALLCAP_WORKER_CACHE_MB``: each worker process's in-memory cache of loaded series,
  universe data and panel results (:mod:`loaders.worker_cache`), in MB (default 160).
- ``SMALLCAP_CACHE``: ``0`` switches every cache off (the loader cache, the computation
  cache, each worker's copies of loaded series): every request reads and computes everything
  again. For measurements only (the benchmark's naive run).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Mapping

DEFAULT_TTL_SECONDS: dict[str, int] = {
    # FRED and Yahoo publish once a day; Ken French about once a month.
    "fred": 6 * 3600,
    "yahoo": 6 * 3600,
    "famafrench": 7 * 24 * 3600,
    "sec": 7 * 24 * 3600,
    # Local files are keyed by their size and mtime, so a long TTL is safe.
    "local": 30 * 24 * 3600,
    "demo": 30 * 24 * 3600,
}


class ConfigError(ValueError):
    """A configuration value that cannot be used; the message says which and why."""


def _int(env: Mapping[str, str], name: str, default: int, *, low: int, high: int) -> int:
    """A whole number from ``env[name]`` within ``[low, high]``; :class:`ConfigError` otherwise."""
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise ConfigError(f"{name}={raw[:20]!r}: expected a whole number from {low} to {high}")
    return int(raw)


@dataclass(frozen=True)
class DataSpec:
    """Where data comes from: ``kind`` is ``auto``, ``live``, ``demo`` or ``dir`` (with ``path``)."""

    kind: str
    path: Path | None = None

    @classmethod
    def parse(cls, text: str | None) -> "DataSpec":
        """Parse ``auto``/``live``/``demo`` or a directory path; raise :class:`ConfigError` otherwise."""
        value = (text or "auto").strip()
        if value.lower() in {"auto", "live", "demo"}:
            return cls(value.lower())
        path = Path(value).expanduser()
        if not path.is_dir():
            raise ConfigError(
                f"--data {value!r}: not 'auto', 'live' or 'demo', and not an existing directory"
            )
        return cls("dir", path.resolve())

    def __str__(self) -> str:
        return str(self.path) if self.kind == "dir" else self.kind


@dataclass(frozen=True)
class Config:
    """Everything the app factory and the CLI need; immutable once built."""

    data: DataSpec = field(default_factory=lambda: DataSpec("auto"))
    cache_dir: Path = Path(".cache/smallcap-monitor")
    redis_url: str | None = field(default=None, repr=False)  # may hold a password
    celery_url: str | None = field(default=None, repr=False)  # may hold a password
    ttl_seconds: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_TTL_SECONDS))
    sec_user_agent: str = field(default="smallcap-monitor (set SMALLCAP_SEC_USER_AGENT to 'Name email')",
                                repr=False)  # holds a contact address
    http_timeout: float = 20.0
    debug: bool = False
    server_timing: bool = False
    display_points: int = 1000
    caching: bool = True
    demo_seed: int = 20240918
    export_renderer: str = "shared"  # "shared": one renderer process per host; "local": in-process (CLI)
    export_queue: int = 4
    export_waiters: int = 2
    worker_cache_mb: int = 160  # SMALLCAP_WORKER_CACHE_MB (loaders.worker_cache)
    export_strip_pixels: int = 2_000_000  # SMALLCAP_EXPORT_STRIP_PIXELS (components.png.STRIP_PIXELS)
    auth: str | None = None  # SMALLCAP_AUTH, checked by server.auth.users_file
    state_dir: Path | None = None  # SMALLCAP_STATE_DIR; None: see user_state_dir
    store_url: str | None = field(default=None, repr=False)  # SMALLCAP_STORE_URL (may hold a password)
    upload_max_mb: float = 200.0  # SMALLCAP_UPLOAD_MAX_MB: total size of stored uploads
    upload_per_minute: int = 10  # uploads one client may make a minute

    # The cache folder's layout: flask-caching's FileSystemCache prunes every file in its own
    # folder past its threshold, so it gets a folder of its own; the rest sit beside it.
    @property
    def entries_dir(self) -> Path:
        """Folder of the flask-caching file-system cache (cache entries only)."""
        return Path(self.cache_dir) / "entries"

    @property
    def jobs_dir(self) -> Path:
        """Folder of the background-job store (diskcache)."""
        return Path(self.cache_dir) / "jobs"

    @property
    def price_arrays_dir(self) -> Path:
        """Folder of the memory-mapped price arrays."""
        return Path(self.cache_dir) / "price-arrays"

    @property
    def user_state_dir(self) -> Path:
        """Folder of the user store (uploads; never a cache): ``SMALLCAP_STATE_DIR``, else
        ``.smallcap`` for the default cache folder, else ``<cache_dir>-state`` beside it."""
        if self.state_dir is not None:
            return Path(self.state_dir)
        if Path(self.cache_dir) == Path(".cache/smallcap-monitor"):
            return Path(".smallcap")
        return Path(f"{self.cache_dir}-state")

    @property
    def locks_dir(self) -> Path:
        """Folder of cross-process lock and lease files."""
        return Path(self.cache_dir) / "locks"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides) -> "Config":
        """Build from environment variables, then apply non-None keyword overrides."""
        env = os.environ if env is None else env
        values: dict = {
            "data": DataSpec.parse(env.get("SMALLCAP_DATA")),
            "cache_dir": Path(env.get("SMALLCAP_CACHE_DIR", ".cache/smallcap-monitor")),
            "redis_url": env.get("SMALLCAP_REDIS_URL") or None,
            "celery_url": env.get("SMALLCAP_CELERY_URL") or None,
            "debug": env.get("SMALLCAP_DEBUG", "0").lower() in {"1", "true", "yes"},
            "server_timing": env.get("SMALLCAP_SERVER_TIMING", "0").lower() in {"1", "true", "yes"},
            "display_points": _int(env, "SMALLCAP_DISPLAY_POINTS", 1000, low=0, high=100_000),
            "caching": env.get("SMALLCAP_CACHE", "1").lower() not in {"0", "false", "no"},
            "export_queue": _int(env, "SMALLCAP_EXPORT_QUEUE", 4, low=0, high=1000),
            "export_waiters": _int(env, "SMALLCAP_EXPORT_WAITERS", 2, low=1, high=1000),
            "worker_cache_mb": _int(env, "SMALLCAP_WORKER_CACHE_MB", 160, low=16, high=65_536),
            "export_strip_pixels": _int(env, "SMALLCAP_EXPORT_STRIP_PIXELS", 2_000_000, low=0,
                                        high=1_000_000_000),
            "auth": env.get("SMALLCAP_AUTH") or None,
            "state_dir": Path(env["SMALLCAP_STATE_DIR"]) if env.get("SMALLCAP_STATE_DIR") else None,
            "store_url": env.get("SMALLCAP_STORE_URL") or None,
            "upload_max_mb": _int(env, "SMALLCAP_UPLOAD_MAX_MB", 200, low=1, high=1_000_000),
        }
        if env.get("SMALLCAP_SEC_USER_AGENT"):
            values["sec_user_agent"] = env["SMALLCAP_SEC_USER_AGENT"]
        config = cls(**values)
        return config.with_overrides(**overrides)

    def with_overrides(self, **overrides) -> "Config":
        """Return a copy with the given non-None fields replaced (``data`` may be a string)."""
        clean = {k: v for k, v in overrides.items() if v is not None}
        if isinstance(clean.get("data"), str):
            clean["data"] = DataSpec.parse(clean["data"])
        for folder in ("cache_dir", "state_dir"):
            if folder in clean:
                clean[folder] = Path(clean[folder])
        return replace(self, **clean)

    def ttl(self, source: str) -> int:
        """Seconds a cached copy from ``source`` stays fresh."""
        return int(self.ttl_seconds.get(source, 3600))

    def redacted_redis_url(self) -> str | None:
        """The Redis URL with any password replaced, safe to log or show."""
        return redact_url(self.redis_url)


def redact_url(url: str | None) -> str | None:
    """``url`` with any password replaced by ``***``, safe to log or show."""
    if not url:
        return None
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password:
        host = parts.hostname or ""
        if parts.port:
            host = f"{host}:{parts.port}"
        user = f"{parts.username}:***@" if parts.username else ":***@"
        parts = parts._replace(netloc=user + host)
    return urlunsplit(parts)

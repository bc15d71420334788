"""Dash application factory; gunicorn serves ``app:server``.

``server`` is built on first access from the environment (see :mod:`config`), so importing
this module has no side effects. ``celery_app`` likewise, for ``celery -A app:celery_app worker``
(needs ``SMALLCAP_CELERY_URL``): the worker builds the same app, so it knows the same
background callbacks.
"""

from __future__ import annotations

import logging
import time

import dash
from flask import Flask, Response, g, request

from callbacks import claims as claims_callbacks
from callbacks import controls_bar, share_links, theme
from callbacks import facts as facts_callbacks
from callbacks import guards
from callbacks import leverage as leverage_callbacks
from callbacks import panels as panel_callbacks
from callbacks import state_hub
from callbacks import universe_refresh
from components.layout import build_layout
from components.png import PngRenderer
from config import Config
from loaders.base import LoaderError
from loaders.cache import loader_cache
from loaders.source import DataSource, Fetchers
from loaders.universe import UniverseData, UniverseFetchers
from loaders.worker_cache import WorkerCache
from loaders.warm import warm
from panels.cache import Memo
from panels.data import PanelData
from server import auth
from server import export as export_routes
from server.first_request import one_set_up_at_a_time
from server.jobs import celery_app_of, make_background_manager

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Content-Security-Policy": "frame-ancestors 'self'",
    "X-Frame-Options": "SAMEORIGIN",
}


def _add_security_headers(response):
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def _start_timer() -> None:
    g.smallcap_started = time.perf_counter()
    g.smallcap_cpu = time.thread_time()


def _add_server_timing(response):
    """``Server-Timing: app;dur=<ms>, cpu;dur=<ms>``: wall time spent in this worker and the
    CPU time of the request's thread (read by the benchmark; CPU shows the work when the cores
    are shared)."""
    started = g.get("smallcap_started")
    if started is not None:
        wall, cpu = time.perf_counter() - started, time.thread_time() - g.smallcap_cpu
        response.headers["Server-Timing"] = f"app;dur={wall * 1000:.1f}, cpu;dur={cpu * 1000:.1f}"
    return response


def _no_reload_hash():
    if request.path.rstrip("/").endswith("/_reload-hash"):
        return Response("Not Found", status=404, mimetype="text/plain")
    return None


def create_app(config: Config | None = None, *, fetchers: Fetchers | None = None,
               universe_fetchers: UniverseFetchers | None = None, png_factory=None) -> dash.Dash:
    """Build the Dash app for ``config``.

    Args:
        config: Configuration; defaults to :meth:`Config.from_env`.
        fetchers: Live fetchers to use instead of the real services (tests).
        universe_fetchers: Live universe fetchers (iShares, SEC, Yahoo) instead of the real ones (tests).
        png_factory: Builds the Celery export worker's PNG renderer instead of a
            :class:`components.png.PngRenderer` (tests).
    """
    config = config or Config.from_env()
    users = auth.users_file(config.auth)  # a bad SMALLCAP_AUTH stops the start, with the reason
    server = Flask(__name__)
    server.config["SMALLCAP_CONFIG"] = config
    if users is not None:
        # failed sign-ins count in the user store, as uploads do (opened with the universe data below)
        auth.register(server, users, config.cache_dir, store=lambda: server.extensions["smallcap_universe"].store)
    # the worker's one in-process LRU: loaded series, universe data and panel results
    data = DataSource(config, loader_cache(config, server), fetchers,
                      worker_cache=WorkerCache(config.worker_cache_mb * 1024 * 1024))
    background = make_background_manager(config)
    with one_set_up_at_a_time(server):  # (Dash's first-request set-up is not thread-safe)
        app = dash.Dash(
            __name__, server=server, title="Small-Cap Monitor",
            suppress_callback_exceptions=False,
            serve_locally=True, update_title=None,
            background_callback_manager=background,
        )
    universe = UniverseData.for_source(data, fetchers=universe_fetchers)
    _open_user_store(universe)
    app.layout = lambda: build_layout(data, universe)
    memo = Memo(data.cache, data.version, enabled=config.caching, cache=data.worker_cache)
    panel_data = PanelData(data, universe, memo)
    state_hub.register(app, panel_data)
    controls_bar.register(app)
    theme.register(app)
    share_links.register(app)
    panel_callbacks.register(app, panel_data, max_points=config.display_points or None)
    facts_callbacks.register(app, panel_data)
    claims_callbacks.register(app, panel_data)
    leverage_callbacks.register(app, universe)
    universe_refresh.register(app, universe, background)
    exporter = export_routes.Exporter(panel_data, universes=universe.list_universes,
                                      png=png_renderer(config, background, png_factory),
                                      cache=data.cache if config.caching else None,
                                      max_waiters=config.export_waiters)
    export_routes.register(app, exporter)
    guards.register(app)
    if config.server_timing:
        server.before_request(_start_timer)
        server.after_request(_add_server_timing)
    if not config.debug:  # Dash's hot-reload hash lists the installed packages: not with debug off
        server.before_request(_no_reload_hash)
    server.after_request(_add_security_headers)
    server.extensions["smallcap_data"] = data
    server.extensions["smallcap_universe"] = universe
    server.extensions["smallcap_exporter"] = exporter
    server.extensions["smallcap_memo"] = memo
    server.extensions["smallcap_panel_data"] = panel_data
    server.extensions["smallcap_background"] = background
    logging.getLogger(__name__).info("app created: data=%s cache=%s", config.data,
                                     config.redacted_redis_url() or config.cache_dir)
    return app


def _open_user_store(universe) -> None:
    """Create or migrate the user store's schema and move uploads from the cache once; a store
    that cannot be opened is logged (uploads are then refused with a message), not fatal."""
    try:
        universe.store.upgrade()
        universe.migrate_cached_uploads()
        universe.store.dispose()  # no open connection is inherited by forked workers (gunicorn --preload)
    except LoaderError as exc:
        logging.getLogger(__name__).warning("user store: %s", exc)


def png_renderer(config: Config, background=None, png_factory=None):
    """The PNG renderer: the Celery export queue when ``SMALLCAP_CELERY_URL`` is set
    (:mod:`server.export_queue`, ``background`` is the Celery manager), else the host's renderer
    process (``shared``), or in-process (``local``, the CLI); each behind a bounded,
    single-flight queue (see :mod:`server.export`)."""
    if config.export_renderer == "local":
        from server.png_queue import RenderQueue
        from server.renderer import render_json

        return RenderQueue(render_json(PngRenderer(strip_pixels=config.export_strip_pixels)),
                           max_waiting=config.export_queue)
    if config.celery_url and background is not None:
        from server.export_queue import CeleryRenderer, register_export_task
        from server.renderer import RECYCLE_MB

        celery = celery_app_of(background)
        register_export_task(celery, png_factory or (
            lambda: PngRenderer(recycle_mb=RECYCLE_MB, strip_pixels=config.export_strip_pixels)))
        return CeleryRenderer(celery, max_waiting=config.export_queue)
    from server.renderer import SharedRenderer

    return SharedRenderer(config.cache_dir, max_waiting=config.export_queue,
                          strip_pixels=config.export_strip_pixels)


def warm_up(server: Flask) -> dict:
    """Load the data ``server``'s panels read into this process (see :mod:`loaders.warm`)."""
    return warm(server.extensions["smallcap_data"], server.extensions["smallcap_universe"])


def __getattr__(name: str):
    """Lazy ``server`` for ``gunicorn app:server`` and ``celery_app`` for the Celery worker."""
    if name == "server":
        return create_app().server
    if name == "celery_app":
        return celery_app_of(create_app().server.extensions["smallcap_background"])
    raise AttributeError(name)

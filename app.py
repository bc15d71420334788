"""Dash application factory; gunicorn serves ``app:server``.

``server`` is built on first access from the environment (see :mod:`config`), so importing
this module has no side effects.
"""

from __future__ import annotations

import logging

import dash
from flask import Flask

from callbacks import correlation as correlation_callbacks
from callbacks import export as export_routes
from callbacks import facts as facts_callbacks
from callbacks import leverage as leverage_callbacks
from callbacks import regimes as regimes_callbacks
from callbacks import rates as rates_callbacks
from callbacks import relative as relative_callbacks
from callbacks import spreads as spreads_callbacks
from callbacks import state_hub
from callbacks.export_views import make_renderers
from components.layout import build_layout
from components.png import PngRenderer
from config import Config
from loaders.cache import loader_cache
from loaders.source import DataSource, Fetchers
from loaders.universe import UniverseData

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


def create_app(config: Config | None = None, *, fetchers: Fetchers | None = None) -> dash.Dash:
    """Build the Dash app for ``config``.

    Args:
        config: Configuration; defaults to :meth:`Config.from_env`.
        fetchers: Live fetchers to use instead of the real services (tests).
    """
    config = config or Config.from_env()
    server = Flask(__name__)
    server.config["SMALLCAP_CONFIG"] = config
    data = DataSource(config, loader_cache(config, server), fetchers)
    app = dash.Dash(
        __name__, server=server, title="Small-Cap Monitor",
        suppress_callback_exceptions=False,
        serve_locally=True, update_title=None,
    )
    universe = UniverseData.for_source(data)
    app.layout = lambda: build_layout(data, universe)
    state_hub.register(app, data, universe)
    relative_callbacks.register(app, data)
    rates_callbacks.register(app, data)
    spreads_callbacks.register(app, data)
    correlation_callbacks.register(app, data)
    regimes_callbacks.register(app, data)
    facts_callbacks.register(app, data)
    leverage_callbacks.register(app, data, universe)
    exporter = export_routes.Exporter(make_renderers(data, universe), data,
                                      universes=universe.list_universes, png=PngRenderer())
    export_routes.register(app, exporter)
    server.after_request(_add_security_headers)
    server.extensions["smallcap_data"] = data
    server.extensions["smallcap_universe"] = universe
    server.extensions["smallcap_exporter"] = exporter
    logging.getLogger(__name__).info("app created: data=%s cache=%s", config.data,
                                     config.redacted_redis_url() or config.cache_dir)
    return app


def __getattr__(name: str):
    """Lazy ``server`` for ``gunicorn app:server``."""
    if name == "server":
        return create_app().server
    raise AttributeError(name)

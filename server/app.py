"""The application factory."""

from __future__ import annotations

import importlib
from typing import Any, Mapping

from flask import Flask

from graph import settings as settings_table
from server.errors import register_error_handlers

#: Blueprint modules, each exposing ``bp`` (a flask.Blueprint). Order matters only for routes
#: that could overlap.
BLUEPRINTS = ("server.sparql", "server.update", "server.graph_store", "server.linked_data",
              "server.ui")


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app. ``config`` overrides settings by name (``store``, ``query_timeout``...)."""
    app = Flask(__name__)
    settings = settings_table.resolve(config or {})
    app.config["NEWSKG"] = settings
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body
    register_error_handlers(app)
    for name in BLUEPRINTS:
        app.register_blueprint(importlib.import_module(name).bp)
    from server.service import EXTENSION
    from server.sparql import DirectQueries

    app.wsgi_app = DirectQueries(app.wsgi_app, app.extensions[EXTENSION].run)
    if settings.cache_mb > 0:
        _add_answer_cache(app, int(settings.cache_mb * 1024 * 1024))
    return app


def _add_answer_cache(app: Flask, max_bytes: int) -> None:
    """Answer repeated GET /sparql requests from memory until the next write (server.cache)."""
    from server.cache import AnswerCache, CachingMiddleware
    from server.service import EXTENSION

    service = app.extensions[EXTENSION]
    cache = AnswerCache(max_bytes)
    app.extensions["newskg-cache"] = cache

    def generation() -> int | None:
        # Only stores newskg owns: another engine's store may change behind its back.
        return service.generation if service.runner is not None else None

    app.wsgi_app = CachingMiddleware(app.wsgi_app, cache, generation)

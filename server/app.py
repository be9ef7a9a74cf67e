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
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue  # blueprint not built yet
        app.register_blueprint(module.bp)
    return app

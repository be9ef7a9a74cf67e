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
    return app

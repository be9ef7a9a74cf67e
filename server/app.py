"""The application factory."""

from __future__ import annotations

from typing import Any, Mapping

from flask import Flask

from graph import settings as settings_table


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app. ``config`` overrides settings by name (``store``, ``query_timeout``...)."""
    app = Flask(__name__)
    app.config["NEWSKG"] = settings_table.resolve(config or {})
    return app

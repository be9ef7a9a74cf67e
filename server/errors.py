"""One error shape: every error the server returns is rendered here, as JSON (or plain text
when the client asks for text), with its status. Never a stack trace."""

from __future__ import annotations

import json
import logging

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException

from graph.errors import NewsKGError

log = logging.getLogger("newskg.server")


def render_error(status: int, title: str, message: str, accept: str) -> tuple[str, bytes]:
    """The one error body: (media type, bytes); plain text for clients that ask for text."""
    if "application/json" not in accept and ("text/plain" in accept or "text/csv" in accept):
        return "text/plain; charset=utf-8", f"{status} {title}: {message}\n".encode("utf-8")
    body = {"status": status, "error": title, "message": message}
    return "application/json", json.dumps(body, ensure_ascii=True, sort_keys=True).encode()


def error_response(status: int, title: str, message: str) -> Response:
    accept = request.headers.get("Accept", "") if request else ""
    content_type, body = render_error(status, title, message, accept)
    return Response(body, status=status, content_type=content_type)


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(NewsKGError)
    def _newskg_error(exc: NewsKGError):
        return error_response(exc.status, exc.title, exc.message)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        response = error_response(exc.code or 500, exc.name, exc.description or exc.name)
        if exc.code == 405 and exc.valid_methods:
            response.headers["Allow"] = ", ".join(exc.valid_methods)
        return response

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        log.exception("unexpected error")
        return error_response(500, "Internal error",
                              "the server failed to answer; the error is in its log")

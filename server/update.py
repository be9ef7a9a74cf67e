"""SPARQL 1.1 Update over HTTP: ``POST /sparql`` (``application/sparql-update`` or a form with
``update=``; dispatched here by :mod:`server.sparql`) and the same at ``POST /update``.

Off by default. Who may write (the convention of RFC 6750 bearer tokens, as Fuseki and the
Oxigraph server use for their protected endpoints):

* updates disabled (no ``--enable-update``): 403 Forbidden, whatever the credentials;
* enabled, no ``Authorization: Bearer ...`` header: 401 with ``WWW-Authenticate: Bearer``;
* enabled, a wrong token: 403 Forbidden.

A successful update answers 204 No Content. Updates are refused 403 when they LOAD or use
SERVICE without an allow-list, and 422 when the result would not conform to the shapes
(nothing changes then). ``using-graph-uri`` / ``using-named-graph-uri`` become USING clauses
(400 when the update has its own USING or WITH); relative IRIs resolve against the endpoint.
The default graph of an update is the store's own default graph (as the SPARQL 1.1 Update
tests expect), not the union of all graphs that queries see: name article graphs with GRAPH.
"""

from __future__ import annotations

import hmac

from flask import Blueprint, Response, current_app, request

from graph.errors import (PermissionDeniedError, UnauthorizedError,
                          UnsupportedMediaTypeError, UsageError)
from graph import query_guard
from server.errors import error_response
from server.service import get_service, init_service

bp = Blueprint("update", __name__)

FORM = "application/x-www-form-urlencoded"
UPDATE_TYPE = "application/sparql-update"
REALM = 'Bearer realm="newskg"'


@bp.record_once
def _setup(state) -> None:
    init_service(state.app)


def check_write_access() -> None:
    """Raise 401/403 (as :class:`NewsKGError`) unless this request may write."""
    settings = current_app.config["NEWSKG"]
    if not settings.enable_update:
        raise PermissionDeniedError(
            "this server is read-only: writes need `newskg serve --enable-update "
            "--update-token TOKEN` and the header `Authorization: Bearer TOKEN`")
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if not header or scheme.lower() != "bearer" or not token.strip():
        raise UnauthorizedError("writes need the header `Authorization: Bearer TOKEN` with the "
                                "server's update token")
    if not hmac.compare_digest(token.strip().encode(), settings.update_token.encode()):
        raise PermissionDeniedError("the bearer token is not this server's update token")


def write_access_response() -> Response | None:
    """None when the request may write, else the 401/403 answer (401 with WWW-Authenticate)."""
    try:
        check_write_access()
    except UnauthorizedError as exc:
        response = error_response(exc.status, exc.title, exc.message)
        response.headers["WWW-Authenticate"] = REALM
        return response
    except PermissionDeniedError as exc:
        return error_response(exc.status, exc.title, exc.message)
    return None


def utf8_body() -> str:
    """The request body as text: SPARQL bodies are UTF-8 (a 415 or 400 otherwise)."""
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise UnsupportedMediaTypeError(f"the body is declared {charset}; send it as UTF-8")
    try:
        return request.get_data().decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError("the body is not valid UTF-8; send SPARQL as UTF-8") from None


def _update_text() -> str:
    kind = (request.mimetype or "").lower()
    if kind == UPDATE_TYPE:
        return utf8_body()
    if kind == FORM:
        values = request.form.getlist("update")
        if len(values) != 1:
            raise UsageError(f"the form carries {len(values)} update= parameters; send one")
        return values[0]
    raise UnsupportedMediaTypeError(
        f"cannot read a {kind or 'body without Content-Type'} update: POST it as "
        f"{UPDATE_TYPE} or as {FORM} with update=...")


def handle_update() -> Response:
    denied = write_access_response()
    if denied is not None:
        return denied
    params = request.args if (request.mimetype or "") == UPDATE_TYPE else request.form
    text = _update_text()
    if not text.strip():
        raise UsageError("the update is empty")
    text = query_guard.add_using(text, params.getlist("using-graph-uri"),
                                 params.getlist("using-named-graph-uri"))
    # Relative IRIs resolve against the endpoint (the protocol's "service-defined BASE").
    get_service().update(text, base_iri=request.base_url)
    return Response(status=204)


@bp.route("/update", methods=["POST"])
def update():
    return handle_update()

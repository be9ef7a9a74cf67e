"""The SPARQL 1.1 Protocol (query) at ``/sparql``, the Service Description, VoID, and CORS.

* ``GET /sparql?query=...``, ``POST`` form (``query=``), ``POST application/sparql-query``
  (dataset parameters in the URL); ``default-graph-uri`` / ``named-graph-uri`` honoured.
  The default dataset is the union of all graphs (``sd:UnionDefaultGraph``).
* ``POST`` of an update (form ``update=`` or ``application/sparql-update``) goes to
  :func:`server.update.handle_update`.
* ``GET /sparql`` without a query: the Service Description (RDF by Accept; a browser asking
  for HTML is sent to the query page at ``/``).
* ``GET /.well-known/void``: the VoID description of the dataset.
* CORS on every answer of the app: ``Access-Control-Allow-Origin: *``; preflight ``OPTIONS``
  answered with the allowed methods and headers (a few fixed headers, set here: flask-cors
  did the same at a fifth of a cheap query's cost).

The common request, ``GET /sparql?query=...``, is answered by :class:`DirectQueries` (WSGI
middleware installed by ``create_app``) with the same functions as the view, without Flask's
request machinery; everything else reaches the view.

Statuses: 400 malformed / missing / repeated query, 415 unsupported body type, 406 no
acceptable format, 405 other methods, 403 refused SERVICE/LOAD, 413 body too large, 503 query
timeout. An answer cut at ``max_rows`` rows carries ``X-Newskg-Truncated: true``.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from urllib.parse import parse_qsl

from flask import Blueprint, Response, redirect, request
from werkzeug.http import HTTP_STATUS_CODES
from werkzeug.wsgi import get_current_url

from graph.errors import NewsKGError, NotAcceptableError, UnsupportedMediaTypeError, UsageError
from graph.formats import RDF_FORMATS, RESULT_FORMATS
from graph.namespaces import PREFIXES
from graph.query_runner import QueryAnswer, QueryRequest
from server import description
from server.conneg import HTML, choose, negotiate_rdf
from server.errors import render_error
from server.service import get_service, init_service

bp = Blueprint("sparql", __name__)
log = logging.getLogger("newskg.server")

#: Header telling that the answer was cut at max_rows.
TRUNCATED_HEADER = "X-Newskg-Truncated"
FORM = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"
CORS_HEADERS = ["Authorization", "Content-Type", "Accept"]
CORS_METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS"]
CORS_EXPOSE = ["Location", TRUNCATED_HEADER, "ETag"]
CORS_ANSWER_HEADERS = (("Access-Control-Allow-Origin", "*"),
                       ("Access-Control-Expose-Headers", ", ".join(CORS_EXPOSE)))
PREFIX_PAIRS = tuple(PREFIXES.items())
#: Seconds a browser may remember a preflight answer.
CORS_MAX_AGE = 86400


@bp.record_once
def _setup(state) -> None:
    init_service(state.app)
    state.app.after_request(cors)


def cors(response: Response) -> Response:
    """CORS headers on every answer: any origin may read; preflights learn what is allowed."""
    headers = response.headers
    if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
        headers["Access-Control-Allow-Origin"] = "*"
        headers["Access-Control-Allow-Methods"] = ", ".join(CORS_METHODS)
        allowed = {h.lower() for h in CORS_HEADERS}
        asked = [h.strip() for h in request.headers.get("Access-Control-Request-Headers",
                                                         "").split(",")]
        granted = [h for h in asked if h.lower() in allowed]
        if granted:
            headers["Access-Control-Allow-Headers"] = ", ".join(granted)
        headers["Access-Control-Max-Age"] = str(CORS_MAX_AGE)
    else:
        headers.update(CORS_ANSWER_HEADERS)
    return response


def body_type() -> str:
    return (request.mimetype or "").lower()


def _single(values: list[str], what: str) -> str | None:
    if len(values) > 1:
        raise UsageError(f"the request carries {len(values)} {what} parameters; send exactly one")
    return values[0] if values else None


def _query_text() -> tuple[str | None, dict]:
    """The query string and the dataset parameters of a query request (or None, {})."""
    if request.method == "GET":
        return _single(request.args.getlist("query"), "query"), request.args
    kind = body_type()
    if kind == FORM:
        if "query" in request.args:
            raise UsageError("the query is both in the URL and in the form body; send it once")
        return _single(request.form.getlist("query"), "query"), request.form
    if kind == QUERY_TYPE:
        if "query" in request.args:
            raise UsageError("the query is both in the URL and in the body; send it once")
        from server.update import utf8_body

        return utf8_body(), request.args
    raise UnsupportedMediaTypeError(
        f"cannot read a {kind or 'body without Content-Type'}: POST a query as "
        f"{QUERY_TYPE} or as {FORM} with query=..., an update as {UPDATE_TYPE} or update=...")


def acceptable_formats(explicit: str | None, accept: str) -> tuple[str | None, str | None, str]:
    """Short names of the acceptable results and RDF formats (None when not acceptable), and
    why one is not; :class:`NotAcceptableError` when neither is."""
    results = rdf = None
    problems = []
    try:
        results = choose(explicit, accept, RESULT_FORMATS, default=RESULT_FORMATS[0]).name
    except NotAcceptableError as exc:
        problems.append(exc.message)
    try:
        rdf = choose(explicit, accept, RDF_FORMATS, default=RDF_FORMATS[0]).name
    except NotAcceptableError as exc:
        problems.append(exc.message)
    if results is None and rdf is None:
        raise NotAcceptableError(problems[0])
    return results, rdf, "; ".join(problems) or "no acceptable format"


def query_request(text: str, default_graphs, named_graphs, formats: tuple, base_iri: str,
                  ) -> QueryRequest:
    """The :class:`QueryRequest` of a protocol request (``formats``: acceptable_formats())."""
    results, rdf, problem = formats
    return QueryRequest(text, results_format=results, rdf_format=rdf, not_acceptable=problem,
                        default_graphs=tuple(default_graphs), named_graphs=tuple(named_graphs),
                        union_default=not named_graphs, prefixes=PREFIX_PAIRS, base_iri=base_iri)


def answer_headers(answer: QueryAnswer) -> list[tuple[str, str]]:
    headers = [("Content-Type", f"{answer.media_type}; charset=utf-8"), ("Vary", "Accept")]
    if answer.truncated:
        headers.append((TRUNCATED_HEADER, "true"))
    return headers


def answer_response(answer: QueryAnswer) -> Response:
    return Response(answer.body, status=200, headers=answer_headers(answer))


@bp.route("/sparql", methods=["GET", "POST"])
def sparql():
    if request.method == "POST" and (body_type() == UPDATE_TYPE or
                                     (body_type() == FORM and "update" in request.form)):
        if body_type() == FORM and "query" in request.form:
            raise UsageError("the form carries both query= and update=; send one")
        from server.update import handle_update

        return handle_update()
    if request.method == "GET" and "update" in request.args:
        raise UsageError("a SPARQL update must be POSTed (application/sparql-update or a "
                         "form with update=), never sent with GET")
    text, params = _query_text()
    if text is None:
        if request.method == "GET" and set(request.args) <= {"format"}:
            return service_description()
        raise UsageError("no query given: send query=... (GET or form POST) or POST the query "
                         f"as {QUERY_TYPE}")
    if not text.strip():
        raise UsageError("the query is empty")
    formats = acceptable_formats(request.args.get("format"), request.headers.get("Accept", ""))
    req = query_request(text, params.getlist("default-graph-uri"),
                        params.getlist("named-graph-uri"), formats, request.base_url)
    return answer_response(get_service().run(req))


def _rdf_response(graph, *, html_to: str | None = None) -> Response:
    chosen = negotiate_rdf(request, html=html_to is not None)
    if chosen == HTML:
        return redirect(html_to, code=303)
    body = graph.serialize(format=chosen.rdflib, encoding="utf-8")
    response = Response(body, content_type=f"{chosen.media_type}; charset=utf-8")
    response.headers["Vary"] = "Accept"
    return response


def service_description() -> Response:
    graph = description.service_description(get_service(), request.base_url)
    # Only a client that names HTML (a browser) goes to the query page; */* gets RDF.
    wants_html = HTML in request.headers.get("Accept", "") or request.args.get("format") == "html"
    return _rdf_response(graph, html_to="/" if wants_html else None)


@bp.route("/.well-known/void", methods=["GET"])
def void():
    return _rdf_response(description.void_description(get_service(), request.url_root))


#: Parameters a GET query may carry and still take :class:`DirectQueries`.
DIRECT_PARAMETERS = frozenset({"query", "format", "default-graph-uri", "named-graph-uri"})


def _base_url(environ) -> str:
    """The request's URL without its query string (the view's ``request.base_url``)."""
    return _base_url_of(environ.get("wsgi.url_scheme"), environ.get("HTTP_HOST"),
                        environ.get("SERVER_NAME"), environ.get("SERVER_PORT"),
                        environ.get("SCRIPT_NAME", ""), environ.get("PATH_INFO", ""))


@lru_cache(maxsize=64)
def _base_url_of(scheme, host, server_name, server_port, script_name, path_info) -> str:
    # werkzeug's IRI conversion costs a tenth of a cheap query: done once per host and path.
    environ = {"wsgi.url_scheme": scheme, "SERVER_NAME": server_name,
               "SERVER_PORT": server_port, "SCRIPT_NAME": script_name, "PATH_INFO": path_info}
    if host is not None:
        environ["HTTP_HOST"] = host
    return get_current_url(environ, strip_querystring=True)


class DirectQueries:
    """WSGI middleware: the common request, ``GET /sparql?query=...`` (with at most
    ``format``, ``default-graph-uri`` and ``named-graph-uri``), answered without Flask's
    request machinery, which cost half of what the server process spends on a cheap query.

    It goes through the same steps as :func:`sparql`, built from the same functions
    (:func:`acceptable_formats`, :func:`query_request`, ``answer`` - the query service's
    ``run``, with its guard, timeout and row limit -, :func:`answer_headers`, the CORS headers,
    and :func:`server.errors.render_error` for an error). Every other request, every one this
    path would refuse before running it (a repeated or empty parameter, an unknown one, no
    acceptable format), and every one ``answer`` returns None for (a reader process's
    non-lookups, server.readers) goes on to ``app``, which answers it and says why.
    """

    def __init__(self, app, answer) -> None:
        self.app = app
        self.answer = answer

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") != "GET" or environ.get("PATH_INFO") != "/sparql":
            return self.app(environ, start_response)
        try:
            params: dict[str, list[str]] = {}
            for key, value in parse_qsl(environ.get("QUERY_STRING", "").encode("latin1")
                                        .decode(), keep_blank_values=True,
                                        errors="werkzeug.url_quote"):  # as request.args
                params.setdefault(key, []).append(value)
        except (UnicodeError, ValueError):
            return self.app(environ, start_response)
        queries, explicit = params.get("query", ()), params.get("format", ())
        if not params.keys() <= DIRECT_PARAMETERS or len(queries) != 1 or len(explicit) > 1 \
                or not queries[0].strip():
            return self.app(environ, start_response)
        accept = environ.get("HTTP_ACCEPT", "")
        try:
            formats = acceptable_formats(explicit[0] if explicit else None, accept)
        except NotAcceptableError:
            return self.app(environ, start_response)
        req = query_request(queries[0], params.get("default-graph-uri", ()),
                            params.get("named-graph-uri", ()), formats, _base_url(environ))
        try:
            answer = self.answer(req)
            if answer is None:
                return self.app(environ, start_response)
        except NewsKGError as exc:
            return self._error(start_response, exc.status, exc.title, exc.message, accept)
        except Exception:  # noqa: BLE001 - the same answer as the app's last-resort handler
            log.exception("unexpected error")
            return self._error(start_response, 500, "Internal error",
                               "the server failed to answer; the error is in its log", accept)
        start_response("200 OK", [*answer_headers(answer),
                                  ("Content-Length", str(len(answer.body))),
                                  *CORS_ANSWER_HEADERS])
        return [answer.body]

    @staticmethod
    def _error(start_response, status: int, title: str, message: str, accept: str):
        content_type, body = render_error(status, title, message, accept)
        start_response(f"{status} {HTTP_STATUS_CODES.get(status, title).upper()}",
                       [("Content-Type", content_type), ("Content-Length", str(len(body))),
                        *CORS_ANSWER_HEADERS])
        return [body]

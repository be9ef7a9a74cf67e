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

Statuses: 400 malformed / missing / repeated query, 415 unsupported body type, 406 no
acceptable format, 405 other methods, 403 refused SERVICE/LOAD, 413 body too large, 503 query
timeout. An answer cut at ``max_rows`` rows carries ``X-Newskg-Truncated: true``.
"""

from __future__ import annotations

from flask import Blueprint, Response, redirect, request

from graph.errors import NotAcceptableError, UnsupportedMediaTypeError, UsageError
from graph.namespaces import PREFIXES
from graph.query_runner import QueryAnswer, QueryRequest
from server import description
from server.conneg import HTML, negotiate_rdf, negotiate_results
from server.service import get_service, init_service

bp = Blueprint("sparql", __name__)

#: Header telling that the answer was cut at max_rows.
TRUNCATED_HEADER = "X-Newskg-Truncated"
FORM = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"
CORS_HEADERS = ["Authorization", "Content-Type", "Accept"]
CORS_METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS"]
CORS_EXPOSE = ["Location", TRUNCATED_HEADER, "ETag"]
#: Seconds a browser may remember a preflight answer.
CORS_MAX_AGE = 86400


@bp.record_once
def _setup(state) -> None:
    init_service(state.app)
    state.app.after_request(cors)


def cors(response: Response) -> Response:
    """CORS headers on every answer: any origin may read; preflights learn what is allowed."""
    headers = response.headers
    headers["Access-Control-Allow-Origin"] = "*"
    if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
        headers["Access-Control-Allow-Methods"] = ", ".join(CORS_METHODS)
        allowed = {h.lower() for h in CORS_HEADERS}
        asked = [h.strip() for h in request.headers.get("Access-Control-Request-Headers",
                                                         "").split(",")]
        granted = [h for h in asked if h.lower() in allowed]
        if granted:
            headers["Access-Control-Allow-Headers"] = ", ".join(granted)
        headers["Access-Control-Max-Age"] = str(CORS_MAX_AGE)
    else:
        headers["Access-Control-Expose-Headers"] = ", ".join(CORS_EXPOSE)
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


def _formats() -> tuple[str | None, str | None, str]:
    """Short names of the acceptable results and RDF formats (None when not acceptable)."""
    results = rdf = None
    problems = []
    try:
        results = negotiate_results(request).name
    except NotAcceptableError as exc:
        problems.append(exc.message)
    try:
        rdf = negotiate_rdf(request).name
    except NotAcceptableError as exc:
        problems.append(exc.message)
    if results is None and rdf is None:
        raise NotAcceptableError(problems[0])
    return results, rdf, "; ".join(problems) or "no acceptable format"


def answer_response(answer: QueryAnswer) -> Response:
    response = Response(answer.body, status=200,
                        content_type=f"{answer.media_type}; charset=utf-8")
    response.headers["Vary"] = "Accept"
    if answer.truncated:
        response.headers[TRUNCATED_HEADER] = "true"
    return response


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
    results, rdf, problem = _formats()
    default_graphs = tuple(params.getlist("default-graph-uri"))
    named_graphs = tuple(params.getlist("named-graph-uri"))
    req = QueryRequest(text, results_format=results, rdf_format=rdf, not_acceptable=problem,
                       default_graphs=default_graphs, named_graphs=named_graphs,
                       union_default=not named_graphs, prefixes=tuple(PREFIXES.items()),
                       base_iri=request.base_url)
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

"""The SPARQL 1.1 Graph Store HTTP Protocol at ``/data``.

* Indirect identification: ``/data?graph=IRI`` (a relative IRI is resolved against the request
  URL) and ``/data?default`` (the store's own default graph, not the union the query endpoint
  shows). Direct identification: ``/data/<path>`` names the graph whose IRI is that URL.
* ``GET`` / ``HEAD``: the graph in Turtle, N-Triples, JSON-LD, RDF/XML, TriG or N-Quads by
  Accept (or ``?format=``); 404 when the named graph does not exist. Reads are public like
  queries (and obey the same timeout and row limit).
* ``PUT`` (replace; 201 when the graph is new, else 204), ``POST`` (add; 201 when new, else
  204; multipart/form-data with one RDF file per part is accepted), ``DELETE`` (204, or 404):
  writes, only with updates enabled and the bearer token (see :mod:`server.update`),
  transactional and validated against the shapes (422, nothing changed, when they fail).
* ``POST /data`` without a graph: a new graph is created under ``/data/`` and its IRI given
  in ``Location`` (201).
"""

from __future__ import annotations

import uuid
from urllib.parse import urljoin

import pyoxigraph as ox
from flask import Blueprint, Response, request
from rdflib import Graph

from graph.errors import InputError, NotFoundError, UnsupportedMediaTypeError, UsageError
from graph.formats import RDF_FORMATS, rdf_format
from graph.namespaces import PREFIXES
from graph.query_runner import QueryRequest
from graph.terms import triples_to_graph
from server.conneg import negotiate_rdf
from server.service import get_service, init_service
from server.sparql import answer_response
from server.update import write_access_response

bp = Blueprint("graph_store", __name__)

METHODS = ["GET", "PUT", "POST", "DELETE"]
_ALL_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
_DEFAULT = object()  # the default graph (``?default``)


@bp.record_once
def _setup(state) -> None:
    init_service(state.app)


def _checked_iri(iri: str) -> str:
    try:
        return ox.NamedNode(iri).value
    except ValueError:
        raise UsageError(f"{iri!r} is not a valid absolute IRI for a graph name") from None


def _target():
    """The graph the request names: an IRI string, _DEFAULT, or None (the store itself)."""
    has_default = "default" in request.args
    graphs = request.args.getlist("graph")
    if has_default and graphs:
        raise UsageError("give either ?default or ?graph=IRI, not both")
    if len(graphs) > 1:
        raise UsageError("give one ?graph=IRI per request")
    if has_default:
        return _DEFAULT
    if graphs:
        return _checked_iri(urljoin(request.base_url, graphs[0]))
    return None


def _name(target) -> str | None:
    return None if target is _DEFAULT else target


def _parse_one(data: bytes, media_type: str, base: str) -> Graph:
    fmt = rdf_format(media_type) if media_type else None
    if fmt is None:
        names = ", ".join(f.media_type for f in RDF_FORMATS)
        raise UnsupportedMediaTypeError(
            f"cannot read a {media_type or 'body without Content-Type'}: send RDF as one of "
            f"{names}")
    try:
        return triples_to_graph(ox.parse(data, format=fmt.oxigraph, base_iri=base,
                                         rename_blank_nodes=True))
    except SyntaxError as exc:
        raise InputError(f"the {fmt.media_type} body does not parse: {exc}") from None


def _body_graph(base: str) -> Graph:
    if (request.mimetype or "") == "multipart/form-data":
        graph = Graph()
        for part in request.files.values():
            for triple in _parse_one(part.read(), part.mimetype, base):
                graph.add(triple)
        return graph
    return _parse_one(request.get_data(), request.mimetype, base)


def _get(target) -> Response:
    service = get_service()
    if target is None:
        raise UsageError("name a graph: /data?graph=IRI, /data?default or /data/<path>")
    if target is not _DEFAULT and not service.has_graph(target):
        raise NotFoundError(f"there is no graph <{target}> in the store; list the graphs with "
                            f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{}} }}")
    fmt = negotiate_rdf(request)
    req = QueryRequest(_ALL_TRIPLES, results_format=None, rdf_format=fmt.name,
                       default_graphs=() if target is _DEFAULT else (target,),
                       union_default=False, prefixes=tuple(PREFIXES.items()))
    return answer_response(service.run(req))


def _write(target) -> Response:
    denied = write_access_response()
    if denied is not None:
        return denied
    service = get_service()
    if request.method == "DELETE":
        if target is None:
            raise UsageError("name the graph to delete: /data?graph=IRI or /data?default")
        if not service.delete_graph(_name(target)) and target is not _DEFAULT:
            raise NotFoundError(f"there is no graph <{target}> to delete")
        return Response(status=204)
    location = None
    if target is None:
        if request.method != "POST":
            raise UsageError("name the graph to replace: /data?graph=IRI or /data?default")
        target = location = f"{request.url_root}data/{uuid.uuid4().hex}"
    base = request.base_url if target is _DEFAULT else target
    graph = _body_graph(base)
    if request.method == "PUT":
        created = service.put_graph(_name(target), graph)
    else:
        created = service.post_graph(_name(target), graph)
    response = Response(status=201 if created else 204)
    if location:
        response.headers["Location"] = location
    return response


@bp.route("/data", methods=METHODS)
def indirect():
    target = _target()
    return _get(target) if request.method in ("GET", "HEAD") else _write(target)


@bp.route("/data/<path:path>", methods=METHODS)
def direct(path: str):
    if set(request.args) - {"format"}:
        raise UsageError("a graph named by its URL (/data/<path>) takes no ?graph= or "
                         "?default parameter")
    target = _checked_iri(request.base_url)
    return _get(target) if request.method in ("GET", "HEAD") else _write(target)

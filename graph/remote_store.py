"""A store behind any SPARQL 1.1 engine: ``sparql:QUERY_URL[,UPDATE_URL[,GRAPH_STORE_URL]]``.

:class:`SparqlStore` speaks the SPARQL 1.1 Protocol (queries and updates as form-encoded POSTs)
and, when a third URL is given, the Graph Store HTTP Protocol (GET/PUT/POST of N-Triples). It
offers everything :class:`graph.store.Store` offers, with rdflib terms in and out.

Writes
    A graph of at most :data:`BATCH_TRIPLES` triples is written with one update request
    (``DROP SILENT GRAPH <g> ; INSERT DATA {...}``), which Oxigraph runs as one transaction
    (Virtuoso: see below). A larger graph goes in one Graph Store PUT (or POST, to add) when a
    Graph Store URL is known. Without one, it is loaded in batches of :data:`BATCH_TRIPLES`
    into a fresh staging graph (``urn:newskg:staging:…``) that is then moved over the target
    with one ``MOVE`` (or ``ADD``), so readers see the old graph or the new one, never a
    half-written one; a failed load drops the staging graph. Triples that share a blank node
    always travel in the same batch, because each update request has its own blank-node scope.
    Batches holding blank nodes use ``INSERT {...} WHERE {}`` (see Virtuoso below). Nothing is
    ever sent one triple per request.

Literals
    rdflib keeps plain literals untyped; engines report them as plain or as ``xsd:string``.
    Both come back as plain rdflib literals (as :mod:`graph.terms` does for pyoxigraph), so a
    graph of plain, language-tagged and typed literals comes back isomorphic to what went in.
    Engines that store typed values (Oxigraph, Virtuoso) give typed literals back in their
    canonical lexical form (``"1.50"^^xsd:decimal`` returns as ``"1.5"``) and derived integer
    types (``xsd:nonNegativeInteger``) as ``xsd:integer``; Oxigraph lower-cases language tags
    (rdflib compares tags case-insensitively, its isomorphism case-sensitively). Write
    canonical forms and lower-case tags for exact round trips.
    Blank nodes come back renamed (compare graphs with isomorphism); labels an engine invents
    that are not valid blank-node labels (Virtuoso's ``nodeID://b10000``) are rewritten.

Engines (recognised by the ``Server`` header of their first answer)
    Oxigraph server (``oxigraph serve``: ``/query``, ``/update``, ``/store``)
        Has a real default graph; the union of all graphs is asked for with the protocol
        parameter ``union-default-graph``.
    OpenLink Virtuoso 7 (``/sparql``, Graph Store at ``/sparql-graph-crud``)
        * No plain default graph: the default graph of a query is the union of all graphs, and
          writing or reading "the default graph" raises :class:`UsageError`; use named graphs.
          ``union_default=False`` cannot be honoured (the union is always queried).
        * Its own system graphs (``virtrdf#``, ``ldp#``, the service description graph) are
          hidden from :meth:`graph_names`, :meth:`export` and :meth:`triple_count`.
        * A direct POST of ``application/sparql-query`` hangs: this module only sends
          form-encoded POSTs.
        * Without an ``Accept`` header it answers HTML: every request names its format.
          ``Accept`` with several types may be answered in the wrong one (SPARQL JSON for a
          CONSTRUCT), so exactly one type is asked for, chosen by the query form; its
          TSV/CSV/JSON results have quirks (TSV headers without ``?``, booleans as ``1``), so
          :meth:`query_serialized` always fetches SPARQL JSON or N-Triples and serializes locally.
        * ``INSERT DATA`` of 10,000 (even 5,000) triples fails ("memory exhausted" in its
          parser); 1,000 work. It refuses blank nodes in ``INSERT DATA`` (SP031), hence
          ``INSERT {...} WHERE {}`` for batches with blank nodes.
        * Results are capped at ``ResultSetMaxRows`` (10,000 as packaged), silently for
          CONSTRUCT and Graph Store GET, with an ``X-SPARQL-MaxRows`` header for SELECT; and
          it refuses ORDER BY ... OFFSET past that limit, so ordered paging is impossible.
          :meth:`get_graph` compares a long answer with a COUNT and, when it was cut, reads
          the graph in parts split by the MD5 of the subject (split further while still
          cut); :meth:`graph_names` does the same with the names. A user's SELECT that was
          cut raises :class:`StoreError` rather than answer short.
        * Two literals of different types but equal values on the same subject and predicate
          are stored once (``"2020"^^xsd:gYear`` and ``"2020-01-01"^^xsd:date``, ``1`` and
          ``true``), and derived integer types come back as ``xsd:integer`` (Oxigraph does
          the same).
        * Queries see its system graphs like any other graph.
        * ``DROP GRAPH`` without ``SILENT`` fails for graphs not "explicitly created", and an
          operation that fails while it runs does not undo the earlier operations of the same
          request (a request that does not compile changes nothing): this module only sends
          ``DROP SILENT`` and checks every triple before it sends a request.
        * Writes over HTTP need grants, given once with ``isql-vt HOST:PORT dba PASSWORD``:
          ``GRANT SPARQL_UPDATE TO "SPARQL";`` and
          ``DB.DBA.RDF_DEFAULT_USER_PERMS_SET('nobody', 7);``.
    Any other engine
        Spoken to with the standard protocols only; whether its default graph is its own graph
        or the union of all graphs is the engine's choice.

Credentials in the URLs (``http://user:password@host/...``) are sent as HTTP Basic auth.
"""

from __future__ import annotations

import io
import json
import re
import uuid
from dataclasses import dataclass
from typing import IO, Iterable, Iterator, Sequence
from urllib.parse import urlsplit

import pyoxigraph as ox
import requests
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.query import Result
from rdflib.term import Node

from graph.errors import (
    InputError,
    NewsKGError,
    QuerySyntaxError,
    QueryTimeoutError,
    StoreError,
    UsageError,
)
from graph.formats import rdf_format, result_format
from graph.store import QueryResult, Store
from graph.terms import from_ox, to_ox

#: Triples per update request: Virtuoso's parser fails near 5,000, 1,000 work everywhere.
BATCH_TRIPLES = 1000
#: Seconds to wait for a connection, and for an answer.
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 120.0
#: Engines cap result rows at a configured limit; none we know of caps below this, so results
#: shorter than this are never checked for truncation.
MIN_ROW_CAP = 1000
#: Prefix of the temporary graphs that large loads go through (hidden from graph_names).
STAGING_PREFIX = "urn:newskg:staging:"

_JSON_RESULTS = "application/sparql-results+json"
_NTRIPLES = "application/n-triples"
_XSD_STRING = XSD.string
_FORM = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}


@dataclass(frozen=True)
class Engine:
    """What differs between SPARQL engines, as far as this module cares."""

    name: str
    #: the engine has a plain default graph of its own that can be read and written
    default_graph: bool = True
    #: protocol parameter asking for the union of all graphs as the default graph
    union_param: str | None = None
    #: IRI prefixes of the engine's own system graphs, hidden from graph listings
    hidden_graphs: tuple[str, ...] = ()
    #: what to tell a user whose write was refused
    grant_hint: str = "check that the endpoint accepts updates from this client"


OXIGRAPH = Engine("oxigraph", union_param="union-default-graph")
VIRTUOSO = Engine(
    "virtuoso",
    default_graph=False,
    hidden_graphs=(
        "http://www.openlinksw.com/schemas/virtrdf#",
        "http://www.w3.org/ns/ldp#",
        "http://localuriqaserver/",
        "http://www.openlinksw.com/",
    ),
    grant_hint=(
        "grant SPARQL updates once with `isql-vt HOST:PORT dba PASSWORD exec="
        "'GRANT SPARQL_UPDATE TO \"SPARQL\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET(''nobody'', 7);'`"
    ),
)
GENERIC = Engine("generic")


def detect_engine(server_header: str) -> Engine:
    """The engine profile for an HTTP ``Server`` header."""
    lowered = server_header.lower()
    if lowered.startswith("oxigraph"):
        return OXIGRAPH
    if lowered.startswith("virtuoso"):
        return VIRTUOSO
    return GENERIC


# The prologue of a query (BASE, PREFIX, comments) and the keyword of its form.
_PROLOGUE = re.compile(
    r"(?:\s+|\#[^\n]*|BASE\s*<[^>]*>|PREFIX\s*[^\s:]*:\s*<[^>]*>)*", re.IGNORECASE)
_QUERY_FORM = re.compile(r"(SELECT|CONSTRUCT|DESCRIBE|ASK)\b", re.IGNORECASE)


def query_form(sparql: str) -> str:
    """``select``, ``construct``, ``describe`` or ``ask``; ``select`` when unknown (the engine
    then reports the syntax error)."""
    found = _QUERY_FORM.match(sparql, _PROLOGUE.match(sparql).end())
    return found.group(1).lower() if found else "select"


_BNODE_LABEL = re.compile(r"[^A-Za-z0-9_-]")


def _normalise(term: Node | None) -> Node | None:
    """An engine's term as newskg's stores give it back (see the module docstring)."""
    if isinstance(term, Literal):
        if term.datatype == _XSD_STRING:
            return Literal(str(term))
        return term
    if isinstance(term, BNode):
        label = _BNODE_LABEL.sub("_", str(term).removeprefix("nodeID://"))
        return BNode(label)
    return term


def _to_ox_triple(triple) -> ox.Triple:
    s, p, o = triple
    try:
        return ox.Triple(to_ox(s), to_ox(p), to_ox(o))
    except (TypeError, ValueError) as exc:
        raise InputError(f"cannot store the triple ({s!r}, {p!r}, {o!r}): {exc}. "
                         f"Fix the term (IRIs may not contain spaces or <>\"{{}}|^`).") from None


def _ntriples(triples: Iterable) -> str:
    """N-Triples of rdflib triples, valid inside INSERT DATA (pyoxigraph's escaping)."""
    return ox.serialize((_to_ox_triple(t) for t in triples), format=ox.RdfFormat.N_TRIPLES
                        ).decode("utf-8")


def _has_bnode(triple) -> bool:
    return isinstance(triple[0], BNode) or isinstance(triple[2], BNode)


def batches(triples: Iterable, size: int = BATCH_TRIPLES) -> Iterator[list]:
    """Split triples into lists of about ``size``; triples linked by blank nodes stay together
    (a group larger than ``size`` travels alone, whole)."""
    parent: dict[BNode, BNode] = {}

    def find(node: BNode) -> BNode:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    batch: list = []
    linked: list = []
    for triple in triples:
        if _has_bnode(triple):
            linked.append(triple)
            nodes = [t for t in (triple[0], triple[2]) if isinstance(t, BNode)]
            root = find(nodes[0])
            for other in nodes[1:]:
                parent[find(other)] = root
            continue
        batch.append(triple)
        if len(batch) >= size:
            yield batch
            batch = []
    groups: dict[BNode, list] = {}
    for triple in linked:
        node = triple[0] if isinstance(triple[0], BNode) else triple[2]
        groups.setdefault(find(node), []).append(triple)
    for group in groups.values():
        if batch and len(batch) + len(group) > size:
            yield batch
            batch = []
        batch.extend(group)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _term_json(term: Node) -> dict:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None:
        out["datatype"] = str(term.datatype)
    return out


def _results_json(result: QueryResult) -> bytes:
    """SPARQL 1.1 JSON results of a select or ask :class:`QueryResult`."""
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)}).encode("utf-8")
    bindings = [{var: _term_json(term) for var, term in zip(result.variables, row)
                 if term is not None} for row in result.rows]
    return json.dumps({"head": {"vars": result.variables},
                       "results": {"bindings": bindings}}).encode("utf-8")


class SparqlStore(Store):
    """A :class:`Store` behind the SPARQL 1.1 Protocol (and Graph Store Protocol) of an engine."""

    def __init__(self, query_url: str, update_url: str | None = None,
                 graph_store_url: str | None = None, *, timeout: float = READ_TIMEOUT,
                 batch_triples: int = BATCH_TRIPLES,
                 session: requests.Session | None = None) -> None:
        for url in (query_url, update_url, graph_store_url):
            if url and urlsplit(url).scheme not in ("http", "https"):
                raise UsageError(f"{url!r} is not an http(s) URL; use "
                                 f"sparql:QUERY_URL[,UPDATE_URL[,GRAPH_STORE_URL]]")
        self.query_url = query_url
        self.update_url = update_url or None
        self.graph_store_url = graph_store_url or None
        self.timeout = (CONNECT_TIMEOUT, timeout)
        self.batch_triples = batch_triples
        #: the HTTP session every request goes through (tests hook it to count requests)
        self.session = session or requests.Session()
        self._engine: Engine | None = None

    @classmethod
    def from_spec(cls, spec: str, **kwargs) -> "SparqlStore":
        """``QUERY_URL[,UPDATE_URL[,GRAPH_STORE_URL]]`` (the part after ``sparql:``)."""
        urls = [part.strip() for part in spec.split(",")]
        if not urls[0] or len(urls) > 3:
            raise UsageError(
                f"bad SPARQL store {spec!r}: use sparql:QUERY_URL[,UPDATE_URL[,GRAPH_STORE_URL]], "
                f"e.g. sparql:http://127.0.0.1:7878/query,http://127.0.0.1:7878/update,"
                f"http://127.0.0.1:7878/store")
        urls += [""] * (3 - len(urls))
        return cls(urls[0], urls[1] or None, urls[2] or None, **kwargs)

    # -- HTTP ---------------------------------------------------------------------------------

    def _send(self, method: str, url: str, *, write: bool = False, **kwargs) -> requests.Response:
        try:
            response = self.session.request(method, url, timeout=self.timeout, **kwargs)
        except requests.Timeout:
            raise QueryTimeoutError(
                f"the SPARQL endpoint {url} did not answer within {self.timeout[1]:g} s; "
                f"simplify the request or raise the engine's limits") from None
        except requests.RequestException as exc:
            raise StoreError(
                f"cannot reach the SPARQL endpoint {url} ({exc.__class__.__name__}); start the "
                f"engine or fix --store / NEWSKG_STORE") from None
        if self._engine is None:
            self._engine = detect_engine(response.headers.get("Server", ""))
        if response.status_code < 400 or (method == "GET" and response.status_code == 404):
            return response
        text = response.text.strip()[:800]
        if response.status_code in (401, 403) or (write and "permission" in text.lower()):
            raise StoreError(f"the SPARQL endpoint {url} refused the write "
                             f"(HTTP {response.status_code}: {text}); {self.engine.grant_hint}")
        if response.status_code == 400:
            raise QuerySyntaxError(f"the SPARQL engine rejected the request: {text}")
        raise StoreError(f"the SPARQL endpoint {url} failed (HTTP {response.status_code}): "
                         f"{text}")

    @property
    def engine(self) -> Engine:
        """The engine's profile (asks the endpoint once)."""
        if self._engine is None:
            self._send("POST", self.query_url, data={"query": "ASK {}"},
                       headers={"Accept": _JSON_RESULTS, **_FORM})
        return self._engine

    def _post_query(self, sparql: str, accept: str, *, default_graphs: Sequence[str] = (),
                    named_graphs: Sequence[str] = (), union_default: bool = False,
                    base_iri: str | None = None) -> requests.Response:
        if base_iri:
            sparql = f"BASE <{base_iri}>\n{sparql}"
        data: list[tuple[str, str]] = [("query", sparql)]
        data += [("default-graph-uri", g) for g in default_graphs]
        data += [("named-graph-uri", g) for g in named_graphs]
        # The protocol's dataset parameters replace the engine's dataset whole: the union
        # switch goes only with neither (Oxigraph refuses the mix).
        if union_default and not default_graphs and not named_graphs and self.engine.union_param:
            data.append((self.engine.union_param, "true"))
        return self._send("POST", self.query_url, data=data, headers={"Accept": accept, **_FORM})

    def _select(self, sparql: str, **kwargs) -> tuple[list[str], list[tuple], bool]:
        """Variables, rows and whether the engine cut the result."""
        response = self._post_query(sparql, _JSON_RESULTS, **kwargs)
        result = self._parse_results(response)
        cut = "X-SPARQL-MaxRows" in response.headers
        variables = [str(v) for v in result.vars or []]
        rows = [tuple(_normalise(row[v]) for v in variables) for row in result]
        return variables, rows, cut

    @staticmethod
    def _parse_results(response: requests.Response) -> Result:
        try:
            return Result.parse(io.BytesIO(response.content), format="json")
        except Exception as exc:  # rdflib raises JSON, key and type errors alike
            raise StoreError(
                f"the SPARQL endpoint {response.url} did not answer with SPARQL JSON results "
                f"({response.headers.get('Content-Type', 'no content type')}: {exc}); check "
                f"that QUERY_URL is the engine's SPARQL query endpoint") from None

    def _construct(self, sparql: str, **kwargs) -> Graph:
        response = self._post_query(sparql, _NTRIPLES, **kwargs)
        return self._parse_ntriples(response.content)

    @staticmethod
    def _parse_ntriples(data: bytes) -> Graph:
        graph = Graph()
        try:
            for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES):
                graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
        except SyntaxError as exc:
            raise StoreError(f"the SPARQL engine sent N-Triples that do not parse: {exc}") from None
        return graph

    def _run_update(self, sparql: str) -> None:
        if not self.update_url:
            raise UsageError(
                "this SPARQL store is read-only: give an update URL, "
                "--store sparql:QUERY_URL,UPDATE_URL[,GRAPH_STORE_URL]")
        self._send("POST", self.update_url, write=True, data={"update": sparql},
                   headers={"Accept": _JSON_RESULTS + ", text/plain;q=0.5", **_FORM})

    # -- queries ------------------------------------------------------------------------------

    def query(self, sparql, *, default_graphs=(), named_graphs=(), union_default=True,
              base_iri=None) -> QueryResult:
        kwargs = dict(default_graphs=default_graphs, named_graphs=named_graphs,
                      union_default=union_default, base_iri=base_iri)
        if query_form(sparql) in ("construct", "describe"):
            return QueryResult("graph", graph=self._construct(sparql, **kwargs))
        response = self._post_query(sparql, _JSON_RESULTS, **kwargs)
        result = self._parse_results(response)
        if result.type == "ASK":
            return QueryResult("ask", boolean=bool(result.askAnswer))
        if "X-SPARQL-MaxRows" in response.headers:
            raise StoreError(
                f"the SPARQL engine cut the result at {response.headers['X-SPARQL-MaxRows']} "
                f"rows; add a LIMIT (and OFFSET to page) or raise the engine's row limit "
                f"(Virtuoso: ResultSetMaxRows in the [SPARQL] section of virtuoso.ini)")
        variables = [str(v) for v in result.vars or []]
        rows = [tuple(_normalise(row[v]) for v in variables) for row in result]
        return QueryResult("select", variables=variables, rows=rows)

    def query_serialized(self, sparql, media_type, *, default_graphs=(), named_graphs=(),
                         union_default=True, base_iri=None) -> bytes:
        graph_form = query_form(sparql) in ("construct", "describe")
        fmt = rdf_format(media_type) if graph_form else result_format(media_type)
        if fmt is None:
            raise UsageError(f"no serializer for {media_type!r} for this kind of query")
        result = self.query(sparql, default_graphs=default_graphs, named_graphs=named_graphs,
                            union_default=union_default, base_iri=base_iri)
        if result.kind == "graph":
            return ox.serialize((_to_ox_triple(t) for t in result.graph), format=fmt.oxigraph)
        parsed = ox.parse_query_results(_results_json(result), ox.QueryResultsFormat.JSON)
        return parsed.serialize(format=fmt.oxigraph)

    def update(self, sparql, *, base_iri=None) -> None:
        if base_iri:
            sparql = f"BASE <{base_iri}>\n{sparql}"
        self._run_update(sparql)

    # -- graphs -------------------------------------------------------------------------------

    def _target(self, name: str | None) -> str:
        """``GRAPH <name>`` or ``DEFAULT`` for graph-management operations."""
        if name:
            return f"GRAPH <{name}>"
        self._need_default_graph()
        return "DEFAULT"

    def _need_default_graph(self) -> None:
        if not self.engine.default_graph:
            raise UsageError(f"{self.engine.name} has no plain default graph: "
                             f"read and write named graphs (pass a graph IRI)")

    @staticmethod
    def _insert(name: str | None, triples: list) -> str:
        """One update that inserts ``triples`` into graph ``name``."""
        data = _ntriples(triples)
        body = f"GRAPH <{name}> {{\n{data}}}" if name else data
        if any(_has_bnode(t) for t in triples):
            # INSERT DATA with blank nodes is refused by Virtuoso; a template with no WHERE
            # solutions but one gives the same triples, blank nodes included.
            return f"INSERT {{\n{body}\n}} WHERE {{}}"
        return f"INSERT DATA {{\n{body}\n}}"

    def _gsp(self, method: str, name: str | None, data: bytes | None = None) -> requests.Response:
        params = {"graph": name} if name else {"default": ""}
        if data is None:
            return self._send(method, self.graph_store_url, params=params,
                              headers={"Accept": _NTRIPLES})
        return self._send(method, self.graph_store_url, write=True, params=params, data=data,
                          headers={"Content-Type": _NTRIPLES, "Accept": "*/*"})

    def _write(self, name: str | None, graph: Graph, *, replace: bool) -> None:
        target = self._target(name)
        parts = list(batches(graph, self.batch_triples))
        if len(parts) <= 1:
            ops = [f"DROP SILENT {target}"] if replace else []
            if parts:
                ops.append(self._insert(name, parts[0]))
            if ops:
                self._run_update(" ;\n".join(ops))
            return
        if self.graph_store_url:
            body = _ntriples(graph).encode("utf-8")
            self._gsp("PUT" if replace else "POST", name, body)
            return
        staging = f"{STAGING_PREFIX}{uuid.uuid4()}"
        try:
            for part in parts:
                self._run_update(self._insert(staging, part))
            if replace:
                self._run_update(f"MOVE SILENT GRAPH <{staging}> TO {target}")
            else:
                self._run_update(f"ADD SILENT GRAPH <{staging}> TO {target} ;\n"
                                 f"DROP SILENT GRAPH <{staging}>")
        except NewsKGError:
            try:
                self._run_update(f"DROP SILENT GRAPH <{staging}>")
            except NewsKGError:
                pass
            raise

    def replace_graph(self, name, graph, *, quads=None) -> None:
        self._write(name, graph, replace=True)

    def add_to_graph(self, name, graph) -> None:
        self._write(name, graph, replace=False)

    def drop_graph(self, name) -> bool:
        if name is None:
            self._run_update(f"DROP SILENT {self._target(None)}")
            return True
        existed = self.has_graph(name)
        if existed:
            self._run_update(f"DROP SILENT GRAPH <{name}>")
        return existed

    def has_graph(self, name) -> bool:
        return bool(self.query(f"ASK {{ GRAPH <{name}> {{ ?s ?p ?o }} }}").boolean)

    def get_graph(self, name) -> Graph:
        if name is None:
            self._need_default_graph()
        pattern = f"GRAPH <{name}> {{ ?s ?p ?o }}" if name else "?s ?p ?o"
        if self.graph_store_url:
            response = self._gsp("GET", name)
            graph = Graph() if response.status_code == 404 else \
                self._parse_ntriples(response.content)
        else:
            graph = self._construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {pattern} }}",
                                    union_default=False)
        if len(graph) < MIN_ROW_CAP or len(graph) >= self.triple_count(name):
            return graph
        return self._read_partitioned(pattern, cap=len(graph))

    def _read_partitioned(self, pattern: str, cap: int) -> Graph:
        """Read a graph the engine cut at ``cap`` rows in parts small enough to come whole.

        Ordered paging (ORDER BY + OFFSET) is refused by Virtuoso past its row limit, so the
        triples are split by the MD5 of their subject (16 parts, each split again while cut),
        with blank-node subjects read on their own.
        """
        def part(condition: str) -> Graph:
            return self._construct(
                f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {pattern} FILTER({condition}) }}",
                union_default=False)

        graph = part("isBlank(?s)")
        if len(graph) >= cap:
            raise StoreError(self._cap_message(cap))
        prefixes = list("0123456789abcdef")
        while prefixes:
            prefix = prefixes.pop()
            chunk = part(f"!isBlank(?s) && STRSTARTS(MD5(STR(?s)), \"{prefix}\")")
            if len(chunk) < cap:
                graph += chunk
            elif len(set(chunk.subjects())) == 1:
                raise StoreError(self._cap_message(cap))
            else:
                prefixes += [prefix + h for h in "0123456789abcdef"]
        return graph

    @staticmethod
    def _cap_message(cap: int) -> str:
        return (f"the SPARQL engine cuts answers at {cap} rows and one resource has more "
                f"triples than that; raise the engine's row limit (Virtuoso: ResultSetMaxRows "
                f"in the [SPARQL] section of virtuoso.ini)")

    def _hidden(self, name: str) -> bool:
        return name.startswith(STAGING_PREFIX) or name.startswith(self.engine.hidden_graphs)

    def graph_names(self) -> list[str]:
        base = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
        _, rows, cut = self._select(base + "}")
        if cut:
            # Read the names in parts split by the MD5 of the name, each split again while cut.
            rows, prefixes = [], list("0123456789abcdef")
            while prefixes:
                prefix = prefixes.pop()
                _, chunk, cut = self._select(
                    base + f"FILTER(STRSTARTS(MD5(STR(?g)), \"{prefix}\")) }}")
                if cut:
                    prefixes += [prefix + h for h in "0123456789abcdef"]
                else:
                    rows += chunk
        found = {str(row[0]) for row in rows if isinstance(row[0], URIRef)}
        return sorted(g for g in found if not self._hidden(g))

    def _hidden_filter(self) -> str:
        prefixes = (STAGING_PREFIX, *self.engine.hidden_graphs)
        tests = " || ".join(f"STRSTARTS(STR(?g), {json.dumps(p)})" for p in prefixes)
        return f"FILTER(!({tests}))"

    def triple_count(self, name=None) -> int:
        if name is not None:
            pattern, union = f"GRAPH <{name}> {{ ?s ?p ?o }}", False
        elif self.engine.union_param:
            pattern, union = "?s ?p ?o", True
        elif not self.engine.default_graph:
            pattern, union = f"GRAPH ?g {{ ?s ?p ?o }} {self._hidden_filter()}", False
        else:
            pattern = f"{{ ?s ?p ?o }} UNION {{ GRAPH ?g {{ ?s ?p ?o }} {self._hidden_filter()} }}"
            union = False
        _, rows, _ = self._select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}",
                                  union_default=union)
        return int(rows[0][0]) if rows and rows[0][0] is not None else 0

    def _all_quads(self) -> Iterator[ox.Quad]:
        names: list[str | None] = [None] if self.engine.default_graph else []
        for name in names + self.graph_names():
            graph_node = ox.NamedNode(name) if name else ox.DefaultGraph()
            for t in self.get_graph(name):
                triple = _to_ox_triple(t)
                yield ox.Quad(triple.subject, triple.predicate, triple.object, graph_node)

    def export(self, out: IO[bytes], fmt: str) -> None:
        f = rdf_format(fmt)
        if f is None:
            raise UsageError(
                f"unknown export format {fmt!r}; use ttl, nt, jsonld, rdfxml, trig or nq")
        if f.dataset:
            # One graph in memory at a time, streamed into the serializer.
            ox.serialize(self._all_quads(), out, format=f.oxigraph)
            return
        # Triple syntaxes have no graphs: the union of all graphs, without duplicates.
        union = ox.Store()
        union.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                          for q in self._all_quads())
        ox.serialize((q.triple for q in union), out, format=f.oxigraph)

    def close(self) -> None:
        self.session.close()

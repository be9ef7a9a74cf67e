"""Where the graph lives.

``open_store(spec)`` turns the ``store`` setting into a :class:`Store`:

* ``memory`` - an in-memory pyoxigraph store (tests, one-off runs);
* ``oxigraph:PATH`` - a persistent pyoxigraph store on disk (the default);
* ``sparql:QUERY_URL[,UPDATE_URL[,GRAPH_STORE_URL]]`` - any SPARQL 1.1 engine
  (see :mod:`graph.remote_store`).

Every article lives in its own named graph (the article's IRI); the ontology lives in the
graph named by the ontology IRI. Queries see the union of all graphs as their default graph
unless the caller names default graphs. Writes of one graph are atomic: all or nothing.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Iterable, Sequence

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node

from graph.errors import InputError, QuerySyntaxError, StoreError, StoreLockedError, UsageError
from graph.formats import rdf_format, result_format
from graph.terms import from_ox, graph_to_quads, to_ox, triples_to_graph


@dataclass
class QueryResult:
    """A SPARQL result with rdflib terms: ``kind`` is select, ask or graph."""

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None


class Store:
    """What every store offers. Graph names are IRI strings; ``None`` is the default graph."""

    def query(self, sparql: str, *, default_graphs: Sequence[str] = (),
              named_graphs: Sequence[str] = (), union_default: bool = True,
              base_iri: str | None = None) -> QueryResult:
        raise NotImplementedError

    def query_serialized(self, sparql: str, media_type: str, *,
                         default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = (),
                         union_default: bool = True, base_iri: str | None = None) -> bytes:
        """Run a query and serialize its result in ``media_type`` (a result or RDF format)."""
        raise NotImplementedError

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        raise NotImplementedError

    def replace_graph(self, name: str | None, graph: Graph, *, quads=None) -> None:
        """Atomically replace the content of graph ``name`` with ``graph``. ``quads``: the
        same triples as pyoxigraph quads (any graph name), when the caller has made them (a
        store writing through pyoxigraph then does not convert the graph again)."""
        raise NotImplementedError

    def add_to_graph(self, name: str | None, graph: Graph) -> None:
        """Atomically add ``graph`` to graph ``name``."""
        raise NotImplementedError

    def drop_graph(self, name: str | None) -> bool:
        """Remove graph ``name``; returns whether it existed (the default graph always does)."""
        raise NotImplementedError

    def get_graph(self, name: str | None) -> Graph:
        raise NotImplementedError

    def graph_names(self) -> list[str]:
        raise NotImplementedError

    def has_graph(self, name: str) -> bool:
        return name in self.graph_names()

    def export(self, out: IO[bytes], fmt: str) -> None:
        """Write the whole dataset (or, for triple formats, the union of all graphs)."""
        raise NotImplementedError

    def triple_count(self, name: str | None = None) -> int:
        raise NotImplementedError

    def graph_digest(self, name: str) -> str:
        """A digest of graph ``name`` that two isomorphic graphs share (RDF canonicalization,
        RDFC-1.0, by pyoxigraph): comparing digests is a fast isomorphism check."""
        return triples_digest(to_ox_triples(self.get_graph(name)))

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _graph_node(name: str | None):
    return ox.NamedNode(name) if name else ox.DefaultGraph()


class OxigraphStore(Store):
    """pyoxigraph, in memory (``path=None``) or on disk."""

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        self._read_only = read_only
        try:
            if self.path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except OSError as exc:
            if "lock" in str(exc).lower():
                raise StoreLockedError(
                    f"the store at {self.path} is in use by another process (a running "
                    f"`newskg serve` or another newskg command): stop it, or pass another "
                    f"--store"
                ) from None
            raise StoreError(f"cannot open the store at {self.path}: {exc}") from None

    @property
    def raw(self) -> ox.Store:
        """The underlying pyoxigraph store (for the fast paths of the server)."""
        return self._store

    def _run(self, sparql: str, default_graphs: Sequence[str], named_graphs: Sequence[str],
             union_default: bool, base_iri: str | None):
        kwargs: dict = {"base_iri": base_iri}
        if default_graphs:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        else:
            kwargs["use_default_graph_as_union"] = union_default
        if named_graphs:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        try:
            return self._store.query(sparql, **kwargs)
        except SyntaxError as exc:
            raise QuerySyntaxError(f"the SPARQL query does not parse: {exc}") from None

    def query(self, sparql, *, default_graphs=(), named_graphs=(), union_default=True,
              base_iri=None) -> QueryResult:
        result = self._run(sparql, default_graphs, named_graphs, union_default, base_iri)
        if isinstance(result, ox.QueryBoolean):
            return QueryResult("ask", boolean=bool(result))
        if isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            rows = [tuple(from_ox(sol[v]) for v in variables) for sol in result]
            return QueryResult("select", variables=variables, rows=rows)
        return QueryResult("graph", graph=triples_to_graph(result))

    def query_serialized(self, sparql, media_type, *, default_graphs=(), named_graphs=(),
                         union_default=True, base_iri=None) -> bytes:
        result = self._run(sparql, default_graphs, named_graphs, union_default, base_iri)
        if isinstance(result, ox.QueryTriples):
            fmt = rdf_format(media_type)
        else:
            fmt = result_format(media_type)
        if fmt is None:
            raise UsageError(f"no serializer for {media_type!r} for this kind of query")
        return result.serialize(format=fmt.oxigraph)

    def update(self, sparql, *, base_iri=None) -> None:
        try:
            self._store.update(sparql, base_iri=base_iri)
        except SyntaxError as exc:
            raise QuerySyntaxError(f"the SPARQL update does not parse: {exc}") from None
        except OSError as exc:
            raise StoreError(f"the update could not be written: {exc}") from None

    def graph_digest(self, name: str) -> str:
        return triples_digest(q.triple for q in self._store.quads_for_pattern(
            None, None, None, ox.NamedNode(name)))

    def replace_graph(self, name, graph, *, quads=None) -> None:
        if name and not self._store.contains_named_graph(ox.NamedNode(name)):
            # a new graph: add_to_graph's one transactional extend writes it all or nothing,
            # and costs about half of the update below on disk
            self.add_to_graph(name, graph, quads=quads)
            return
        # One SPARQL update is one transaction: the old content goes and the new comes, or
        # nothing changes.
        target = f"GRAPH <{name}>" if name else "DEFAULT"
        try:
            data = _ntriples(graph)
        except ValueError as exc:
            raise InputError(f"the graph holds a term no store can keep: {exc}") from None
        body = f"GRAPH <{name}> {{\n{data}\n}}" if name else data
        self.update(f"DROP SILENT {target} ;\nINSERT DATA {{\n{body}\n}}")

    def add_to_graph(self, name, graph, *, quads=None) -> None:
        """See Store.add_to_graph; ``quads``, the graph's triples already made pyoxigraph
        quads (any graph name), are moved into ``name`` (a third of converting the graph)."""
        try:
            if quads is None:
                quads = list(graph_to_quads(graph, name))
            else:
                target = ox.NamedNode(name) if name else ox.DefaultGraph()
                quads = [ox.Quad(q.subject, q.predicate, q.object, target) for q in quads]
            self._store.extend(quads)
        except ValueError as exc:
            raise InputError(f"the graph holds a term no store can keep: {exc}") from None
        except OSError as exc:
            raise StoreError(f"the graph could not be written: {exc}") from None

    def drop_graph(self, name) -> bool:
        if name is None:
            self._store.clear_graph(ox.DefaultGraph())
            return True
        node = ox.NamedNode(name)
        if not self._store.contains_named_graph(node):
            return False
        self.update(f"DROP GRAPH <{name}>")
        return True

    def get_graph(self, name) -> Graph:
        return triples_to_graph(self._store.quads_for_pattern(None, None, None, _graph_node(name)))

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def has_graph(self, name) -> bool:
        return self._store.contains_named_graph(ox.NamedNode(name))

    def export(self, out, fmt) -> None:
        f = rdf_format(fmt)
        if f is None:
            raise UsageError(f"unknown export format {fmt!r}; use ttl, nt, jsonld, rdfxml, trig or nq")
        if f.dataset:
            self._store.dump(out, f.oxigraph)
        else:
            # Triple syntaxes have no graphs: write the union of all graphs, without duplicates.
            triples = self._store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
                                        use_default_graph_as_union=True)
            out.write(triples.serialize(format=f.oxigraph))

    def triple_count(self, name=None) -> int:
        if name is None:
            result = self._store.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }",
                                       use_default_graph_as_union=True)
        else:
            result = self._store.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }",
                                       default_graph=ox.NamedNode(name))
        return int(next(iter(result))["n"].value)

    def flush(self) -> None:
        if self.path is not None and not self._read_only:
            self._store.flush()

    def close(self) -> None:
        if self.path is not None and not self._read_only:
            try:
                self._store.flush()
            except OSError:
                pass
        del self._store


def to_ox_triples(graph: Iterable) -> Iterable[ox.Triple]:
    return (ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph)


def triples_digest(triples: Iterable[ox.Triple]) -> str:
    """SHA-256 of the canonical (RDFC-1.0) N-Quads of ``triples``, lines sorted."""
    import hashlib

    dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph())
                         for t in triples)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    lines = sorted(str(q) for q in dataset)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def _ntriples(graph: Iterable) -> str:
    """N-Triples of an rdflib graph with pyoxigraph's escaping (valid inside INSERT DATA)."""
    buf = io.BytesIO()
    ox.serialize((ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph), buf,
                 ox.RdfFormat.N_TRIPLES)
    return buf.getvalue().decode("utf-8")


def open_store(spec: str, *, read_only: bool = False) -> Store:
    """Open the store named by the ``store`` setting."""
    spec = spec.strip()
    if spec == "memory":
        return OxigraphStore(None)
    if spec.startswith("oxigraph:"):
        path = spec[len("oxigraph:"):]
        if not path:
            raise UsageError("oxigraph: needs a folder, e.g. --store oxigraph:data/store")
        return OxigraphStore(path, read_only=read_only)
    if spec.startswith("sparql:"):
        from graph.remote_store import SparqlStore  # imported only when used

        return SparqlStore.from_spec(spec[len("sparql:"):])
    raise UsageError(
        f"unknown store {spec!r}: use memory, oxigraph:PATH or "
        f"sparql:QUERY_URL[,UPDATE_URL[,GRAPH_STORE_URL]]"
    )

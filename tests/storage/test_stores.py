"""The store contract, run against every kind of store newskg opens.

``memory`` and ``oxigraph:TMP`` are pyoxigraph in this process; ``sparql-oxigraph`` and
``sparql-virtuoso`` are real engines over HTTP (see conftest.py). The same tests run on all
four: what goes in comes back (rdflib finds the graphs isomorphic), replace is atomic and
idempotent, listing, dropping, counting, querying and exporting agree.
"""

from __future__ import annotations

import csv
import io
import math
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS, XSD

from graph.errors import (
    InputError,
    NewsKGError,
    QuerySyntaxError,
    StoreError,
    UsageError,
)
from graph.formats import rdf_format
from graph.remote_store import BATCH_TRIPLES, SparqlStore, batches, query_form
from graph.store import OxigraphStore, open_store
from graph.terms import from_ox, triples_to_graph

DATA = Path(__file__).resolve().parent.parent / "data" / "storage"
ARTICLE = "https://w3id.org/newskg/id/article/0123456789abcdef"
OTHER = "https://w3id.org/newskg/id/article/fedcba9876543210"
EX = "http://example.org/storage-test/"
SCHEMA = "https://schema.org/"

STORES = ["memory", "oxigraph-path", "sparql-oxigraph", "sparql-virtuoso"]


@pytest.fixture(scope="module")
def article() -> Graph:
    return Graph().parse(DATA / "article.ttl")


def other_article() -> Graph:
    graph = Graph()
    node = URIRef(OTHER)
    graph.add((node, URIRef(SCHEMA + "headline"), Literal("Second article", lang="en")))
    graph.add((node, URIRef(SCHEMA + "datePublished"), Literal("2024-08-22", datatype=XSD.date)))
    graph.add((URIRef(EX + "dhaka-shared"), RDFS.label, Literal("Dhaka", lang="en")))
    return graph


def numbered(count: int, graph_tag: str = "n") -> Graph:
    graph = Graph()
    for i in range(count):
        graph.add((URIRef(f"{EX}{graph_tag}/{i}"), RDFS.label, Literal(f"item {i} of {count}")))
    return graph


def read_graph(data: bytes, fmt: str) -> Graph:
    """Parse a serialized graph with pyoxigraph (rdflib's JSON-LD parser warns)."""
    return triples_to_graph(ox.parse(data, format=rdf_format(fmt).oxigraph))


def read_dataset(data: bytes, fmt: str) -> dict[str, Graph]:
    """The named graphs of a serialized dataset, by name."""
    graphs: dict[str, Graph] = {}
    for quad in ox.parse(data, format=rdf_format(fmt).oxigraph):
        graph = graphs.setdefault(quad.graph_name.value, Graph())
        graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    return graphs


def clear(store) -> None:
    for name in store.graph_names():
        store.drop_graph(name)
    if not isinstance(store, SparqlStore) or store.engine.default_graph:
        store.drop_graph(None)


def open_kind(kind: str, request, tmp_path):
    if kind == "memory":
        return open_store("memory")
    if kind == "oxigraph-path":
        return open_store(f"oxigraph:{tmp_path / 'store'}")
    endpoint = request.getfixturevalue(
        "oxigraph_server" if kind == "sparql-oxigraph" else "virtuoso_server")
    return open_store(endpoint.spec)


@pytest.fixture(params=STORES)
def store(request, tmp_path):
    opened = open_kind(request.param, request, tmp_path)
    clear(opened)
    yield opened
    clear(opened)
    opened.close()


@pytest.fixture(params=["sparql-oxigraph", "sparql-virtuoso"])
def endpoint(request):
    return request.getfixturevalue(
        "oxigraph_server" if request.param == "sparql-oxigraph" else "virtuoso_server")


@pytest.fixture
def remote(endpoint):
    opened = SparqlStore.from_spec(endpoint.spec[len("sparql:"):])
    clear(opened)
    yield opened
    clear(opened)
    opened.close()


def has_default_graph(store) -> bool:
    return not isinstance(store, SparqlStore) or store.engine.default_graph


# -- the contract, on every store ---------------------------------------------------------------


def test_round_trip_gives_back_an_isomorphic_graph(store, article):
    store.replace_graph(ARTICLE, article)
    back = store.get_graph(ARTICLE)
    assert isomorphic(back, article)
    # The literal kinds that stores disagree on come back as rdflib builds them.
    headline = back.value(URIRef(ARTICLE), URIRef(SCHEMA + "inLanguage"))
    assert headline == Literal("en") and headline.datatype is None
    assert Literal("Dacca", lang="en-gb") in set(back.objects())
    assert Literal("2024-08", datatype=XSD.gYearMonth) in set(back.objects())
    assert Literal("0.8", datatype=XSD.decimal) in set(back.objects())


def test_explicit_xsd_string_comes_back_plain_everywhere(store):
    graph = Graph()
    graph.add((URIRef(EX + "s"), RDFS.label, Literal("typed", datatype=XSD.string)))
    store.replace_graph(EX + "g", graph)
    (literal,) = store.get_graph(EX + "g").objects()
    assert literal == Literal("typed") and literal.datatype is None


def test_replace_graph_is_idempotent(store, article):
    store.replace_graph(ARTICLE, article)
    store.replace_graph(ARTICLE, article)
    assert store.triple_count(ARTICLE) == len(article)
    assert isomorphic(store.get_graph(ARTICLE), article)


def test_replace_graph_replaces_the_old_content_only(store, article):
    store.replace_graph(ARTICLE, article)
    store.replace_graph(OTHER, other_article())
    replacement = numbered(5)
    store.replace_graph(ARTICLE, replacement)
    assert isomorphic(store.get_graph(ARTICLE), replacement)
    assert isomorphic(store.get_graph(OTHER), other_article())


def test_a_failed_replace_leaves_the_old_graph(store, article):
    store.replace_graph(ARTICLE, article)
    broken = numbered(3)
    broken.add((URIRef("http://example.org/not an iri"), RDFS.label, Literal("x")))
    with pytest.raises((NewsKGError, ValueError)):
        store.replace_graph(ARTICLE, broken)
    assert isomorphic(store.get_graph(ARTICLE), article)


def test_add_to_graph_keeps_what_is_there(store, article):
    store.replace_graph(ARTICLE, article)
    extra = numbered(4)
    store.add_to_graph(ARTICLE, extra)
    assert isomorphic(store.get_graph(ARTICLE), article + extra)


def test_graph_names_and_has_graph(store, article):
    assert store.graph_names() == []
    store.replace_graph(OTHER, other_article())
    store.replace_graph(ARTICLE, article)
    assert store.graph_names() == sorted([ARTICLE, OTHER])
    assert store.has_graph(ARTICLE)
    assert not store.has_graph(EX + "never-written")


def test_drop_graph(store, article):
    store.replace_graph(ARTICLE, article)
    store.replace_graph(OTHER, other_article())
    assert store.drop_graph(ARTICLE) is True
    assert store.drop_graph(ARTICLE) is False
    assert store.graph_names() == [OTHER]
    assert len(store.get_graph(ARTICLE)) == 0
    assert isomorphic(store.get_graph(OTHER), other_article())


def test_triple_count(store, article):
    store.replace_graph(ARTICLE, article)
    store.replace_graph(OTHER, other_article())
    assert store.triple_count(ARTICLE) == len(article)
    assert store.triple_count(OTHER) == len(other_article())
    assert store.triple_count() == len(article) + len(other_article())
    assert store.triple_count(EX + "never-written") == 0


def test_default_graph(store):
    graph = numbered(3, "default")
    if not has_default_graph(store):
        with pytest.raises(UsageError, match="no plain default graph"):
            store.replace_graph(None, graph)
        return
    store.replace_graph(None, graph)
    assert isomorphic(store.get_graph(None), graph)
    assert store.graph_names() == []
    assert store.drop_graph(None) is True
    assert len(store.get_graph(None)) == 0


def test_select_returns_rdflib_terms(store, article):
    store.replace_graph(ARTICLE, article)
    result = store.query(
        "PREFIX schema: <https://schema.org/> "
        "SELECT ?event ?start ?status WHERE { ?event schema:startDate ?start "
        "OPTIONAL { ?event schema:eventStatus ?status } } ORDER BY ?start")
    assert result.kind == "select"
    assert result.variables == ["event", "start", "status"]
    assert result.rows == [
        (URIRef("https://w3id.org/newskg/id/event/0123456789abcdef-22"),
         Literal("2024-08-21", datatype=XSD.date), None),
        (URIRef("https://w3id.org/newskg/id/event/0123456789abcdef-90"),
         Literal("2026", datatype=XSD.gYear), URIRef(SCHEMA + "EventScheduled")),
    ]


def test_queries_see_the_union_and_named_graphs(store, article):
    store.replace_graph(ARTICLE, article)
    store.replace_graph(OTHER, other_article())
    query = ("PREFIX schema: <https://schema.org/> "
             "SELECT ?a WHERE { ?a schema:datePublished ?d } ORDER BY ?a")
    assert store.query(query).rows == [(URIRef(ARTICLE),), (URIRef(OTHER),)]
    assert store.query(query, default_graphs=[OTHER]).rows == [(URIRef(OTHER),)]
    named = store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                        named_graphs=[OTHER])
    assert named.rows == [(URIRef(OTHER),)]
    # (Virtuoso's own system graphs are graphs too: keep to ours.)
    by_graph = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                           "FILTER(STRSTARTS(STR(?g), 'https://w3id.org/newskg/')) } "
                           "GROUP BY ?g ORDER BY ?g")
    assert by_graph.rows == [(URIRef(ARTICLE), Literal(len(article))),
                             (URIRef(OTHER), Literal(len(other_article())))]


def test_ask_and_construct(store, article):
    store.replace_graph(ARTICLE, article)
    assert store.query(f"ASK {{ <{ARTICLE}> ?p ?o }}").boolean is True
    assert store.query(f"ASK {{ <{EX}nothing> ?p ?o }}").boolean is False
    result = store.query(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{ARTICLE}> {{ ?s ?p ?o }} }}")
    assert result.kind == "graph"
    assert isomorphic(result.graph, article)


def test_update_writes_and_queries_see_it(store):
    store.update(f"INSERT DATA {{ GRAPH <{EX}u> {{ <{EX}a> <{EX}p> \"written\"@en }} }}")
    assert store.graph_names() == [EX + "u"]
    result = store.query(f"SELECT ?o WHERE {{ <{EX}a> <{EX}p> ?o }}")
    assert result.rows == [(Literal("written", lang="en"),)]
    store.update(f"DELETE WHERE {{ GRAPH <{EX}u> {{ ?s ?p ?o }} }}")
    assert store.query(f"ASK {{ <{EX}a> ?p ?o }}").boolean is False


def test_union_default_false_sees_only_the_default_graph(store, article):
    store.replace_graph(ARTICLE, article)
    query = f"ASK {{ <{ARTICLE}> ?p ?o }}"
    assert store.query(query, union_default=True).boolean is True
    if has_default_graph(store):
        assert store.query(query, union_default=False).boolean is False


def test_a_url_that_is_not_a_query_endpoint_is_a_store_error(oxigraph_server):
    # The Graph Store URL given as query URL: the server answers, but refuses the query.
    store = open_store(f"sparql:{oxigraph_server.graph_store_url}")
    with pytest.raises(StoreError, match=r"failed \(HTTP 4"):
        store.query("SELECT * WHERE { ?s ?p ?o }")


def test_base_iri_resolves_relative_iris(store, article):
    store.replace_graph(ARTICLE, article)
    result = store.query("ASK { <0123456789abcdef> ?p ?o }",
                         base_iri="https://w3id.org/newskg/id/article/")
    assert result.boolean is True


def test_bad_query_is_a_syntax_error(store):
    with pytest.raises(QuerySyntaxError):
        store.query("SELEC ?s WHERE { ?s ?p ?o }")


RESULT_FORMATS = ["application/sparql-results+json", "application/sparql-results+xml",
                  "text/tab-separated-values", "text/csv"]


@pytest.mark.parametrize("media_type", RESULT_FORMATS)
def test_query_serialized_results(store, article, media_type):
    store.replace_graph(ARTICLE, article)
    body = store.query_serialized(
        "PREFIX nkg: <https://w3id.org/newskg/ontology#> "
        "SELECT ?q ?value WHERE { ?q nkg:numericValue ?value }", media_type)
    quantity = "https://w3id.org/newskg/id/claim/0123456789abcdef-85/quantity"
    if media_type == "text/csv":
        rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
        assert rows == [["q", "value"], [quantity, "1200"]]
        return
    fmt = ox.QueryResultsFormat.from_media_type(media_type)
    solutions = list(ox.parse_query_results(body, fmt))
    assert [(s["q"], s["value"]) for s in solutions] == [
        (ox.NamedNode(quantity), ox.Literal("1200", datatype=ox.NamedNode(str(XSD.integer))))]


@pytest.mark.parametrize("media_type", ["text/turtle", "application/n-triples",
                                        "application/rdf+xml", "application/ld+json"])
def test_query_serialized_graphs(store, article, media_type):
    store.replace_graph(ARTICLE, article)
    body = store.query_serialized(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{ARTICLE}> {{ ?s ?p ?o }} }}", media_type)
    parsed = read_graph(body, media_type)
    assert isomorphic(parsed, article)


def test_query_serialized_refuses_a_wrong_format(store, article):
    with pytest.raises(UsageError):
        store.query_serialized("SELECT * WHERE { ?s ?p ?o }", "text/turtle")


@pytest.mark.parametrize("fmt", ["nq", "trig", "jsonld"])
def test_export_datasets(store, article, fmt):
    store.replace_graph(ARTICLE, article)
    store.replace_graph(OTHER, other_article())
    out = io.BytesIO()
    store.export(out, fmt)
    graphs = read_dataset(out.getvalue(), fmt)
    assert sorted(graphs) == sorted([ARTICLE, OTHER])
    assert isomorphic(graphs[ARTICLE], article)
    assert isomorphic(graphs[OTHER], other_article())


@pytest.mark.parametrize("fmt", ["nt", "ttl", "rdfxml"])
def test_export_triples_is_the_union(store, article, fmt):
    store.replace_graph(ARTICLE, article)
    store.replace_graph(OTHER, other_article())
    store.add_to_graph(OTHER, numbered(2))  # a triple in both graphs comes out once
    store.add_to_graph(ARTICLE, numbered(2))
    out = io.BytesIO()
    store.export(out, fmt)
    parsed = read_graph(out.getvalue(), fmt)
    assert isomorphic(parsed, article + other_article() + numbered(2))
    if fmt == "nt":
        lines = [line for line in out.getvalue().decode("utf-8").splitlines() if line.strip()]
        assert len(lines) == len(parsed)


def test_graph_beyond_the_engine_row_limit_comes_back_whole(store):
    # Virtuoso cuts answers at ResultSetMaxRows (2,000 in the test fixture); the store must not.
    big = numbered(2500, "big")
    store.replace_graph(EX + "big", big)
    assert store.triple_count(EX + "big") == len(big)
    back = store.get_graph(EX + "big")
    assert len(back) == len(big) and isomorphic(back, big)


# -- SPARQL stores: requests, batching, engines --------------------------------------------------


class RequestCounter:
    def __init__(self, store: SparqlStore) -> None:
        self.requests: list[tuple[str, str]] = []
        store.engine  # the one-off engine probe is not part of what is counted
        store.session.hooks["response"].append(self)

    def __call__(self, response, *args, **kwargs):
        self.requests.append((response.request.method, response.request.url))


def test_a_5k_batch_goes_in_one_graph_store_request(remote):
    counter = RequestCounter(remote)
    graph = numbered(5000, "batch")
    remote.replace_graph(EX + "batch", graph)
    assert len(counter.requests) == 1
    assert counter.requests[0][0] == "PUT"
    assert remote.triple_count(EX + "batch") == 5000


def test_without_graph_store_a_load_goes_in_batches_of_1000(endpoint):
    store = open_store(endpoint.spec_without_graph_store)
    clear(store)
    try:
        counter = RequestCounter(store)
        graph = numbered(3000, "staged")
        store.replace_graph(EX + "staged", graph)
        # the batches into a staging graph, then one MOVE over the target
        assert len(counter.requests) == math.ceil(3000 / BATCH_TRIPLES) + 1
        assert isomorphic(store.get_graph(EX + "staged"), graph)
        assert store.graph_names() == [EX + "staged"]
        staging = store.query("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
                              "FILTER(STRSTARTS(STR(?g), 'urn:newskg:staging:')) } LIMIT 1")
        assert staging.rows == []
        store.add_to_graph(EX + "staged", numbered(1500, "more"))
        assert store.triple_count(EX + "staged") == 4500
    finally:
        clear(store)
        store.close()


def test_small_graph_is_one_update_request(remote, article):
    counter = RequestCounter(remote)
    remote.replace_graph(ARTICLE, article)
    assert counter.requests == [("POST", remote.update_url)]


def test_blank_nodes_stay_together_across_batches():
    graph = numbered(2500, "b")
    chain = [BNode() for _ in range(30)]
    for a, b in zip(chain, chain[1:]):
        graph.add((a, RDFS.seeAlso, b))
    graph.add((URIRef(EX + "head"), RDFS.seeAlso, chain[0]))
    parts = list(batches(graph, 1000))
    assert sum(len(p) for p in parts) == len(graph)
    holding = [i for i, part in enumerate(parts)
               if any(isinstance(t[0], BNode) or isinstance(t[2], BNode) for t in part)]
    assert len(holding) == 1
    assert all(len(p) <= 1000 + 30 for p in parts)


def test_blank_node_chain_round_trips_through_staged_batches(endpoint):
    store = SparqlStore.from_spec(endpoint.spec_without_graph_store[len("sparql:"):],
                                  batch_triples=100)
    clear(store)
    try:
        graph = numbered(250, "c")
        chain = [BNode() for _ in range(20)]
        for a, b in zip(chain, chain[1:]):
            graph.add((a, RDFS.seeAlso, b))
        graph.add((URIRef(EX + "head"), RDFS.seeAlso, chain[0]))
        store.replace_graph(EX + "chain", graph)
        assert isomorphic(store.get_graph(EX + "chain"), graph)
    finally:
        clear(store)
        store.close()


def test_virtuoso_cut_select_is_an_error_not_a_short_answer(virtuoso_server):
    store = open_store(virtuoso_server.spec)
    clear(store)
    try:
        store.replace_graph(EX + "big", numbered(virtuoso_server.max_rows + 500, "cut"))
        with pytest.raises(StoreError, match="cut the result"):
            store.query(f"SELECT ?s WHERE {{ GRAPH <{EX}big> {{ ?s ?p ?o }} }}")
        assert store.graph_names() == [EX + "big"]
    finally:
        clear(store)
        store.close()


def test_unreachable_endpoint_is_a_store_error(unused_port):
    url = f"http://127.0.0.1:{unused_port}/query"
    store = open_store(f"sparql:{url}")
    with pytest.raises(StoreError, match="cannot reach the SPARQL endpoint"):
        store.query("ASK {}")


def test_store_without_update_url_is_read_only(endpoint, article):
    store = open_store(f"sparql:{endpoint.query_url}")
    with pytest.raises(UsageError, match="read-only"):
        store.replace_graph(ARTICLE, article)
    assert store.query("ASK {}").boolean is True


@pytest.mark.parametrize("spec", ["sparql:", "sparql:ftp://example.org/sparql",
                                  "sparql:http://a/q,http://a/u,http://a/s,http://a/x"])
def test_bad_sparql_spec_is_a_usage_error(spec):
    with pytest.raises(UsageError, match="sparql:"):
        open_store(spec)


@pytest.mark.parametrize("text,form", [
    ("SELECT * {}", "select"),
    ("# a comment with CONSTRUCT\nPREFIX ex: <http://ex/#> BASE <http://b/> ASK {}", "ask"),
    ("prefix x: <urn:x>\nconstruct { ?s ?p ?o } where { ?s ?p ?o }", "construct"),
    ("DESCRIBE <http://ex/a>", "describe"),
])
def test_query_form(text, form):
    assert query_form(text) == form


def test_invalid_term_is_an_input_error(remote):
    graph = Graph()
    graph.add((URIRef("http://example.org/a b"), RDFS.label, Literal("x")))
    with pytest.raises(InputError, match="cannot store the triple"):
        remote.replace_graph(EX + "bad", graph)


# -- oxigraph:PATH -------------------------------------------------------------------------------


def test_oxigraph_path_persists_across_reopen(tmp_path, article):
    path = tmp_path / "store"
    with open_store(f"oxigraph:{path}") as first:
        first.replace_graph(ARTICLE, article)
    with open_store(f"oxigraph:{path}") as again:
        assert again.graph_names() == [ARTICLE]
        assert isomorphic(again.get_graph(ARTICLE), article)


def test_second_process_cannot_open_the_same_oxigraph_path(tmp_path):
    path = tmp_path / "store"
    holder = OxigraphStore(path)
    try:
        probe = (
            "import sys\n"
            "from graph.errors import StoreError\n"
            "from graph.store import open_store\n"
            "try:\n"
            f"    open_store({f'oxigraph:{path}'!r})\n"
            "except StoreError as exc:\n"
            "    print(exc.message)\n"
            "    sys.exit(3)\n"
        )
        run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                             timeout=60, cwd=Path(__file__).resolve().parents[2])
        assert run.returncode == 3, run.stderr
        # the message names the store and says how to get out of the way
        assert str(path) in run.stdout and "--store" in run.stdout
    finally:
        holder.close()


def test_derived_integer_types_keep_their_value(store):
    # Oxigraph and Virtuoso store xsd:nonNegativeInteger (and the other derived integer types)
    # as xsd:integer: the value survives, the derived type does not.
    graph = Graph()
    graph.add((URIRef(EX + "span"), URIRef(EX + "begin"),
               Literal("42", datatype=XSD.nonNegativeInteger)))
    store.replace_graph(EX + "g", graph)
    (literal,) = store.get_graph(EX + "g").objects()
    assert literal.toPython() == 42
    assert literal.datatype in (XSD.nonNegativeInteger, XSD.integer)


def test_language_tags_come_back_equal_ignoring_case(store):
    # RDF 1.1 language tags are case-insensitive; Oxigraph gives them back lower-cased.
    graph = Graph()
    graph.add((URIRef(EX + "dhaka"), RDFS.label, Literal("Dacca", lang="en-GB")))
    store.replace_graph(EX + "g", graph)
    (literal,) = store.get_graph(EX + "g").objects()
    assert literal == Literal("Dacca", lang="en-GB")
    assert literal.language.lower() == "en-gb"


def test_a_synthetic_corpus_loads_graph_by_graph(store):
    from bench.synthetic import articles

    expected: dict[str, int] = {}
    for article in articles(5_000, seed=2):
        graph = triples_to_graph(article.quads)
        store.replace_graph(article.iri, graph)
        expected[article.iri] = len(graph)
    assert store.graph_names() == sorted(expected)
    assert store.triple_count() == sum(expected.values())
    per_type = store.query(
        "PREFIX nkg: <https://w3id.org/newskg/ontology#> "
        "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a nkg:NewsArticle }")
    assert per_type.rows == [(Literal(len(expected)),)]

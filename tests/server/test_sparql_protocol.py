"""The SPARQL 1.1 Protocol at /sparql over real HTTP: methods, formats, datasets, status codes,
Service Description, VoID, CORS, and real clients (SPARQLWrapper, rdflib's SPARQLStore)."""

from __future__ import annotations

import io

import pytest
import requests
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.query import Result

# rdflib 7.6's own JSON-LD, TriG and N-Quads parsers use its deprecated ConjunctiveGraph API
# internally and warn about it.
pytestmark = [
    pytest.mark.filterwarnings(
        "ignore:ConjunctiveGraph is deprecated, use Dataset instead.:DeprecationWarning"),
    pytest.mark.filterwarnings(
        "ignore:Dataset.default_context is deprecated:DeprecationWarning"),
]


NKG = Namespace("https://w3id.org/newskg/ontology#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
OBAMA = URIRef("https://w3id.org/newskg/id/person/barack-obama")
PEOPLE = """PREFIX nkg: <https://w3id.org/newskg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?person ?label WHERE { ?person a nkg:Person ; skos:prefLabel ?label } ORDER BY ?label"""
DESCRIBE_OBAMA = f"CONSTRUCT {{ <{OBAMA}> ?p ?o }} WHERE {{ <{OBAMA}> ?p ?o }}"


def _count(r: requests.Response) -> int:
    return int(list(Result.parse(io.BytesIO(r.content), format="json"))[0][0])


def _people(result: Result) -> list[str]:
    return [str(row[1]) for row in result]


# ---------------------------------------------------------------- query methods and formats

def test_get_query_answers_sparql_json(server):
    r = requests.get(server.sparql, params={"query": PEOPLE}, timeout=10)
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("application/sparql-results+json")
    assert "Accept" in r.headers["Vary"]
    result = Result.parse(io.BytesIO(r.content), format="json")
    assert _people(result) == ["Barack Obama", "King Abdullah"]


@pytest.mark.parametrize("accept,parser", [
    ("application/sparql-results+json", "json"),
    ("application/sparql-results+xml", "xml"),
    ("text/csv", "csv"),
    ("text/tab-separated-values", "tsv"),
])
def test_select_in_every_results_format(server, accept, parser):
    r = requests.get(server.sparql, params={"query": PEOPLE}, headers={"Accept": accept},
                     timeout=10)
    assert r.status_code == 200
    assert r.headers["Content-Type"].split(";")[0] == accept
    result = Result.parse(io.BytesIO(r.content), format=parser)
    assert _people(result) == ["Barack Obama", "King Abdullah"]


@pytest.mark.parametrize("fmt,media_type", [
    ("csv", "text/csv"), ("xml", "application/sparql-results+xml")])
def test_format_parameter_wins_over_accept(server, fmt, media_type):
    r = requests.get(server.sparql, params={"query": PEOPLE, "format": fmt},
                     headers={"Accept": "application/sparql-results+json"}, timeout=10)
    assert r.status_code == 200
    assert r.headers["Content-Type"].split(";")[0] == media_type


def test_post_form_and_post_direct_body(server):
    form = requests.post(server.sparql, data={"query": PEOPLE}, timeout=10)
    direct = requests.post(server.sparql, data=PEOPLE.encode(),
                           headers={"Content-Type": "application/sparql-query; charset=utf-8"},
                           timeout=10)
    for r in (form, direct):
        assert r.status_code == 200, r.text
        assert _people(Result.parse(io.BytesIO(r.content), format="json")) == \
            ["Barack Obama", "King Abdullah"]


def test_ask(server):
    r = requests.get(server.sparql, params={"query": f"ASK {{ <{OBAMA}> ?p ?o }}"}, timeout=10)
    assert Result.parse(io.BytesIO(r.content), format="json").askAnswer is True
    r = requests.get(server.sparql, params={"query": "ASK { <urn:x:nothing> ?p ?o }"},
                     headers={"Accept": "application/sparql-results+xml"}, timeout=10)
    assert Result.parse(io.BytesIO(r.content), format="xml").askAnswer is False


@pytest.mark.parametrize("accept,parser", [
    ("text/turtle", "turtle"),
    ("application/n-triples", "nt"),
    ("application/ld+json", "json-ld"),
    ("application/rdf+xml", "xml"),
    ("application/trig", "trig"),
    ("application/n-quads", "nquads"),
])
def test_construct_in_every_rdf_format(server, accept, parser):
    r = requests.get(server.sparql, params={"query": DESCRIBE_OBAMA}, headers={"Accept": accept},
                     timeout=10)
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].split(";")[0] == accept
    if parser in ("trig", "nquads"):
        graph = Dataset()
        graph.parse(data=r.content, format=parser)
    else:
        graph = Graph().parse(data=r.content, format=parser)
    assert (OBAMA, RDF.type, NKG.Person) in graph
    assert (OBAMA, URIRef("http://www.w3.org/2004/02/skos/core#altLabel"),
            Literal("Obama", lang="en")) in graph


def test_describe(server):
    r = requests.get(server.sparql, params={"query": f"DESCRIBE <{OBAMA}>"},
                     headers={"Accept": "text/turtle"}, timeout=10)
    graph = Graph().parse(data=r.content, format="turtle")
    assert (OBAMA, RDF.type, NKG.Person) in graph


# ---------------------------------------------------------------- datasets

def test_default_graph_is_the_union_and_graph_works(server):
    q = f"SELECT ?g WHERE {{ GRAPH ?g {{ <{OBAMA}> a ?t }} }}"
    r = requests.get(server.sparql, params={"query": q}, timeout=10)
    assert [str(row[0]) for row in Result.parse(io.BytesIO(r.content), format="json")] == \
        [server.article]
    union = requests.get(server.sparql, params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"},
                         timeout=10)
    n = int(list(Result.parse(io.BytesIO(union.content), format="json"))[0][0])
    assert n > server.bulk_triples  # the article graph and the bulk graph together


def test_default_graph_uri_and_named_graph_uri(server):
    count = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"
    r = requests.get(server.sparql, params={"query": count, "default-graph-uri": server.bulk},
                     timeout=10)
    assert _count(r) == server.bulk_triples
    q = "SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }"
    r = requests.post(server.sparql, data={"query": q, "named-graph-uri": server.article},
                      timeout=10)
    assert [str(row[0]) for row in Result.parse(io.BytesIO(r.content), format="json")] == \
        [server.article]


def test_from_selects_a_store_graph(server):
    q = f"SELECT (COUNT(*) AS ?n) FROM <{server.bulk}> WHERE {{ ?s ?p ?o }}"
    r = requests.get(server.sparql, params={"query": q}, timeout=10)
    assert _count(r) == server.bulk_triples


# ---------------------------------------------------------------- status codes and errors

def _error(r: requests.Response, status: int) -> dict:
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"status", "error", "message"}
    assert body["status"] == status
    assert "Traceback" not in r.text
    return body


def test_malformed_query_is_400_with_the_error_shape(server):
    body = _error(requests.get(server.sparql, params={"query": "SELECT * WHERE { ?s ?p"},
                               timeout=10), 400)
    assert "parse" in body["message"]


def test_missing_and_repeated_query_are_400(server):
    _error(requests.post(server.sparql, data={"default-graph-uri": server.bulk}, timeout=10), 400)
    _error(requests.get(server.sparql, params=[("query", "ASK {}"), ("query", "ASK {}")],
                        timeout=10), 400)
    _error(requests.post(server.sparql + "?query=ASK%7B%7D", data=b"ASK {}",
                         headers={"Content-Type": "application/sparql-query"}, timeout=10), 400)


def test_unsupported_body_type_is_415(server):
    r = requests.post(server.sparql, data=b"ASK {}", headers={"Content-Type": "text/plain"},
                      timeout=10)
    _error(r, 415)


def test_no_acceptable_format_is_406(server):
    _error(requests.get(server.sparql, params={"query": PEOPLE},
                        headers={"Accept": "image/png"}, timeout=10), 406)
    # A SELECT cannot be Turtle, a CONSTRUCT cannot be SPARQL JSON.
    _error(requests.get(server.sparql, params={"query": PEOPLE},
                        headers={"Accept": "text/turtle"}, timeout=10), 406)
    _error(requests.get(server.sparql, params={"query": DESCRIBE_OBAMA},
                        headers={"Accept": "application/sparql-results+json"}, timeout=10), 406)


def test_other_methods_are_405_with_allow(server):
    r = requests.put(server.sparql, data=b"x", timeout=10)
    _error(r, 405)
    assert {"GET", "POST"} <= {m.strip() for m in r.headers["Allow"].split(",")}


def test_query_by_get_of_update_is_refused(server):
    _error(requests.get(server.sparql, params={"update": "CLEAR ALL"}, timeout=10), 400)


# ---------------------------------------------------------------- self-description

def test_service_description(server):
    r = requests.get(server.sparql, headers={"Accept": "text/turtle"}, timeout=10)
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("text/turtle")
    g = Graph().parse(data=r.content, format="turtle")
    service = g.value(None, RDF.type, SD.Service)
    assert g.value(service, SD.endpoint) == URIRef(server.sparql)
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in g
    assert (service, SD.supportedLanguage, SD.SPARQL11Update) not in g  # read-only server
    assert (service, SD.feature, SD.UnionDefaultGraph) in g
    assert (service, SD.resultFormat,
            URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON")) in g
    dataset = g.value(service, SD.defaultDataset)
    names = {g.value(n, SD.name) for n in g.objects(dataset, SD.namedGraph)}
    assert {URIRef(server.article), URIRef(server.bulk)} <= names


def test_service_description_in_rdfxml_and_browser_redirect(server):
    r = requests.get(server.sparql, headers={"Accept": "application/rdf+xml"}, timeout=10)
    assert Graph().parse(data=r.content, format="xml").value(None, RDF.type, SD.Service)
    browser = requests.get(server.sparql, allow_redirects=False, timeout=10, headers={
        "Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert browser.status_code == 303
    assert browser.headers["Location"].endswith("/")


def test_void(server):
    r = requests.get(server.url + ".well-known/void", headers={"Accept": "text/turtle"},
                     timeout=10)
    assert r.status_code == 200
    g = Graph().parse(data=r.content, format="turtle")
    ds = g.value(None, RDF.type, VOID.Dataset)
    count = requests.get(server.sparql, timeout=10,
                         params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"})
    total = int(list(Result.parse(io.BytesIO(count.content), format="json"))[0][0])
    assert g.value(ds, VOID.triples) == Literal(total, datatype=XSD.integer)
    assert int(g.value(ds, VOID.distinctSubjects)) > server.bulk_triples
    assert int(g.value(ds, VOID.entities)) > 0
    assert g.value(ds, VOID.sparqlEndpoint) == URIRef(server.sparql)
    assert URIRef(server.url + "dump.ttl") in set(g.objects(ds, VOID.dataDump))
    assert str(g.value(ds, VOID.uriSpace)) == "https://w3id.org/newskg/id/"
    assert OBAMA in set(g.objects(ds, VOID.exampleResource)) or \
        len(set(g.objects(ds, VOID.exampleResource))) >= 3
    assert URIRef(str(NKG)) in set(g.objects(ds, VOID.vocabulary))
    people = [p for p in g.objects(ds, VOID.classPartition)
              if g.value(p, VOID["class"]) == NKG.Person]
    assert len(people) == 1 and int(g.value(people[0], VOID.entities)) == 2


# ---------------------------------------------------------------- CORS

def test_cors_on_answers_and_preflight(server):
    r = requests.get(server.sparql, params={"query": "ASK {}"},
                     headers={"Origin": "https://elsewhere.example"}, timeout=10)
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    pre = requests.options(server.sparql, timeout=10, headers={
        "Origin": "https://elsewhere.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Authorization, Content-Type"})
    assert pre.status_code == 200
    assert pre.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in pre.headers["Access-Control-Allow-Methods"]
    allowed = pre.headers["Access-Control-Allow-Headers"].lower()
    assert "authorization" in allowed and "content-type" in allowed


# ---------------------------------------------------------------- real clients

def test_sparqlwrapper_client(server):
    from SPARQLWrapper import JSON, POST, SPARQLWrapper, TURTLE

    client = SPARQLWrapper(server.sparql)
    client.setQuery(PEOPLE)
    client.setReturnFormat(JSON)
    bindings = client.query().convert()["results"]["bindings"]
    assert [b["label"]["value"] for b in bindings] == ["Barack Obama", "King Abdullah"]
    client.setMethod(POST)
    client.setQuery(DESCRIBE_OBAMA)
    client.setReturnFormat(TURTLE)
    graph = Graph().parse(data=client.query().convert(), format="turtle")
    assert (OBAMA, RDF.type, NKG.Person) in graph


def test_rdflib_sparqlstore_client(server):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(server.sparql, returnFormat="json")
    graph = Graph(store=store)
    labels = sorted(str(row.label) for row in graph.query(PEOPLE))
    assert labels == ["Barack Obama", "King Abdullah"]
    assert (OBAMA, RDF.type, NKG.Person) in graph
    store.close()


# ---------------------------------------------------------------- other stores behind the server

def test_memory_store_is_served_from_a_temporary_store(serve_factory, tmp_path):
    srv = serve_factory("memory", log_dir=tmp_path)
    r = requests.get(srv.sparql, params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"},
                     timeout=10)
    assert int(list(Result.parse(io.BytesIO(r.content), format="json"))[0][0]) == 0


def test_another_sparql_engine_behind_the_server(serve_factory, server, tmp_path):
    """`--store sparql:URL`: queries go to that engine (here: the read-only test server)."""
    proxy = serve_factory(f"sparql:{server.sparql}", log_dir=tmp_path)
    r = requests.get(proxy.sparql, params={"query": PEOPLE}, headers={"Accept": "text/csv"},
                     timeout=20)
    assert r.status_code == 200, r.text
    assert _people(Result.parse(io.BytesIO(r.content), format="csv")) == \
        ["Barack Obama", "King Abdullah"]
    r = requests.get(proxy.sparql, params={"query": DESCRIBE_OBAMA},
                     headers={"Accept": "application/n-triples"}, timeout=20)
    assert (OBAMA, RDF.type, NKG.Person) in Graph().parse(data=r.content, format="nt")
    # The guard still stands in front of the other engine.
    r = requests.get(proxy.sparql, timeout=10, params={
        "query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"})
    assert r.status_code == 403

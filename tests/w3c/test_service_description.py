"""The W3C SPARQL 1.1 Service Description tests, against `newskg serve`: a GET on the endpoint
without a query returns RDF, with an sd:endpoint triple naming the endpoint, and the
description conforms to the Service Description vocabulary (checked with pyshacl against
tests/data/w3c/service-description-shape.ttl, written from the SD recommendation)."""

from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, Namespace, URIRef

from tests.w3c.known_failures import KNOWN_FAILURES
from tests.w3c.manifest import service_description_tests
from tests.w3c.results import RDF_TYPES, media_type

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
SHAPE = Path(__file__).resolve().parents[1] / "data" / "w3c" / "service-description-shape.ttl"
TESTS = {iri.rsplit("#", 1)[-1]: iri for iri, _ in service_description_tests()}


def marks(name: str):
    reason = KNOWN_FAILURES.get(TESTS[name])
    return [pytest.mark.xfail(strict=True, reason=reason)] if reason else []


@pytest.fixture(scope="module")
def description(newskg):
    response = newskg.session.get(newskg.url + newskg.query_path,
                                  headers={"Accept": "text/turtle"}, timeout=30)
    return response


def test_manifest_lists_the_three_tests():
    assert set(TESTS) == {"returns-rdf", "has-endpoint-triple", "conforms-to-schema"}


@pytest.mark.parametrize("accept", ["text/turtle", "application/rdf+xml", "*/*"])
@pytest.mark.parametrize("name", [pytest.param("returns-rdf", marks=marks("returns-rdf"))])
def test_returns_rdf(newskg, name, accept):
    response = newskg.session.get(newskg.url + newskg.query_path, headers={"Accept": accept},
                                  timeout=30)
    assert response.status_code == 200, response.text[:300]
    kind = media_type(response.headers.get("Content-Type"))
    assert kind in RDF_TYPES, f"{TESTS[name]}: Content-Type {kind!r} is not RDF"
    assert len(Graph().parse(data=response.content, format=kind)) > 0


@pytest.mark.parametrize("name", [pytest.param("has-endpoint-triple",
                                               marks=marks("has-endpoint-triple"))])
def test_has_endpoint_triple(newskg, description, name):
    graph = Graph().parse(data=description.content, format="turtle")
    endpoint = URIRef(newskg.url + newskg.query_path)
    assert (None, SD.endpoint, endpoint) in graph, (
        f"{TESTS[name]}: no sd:endpoint <{endpoint}> in:\n{graph.serialize(format='nt')}")


@pytest.mark.parametrize("name", [pytest.param("conforms-to-schema",
                                               marks=marks("conforms-to-schema"))])
def test_conforms_to_schema(description, name):
    graph = Graph().parse(data=description.content, format="turtle")
    conforms, _, report = validate(graph, shacl_graph=Graph().parse(SHAPE, format="turtle"))
    assert conforms, f"{TESTS[name]}:\n{report}"


def test_schema_check_rejects_a_description_outside_the_vocabulary():
    """The conformance check is not vacuous: an unknown sd: term and a missing endpoint fail."""
    bad = Graph().parse(data="""
        @prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
        [] a sd:Service ; sd:supportedLanguage sd:SPARQL11Query ; sd:endpointURL <http://x/> .
        """, format="turtle")
    conforms, _, report = validate(bad, shacl_graph=Graph().parse(SHAPE, format="turtle"))
    assert not conforms
    assert "endpointURL" in report and "MinCountConstraintComponent" in report

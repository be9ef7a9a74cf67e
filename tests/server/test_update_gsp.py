"""SPARQL Update and the Graph Store Protocol over real HTTP: off by default, bearer token,
status codes, transactional and SHACL-validated writes."""

from __future__ import annotations

import io
import uuid
from pathlib import Path

import pytest
import requests
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF
from rdflib.query import Result

ROOT = Path(__file__).resolve().parents[2]
ARTICLE_TRIG = ROOT / "tests" / "data" / "server" / "article.trig"
EX = Namespace("http://example.org/")
NKG = Namespace("https://w3id.org/newskg/ontology#")
UPDATE = {"Content-Type": "application/sparql-update"}
TURTLE = {"Content-Type": "text/turtle; charset=utf-8"}

PERSON_TTL = """@prefix foaf: <http://xmlns.com/foaf/0.1/> .
<http://www.example/gsp/person/1> a foaf:Person ;
    foaf:businessCard [ a <http://www.w3.org/2006/vcard/ns#VCard> ; foaf:name "John Doe" ] .
"""
#: A newskg person without the labels the shapes require.
BAD_PERSON_TTL = """@prefix nkg: <https://w3id.org/newskg/ontology#> .
<https://w3id.org/newskg/id/person/nobody> a nkg:Person .
"""


def _graph_name() -> str:
    return f"http://example.org/graph/{uuid.uuid4().hex}"


def _ask(srv, query: str) -> bool:
    r = requests.get(srv.sparql, params={"query": query}, timeout=10)
    assert r.status_code == 200, r.text
    return Result.parse(io.BytesIO(r.content), format="json").askAnswer


def _error(r: requests.Response, status: int) -> str:
    assert r.status_code == status, r.text
    body = r.json()
    assert body["status"] == status and "Traceback" not in r.text
    return body["message"]


def _article_graph() -> tuple[str, Graph]:
    import warnings

    from rdflib import Dataset

    with warnings.catch_warnings():  # rdflib 7.6's TriG parser uses its own deprecated API
        warnings.simplefilter("ignore", DeprecationWarning)
        ds = Dataset()
        ds.parse(ARTICLE_TRIG, format="trig")
        name = next(g.identifier for g in ds.graphs() if str(g.identifier).startswith("https:"))
        graph = Graph()
        for triple in ds.graph(name):
            graph.add(triple)
    return str(name), graph


# ---------------------------------------------------------------- who may write

def test_read_only_server_refuses_every_write(server):
    _error(requests.post(server.sparql, data=b"INSERT DATA { <a:a> <a:b> <a:c> }",
                         headers={**UPDATE, "Authorization": f"Bearer {server.token}"},
                         timeout=10), 403)
    _error(requests.post(server.sparql, data={"update": "CLEAR ALL"}, timeout=10), 403)
    _error(requests.put(server.data, params={"graph": _graph_name()}, data=PERSON_TTL,
                        headers=TURTLE, timeout=10), 403)
    _error(requests.delete(server.data, params={"graph": server.bulk}, timeout=10), 403)
    assert _ask(server, f"ASK {{ GRAPH <{server.bulk}> {{ ?s ?p ?o }} }}")


def test_missing_token_is_401_and_wrong_token_403(write_server):
    r = requests.post(write_server.sparql, data=b"INSERT DATA { <a:a> <a:b> <a:c> }",
                      headers=UPDATE, timeout=10)
    _error(r, 401)
    assert r.headers["WWW-Authenticate"].startswith("Bearer")
    _error(requests.post(write_server.sparql, data=b"INSERT DATA { <a:a> <a:b> <a:c> }",
                         headers={**UPDATE, "Authorization": "Bearer wrong"}, timeout=10), 403)
    _error(requests.put(write_server.data, params={"graph": _graph_name()}, data=PERSON_TTL,
                        headers=TURTLE, timeout=10), 401)
    assert not _ask(write_server, "ASK { <a:a> <a:b> <a:c> }")


def test_reads_of_the_graph_store_are_public(server):
    r = requests.get(server.data, params={"graph": server.article},
                     headers={"Accept": "text/turtle"}, timeout=10)
    assert r.status_code == 200
    graph = Graph().parse(data=r.content, format="turtle")
    assert (URIRef("https://w3id.org/newskg/id/person/barack-obama"), RDF.type, NKG.Person) \
        in graph


# ---------------------------------------------------------------- SPARQL Update

def test_update_by_body_and_by_form(write_server, auth):
    g = _graph_name()
    r = requests.post(write_server.sparql, headers={**UPDATE, **auth}, timeout=10,
                      data=f"INSERT DATA {{ GRAPH <{g}> {{ <{EX.a}> <{EX.p}> 1 }} }}".encode())
    assert r.status_code == 204, r.text
    assert _ask(write_server, f"ASK {{ GRAPH <{g}> {{ <{EX.a}> <{EX.p}> 1 }} }}")
    r = requests.post(write_server.sparql, headers=auth, timeout=10, data={
        "update": f"DELETE {{ GRAPH <{g}> {{ ?s ?p 1 }} }} INSERT {{ GRAPH <{g}> {{ ?s ?p 2 }} }}"
                  f" WHERE {{ GRAPH <{g}> {{ ?s ?p 1 }} }}"})
    assert r.status_code == 204, r.text
    assert _ask(write_server, f"ASK {{ GRAPH <{g}> {{ <{EX.a}> <{EX.p}> 2 }} }}")
    assert not _ask(write_server, f"ASK {{ GRAPH <{g}> {{ <{EX.a}> <{EX.p}> 1 }} }}")
    # The /update alias answers the same way.
    r = requests.post(write_server.url + "update", headers={**UPDATE, **auth}, timeout=10,
                      data=f"DROP GRAPH <{g}>".encode())
    assert r.status_code == 204
    assert not _ask(write_server, f"ASK {{ GRAPH <{g}> {{ ?s ?p ?o }} }}")


def test_update_body_type_and_form_errors(write_server, auth):
    _error(requests.post(write_server.url + "update", data=b"CLEAR ALL",
                         headers={"Content-Type": "text/plain", **auth}, timeout=10), 415)
    _error(requests.post(write_server.sparql, headers=auth, timeout=10,
                         data={"update": "CLEAR ALL", "query": "ASK {}"}), 400)


def test_invalid_newskg_update_is_refused_and_changes_nothing(write_server, auth):
    g = _graph_name()
    update = (f"INSERT DATA {{ GRAPH <{g}> {{ <{EX.ok}> <{EX.p}> 1 }} }} ;\n"
              f"INSERT DATA {{ GRAPH <{g}> {{ <https://w3id.org/newskg/id/person/nobody> "
              f"a <{NKG.Person}> }} }}")
    r = requests.post(write_server.sparql, data=update.encode(), headers={**UPDATE, **auth},
                      timeout=30)
    message = _error(r, 422)
    assert "nobody" in message and "nothing changed" in message
    assert not _ask(write_server, f"ASK {{ GRAPH <{g}> {{ ?s ?p ?o }} }}")


def test_deleting_a_required_label_by_update_is_refused(write_server, auth):
    name, _ = _article_graph()
    obama = "https://w3id.org/newskg/id/person/barack-obama"
    update = (f"DELETE WHERE {{ GRAPH <{name}> {{ <{obama}> "
              f"<http://www.w3.org/2004/02/skos/core#prefLabel> ?l }} }}")
    _error(requests.post(write_server.sparql, data=update.encode(),
                         headers={**UPDATE, **auth}, timeout=30), 422)
    assert _ask(write_server, f"ASK {{ GRAPH <{name}> {{ <{obama}> "
                              f"<http://www.w3.org/2004/02/skos/core#prefLabel> ?l }} }}")


# ---------------------------------------------------------------- Graph Store Protocol

def test_gsp_put_get_post_head_delete(write_server, auth):
    g = _graph_name()
    r = requests.put(write_server.data, params={"graph": g}, data=PERSON_TTL,
                     headers={**TURTLE, **auth}, timeout=10)
    assert r.status_code == 201, r.text
    r = requests.get(write_server.data, params={"graph": g}, headers={"Accept": "text/turtle"},
                     timeout=10)
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "text/turtle; charset=utf-8"
    assert isomorphic(Graph().parse(data=r.content, format="turtle"),
                      Graph().parse(data=PERSON_TTL, format="turtle"))
    r = requests.put(write_server.data, params={"graph": g}, data=PERSON_TTL,
                     headers={**TURTLE, **auth}, timeout=10)
    assert r.status_code == 204  # replaced, not created
    more = '<http://www.example/gsp/person/1> <http://xmlns.com/foaf/0.1/givenName> "John" .'
    r = requests.post(write_server.data, params={"graph": g}, data=more,
                      headers={"Content-Type": "application/n-triples", **auth}, timeout=10)
    assert r.status_code == 204
    r = requests.get(write_server.data, params={"graph": g, "format": "nt"}, timeout=10)
    graph = Graph().parse(data=r.content, format="nt")
    assert len(graph) == 5 and (None, None, Literal("John")) in graph
    head = requests.head(write_server.data, params={"graph": g}, timeout=10)
    assert head.status_code == 200 and head.content == b""
    assert requests.delete(write_server.data, params={"graph": g}, headers=auth,
                           timeout=10).status_code == 204
    _error(requests.get(write_server.data, params={"graph": g}, timeout=10), 404)
    assert requests.head(write_server.data, params={"graph": g}, timeout=10).status_code == 404
    _error(requests.delete(write_server.data, params={"graph": g}, headers=auth,
                           timeout=10), 404)


def test_gsp_default_graph_and_direct_identification(write_server, auth):
    r = requests.put(write_server.data + "?default", data=PERSON_TTL,
                     headers={**TURTLE, **auth}, timeout=10)
    assert r.status_code == 204
    r = requests.get(write_server.data + "?default", headers={"Accept": "text/turtle"},
                     timeout=10)
    assert isomorphic(Graph().parse(data=r.content, format="turtle"),
                      Graph().parse(data=PERSON_TTL, format="turtle"))
    assert requests.delete(write_server.data + "?default", headers=auth,
                           timeout=10).status_code == 204
    direct = write_server.data + "/people/" + uuid.uuid4().hex
    assert requests.put(direct, data=PERSON_TTL, headers={**TURTLE, **auth},
                        timeout=10).status_code == 201
    assert _ask(write_server, f"ASK {{ GRAPH <{direct}> {{ ?s ?p ?o }} }}")
    r = requests.get(direct, headers={"Accept": "application/n-triples"}, timeout=10)
    assert len(Graph().parse(data=r.content, format="nt")) == 4


def test_gsp_post_to_the_store_creates_a_graph(write_server, auth):
    r = requests.post(write_server.data, data=PERSON_TTL, headers={**TURTLE, **auth},
                      timeout=10)
    assert r.status_code == 201
    location = r.headers["Location"]
    got = requests.get(write_server.data, params={"graph": location},
                       headers={"Accept": "text/turtle"}, timeout=10)
    assert got.status_code == 200
    assert len(Graph().parse(data=got.content, format="turtle")) == 4


def test_gsp_multipart_post(write_server, auth):
    g = _graph_name()
    files = {
        "a.ttl": ("a.ttl", b'<http://e/p1> <http://e/name> "A" .', "text/turtle"),
        "b.nt": ("b.nt", b'<http://e/p1> <http://e/age> "3" .', "application/n-triples"),
    }
    r = requests.post(write_server.data, params={"graph": g}, files=files, headers=auth,
                      timeout=10)
    assert r.status_code == 201, r.text
    r = requests.get(write_server.data, params={"graph": g, "format": "nt"}, timeout=10)
    assert len(Graph().parse(data=r.content, format="nt")) == 2


def test_gsp_body_errors(write_server, auth):
    g = _graph_name()
    _error(requests.put(write_server.data, params={"graph": g}, data=b"x",
                        headers={"Content-Type": "image/png", **auth}, timeout=10), 415)
    _error(requests.put(write_server.data, params={"graph": g}, data=b"<a> <b> .",
                        headers={**TURTLE, **auth}, timeout=10), 400)
    _error(requests.get(write_server.data, params={"graph": g, "default": ""}, timeout=10), 400)
    assert not _ask(write_server, f"ASK {{ GRAPH <{g}> {{ ?s ?p ?o }} }}")


def test_gsp_validates_newskg_data(write_server, auth):
    g = "https://w3id.org/newskg/id/article/" + uuid.uuid4().hex[:16]
    message = _error(requests.put(write_server.data, params={"graph": g}, data=BAD_PERSON_TTL,
                                  headers={**TURTLE, **auth}, timeout=30), 422)
    assert "nobody" in message
    assert requests.get(write_server.data, params={"graph": g}, timeout=10).status_code == 404
    # A whole article graph that follows the data model is accepted.
    name, article = _article_graph()
    copy = _graph_name()
    r = requests.put(write_server.data, params={"graph": copy},
                     data=article.serialize(format="turtle"), headers={**TURTLE, **auth},
                     timeout=30)
    assert r.status_code == 201, r.text
    # Adding an invalid node to it by POST is refused; the graph keeps its content.
    _error(requests.post(write_server.data, params={"graph": copy}, data=BAD_PERSON_TTL,
                         headers={**TURTLE, **auth}, timeout=30), 422)
    assert not _ask(write_server, "ASK { GRAPH ?g { <https://w3id.org/newskg/id/person/nobody> "
                                  "?p ?o } }")
    assert _ask(write_server, f"ASK {{ GRAPH <{copy}> {{ <{name}> a <{NKG.NewsArticle}> }} }}")


def test_service_description_of_a_writable_server(write_server):
    sd = Namespace("http://www.w3.org/ns/sparql-service-description#")
    r = requests.get(write_server.sparql, headers={"Accept": "text/turtle"}, timeout=10)
    graph = Graph().parse(data=r.content, format="turtle")
    assert (None, sd.supportedLanguage, sd.SPARQL11Update) in graph
    assert (None, sd.feature, sd.BasicFederatedQuery) in graph


@pytest.mark.parametrize("method", ["PATCH"])
def test_gsp_other_methods_are_405(write_server, auth, method):
    r = requests.request(method, write_server.data, params={"graph": _graph_name()},
                         headers=auth, timeout=10)
    _error(r, 405)


def test_using_graph_uri_and_conflict(write_server, auth):
    source, target = _graph_name(), _graph_name()
    setup = (f"INSERT DATA {{ GRAPH <{source}> {{ <{EX.doc}> a <{EX.Document}> }} }}")
    assert requests.post(write_server.sparql, data=setup.encode(), headers={**UPDATE, **auth},
                         timeout=10).status_code == 204
    update = (f"INSERT {{ GRAPH <{target}> {{ ?s a <{EX.Resource}> }} }} "
              f"WHERE {{ ?s a <{EX.Document}> }}")
    r = requests.post(write_server.sparql, params={"using-graph-uri": source},
                      data=update.encode(), headers={**UPDATE, **auth}, timeout=10)
    assert r.status_code == 204, r.text
    assert _ask(write_server, f"ASK {{ GRAPH <{target}> {{ <{EX.doc}> a <{EX.Resource}> }} }}")
    conflict = f"WITH <{source}> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}"
    _error(requests.post(write_server.sparql, params={"using-named-graph-uri": source},
                         data=conflict.encode(), headers={**UPDATE, **auth}, timeout=10), 400)
    assert _ask(write_server, f"ASK {{ GRAPH <{source}> {{ ?s ?p ?o }} }}")


def test_relative_iris_resolve_against_the_endpoint(write_server, auth):
    g = _graph_name()
    update = f"INSERT DATA {{ GRAPH <{g}> {{ <{EX.s}> <{EX.p}> <test> }} }}"
    assert requests.post(write_server.sparql, data=update.encode(),
                         headers={**UPDATE, **auth}, timeout=10).status_code == 204
    assert _ask(write_server, f"ASK {{ GRAPH <{g}> {{ <{EX.s}> <{EX.p}> "
                              f"<{write_server.url}test> }} }}")


def test_non_utf8_bodies_and_repeated_updates_are_4xx(write_server, auth):
    r = requests.post(write_server.sparql, data="ASK {}".encode("utf-16"), timeout=10,
                      headers={"Content-Type": "application/sparql-query; charset=UTF-16"})
    assert 400 <= r.status_code < 500
    r = requests.post(write_server.sparql, data=b"update=CLEAR%20NAMED&update=CLEAR%20DEFAULT",
                      headers={"Content-Type": "application/x-www-form-urlencoded", **auth},
                      timeout=10)
    _error(r, 400)
    assert _ask(write_server, "ASK { GRAPH ?g { ?s ?p ?o } }")


def test_runaway_update_is_stopped_and_changes_nothing(write_server, auth):
    import time

    g = _graph_name()
    update = (f"INSERT {{ GRAPH <{g}> {{ ?a <{EX.p}> ?d }} }} "
              f"WHERE {{ GRAPH <{write_server.bulk}> {{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }} }}")
    started = time.monotonic()
    r = requests.post(write_server.sparql, data=update.encode(), headers={**UPDATE, **auth},
                      timeout=60)
    assert "nothing changed" in _error(r, 503)
    assert time.monotonic() - started < write_server.query_timeout + 3
    assert not _ask(write_server, f"ASK {{ GRAPH <{g}> {{ ?s ?p ?o }} }}")
    ok = f"INSERT DATA {{ GRAPH <{g}> {{ <{EX.a}> <{EX.p}> 1 }} }}"
    assert requests.post(write_server.sparql, data=ok.encode(), headers={**UPDATE, **auth},
                         timeout=10).status_code == 204


def test_accept_with_a_charset_parameter(server):
    """Regression: `Accept: text/turtle; charset=utf-8` (as the W3C GSP tests send) was 406."""
    r = requests.head(server.data, params={"graph": server.article},
                      headers={"Accept": "text/turtle; charset=utf-8"}, timeout=10)
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "text/turtle; charset=utf-8"
    r = requests.get(server.sparql, params={"query": "SELECT * { ?s ?p ?o } LIMIT 1"},
                     headers={"Accept": "text/csv;charset=utf-8;q=0.9, */*;q=0.1"}, timeout=10)
    assert r.headers["Content-Type"].startswith("text/csv")

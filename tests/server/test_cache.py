"""The answer cache of GET /sparql over real HTTP: hits, ETags and 304, invalidation by every
kind of write (SPARQL Update, Graph Store, the inbox), limits kept, and the cache turned off."""

from __future__ import annotations

import time
import uuid

import pytest
import requests
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from graph import spool
from tests.server.conftest import load_store

JSON = {"Accept": "application/sparql-results+json"}
CACHE = "X-Newskg-Cache"


def _get(srv, query: str, **headers) -> requests.Response:
    return requests.get(srv.sparql, params={"query": query}, headers={**JSON, **headers},
                        timeout=10)


def _fresh_query(what: str = "?s ?p ?o") -> str:
    """A query text no other test sends (the cache is shared by the session's server)."""
    return f"ASK {{ {what} }} # {uuid.uuid4().hex}"


def test_a_repeated_get_is_a_hit_with_the_same_etag_and_body(server):
    query = _fresh_query()
    first, second = _get(server, query), _get(server, query)
    assert first.status_code == second.status_code == 200
    assert first.headers[CACHE] == "miss" and second.headers[CACHE] == "hit"
    assert first.headers["ETag"] == second.headers["ETag"]
    assert first.content == second.content and second.json()["boolean"] is True
    # A cached answer keeps the headers of the first one (CORS, Vary, media type).
    for name in ("Content-Type", "Vary", "Access-Control-Allow-Origin"):
        assert second.headers[name] == first.headers[name]


def test_if_none_match_gets_304_without_a_body(server):
    query = _fresh_query()
    etag = _get(server, query).headers["ETag"]
    r = _get(server, query, **{"If-None-Match": etag})
    assert r.status_code == 304 and r.content == b""
    assert r.headers["ETag"] == etag
    assert _get(server, query, **{"If-None-Match": '"something-else"'}).status_code == 200
    # A conditional request for an answer not cached yet: made, tagged, then compared.
    other = _fresh_query()
    tag = _get(server, other).headers["ETag"]
    assert _get(server, other, **{"If-None-Match": f'"x", {tag}'}).status_code == 304


def test_each_format_is_its_own_entry(server):
    query = _fresh_query()
    as_json = _get(server, query)
    as_xml = _get(server, query, Accept="application/sparql-results+xml")
    assert as_xml.headers[CACHE] == "miss"
    assert as_xml.headers["Content-Type"].startswith("application/sparql-results+xml")
    assert as_xml.headers["ETag"] != as_json.headers["ETag"]


def test_errors_and_posts_are_not_cached(server):
    for _ in range(2):
        r = _get(server, "SELECT WHERE {")
        assert r.status_code == 400 and CACHE not in r.headers
    query = _fresh_query()
    for _ in range(2):
        r = requests.post(server.sparql, data={"query": query}, headers=JSON, timeout=10)
        assert r.status_code == 200 and CACHE not in r.headers and "ETag" not in r.headers


def test_a_cached_truncated_answer_still_says_so(server):
    query = f"SELECT ?s WHERE {{ ?s ?p ?o }} # {uuid.uuid4().hex}"
    answers = [requests.get(server.sparql, params={"query": query},
                            headers={"Accept": "text/csv"}, timeout=10) for _ in range(2)]
    assert [a.headers[CACHE] for a in answers] == ["miss", "hit"]
    for a in answers:
        assert a.headers["X-Newskg-Truncated"] == "true"
        assert len(a.text.strip().splitlines()) == server.max_rows + 1


def test_a_sparql_update_invalidates_cached_answers(write_server, auth):
    graph = f"http://example.org/cache/{uuid.uuid4().hex}"
    query = f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    assert _get(write_server, query).json()["boolean"] is False
    assert _get(write_server, query).headers[CACHE] == "hit"
    r = requests.post(write_server.sparql, headers={"Content-Type": "application/sparql-update",
                                                    **auth}, timeout=10,
                      data=f"INSERT DATA {{ GRAPH <{graph}> {{ <http://example.org/a> "
                           f"<http://example.org/p> 1 }} }}".encode())
    assert r.status_code == 204, r.text
    after = _get(write_server, query)
    assert after.headers[CACHE] == "miss" and after.json()["boolean"] is True


def test_a_graph_store_write_invalidates_cached_answers(write_server, auth):
    graph = f"http://example.org/cache/{uuid.uuid4().hex}"
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    before = _get(write_server, query)
    assert before.json()["results"]["bindings"][0]["n"]["value"] == "0"
    etag = before.headers["ETag"]
    r = requests.put(write_server.data, params={"graph": graph}, timeout=10,
                     data=b"<http://example.org/a> <http://example.org/p> 1, 2 .",
                     headers={"Content-Type": "text/turtle", **auth})
    assert r.status_code in (201, 204), r.text
    # The old ETag no longer matches: the client gets the new answer, not a 304.
    after = _get(write_server, query, **{"If-None-Match": etag})
    assert after.status_code == 200 and after.headers["ETag"] != etag
    assert after.json()["results"]["bindings"][0]["n"]["value"] == "2"
    r = requests.delete(write_server.data, params={"graph": graph}, headers=auth, timeout=10)
    assert r.status_code == 204
    assert _get(write_server, query).json()["results"]["bindings"][0]["n"]["value"] == "0"


def test_an_unchanged_answer_keeps_its_etag_across_writes(write_server, auth):
    query = _fresh_query("<http://example.org/nowhere> ?p ?o")
    etag = _get(write_server, query).headers["ETag"]
    graph = f"http://example.org/cache/{uuid.uuid4().hex}"
    r = requests.put(write_server.data, params={"graph": graph}, timeout=10,
                     data=b"<http://example.org/b> <http://example.org/p> 1 .",
                     headers={"Content-Type": "text/turtle", **auth})
    assert r.status_code in (201, 204), r.text
    again = _get(write_server, query, **{"If-None-Match": etag})
    assert again.status_code == 304 and again.headers[CACHE] == "miss"


def test_an_article_from_the_inbox_invalidates_cached_answers(server):
    graph = f"https://w3id.org/newskg/id/article/{uuid.uuid4().hex[:16]}"
    query = f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    assert _get(server, query).json()["boolean"] is False
    assert _get(server, query).headers[CACHE] == "hit"
    g = Graph()
    g.add((URIRef("http://example.org/cached-inbox-item"), RDFS.label, Literal("queued")))
    spool.enqueue(server.store, graph, g)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and not _get(server, query).json()["boolean"]:
        time.sleep(0.3)
    assert _get(server, query).json()["boolean"] is True


@pytest.fixture(scope="module")
def uncached(tmp_path_factory):
    from tests.server.conftest import start_server, stop_server

    store = tmp_path_factory.mktemp("uncached") / "store"
    load_store(store)
    srv = start_server(store, "--cache-mb", "0", "--max-rows", "1000")
    yield srv
    stop_server(srv.process)


def test_with_the_cache_off_nothing_is_cached_or_tagged(uncached):
    query = _fresh_query()
    for _ in range(2):
        r = _get(uncached, query)
        assert r.status_code == 200 and r.json()["boolean"] is True
        assert CACHE not in r.headers and "ETag" not in r.headers
    assert _get(uncached, query, **{"If-None-Match": "*"}).status_code == 200


# ---------------------------------------------------------------- the cache itself

def test_answers_begun_before_a_write_are_never_served_after_it():
    from server.cache import AnswerCache, Entry

    cache = AnswerCache(1 << 20)
    entry = Entry("200 OK", (), b"old", '"t"')
    cache.put(("q",), 1, entry)
    assert cache.get(("q",), 1) is entry
    assert cache.get(("q",), 2) is None  # generation 2: a write was committed
    cache.put(("q",), 1, entry)  # an answer that began before that write
    assert cache.get(("q",), 2) is None
    assert cache.get(("q",), 1) is None  # nor does a late reader move the cache back


def test_the_cache_keeps_to_its_size():
    from server.cache import LARGEST_SHARE, AnswerCache, Entry

    cache = AnswerCache(80)
    small = [Entry("200 OK", (), bytes(10), f'"{i}"') for i in range(10)]
    for i, entry in enumerate(small):
        cache.put((i,), 1, entry)
    assert len(cache) == 8 and cache.get((0,), 1) is None and cache.get((9,), 1) is small[9]
    cache.put(("big",), 1, Entry("200 OK", (), bytes(80 // LARGEST_SHARE + 1), '"b"'))
    assert cache.get(("big",), 1) is None

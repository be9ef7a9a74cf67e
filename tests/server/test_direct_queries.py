"""GET /sparql?query=... takes a direct path past Flask's request machinery
(server.sparql.DirectQueries): over real HTTP, its answers and errors are the same as those of
the view (reached with POST, or with a parameter the direct path leaves to Flask)."""

from __future__ import annotations

import uuid

import pytest
import requests

HEADERS = ("Content-Type", "Vary", "Access-Control-Allow-Origin",
           "Access-Control-Expose-Headers", "X-Newskg-Truncated")


def _pair(server, query: str, accept: str) -> tuple[requests.Response, requests.Response]:
    """The same query by GET (direct path) and by form POST (the Flask view); a fresh
    comment keeps the GET out of the answer cache."""
    text = f"{query}\n# {uuid.uuid4().hex}"
    get = requests.get(server.sparql, params={"query": text}, headers={"Accept": accept},
                       timeout=30)
    post = requests.post(server.sparql, data={"query": text}, headers={"Accept": accept},
                         timeout=30)
    return get, post


@pytest.mark.parametrize("query, accept, status", [
    ("SELECT ?s WHERE { ?s ?p ?o } LIMIT 3", "application/sparql-results+json", 200),
    ("SELECT ?s WHERE { ?s ?p ?o }", "text/csv", 200),  # cut at max_rows
    ("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 3", "text/turtle", 200),
    ("SELECT WHERE {", "application/sparql-results+json", 400),
    ("SELECT WHERE {", "text/plain", 400),
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "*/*", 403),
])
def test_direct_and_flask_paths_answer_alike(server, query, accept, status):
    get, post = _pair(server, query, accept)
    assert get.status_code == post.status_code == status, (get.text, post.text)
    for name in HEADERS:
        assert get.headers.get(name) == post.headers.get(name), name
    if status == 200:
        assert get.content == post.content
    else:
        assert get.text == post.text and "Traceback" not in get.text


def test_what_the_direct_path_leaves_to_flask_is_still_answered(server):
    ask = f"ASK {{ ?s ?p ?o }} # {uuid.uuid4().hex}"
    # an extra parameter, an unacceptable format, a repeated query, an empty one
    extra = requests.get(server.sparql, params={"query": ask, "timeout": "3"}, timeout=10)
    assert extra.status_code == 200 and extra.json()["boolean"] is True
    refused = requests.get(server.sparql, params={"query": ask},
                           headers={"Accept": "image/png"}, timeout=10)
    assert refused.status_code == 406 and refused.json()["status"] == 406
    twice = requests.get(server.sparql, params={"query": [ask, ask]}, timeout=10)
    assert twice.status_code == 400
    assert requests.get(server.sparql, params={"query": " "}, timeout=10).status_code == 400


@pytest.mark.parametrize("accept", ["application/sparql-results+json",
                                    "application/sparql-results+xml", "text/tab-separated-values"])
def test_a_lookup_answered_in_the_server_process_equals_a_workers_answer(server, accept):
    """graph.lookup: a lookup skips the query workers; the answer is the same as the one a
    worker gives to the same patterns (a FILTER sends the query to a worker)."""
    import pyoxigraph as ox

    lookup = (f"SELECT ?v ?p WHERE {{ <http://example.org/item/7> ?p ?v }} "
              f"# {uuid.uuid4().hex}")
    worker = lookup.replace("?p ?v }", "?p ?v FILTER(true) }")
    answers = [requests.get(server.sparql, params={"query": q}, headers={"Accept": accept},
                            timeout=30) for q in (lookup, worker)]
    assert [a.status_code for a in answers] == [200, 200]
    assert answers[0].headers["Content-Type"] == answers[1].headers["Content-Type"]
    fmt = ox.QueryResultsFormat.from_media_type(accept)
    rows = [sorted(tuple(str(t) for t in s) for s in ox.parse_query_results(a.content, format=fmt))
            for a in answers]
    assert rows[0] == rows[1] == [('"7"^^<http://www.w3.org/2001/XMLSchema#integer>',
                                   "<http://example.org/value>")]

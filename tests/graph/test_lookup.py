"""graph.lookup: which queries are lookups (safe to run without a killable worker) and how a
lookup is bounded to max_rows, on a real pyoxigraph store."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph import lookup
from graph.errors import NotAcceptableError, QuerySyntaxError
from graph.query_runner import QueryRequest, execute

RDFS_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"

LOOKUPS = [
    f"SELECT ?label WHERE {{ <http://x/a> {RDFS_LABEL} ?label }}",
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT DISTINCT * WHERE { "
    "<http://x/a> rdfs:label ?l ; a ?t , <http://x/T> } LIMIT 10 OFFSET 2",
    "select ?o where { :a :b ?o ; } offset 3 limit 1",
    "BASE <http://x/> SELECT ?o { <a> ?p ?o }",
    'ASK { <http://x/a> <http://x/p> "x"@en-GB }',
    'SELECT * { <http://x/a> <http://x/p> "1"^^<http://x/d>, 3.5 . <http://x/b> a true . }',
    "# a comment\nSELECT ?o WHERE { <http://x/a> <http://x/p> ?o } # another",
]

NOT_LOOKUPS = [
    "SELECT ?s WHERE { ?s ?p ?o }",  # a variable subject: a scan of the store
    "SELECT ?o WHERE { <a> <b>/<c> ?o }",  # property paths
    "SELECT ?o WHERE { <a> <b>* ?o }",
    "SELECT ?o WHERE { <a> ^<b> ?o }",
    "SELECT ?o WHERE { <a> <b> ?o FILTER(?o) }",
    "SELECT ?o WHERE { <a> <b> ?o . OPTIONAL { ?o <c> ?d } }",
    "SELECT ?o WHERE { GRAPH ?g { <a> <b> ?o } }",
    "SELECT ?o FROM <g> WHERE { <a> <b> ?o }",
    "SELECT ?o WHERE { <a> <b> ?o } ORDER BY ?o",
    "SELECT (COUNT(*) AS ?n) WHERE { <a> ?p ?o }",
    "SELECT ?o WHERE { <a> <b> ?o . ?o <c> ?z }",  # a join through a variable subject
    "SELECT ?o WHERE { _:b <b> ?o }",
    "SELECT ?o WHERE { <a> <b> [ <c> ?o ] }",
    "SELECT ?o WHERE { <a> <b> ?o } LIMIT 1 LIMIT 2",
    'SELECT ?o WHERE { <a> <b> """x""" }',
    "SELECT ?o WHERE \\u007B <a> <b> ?o }",  # an escape the engine reads before the grammar
    "CONSTRUCT WHERE { <a> <b> ?o }",
    "SELECT ?o WHERE { <a> <b> ?o } VALUES ?o { 1 }",
    "SELECT * { <a> ?p ?o ; ?q ?r }",  # two variable verbs: out-degree squared
    "SELECT * { <a> <b> ?o , ?r, ?s . <c> <d> ?e }",  # more than MAX_PATTERNS patterns
    "SELECT ?o WHERE { <a> <b> ?o",
    "ASK { <a> <b> ?o } LIMIT 1",
    "",
]


@pytest.mark.parametrize("text", LOOKUPS)
def test_lookups_are_recognised(text):
    assert lookup.parse(text) is not None


@pytest.mark.parametrize("text", NOT_LOOKUPS)
def test_everything_else_goes_to_a_worker(text):
    assert lookup.parse(text) is None


@pytest.fixture(scope="module")
def store():
    s = ox.Store()
    a, p = ox.NamedNode("http://x/a"), ox.NamedNode("http://x/p")
    s.extend(ox.Quad(a, p, ox.Literal(f"v{i:02d}"), ox.NamedNode("http://x/g"))
             for i in range(30))
    return s


def _values(answer) -> list[str]:
    return sorted(s["o"].value for s in ox.parse_query_results(
        answer.body, format=ox.QueryResultsFormat.JSON))


@pytest.mark.parametrize("modifiers, rows, truncated", [
    ("", 10, True),  # 30 solutions, cut at max_rows
    ("LIMIT 5", 5, False),
    ("LIMIT 20", 10, True),
    ("OFFSET 25", 5, False),
    ("OFFSET 15 LIMIT 100", 10, True),
    ("LIMIT 10", 10, False),  # exactly max_rows, asked for: nothing was cut
])
def test_a_lookup_is_cut_at_max_rows_like_a_worker_answer(store, modifiers, rows, truncated):
    text = f"SELECT ?o WHERE {{ <http://x/a> <http://x/p> ?o }} {modifiers}"
    req = QueryRequest(text)
    found = lookup.parse(text)
    answer = lookup.answer(store, req, found, max_rows=10)
    assert (len(_values(answer)), answer.truncated) == (rows, truncated)
    # the worker's own path gives the same rows and the same verdict
    reference = execute(store, req, max_rows=10)
    assert (_values(answer), answer.truncated) == (_values(reference), reference.truncated)


def test_lookup_answers_in_every_results_format_and_ask(store):
    text = "SELECT ?o WHERE { <http://x/a> <http://x/p> ?o } LIMIT 3"
    for name in ("json", "xml", "csv", "tsv"):
        answer = lookup.answer(store, QueryRequest(text, results_format=name),
                               lookup.parse(text), max_rows=100)
        reference = execute(store, QueryRequest(text, results_format=name), max_rows=100)
        assert answer.media_type == reference.media_type
        if name == "csv":  # lossy, not parsed back: the same lines in any order
            lines = [sorted(a.body.decode().splitlines()) for a in (answer, reference)]
            assert lines[0] == lines[1] and len(lines[0]) == 4
            continue
        parsed = [sorted(str(s["o"]) for s in ox.parse_query_results(
            a.body, format=ox.QueryResultsFormat.from_media_type(a.media_type)))
                  for a in (answer, reference)]
        assert parsed[0] == parsed[1] and len(parsed[0]) == 3
    ask = 'ASK { <http://x/a> <http://x/p> "v03" }'
    answer = lookup.answer(store, QueryRequest(ask), lookup.parse(ask), max_rows=100)
    assert answer.kind == "ask" and b"true" in answer.body


def test_lookup_errors_are_the_workers_errors(store):
    text = "SELECT ?o WHERE { <http://x/a> undeclared:p ?o }"
    found = lookup.parse(text)
    assert found is not None  # well formed for the scanner; the engine reports the prefix
    with pytest.raises(QuerySyntaxError):
        lookup.answer(store, QueryRequest(text), found, max_rows=10)
    with pytest.raises(NotAcceptableError):
        lookup.answer(store, QueryRequest(text, results_format=None, not_acceptable="no"),
                      found, max_rows=10)

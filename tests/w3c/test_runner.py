"""The suite runner's own checks, on real W3C files: answers are compared as the W3C suite
intends (blank nodes up to renaming, duplicates counted, order only under ORDER BY), and a
missing suite is reported with where it is expected."""

import pytest
from rdflib import BNode, Literal, URIRef

from tests.w3c import manifest
from tests.w3c.results import Answer, expected_answer, query_shape, same_answer

A, B = URIRef("http://example/a"), URIRef("http://example/b")


def rows(*values):
    return Answer("bindings", variables=("x", "y"),
                  rows=tuple({"x": x, "y": y} for x, y in values))


def test_blank_nodes_match_up_to_a_consistent_renaming():
    b1, b2, c1, c2 = BNode(), BNode(), BNode(), BNode()
    expected = rows((b1, A), (b1, B), (b2, A))
    assert same_answer(expected, rows((c2, A), (c1, A), (c1, B)), ordered=False)
    # the same blank node twice is not two different blank nodes
    assert not same_answer(expected, rows((c1, A), (c1, B), (c1, A)), ordered=False)


def test_duplicates_count_and_order_matters_only_when_asked():
    expected = rows((A, Literal(1)), (B, Literal(2)), (B, Literal(2)))
    shuffled = rows((B, Literal(2)), (A, Literal(1)), (B, Literal(2)))
    assert same_answer(expected, shuffled, ordered=False)
    assert not same_answer(expected, shuffled, ordered=True)
    assert not same_answer(expected, rows((A, Literal(1)), (B, Literal(2))), ordered=False)


def test_terms_compare_exactly_but_language_tags_ignore_case():
    assert not same_answer(rows((A, Literal("1.0", datatype=URIRef(
        "http://www.w3.org/2001/XMLSchema#decimal")))), rows((A, Literal("1", datatype=URIRef(
            "http://www.w3.org/2001/XMLSchema#decimal")))), ordered=False)
    assert same_answer(rows((A, Literal("bar", lang="en-US"))),
                       rows((A, Literal("bar", lang="en-us"))), ordered=False)


def test_expected_results_are_read_from_every_suite_format():
    suite = manifest.suite_dir()
    srx = expected_answer(suite / "aggregates" / "agg01.srx")
    assert srx.kind == "bindings" and len(srx.rows) == 1
    srj = expected_answer(suite / "aggregates" / "agg-empty-group-count-2.srj")
    assert srj.kind == "bindings" and srj.rows == ({"C": Literal(0)},)
    result_set = expected_answer(suite / "aggregates" / "agg-empty-group-count-graph.ttl")
    assert result_set.kind == "bindings"
    assert {row["g"] for row in result_set.rows} == {
        URIRef((suite / "aggregates" / name).as_uri()) for name in ("singleton.ttl", "pair.ttl")}
    graph = expected_answer(suite / "construct" / "constructwhere01result.ttl")
    assert graph.kind == "graph" and len(graph.graph) > 0


def test_query_shape_sees_only_the_outer_order_and_the_dataset():
    assert query_shape("SELECT * FROM <g> WHERE { ?s ?p ?o } ORDER BY ?s") == (True, True)
    assert query_shape("SELECT * { { SELECT ?s { ?s ?p ?o } ORDER BY ?s LIMIT 1 } }") == (
        False, False)


def test_a_missing_suite_says_where_it_is_expected(monkeypatch, tmp_path):
    monkeypatch.setattr(manifest, "SUITE", tmp_path / "absent")
    with pytest.raises(manifest.SuiteMissing, match="absent.*w3c/rdf-tests"):
        manifest.suite_dir("protocol", "manifest.ttl")

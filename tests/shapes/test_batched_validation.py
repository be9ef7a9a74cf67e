"""The fast validation path gives exactly pySHACL's results.

graph.validate runs the shapes' SHACL-SPARQL constraints once per graph on pyoxigraph (the
shape's targets joined into the query) and hands the rest (core SHACL, property shapes
targeted directly) to pyshacl-turbo, or to pySHACL when a shape relies on the engine's
default message (see graph.validate.SparqlConstraintPlan). These tests compare it with the
reference run (``batched=False``: every constraint in pySHACL, one focus node at a time) on the
valid article, every defect fixture and the graph of a bundled article, prove that shapes the
plan cannot batch still run in pySHACL, and that many graphs are validated by a process pool
with the same report.
"""

from __future__ import annotations

import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD

from graph import settings as settings_table
from graph.store import open_store
from graph.validate import constraint_plan, load_shapes, validate_graph, validate_store
from shape_defects import DEFECTS, SPARQL_PREFIXES, Defect

BUNDLED_SEED = Path(__file__).resolve().parents[2] / "data" / "articles" / "seed.md"


def _key(result) -> tuple:
    """A result, with literal values compared by value: pySHACL on pyoxigraph (the reference)
    reports a value in Oxigraph's canonical form ("2" for "2.0"^^xsd:decimal, xsd:string for a
    plain literal)."""
    value = result.value
    if isinstance(value, Literal):
        datatype = value.datatype or (None if value.language else XSD.string)
        value = (datatype, value.language, value.toPython())
    return (result.severity, result.source_shape, result.focus_node, result.path, value,
            result.message, result.constraint)


def _same_reports(fast, reference) -> None:
    assert fast.conforms == reference.conforms
    assert sorted(map(_key, fast.results), key=str) == sorted(map(_key, reference.results),
                                                              key=str), (
        f"batched:\n{fast.text}\n\nreference:\n{reference.text}")


def test_every_shipped_sparql_constraint_is_batched():
    """None of the shapes' SHACL-SPARQL constraints falls back to pySHACL's per-node run (the
    slow path), and each runs in exactly one place."""
    shapes, plan = load_shapes(), constraint_plan()
    batched = {(b.shape, b.constraint) for b in plan.batched}
    assert batched == set(shapes.subject_objects(SH.sparql))
    assert not set(plan.core.subject_objects(SH.sparql))


def test_the_shipped_shapes_have_their_core_checked_by_the_fast_engine():
    """Every shape whose results reach the report says what is wrong (sh:message), so
    pyshacl-turbo checks the core (its default messages are worded unlike pySHACL's)."""
    assert constraint_plan().engine_safe


def test_the_valid_article_gives_the_reference_results(valid_article):
    _same_reports(validate_graph(valid_article), validate_graph(valid_article, batched=False))


@pytest.mark.parametrize("path", DEFECTS, ids=lambda p: p.stem)
def test_a_defect_gives_the_reference_results(valid_article_triples, path):
    def broken() -> Graph:
        graph = Graph()
        for triple in valid_article_triples:
            graph.add(triple)
        return Defect.read(path).apply(graph)

    _same_reports(validate_graph(broken()), validate_graph(broken(), batched=False))


@pytest.fixture(scope="module")
def seed_graph() -> Graph:
    """The graph ingest builds for the bundled seed article (real spaCy extraction)."""
    from graph.ingest import ingest_paths

    store = open_store("memory")
    settings = settings_table.resolve({"store": "memory"}, environ={})
    summary = ingest_paths([BUNDLED_SEED], store, settings, force=True, progress=False)
    graph = store.get_graph(summary.results[0].iri)
    store.close()
    return graph


@pytest.mark.slow
def test_a_bundled_article_gives_the_reference_results_several_times_faster(seed_graph):
    validate_graph(seed_graph)  # shapes and plan loaded before timing
    started = time.process_time()
    fast = validate_graph(seed_graph)
    fast_seconds = time.process_time() - started
    started = time.process_time()
    reference = validate_graph(seed_graph, batched=False)
    reference_seconds = time.process_time() - started
    _same_reports(fast, reference)
    assert fast.results, "the seed article has warnings and infos to compare"
    # measured 0.2 s against 1.6 s; a wide margin for a busy machine
    assert fast_seconds * 3 < reference_seconds, (fast_seconds, reference_seconds)


# ---------------------------------------------------- constraints the plan cannot batch

NESTED_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <urn:x:> .

ex:prefixes sh:declare [ sh:prefix "ex" ; sh:namespace "urn:x:" ] .

# batched: a top-level node shape, and its property shape
ex:ThingShape a sh:NodeShape ;
    sh:targetClass ex:Thing ;
    sh:sparql [ a sh:SPARQLConstraint ; sh:prefixes ex:prefixes ;
        sh:message "top-level: {$this} has no ex:name" ;
        sh:select "SELECT $this WHERE { FILTER NOT EXISTS { $this ex:name ?n } }" ] ;
    sh:property [ sh:path ex:size ;
        sh:sparql [ a sh:SPARQLConstraint ; sh:prefixes ex:prefixes ;
            sh:message "property: size {?value} is negative" ;
            sh:select "SELECT $this ?value WHERE { $this $PATH ?value . FILTER (?value < 0) }" ] ] ;
    sh:property ex:PartShape .

# not batched: its focus nodes are the values of ex:part (only known inside pySHACL)
ex:PartShape a sh:PropertyShape ; sh:path ex:part ; sh:node ex:PartNodeShape .
ex:PartNodeShape a sh:NodeShape ;
    sh:sparql [ a sh:SPARQLConstraint ; sh:prefixes ex:prefixes ;
        sh:message "nested: part {$this} has no ex:name" ;
        sh:select "SELECT $this WHERE { FILTER NOT EXISTS { $this ex:name ?n } }" ] .
"""

NESTED_DATA = """
@prefix ex: <urn:x:> .
ex:a a ex:Thing ; ex:name "a" ; ex:size 3 ; ex:part ex:p1, ex:p2 .
ex:p1 ex:name "p1" .
_:b a ex:Thing ; ex:size -2 ; ex:part ex:p2 .
"""


@pytest.fixture
def nested_shapes(tmp_path, monkeypatch):
    folder = tmp_path / "shapes"
    folder.mkdir()
    (folder / "nested.ttl").write_text(NESTED_SHAPES, encoding="utf-8")
    monkeypatch.setattr(settings_table, "SHAPES_DIR", folder)
    return folder


def test_constraints_of_nested_shapes_stay_in_pyshacl_and_still_fire(nested_shapes):
    plan = constraint_plan()
    assert len(plan.batched) == 2                       # the top-level ones
    assert len(set(plan.core.subject_objects(SH.sparql))) == 1   # the nested one
    # ex:PartShape (sh:node) has no sh:message: pySHACL, not pyshacl-turbo, checks the core,
    # so the default message below is pySHACL's wording
    assert not plan.engine_safe
    data = Graph().parse(data=NESTED_DATA, format="turtle")
    fast, reference = validate_graph(data), validate_graph(data, batched=False)
    _same_reports(fast, reference)
    blank = next(s for s in data.subjects(RDF.type, None) if isinstance(s, BNode))
    a, p2 = URIRef("urn:x:a"), URIRef("urn:x:p2")
    found = sorted(((str(r.focus_node), str(r.value), r.constraint, r.message)
                    for r in fast.results), key=str)
    assert found == sorted([
        # the nested constraint, run by pySHACL: p2 (a part of both things) has no name
        (str(a), str(p2), "sh:NodeConstraintComponent",
         "Value does not conform to Shape ex:PartNodeShape. See details for more information."),
        (str(blank), str(p2), "sh:NodeConstraintComponent",
         "Value does not conform to Shape ex:PartNodeShape. See details for more information."),
        # the batched ones, the blank node among their focus nodes
        (str(blank), "-2", "sh:SPARQLConstraintComponent", "property: size -2 is negative"),
        (str(blank), str(blank), "sh:SPARQLConstraintComponent",
         f"top-level: {blank} has no ex:name"),
    ], key=str)
    assert not fast.conforms


# ----------------------------------------------------------------- many graphs, a pool

def test_validate_store_gives_the_same_report_from_a_process_pool(valid_article_triples):
    """Eight article graphs (four of them broken) in a store: the pool's merged report is the
    one-by-one report."""
    store = open_store("memory")
    defects = [Defect.read(p) for p in DEFECTS[:4]]
    for i in range(8):
        graph = Graph()
        for triple in valid_article_triples:
            graph.add(triple)
        if i % 2:
            graph.update(SPARQL_PREFIXES + defects[i // 2].update)
        store.replace_graph(f"urn:x:graph/{i}", graph)
    serial = validate_store(store, workers=1)
    pooled = validate_store(store, workers=2)
    store.close()
    assert pooled.graphs == serial.graphs == 8
    assert sorted(map(_key, pooled.results), key=str) == sorted(map(_key, serial.results),
                                                                key=str)
    assert {r.graph for r in pooled.results} == {f"urn:x:graph/{i}" for i in (1, 3, 5, 7)}
    assert pooled.conforms is serial.conforms is False
    assert pooled.format_text() == serial.format_text()
    assert len(list(pooled.report_graph.objects(None, SH.result))) == len(serial.results)


def test_graphs_reach_pyoxigraph_unchanged(valid_article):
    """The fast path's conversion gives graph.terms' quads, blank node labels and awkward
    literals included, also when an IRI's node was made before (the per-process cache)."""
    from graph.terms import graph_to_quads
    from graph.validate import _ox_quads

    ex = "http://example.org/"
    valid_article.add((BNode("b1"), URIRef(ex + "p"),
                       Literal('tab\there "q" \\ \u00e9 \U0001F600', lang="en-GB")))
    valid_article.add((URIRef(ex + "\u00e9"), URIRef(ex + "p"),
                       Literal("1.50", datatype=XSD.decimal)))
    valid_article.add((URIRef(ex + "a"), URIRef(ex + "p"), Literal("line\r\nbreak\x00\x1f")))
    valid_article.add((URIRef(ex + "a"), URIRef(ex + "q"), BNode("b1")))
    # an independent path: rdflib's own N-Triples, read by pyoxigraph
    expected = sorted(str(q) for q in ox.parse(valid_article.serialize(format="nt11"),
                                               format=ox.RdfFormat.N_TRIPLES,
                                               rename_blank_nodes=False))
    for _ in range(2):
        assert sorted(map(str, _ox_quads(valid_article))) == expected
        assert sorted(map(str, graph_to_quads(valid_article, None))) == expected


# ----------------------------------------------------- the engine's report, read on demand

@pytest.mark.parametrize("path", [None, *DEFECTS[:6]], ids=lambda p: p.stem if p else "valid")
def test_the_report_read_on_demand_is_the_engines_public_one(valid_article_triples, path,
                                                             monkeypatch):
    """graph.validate reads pyshacl-turbo's report only when the results are asked for, through
    the engine's internals: same verdict, results and report graph as its public validate."""
    import graph.validate as validate

    def graph() -> Graph:
        out = Graph()
        for triple in valid_article_triples:
            out.add(triple)
        return Defect.read(path).apply(out) if path else out

    lazy = validate_graph(graph())
    conforms = lazy.conforms
    monkeypatch.setattr(validate, "_TURBO_INTERNALS", False)
    public = validate_graph(graph())
    assert conforms == public.conforms
    assert lazy.results == public.results
    assert len(lazy.report_graph) == len(public.report_graph)
    assert lazy.text == public.text


def test_a_conforming_report_is_decoded_only_when_read(valid_article, monkeypatch):
    import graph.validate as validate

    read = []
    real = validate._results
    monkeypatch.setattr(validate, "_results", lambda *a: read.append(1) or real(*a))
    report = validate_graph(valid_article)
    assert report.conforms and read == []
    assert report.summary.startswith("conforms") and read == [1]
    assert report.results is report.results and read == [1]


def test_quads_given_by_the_caller_give_the_same_report(valid_article_triples):
    """validate_graph(quads=...) (ingest converts an article graph once, for validation and
    the write) gives the report of the graph itself, on a broken graph too."""
    from graph.terms import graph_to_quads

    graph = Graph()
    for triple in valid_article_triples:
        graph.add(triple)
    graph = Defect.read(DEFECTS[0]).apply(graph)
    quads = list(graph_to_quads(graph, None))
    given = validate_graph(graph, quads=quads)
    assert not given.conforms
    assert given.results == validate_graph(graph).results
    assert quads == list(graph_to_quads(graph, None))      # the caller's list is untouched

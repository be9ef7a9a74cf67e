"""graph.validate: the report a user reads, the rules of conformance, and validation of a store
graph by graph."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from graph.errors import ValidationFailedError
from graph.namespaces import NKG, ONTOLOGY_IRI
from graph.store import OxigraphStore
from graph.validate import load_ontology, validate_graph, validate_store
from shape_defects import DEFECTS, Defect

DEFECT = {p.stem: p for p in DEFECTS}
ARTICLE = "https://w3id.org/newskg/id/article/28151b1940dbef61"
QUOTE = URIRef("https://w3id.org/newskg/id/quote/28151b1940dbef61-65")


def broken(graph: Graph, name: str) -> Graph:
    return Defect.read(DEFECT[name]).apply(graph)


def test_the_text_report_is_grouped_by_shape_and_focus_node(valid_article):
    report = validate_graph(broken(valid_article, "quotation-no-speaker"))
    lines = report.text.splitlines()
    assert lines[0] == "does not conform: 2 violations, 0 warnings, 0 infos"
    assert "Violation nkgsh:QuotationShape (1 result)" in lines
    shape_at = lines.index("Violation nkgsh:QuotationShape (1 result)")
    assert lines[shape_at + 1] == f"  <{QUOTE}>"
    assert lines[shape_at + 2].startswith("    - nkg:speaker: A quotation needs exactly one")


def test_the_report_as_json_and_as_a_shacl_report_graph(valid_article):
    report = validate_graph(broken(valid_article, "quotation-no-speaker"))
    data = json.loads(report.to_json())
    assert (data["conforms"], data["violations"], data["warnings"]) == (False, 2, 0)
    speaker = [r for r in data["results"] if r["path"] == "nkg:speaker"]
    assert speaker == [{
        "severity": "Violation", "focusNode": str(QUOTE), "path": "nkg:speaker", "value": None,
        "message": speaker[0]["message"], "sourceShape": "nkgsh:QuotationShape",
        "constraint": "sh:MinCountConstraintComponent", "graph": None}]
    graph = report.report_graph
    root = graph.value(None, RDF.type, SH.ValidationReport, any=False)
    assert graph.value(root, SH.conforms).toPython() is False
    assert len(list(graph.objects(root, SH.result))) == 2
    assert (None, SH.focusNode, QUOTE) in graph


def test_warnings_and_infos_do_not_fail_validation(valid_article):
    report = validate_graph(broken(valid_article, "event-time-unknown"))
    assert report.conforms and (report.violations, report.warnings) == (0, 1)
    report.raise_for_violations()  # nothing to raise
    root = report.report_graph.value(None, RDF.type, SH.ValidationReport, any=False)
    assert report.report_graph.value(root, SH.conforms).toPython() is True


def test_raise_for_violations_carries_the_report(valid_article):
    report = validate_graph(broken(valid_article, "claim-no-attribution"))
    with pytest.raises(ValidationFailedError) as caught:
        report.raise_for_violations("the article")
    error = caught.value
    assert error.exit_code == 1 and error.status == 422
    assert "the article does not conform" in error.message
    assert "nkg:attributedTo" in error.message
    assert error.detail["violations"] == 1


def test_context_supplies_the_nodes_the_data_links_to(valid_article):
    jordan = URIRef("https://w3id.org/newskg/id/place/jordan")
    context = Graph()
    for triple in list(valid_article.triples((jordan, None, None))):
        context.add(triple)
        valid_article.remove(triple)
    for mention in list(valid_article.subjects(NKG.denotes, jordan)):
        for triple in list(valid_article.triples((mention, None, None))):
            context.add(triple)
            valid_article.remove(triple)
    assert not validate_graph(valid_article).conforms
    assert validate_graph(valid_article, context=context).results == []


def test_a_store_is_validated_graph_by_graph(valid_article, valid_article_triples):
    other = "https://w3id.org/newskg/id/article/ffffffffffffffff"
    with OxigraphStore(None) as store:
        store.replace_graph(ARTICLE, valid_article)
        store.replace_graph(other, broken(valid_article, "quotation-two-speakers"))
        store.replace_graph(ONTOLOGY_IRI, load_ontology())
        report = validate_store(store)
        assert report.graphs == 2  # the ontology graph is schema, not data
        assert not report.conforms and report.violations == 1
        assert {r.graph for r in report.results} == {other}
        assert validate_store(store, [ARTICLE]).conforms


def test_a_graph_read_back_from_the_store_still_conforms(valid_article):
    """Oxigraph stores xsd:nonNegativeInteger offsets as xsd:integer: still valid offsets."""
    with OxigraphStore(None) as store:
        store.replace_graph(ARTICLE, valid_article)
        stored = store.get_graph(ARTICLE)
    report = validate_graph(stored)
    assert report.conforms and report.results == [], report.text


def test_offsets_must_not_be_negative(valid_article):
    span = URIRef(f"{ARTICLE}#char=10,22")
    valid_article.update(f"""
        PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
        DELETE {{ <{span}> nif:beginIndex ?b }} INSERT {{ <{span}> nif:beginIndex -1 }}
        WHERE {{ <{span}> nif:beginIndex ?b }}""")
    report = validate_graph(valid_article)
    assert any(r.path == "nif:beginIndex" and "xsd:nonNegativeInteger" in r.message
               for r in report.results)


@pytest.mark.slow
def test_rdfs_inference_would_hide_wrong_value_classes(valid_article):
    """Why validation runs without pySHACL's RDFS inference (subclasses count anyway): the
    inferred range types make a wrong role type look right."""
    graph = broken(valid_article, "role-roletype-not-a-role")
    assert validate_graph(graph).violations == 1
    assert validate_graph(graph, inference="rdfs").violations == 0

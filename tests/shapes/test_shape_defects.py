"""Every shape fires on a graph with exactly one defect, with its message and severity; the
complete valid article conforms with no result at all."""

from __future__ import annotations

import pytest
from rdflib import URIRef
from rdflib.namespace import RDF, SH

from graph.validate import SHAPES_NS, load_shapes, validate_graph
from shape_defects import DEFECTS, Defect


def test_the_valid_article_conforms_without_any_result(valid_article):
    report = validate_graph(valid_article)
    assert report.conforms
    assert report.results == [], report.text


@pytest.mark.parametrize("path", DEFECTS, ids=lambda p: p.stem)
def test_a_defect_raises_exactly_the_expected_results(valid_article, path):
    defect = Defect.read(path)
    report = validate_graph(defect.apply(valid_article))
    for expectation in defect.expectations:
        assert any(expectation.matches(r) for r in report.results), (
            f"{path.name}: expected {expectation}\ngot:\n{report.text}")
    unexpected = [r for r in report.results
                  if not any(e.matches(r) for e in defect.expectations)]
    assert not unexpected, f"{path.name}: unexpected results:\n{report.text}"
    has_violation = any(e.severity == "Violation" for e in defect.expectations)
    assert report.conforms is not has_violation


def _checked_shapes() -> set[str]:
    """The shapes that must be proven by a fixture: every shape with a target, and every named
    property shape (the shared ones)."""
    shapes = load_shapes()
    names = set()
    for shape in set(shapes.subjects(SH.targetClass, None)):
        names.add(shape)
    for shape in set(shapes.objects(None, SH.property)):
        if isinstance(shape, URIRef):
            names.add(shape)
    return {str(s).replace(SHAPES_NS, "nkgsh:") for s in names}


def test_every_shape_has_a_failing_fixture():
    fired = {e.shape for path in DEFECTS for e in Defect.read(path).expectations}
    missing = _checked_shapes() - fired
    assert not missing, f"shapes without a failing fixture in tests/data/shapes/defects: {missing}"


def test_every_shape_is_a_declared_node_or_property_shape():
    shapes = load_shapes()
    for shape in set(shapes.subjects(SH.targetClass, None)):
        assert (shape, RDF.type, SH.NodeShape) in shapes, shape

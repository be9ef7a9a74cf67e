"""The shapes themselves: valid SHACL (checked with the W3C SHACL-for-SHACL shapes), speaking
only of terms the ontology declares, and covering every class of the ontology ingest produces."""

from __future__ import annotations

import re
from importlib import resources

import pytest
from pyshacl import validate
from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD

from graph.namespaces import NKG, PREFIXES
from graph.validate import SHAPES_NS, load_ontology, load_shapes

#: Namespaces of the languages themselves: their terms need no declaration in the ontology.
BUILT_IN = (str(RDF), str(RDFS), str(OWL), str(XSD), str(SH))
#: Roots of the classes whose instances `newskg ingest` writes (docs/data-model.md).
PRODUCED_ROOTS = ("Event", "Agent", "Place", "Claim", "Quotation", "Quantity", "Participation",
                  "Affiliation", "TextSpan", "NewsArticle", "ExtractionActivity")
#: nkg: classes that are vocabularies of the ontology itself (their instances are individuals
#: of the ontology, never written by ingest), with the reason they need no shape.
VOCABULARY_CLASSES = {
    "RoleType": "individuals of the ontology (nkg:SpeakerRole...), checked by sh:class on roles",
    "ExtractionMethod": "individuals of the ontology, checked by sh:class on nkg:extractionMethod",
}
DECLARED_TYPES = (OWL.Class, RDFS.Class, OWL.ObjectProperty, OWL.DatatypeProperty,
                  OWL.AnnotationProperty, RDF.Property, OWL.FunctionalProperty,
                  OWL.TransitiveProperty, OWL.SymmetricProperty, OWL.InverseFunctionalProperty)


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


def test_the_shapes_conform_to_shacl_for_shacl(shapes):
    shacl_shacl = resources.files("pyshacl") / "assets" / "shacl-shacl.ttl"
    meta = Graph().parse(str(shacl_shacl), format="turtle")
    conforms, _graph, text = validate(shapes, shacl_graph=meta)
    assert conforms, text


def test_the_meta_check_catches_a_broken_shape(shapes):
    """The SHACL-for-SHACL run is a real check: a shape with two sh:path values fails it."""
    shacl_shacl = resources.files("pyshacl") / "assets" / "shacl-shacl.ttl"
    meta = Graph().parse(str(shacl_shacl), format="turtle")
    broken = Graph()
    broken.parse(data=f"""
        @prefix sh: <{SH}> . @prefix nkg: <{NKG}> .
        <urn:x:shape> a sh:PropertyShape ; sh:path nkg:speaker, nkg:agent ; sh:minCount "one" .
    """, format="turtle")
    conforms, _graph, _text = validate(broken, shacl_graph=meta)
    assert not conforms


def _path_properties(graph: Graph, path) -> set[URIRef]:
    if isinstance(path, URIRef):
        return {path}
    found: set[URIRef] = set()
    if graph.value(path, RDF.first) is not None:
        for item in Collection(graph, path):
            found |= _path_properties(graph, item)
        return found
    for predicate in (SH.inversePath, SH.alternativePath, SH.zeroOrMorePath, SH.oneOrMorePath,
                      SH.zeroOrOnePath):
        inner = graph.value(path, predicate)
        if inner is not None:
            found |= _path_properties(graph, inner)
    return found


def _sparql_terms(shapes: Graph) -> set[URIRef]:
    """Prefixed names used in the SHACL-SPARQL queries (sh:select)."""
    terms = set()
    pattern = re.compile(r"\b(" + "|".join(PREFIXES) + r"):([A-Za-z][\w-]*)")
    for query in shapes.objects(None, SH.select):
        for prefix, local in pattern.findall(str(query)):
            terms.add(URIRef(PREFIXES[prefix] + local))
    return terms


def _mentioned_terms(shapes: Graph) -> dict[str, set[URIRef]]:
    classes = set(shapes.objects(None, SH.targetClass)) | set(shapes.objects(None, SH["class"]))
    properties: set[URIRef] = set()
    for path in shapes.objects(None, SH.path):
        properties |= _path_properties(shapes, path)
    for predicate in (SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals):
        properties |= set(shapes.objects(None, predicate))
    return {"class": classes, "property": properties, "SPARQL term": _sparql_terms(shapes)}


def _declared(ontology: Graph, term: URIRef) -> bool:
    if str(term).startswith(BUILT_IN):
        return True
    types = set(ontology.objects(term, RDF.type))
    return bool(types & set(DECLARED_TYPES)) or (term, RDF.type, OWL.NamedIndividual) in ontology


def test_every_term_the_shapes_mention_is_declared_in_the_ontology(shapes, ontology):
    missing = {kind: sorted(str(t) for t in terms if not _declared(ontology, t))
               for kind, terms in _mentioned_terms(shapes).items()}
    missing = {kind: terms for kind, terms in missing.items() if terms}
    assert not missing, f"terms the shapes use but ontology/newskg.ttl does not declare: {missing}"


def _superclasses(ontology: Graph, cls: URIRef) -> set[URIRef]:
    return set(ontology.transitive_objects(cls, RDFS.subClassOf))


def _nkg_classes(ontology: Graph) -> set[URIRef]:
    return {c for c in ontology.subjects(RDF.type, OWL.Class)
            if isinstance(c, URIRef) and str(c).startswith(str(NKG))}


def test_every_class_ingest_produces_is_covered_by_a_shape(shapes, ontology):
    targets = set(shapes.objects(None, SH.targetClass))
    roots = {NKG[name] for name in PRODUCED_ROOTS}
    produced = {c for c in _nkg_classes(ontology) if _superclasses(ontology, c) & roots}
    assert roots <= produced
    uncovered = sorted(str(c) for c in produced if not _superclasses(ontology, c) & targets)
    assert not uncovered, f"classes ingest produces that no shape targets: {uncovered}"


def test_every_ontology_class_is_produced_or_a_known_vocabulary(ontology):
    """The other way round: a new nkg: class must be placed under a produced root (and so get
    a shape) or be listed here as a vocabulary class, with a reason."""
    roots = {NKG[name] for name in PRODUCED_ROOTS}
    vocabulary = {NKG[name] for name in VOCABULARY_CLASSES}
    stray = sorted(str(c) for c in _nkg_classes(ontology)
                   if not _superclasses(ontology, c) & roots and c not in vocabulary)
    assert not stray, f"nkg: classes neither produced by ingest nor a vocabulary: {stray}"


def test_every_shape_lives_in_the_shapes_namespace(shapes):
    named = {s for s in shapes.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)}
    named |= {s for s in shapes.subjects(RDF.type, SH.PropertyShape) if isinstance(s, URIRef)}
    assert named and all(str(s).startswith(SHAPES_NS) for s in named)


def test_every_constraint_says_what_is_wrong(shapes):
    """Every SHACL-SPARQL constraint and every property shape with core constraints has an
    sh:message in plain words (a property shape holding only SPARQL constraints uses theirs)."""
    bare = {SH.path, SH.severity, SH.sparql, RDF.type, RDFS.comment}
    silent = [shapes.value(c, SH.select) for c in set(shapes.objects(None, SH.sparql))
              if shapes.value(c, SH.message) is None]
    # Shapes inside a sh:qualifiedValueShape only count values; their parent reports.
    counted = {p for q in shapes.objects(None, SH.qualifiedValueShape)
               for p in shapes.objects(q, SH.property)}
    for shape in set(shapes.objects(None, SH.property)) - counted:
        has_core = set(shapes.predicates(shape, None)) - bare
        if has_core and shapes.value(shape, SH.message) is None:
            silent.append(shapes.value(shape, SH.path))
    assert not silent, f"constraints without sh:message: {silent}"

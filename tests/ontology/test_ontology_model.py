"""The ontology file itself: the contract of docs/data-model.md, its alignment to schema.org,
and the lexicons and mappings the extraction code reads from it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from graph import ontology
from graph.namespaces import NKG, ONTOLOGY_IRI, SCHEMA

DATA = Path(__file__).resolve().parent.parent / "data" / "ontology"


@pytest.fixture(scope="session")
def onto() -> Graph:
    return ontology.load()


@pytest.fixture(scope="session")
def onto_with_data(onto) -> Graph:
    graph = Graph()
    graph += onto
    graph.parse(DATA / "abox-consistent.ttl")
    return graph


def _declared(graph: Graph, term: URIRef) -> bool:
    return (term, RDF.type, None) in graph


def test_header_has_the_required_metadata(onto):
    header = URIRef(ONTOLOGY_IRI)
    assert (header, RDF.type, OWL.Ontology) in onto
    assert onto.value(header, OWL.versionIRI) == URIRef("https://w3id.org/newskg/ontology/0.1.0")
    assert onto.value(header, OWL.versionInfo) == Literal("0.1.0")
    assert onto.value(header, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/")
    assert isinstance(onto.value(header, DCTERMS.creator), URIRef)
    assert onto.value(header, DCTERMS.title) and onto.value(header, DCTERMS.description)
    vann = "http://purl.org/vocab/vann/"
    assert onto.value(header, URIRef(vann + "preferredNamespacePrefix")) == Literal("nkg")
    assert str(onto.value(header, URIRef(vann + "preferredNamespaceUri"))) == str(NKG)


def test_every_nkg_term_of_the_data_model_is_declared(onto, project_root):
    """docs/data-model.md is the contract: every nkg: name it uses exists in the ontology."""
    text = (project_root / "docs" / "data-model.md").read_text(encoding="utf-8")
    names = set(re.findall(r"\bnkg:([A-Za-z][A-Za-z0-9]*)", text))
    assert len(names) > 80  # the page lists the whole model
    missing = sorted(n for n in names if not _declared(onto, NKG[n]))
    assert missing == []


def test_event_taxonomy_of_the_data_model(onto, project_root):
    """Every class in the event table sits under the parent the table gives, and under
    nkg:Event, schema:Event and sem:Event."""
    text = (project_root / "docs" / "data-model.md").read_text(encoding="utf-8")
    table = text.split("Event taxonomy", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `nkg:(\w+)` \| (\w+)", table, flags=re.MULTILINE)
    assert len(rows) >= 25
    for name, parent in rows:
        assert (NKG[name], RDFS.subClassOf, NKG[parent]) in onto, (name, parent)
        supers = set(onto.transitive_objects(NKG[name], RDFS.subClassOf))
        assert {NKG.Event, SCHEMA.Event,
                URIRef("http://semanticweb.cs.vu.nl/2009/11/sem/Event")} <= supers, name


@pytest.mark.parametrize("schema_class, expected", [
    ("Person", {"person/jane-doe"}),
    # the ontology's creator is an organisation too
    ("Organization", {"org/northern-front", "org/example-news", "agent/newskg-developers"}),
    ("Place", {"place/ruritania", "place/strelsau"}),
    ("Event", {"event/00000000000000aa-29"}),
    ("Claim", {"claim/00000000000000aa-106"}),
    ("Quotation", {"quote/00000000000000aa-55"}),
    ("NewsArticle", {"article/00000000000000aa"}),
    ("QuantitativeValue", {"claim/00000000000000aa-106/quantity"}),
])
def test_a_schema_org_user_finds_every_instance(onto_with_data, schema_class, expected):
    """Someone who knows only schema.org finds our instances with a/rdfs:subClassOf*."""
    rows = onto_with_data.query(
        "PREFIX schema: <https://schema.org/> "
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        f"SELECT DISTINCT ?x WHERE {{ ?x a/rdfs:subClassOf* schema:{schema_class} . "
        "FILTER(STRSTARTS(STR(?x), 'https://w3id.org/newskg/id/')) }")
    found = {str(row.x).removeprefix("https://w3id.org/newskg/id/") for row in rows}
    assert found == expected


def test_a_schema_org_user_follows_properties(onto_with_data):
    """Facts stated with nkg: properties are reachable through schema.org super-properties."""
    rows = onto_with_data.query("""
        PREFIX schema: <https://schema.org/>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?event ?place ?text WHERE {
          ?event ?p ?place . ?p rdfs:subPropertyOf* schema:location .
          ?quote ?q ?text . ?q rdfs:subPropertyOf* schema:text .
          ?quote a/rdfs:subClassOf* schema:Quotation .
        }""")
    assert [(str(r.place), str(r.text)) for r in rows] == [
        ("https://w3id.org/newskg/id/place/strelsau", "We will not stop,")]


def test_every_nkg_class_and_property_is_aligned_to_schema_org(onto):
    def reaches_schema(term, step):
        for sup in {term} | set(onto.transitive_objects(term, step)):
            for pred in (step, OWL.equivalentClass, OWL.equivalentProperty,
                         SKOS.closeMatch, SKOS.relatedMatch):
                if any(str(o).startswith(str(SCHEMA)) for o in onto.objects(sup, pred)):
                    return True
        return False

    classes = [c for c in onto.subjects(RDF.type, OWL.Class) if str(c).startswith(str(NKG))]
    props = [p for kind in (OWL.ObjectProperty, OWL.DatatypeProperty)
             for p in onto.subjects(RDF.type, kind) if str(p).startswith(str(NKG))]
    assert len(classes) > 60 and len(props) > 40
    assert [c for c in classes if not reaches_schema(c, RDFS.subClassOf)] == []
    assert [p for p in props if not reaches_schema(p, RDFS.subPropertyOf)] == []


def test_schema_org_is_used_with_https_only(onto):
    iris = {str(t) for triple in onto for t in triple if isinstance(t, URIRef)}
    assert not [i for i in iris if i.startswith("http://schema.org/")]
    assert (SCHEMA.Person, RDF.type, OWL.Class) in onto  # reused terms are declared


def test_role_types_map_to_their_shortcut_properties(onto):
    shortcuts = ontology.role_shortcuts(onto)
    assert shortcuts == {
        NKG.AgentRole: NKG.agent, NKG.ParticipantRole: NKG.hasParticipant,
        NKG.TargetRole: NKG.target, NKG.OrganiserRole: NKG.organizer,
        NKG.SpeakerRole: NKG.speaker, NKG.AttendeeRole: NKG.attendee,
    }
    for role, prop in shortcuts.items():
        assert (role, SKOS.inScheme, NKG.RoleTypes) in onto
        assert (prop, RDFS.subPropertyOf, NKG.hasActor) in onto
    assert (NKG.RoleType, RDFS.subClassOf, SKOS.Concept) in onto


def test_extraction_methods_form_a_concept_scheme(onto):
    methods = set(onto.subjects(RDF.type, NKG.ExtractionMethod))
    assert {NKG[n] for n in ("StatisticalNER", "GazetteerMatch", "DependencyPattern",
                             "AttributionPattern", "LexicalPattern", "DateRule",
                             "DocumentMetadata", "AliasRule")} <= methods
    assert all((m, SKOS.inScheme, NKG.ExtractionMethods) in onto for m in methods)


def _subclasses(onto, root):
    return {c for c in onto.transitive_subjects(RDFS.subClassOf, root) if c != root}


def test_every_event_class_has_trigger_lemmas_each_naming_one_class(onto):
    lexicon = ontology.annotation_values(onto, NKG.triggerLemma)
    events = _subclasses(onto, NKG.Event)
    assert len(events) >= 30
    assert sorted(set(events) - set(lexicon)) == []
    owners: dict[str, list] = {}
    for cls, lemmas in lexicon.items():
        for lemma in lemmas:
            owners.setdefault(lemma, []).append(cls)
    assert {lemma: c for lemma, c in owners.items() if len(c) > 1} == {}
    assert {"invade", "invasion"} <= set(lexicon[NKG.Invasion])
    assert "say" in lexicon[NKG.Statement]


@pytest.mark.parametrize("root, annotation, minimum", [
    (NKG.Organization, NKG.nameKeyword, 10),
    (NKG.Affiliation, NKG.roleKeyword, 3),
])
def test_subclasses_carry_keywords_each_naming_one_class(onto, root, annotation, minimum):
    table = ontology.annotation_values(onto, annotation)
    classes = _subclasses(onto, root)
    assert len(classes) >= minimum
    without = sorted(classes - set(table))
    assert without == []
    words = [w for values in table.values() for w in values]
    assert len(words) == len(set(words)), "a keyword must indicate one class only"


def test_keyword_examples_from_the_brief(onto):
    names = ontology.annotation_values(onto, NKG.nameKeyword)
    roles = ontology.annotation_values(onto, NKG.roleKeyword)
    assert "party" in names[NKG.PoliticalParty]
    assert {"militia", "brigades"} <= set(names[NKG.ArmedGroup])
    assert {"ministry", "parliament"} <= set(names[NKG.GovernmentOrganization])
    assert {"leader", "head", "commander"} <= set(roles[NKG.Leadership])
    assert {"minister", "co-coordinator", "spokesman"} <= set(roles[NKG.PositionHeld])
    assert "member" in roles[NKG.Membership]


def test_disjointness_and_union_ranges(onto):
    rows = onto.query("""
        PREFIX owl: <http://www.w3.org/2002/07/owl#>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?member WHERE {
          ?d a owl:AllDisjointClasses ; owl:members/rdf:rest*/rdf:first ?member }""")
    members = {r.member for r in rows}
    assert {NKG.Person, NKG.Organization, NKG.Group, NKG.Agent, NKG.Place, NKG.Event,
            NKG.Claim, NKG.Quotation, NKG.TextSpan, NKG.NewsArticle, NKG.Affiliation,
            NKG.Participation, NKG.Quantity, NKG.ExtractionActivity} <= members
    # a country (a place) may take part in an event
    rng = onto.value(NKG.participant, RDFS.range)
    union = set(onto.items(onto.value(rng, OWL.unionOf)))
    assert union == {NKG.Agent, NKG.Place}


def test_inverse_and_functional_properties(onto):
    for p, q in [(NKG.denotes, NKG.hasMention), (NKG.hasParticipation, NKG.participationIn),
                 (NKG.memberOf, NKG.hasMember), (NKG.leaderOf, NKG.ledBy)]:
        assert (p, OWL.inverseOf, q) in onto and (q, OWL.inverseOf, p) in onto
    for p in (NKG.contentHash, NKG.participant, NKG.roleType, NKG.confidence):
        assert (p, RDF.type, OWL.FunctionalProperty) in onto
    # a quotation has exactly one speaker
    restrictions = [r for r in onto.objects(NKG.Quotation, RDFS.subClassOf)
                    if (r, OWL.onProperty, NKG.speaker) in onto]
    assert [int(onto.value(r, OWL.cardinality)) for r in restrictions] == [1]


def test_every_term_has_english_label_and_definition(onto):
    terms = {s for s in onto.subjects(RDF.type, None)
             if isinstance(s, URIRef) and str(s).startswith(str(NKG))}
    labels = ontology.labels(onto)
    assert terms - set(labels) == set()
    assert all(any(d.language == "en" for d in onto.objects(t, SKOS.definition)) for t in terms)

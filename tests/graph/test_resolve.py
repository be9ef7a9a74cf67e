"""Cross-article entity resolution (graph.resolve): an entity named in a new article by a
surname, an acronym, a short form or a known alias takes the canonical label, hence the IRI,
of the one entity the store already knows by that name; ambiguous names never merge."""

from __future__ import annotations

import pytest
from rdflib import Graph

from extract_support import ROOT, default_settings
from graph.extract.document import Document, Entity, Event, Mention, Quotation, Role, Span
from graph.ingest import WRITTEN, ingest_paths
from graph.resolve import EntityIndex
from graph.store import open_store

DATA = ROOT / "tests" / "data" / "ingest"
BASE = "https://w3id.org/newskg/"
KNOWN = """
@prefix nkg: <https://w3id.org/newskg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix id: <https://w3id.org/newskg/id/> .
id:person\\/nouri-al-maliki a nkg:Person ; skos:prefLabel "Nouri al-Maliki"@en .
id:person\\/barack-obama a nkg:Person ; skos:prefLabel "Barack Obama"@en ;
    skos:altLabel "Obama"@en .
id:person\\/michelle-obama a nkg:Person ; skos:prefLabel "Michelle Obama"@en .
id:person\\/ibrahim-al-badri a nkg:Person ; skos:prefLabel "Ibrahim al-Badri"@en ;
    skos:altLabel "Abu Bakr al-Baghdadi"@en .
id:org\\/islamic-state-in-iraq-and-the-levant a nkg:ArmedGroup ;
    skos:prefLabel "Islamic State in Iraq and the Levant"@en .
id:org\\/northwind-logistics a nkg:Company ; skos:prefLabel "Northwind Logistics"@en .
id:org\\/united-steel a nkg:Company ; skos:prefLabel "United Steel"@en .
id:org\\/united-grain a nkg:Company ; skos:prefLabel "United Grain"@en .
id:place\\/jordan a nkg:Country ; skos:prefLabel "Jordan"@en .
"""
SENTENCE = Span(0, 80)


@pytest.fixture(scope="module")
def index() -> EntityIndex:
    store = open_store("memory")
    g = Graph()
    g.parse(data=KNOWN, format="turtle")
    store.replace_graph("https://w3id.org/newskg/id/article/0000000000000001", g)
    return EntityIndex.from_store(store, BASE)


def _entity(label: str, kind: str, group: str, at: int = 10, **kw) -> Entity:
    ent = Entity(label=label, kind=kind, group=group, **kw)
    ent.mentions.append(Mention(at, at + len(label), label, SENTENCE))
    return ent


def _document(*entities: Entity) -> Document:
    return Document(article=None, sentences=[SENTENCE],
                    entities={e.key: e for e in entities})


def _resolved(index: EntityIndex, *entities: Entity) -> Document:
    doc = _document(*entities)
    index.resolve(doc)
    return doc


def test_the_index_is_loaded_with_every_name_of_every_entity(index):
    assert len(index) == 9
    assert index.labels[("person", "barack-obama")] == "Barack Obama"


def test_a_surname_alone_takes_the_full_name_and_every_reference_follows(index):
    maliki = _entity("Maliki", "Person", "person")
    doc = _document(maliki)
    doc.quotations.append(Quotation("We will win", 40, 51, maliki.key, SENTENCE))
    event = Event("Speech", "speak", "said", 55, 59, SENTENCE)
    event.add_role(Role("SpeakerRole", maliki.key, SENTENCE))
    doc.events.append(event)
    assert index.resolve(doc) == {("person", "Maliki"): ("person", "Nouri al-Maliki")}
    assert list(doc.entities) == [("person", "Nouri al-Maliki")]
    ent = doc.entities[("person", "Nouri al-Maliki")]
    assert ent.aliases == {"Maliki"} and [m.text for m in ent.mentions] == ["Maliki"]
    assert doc.quotations[0].speaker == ent.key
    assert doc.events[0].roles[0].entity == ent.key


def test_a_surname_shared_by_two_known_people_is_not_merged(index):
    # 'Obama' is the altLabel of Barack Obama, but also the surname of Michelle Obama:
    # an exact alias match wins only when no other entity has that exact name...
    doc = _resolved(index, _entity("Obama", "Person", "person"))
    assert list(doc.entities) == [("person", "Barack Obama")]
    # ...while a surname that two known people share, with no exact match, stays as it is
    other = EntityIndex(BASE)
    other.add(_document(_entity("Anna Berg", "Person", "person"),
                        _entity("Jonas Berg", "Person", "person")))
    doc = _resolved(other, _entity("Berg", "Person", "person"))
    assert list(doc.entities) == [("person", "Berg")]


def test_a_full_name_known_as_an_alias_takes_that_entity(index):
    doc = _resolved(index, _entity("Abu Bakr al-Baghdadi", "Person", "person"))
    assert list(doc.entities) == [("person", "Ibrahim al-Badri")]
    assert doc.entities[("person", "Ibrahim al-Badri")].aliases == {"Abu Bakr al-Baghdadi"}


def test_an_acronym_takes_the_organisation_and_its_more_specific_kind(index):
    doc = _resolved(index, _entity("ISIL", "Organization", "org"))
    [ent] = doc.entities.values()
    assert ent.label == "Islamic State in Iraq and the Levant"
    assert ent.kind == "ArmedGroup"


def test_a_short_form_of_one_organisation_merges_but_not_of_two(index):
    doc = _resolved(index, _entity("Northwind", "Company", "org"))
    assert list(doc.entities) == [("org", "Northwind Logistics")]
    doc = _resolved(index, _entity("United", "Company", "org"))
    assert list(doc.entities) == [("org", "United")]


def test_names_only_match_within_their_group(index):
    doc = _resolved(index, _entity("Jordan", "Person", "person"))
    assert list(doc.entities) == [("person", "Jordan")]


def test_gazetteer_entities_keep_their_label(index):
    doc = _resolved(index, _entity("Obama", "Person", "person", from_gazetteer=True))
    assert list(doc.entities) == [("person", "Obama")]


def test_an_entity_renamed_to_another_of_the_same_article_merges_into_it(index):
    full = _entity("Islamic State in Iraq and the Levant", "ArmedGroup", "org", at=0)
    short = _entity("ISIL", "ArmedGroup", "org", at=50)
    doc = _resolved(index, full, short)
    [ent] = doc.entities.values()
    assert [m.begin for m in ent.mentions] == [0, 50] and ent.aliases == {"ISIL"}


def test_the_index_follows_written_and_withdrawn_articles():
    index = EntityIndex(BASE)
    first = _document(_entity("Coastal Freight Workers Union", "TradeUnion", "org"))
    index.add(first)
    assert _resolved(index, _entity("CFWU", "Organization", "org")).entities.keys() == {
        ("org", "Coastal Freight Workers Union")}
    index.remove(first)
    assert len(index) == 0
    assert list(_resolved(index, _entity("CFWU", "Organization", "org")).entities) == [
        ("org", "CFWU")]


# ------------------------------------------------------------- two real articles, one store

PERSON = "https://w3id.org/newskg/id/person/maria-lindqvist"
UNION = "https://w3id.org/newskg/id/org/coastal-freight-workers-union"


def _check_second_article(store, iri: str) -> None:
    q = f"""PREFIX nkg: <https://w3id.org/newskg/ontology#>
        PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
        SELECT DISTINCT ?text ?e WHERE {{ GRAPH <{iri}> {{
            ?m nkg:denotes ?e ; nif:anchorOf ?text }} }}"""
    denotes = {str(t): str(e) for t, e in store.query(q).rows}
    # 'Lindqvist' and 'CFWU' alone in the second article are the nodes of the first one
    assert denotes["Lindqvist"] == PERSON
    assert denotes["CFWU"] == UNION
    speaker = store.query(f"""PREFIX nkg: <https://w3id.org/newskg/ontology#>
        SELECT ?s {{ GRAPH <{iri}> {{ ?q a nkg:Quotation ; nkg:speaker ?s }} }}""").rows
    assert [str(s) for (s,) in speaker] == [PERSON]
    assert not store.query("""ASK { { <https://w3id.org/newskg/id/person/lindqvist> ?p ?o }
        UNION { <https://w3id.org/newskg/id/org/cfwu> ?p ?o } }""").boolean
    # the union node keeps its specific kind in both articles
    kinds = store.query(f"SELECT DISTINCT ?t {{ GRAPH ?g {{ <{UNION}> a ?t }} }}").rows
    assert len(kinds) == 1


@pytest.mark.parametrize("spec", ["memory", "oxigraph"])
def test_two_articles_ingested_in_sequence_share_their_entities(spec, tmp_path):
    store = open_store("memory" if spec == "memory" else f"oxigraph:{tmp_path / 'db'}")
    with store:
        # force: resolution is under test here, not whether extraction makes a conforming
        # graph (SHACL still runs)
        first = ingest_paths([DATA / "port-strike.md"], store, default_settings(),
                             progress=False, force=True)
        second = ingest_paths([DATA / "port-talks.md"], store, default_settings(),
                              progress=False, force=True)
        assert [r.status for r in first.results + second.results] == [WRITTEN, WRITTEN]
        _check_second_article(store, second.results[0].iri)
        mentions = store.query(f"""PREFIX nkg: <https://w3id.org/newskg/ontology#>
            SELECT (COUNT(DISTINCT ?g) AS ?n) {{ GRAPH ?g {{ ?m nkg:denotes <{PERSON}> }} }}""")
        assert int(mentions.rows[0][0]) == 2


def test_articles_of_one_run_resolve_to_each_other():
    store = open_store("memory")
    summary = ingest_paths([DATA], store, default_settings(), progress=False, force=True)
    assert [r.path.name for r in summary.results] == ["port-strike.md", "port-talks.md"]
    _check_second_article(store, summary.results[1].iri)


def test_two_letter_initials_do_not_make_an_acronym():
    index = EntityIndex(BASE)
    index.add(_document(_entity("Northern Shipping", "Company", "org")))
    doc = _resolved(index, _entity("NS", "Organization", "org"))
    assert list(doc.entities) == [("org", "NS")]


def test_an_unnamed_source_stays_local_to_its_article(tmp_path):
    """'police said' in two articles is two sources: never one node, never a merge target."""
    for name, place in (("a.md", "Athens"), ("b.md", "Nairobi")):
        (tmp_path / name).write_text(
            f"---\ntitle: Fire in {place}\npublished: 2024-08-12\npublisher: Example Wire\n---\n"
            f"A fire destroyed 40 homes in {place} on Monday, the fire brigade said. Crews "
            f"worked through the night and the roads stayed closed until the morning.\n",
            encoding="utf-8")
    store = open_store("memory")
    ingest_paths([tmp_path], store, default_settings(), progress=False)
    rows = store.query("""PREFIX nkg: <https://w3id.org/newskg/ontology#>
        SELECT ?source ?article WHERE { ?c a nkg:Claim ; nkg:attributedTo ?source ;
                                           nkg:sourceArticle ?article }""").rows
    sources = {str(s) for s, _ in rows}
    assert len(rows) == 2 and len(sources) == 2
    for source, article in rows:
        h = str(article).rsplit("/", 1)[1]
        assert str(source) == f"{BASE}id/org/{h}-fire-brigade"
    assert not [i for i in EntityIndex.from_store(store, BASE).labels if "fire" in i[1]]

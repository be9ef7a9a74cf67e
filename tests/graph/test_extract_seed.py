"""What the graph says about the seed article (data/articles/seed.md), asked with SPARQL.

The seed is ingested once per session into a memory store (extract_support.bundled_store): a
real spaCy parse, real extraction, real SHACL validation and a real Oxigraph store.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from extract_support import article_graph, ask, select


@pytest.fixture(scope="module")
def seed() -> str:
    return article_graph("seed.md")


def labels_of(graph: str, cls: str) -> set[str]:
    rows = select(f"SELECT ?l {{ ?e a/rdfs:subClassOf* nkg:{cls} ; skos:prefLabel ?l }}", graph)
    return {str(r["l"]) for r in rows}


def test_seed_article_is_stored_with_its_metadata(seed):
    rows = select("""SELECT ?h ?d ?pub ?hash { ?a a nkg:NewsArticle ; schema:headline ?h ;
                     schema:datePublished ?d ; schema:publisher ?p ; nkg:contentHash ?hash .
                     ?p skos:prefLabel ?pub . ?p a nkg:NewsMediaOrganization }""", seed)
    assert rows == [{"h": "Anti-Maliki coalition formed in Iraq", "d": dt.date(2014, 7, 26),
                     "pub": "Workers World", "hash": rows[0]["hash"]}]
    assert rows[0]["hash"].startswith("sha256:") and seed.endswith(rows[0]["hash"][7:23])


def test_every_named_person(seed):
    people = labels_of(seed, "Person")
    assert {"Barack Obama", "Nouri al-Maliki", "Ahmed Dabashi", "Sara Flounders",
            "Saddam Hussein"} <= people


def test_every_named_organisation(seed):
    orgs = labels_of(seed, "Organization")
    assert {"Islamic State", "al-Qaida", "Ba'ath Party", "Islamic Army",
            "Muslim Scholars Association", "International Action Center", "Workers World",
            "Revolutionary National Iraq Army"} <= orgs


def test_every_named_place(seed):
    places = labels_of(seed, "Place")
    assert {"Iraq", "Syria", "Baghdad", "Amman", "Jordan", "Mosul", "Iran", "Ukraine",
            "Palestine", "Saudi Arabia", "Afghanistan", "Libya"} <= places
    # "Washington" is read as the place (the US capital), not as the US government.
    assert "Washington, D.C." in places


def test_organisations_are_typed_by_the_ontology(seed):
    rows = select("SELECT ?e ?t { ?e a ?t }", seed)
    types: dict[str, set[str]] = {}
    for r in rows:
        types.setdefault(str(r["e"]), set()).add(str(r["t"]).rsplit("#", 1)[-1])
    assert "ArmedGroup" in types["https://w3id.org/newskg/id/org/islamic-army"]
    assert "PoliticalParty" in types["https://w3id.org/newskg/id/org/ba-ath-party"]
    assert "Country" in types["https://w3id.org/newskg/id/place/iraq"]
    assert "City" in types["https://w3id.org/newskg/id/place/amman"]
    assert "Person" in types["https://w3id.org/newskg/id/person/sara-flounders"]


def test_one_node_per_entity_with_aliases(seed):
    rows = select("""SELECT ?alt { id:org/islamic-state skos:altLabel ?alt ;
                     schema:alternateName ?alt }""", seed)
    aliases = {str(r["alt"]) for r in rows}
    assert {"ISIL", "I.S.", "Islamic State in Iraq and the Levant"} <= aliases
    assert ask('ASK { id:org/muslim-scholars-association skos:altLabel "MSA"@en }', seed)
    assert ask('ASK { id:person/nouri-al-maliki skos:altLabel "Maliki"@en }', seed)
    assert ask("ASK { id:org/ba-ath-party skos:altLabel ?a FILTER(CONTAINS(?a, 'athists')) }",
               seed)
    # "Maliki" alone is not a second person
    assert not ask("ASK { ?p a nkg:Person ; skos:prefLabel ?l FILTER(STR(?l) = 'Maliki') }", seed)


def test_mentions_are_spans_of_the_text(seed):
    rows = select("""SELECT ?b ?e ?anchor ?text { ?m a nkg:Mention ; nkg:denotes id:person/nouri-al-maliki ;
                     nif:beginIndex ?b ; nif:endIndex ?e ; nif:anchorOf ?anchor ;
                     nif:referenceContext ?a ; nkg:sentence ?s . ?a nif:isString ?text }""", seed)
    assert len(rows) >= 5
    for r in rows:
        assert r["text"][r["b"]:r["e"]] == r["anchor"]
    assert {r["anchor"] for r in rows} >= {"Nouri al-Maliki", "Maliki"}


def test_places_link_to_geonames_and_wikidata(seed):
    assert ask("ASK { id:place/amman owl:sameAs <https://sws.geonames.org/250441/> ; "
               "nkg:containedInPlace id:place/jordan }", seed)
    assert ask("ASK { id:place/iraq owl:sameAs <https://sws.geonames.org/99237/> , "
               "<http://www.wikidata.org/entity/Q796> }", seed)


def test_obama_speech_of_june_19(seed):
    rows = select("""SELECT ?d ?p { ?e a nkg:Speech ; nkg:speaker id:person/barack-obama ;
                     schema:startDate ?d ; nkg:timePrecision ?p }""", seed)
    assert rows == [{"d": dt.date(2014, 6, 19),
                     "p": "http://www.w3.org/2006/time#unitDay"}]


def test_amman_conference_of_july_16(seed):
    rows = select("""SELECT ?e ?d { ?e a nkg:Conference ; nkg:place id:place/amman ;
                     schema:startDate ?d ; nkg:hasParticipation ?r .
                     ?r nkg:participant id:person/ahmed-dabashi ; nkg:roleType ?rt
                     FILTER(?rt IN (nkg:OrganiserRole, nkg:ParticipantRole)) }""", seed)
    assert rows and rows[0]["d"] == dt.date(2014, 7, 16)
    assert ask("ASK { ?e a nkg:Conference ; nkg:organizer id:person/ahmed-dabashi }", seed)


def test_dabashi_heads_the_islamic_army(seed):
    rows = select("""SELECT ?role { ?a a nkg:Leadership ; nkg:holder id:person/ahmed-dabashi ;
                     nkg:organization id:org/islamic-army ; nkg:roleName ?role ;
                     nkg:evidence ?s ; nkg:confidence ?c }""", seed)
    assert [str(r["role"]) for r in rows] == ["head"]
    assert ask("ASK { id:person/ahmed-dabashi nkg:leaderOf id:org/islamic-army }", seed)


def test_titles_and_positions(seed):
    assert ask("""ASK { ?a nkg:holder id:person/sara-flounders ;
                  nkg:organization id:org/international-action-center ;
                  nkg:roleName "co-coordinator"@en }""", seed)
    assert ask('ASK { id:person/barack-obama schema:jobTitle "President"@en }', seed)
    assert ask('ASK { id:person/nouri-al-maliki schema:jobTitle "Prime Minister"@en }', seed)


def test_dabashi_quotation(seed):
    rows = select("""SELECT ?t ?d { ?q a nkg:Quotation ; nkg:speaker id:person/ahmed-dabashi ;
                     nkg:quoteText ?t ; nkg:evidence ?s . OPTIONAL { ?q nkg:statedOn ?d } }""",
                  seed)
    assert len(rows) == 1
    assert rows[0]["t"].startswith("We call on the international community")
    assert rows[0]["d"] == dt.date(2014, 7, 16)


def test_scare_quotes_are_not_quotations(seed):
    texts = {str(r["t"]) for r in select("SELECT ?t { ?q nkg:quoteText ?t }", seed)}
    assert not any(t.startswith(("terrorist", "weapons of mass", "divide and")) for t in texts)


@pytest.mark.parametrize("value, unit, measured", [
    (1500000, "Iraqis", "death"),
    (5000000, "Iraqis", "exile"),
    (500000, "children", "killed"),
])
def test_casualty_and_exile_claims(seed, value, unit, measured):
    rows = select(f"""SELECT ?who ?m ?u {{ ?c a nkg:Claim ; nkg:quantity ?q ; nkg:attributedTo ?who ;
                     nkg:evidence ?s ; nkg:claimText ?t .
                     ?q nkg:numericValue {value} ; nkg:unitText ?u .
                     OPTIONAL {{ ?q nkg:measuredProperty ?m }} }}""", seed)
    assert len(rows) == 1
    assert rows[0]["u"] == unit and rows[0]["m"] == measured
    assert rows[0]["who"] == "https://w3id.org/newskg/id/org/workers-world"


def test_claim_values_are_typed_numbers(seed):
    rows = select("SELECT ?v { ?q a nkg:Quantity ; nkg:numericValue ?v }", seed)
    values = {r["v"] for r in rows}
    assert {1500000, 5000000, 500000, 200, 90, 1000} <= {int(v) for v in values}
    assert all(isinstance(v, (int, Decimal)) for v in values)
    assert ask("""ASK { ?q nkg:numericValue 90 ; nkg:unitText "percent" ;
                  nkg:valueQualifier "about" }""", seed)
    assert ask('ASK { ?q nkg:numericValue 1000 ; nkg:valueQualifier "more than" }', seed)


def test_no_years_or_ordinals_as_claims(seed):
    values = {int(r["v"]) for r in select("SELECT ?v { ?q nkg:numericValue ?v }", seed)}
    assert not values & {2003, 1991, 1980, 12, 2014}


def test_the_2003_invasion(seed):
    rows = select("""SELECT DISTINCT ?e { ?e a nkg:Invasion ; schema:startDate ?d ;
                     nkg:target id:place/iraq ; nkg:hasParticipation ?r .
                     ?r nkg:roleType nkg:AgentRole ; nkg:participant id:place/united-states
                     FILTER(STR(?d) = "2003") }""", seed)
    assert rows


def test_occupation_range_2003_to_2011(seed):
    rows = select("""SELECT ?s ?e { ?o a nkg:Occupation ; schema:startDate ?s ;
                     schema:endDate ?e ; nkg:timeText ?t FILTER(CONTAINS(?t, "2003-11")) }""",
                  seed)
    assert rows and {(str(r["s"]), str(r["e"])) for r in rows} == {("2003", "2011")}


def test_the_1980s_as_a_decade(seed):
    rows = select("""SELECT ?s ?e { ?x schema:startDate ?s ; schema:endDate ?e ;
                     nkg:timePrecision time:unitDecade }""", seed)
    assert ("1980", "1989") in {(str(r["s"]), str(r["e"])) for r in rows}


def test_planned_august_meeting_in_amman(seed):
    rows = select("""SELECT ?d { ?m a nkg:Meeting ; schema:eventStatus schema:EventScheduled ;
                     nkg:place id:place/amman ; schema:startDate ?d }""", seed)
    assert [str(r["d"]) for r in rows] == ["2014-08"]
    assert ask("""ASK { ?m schema:eventStatus schema:EventScheduled ;
                  schema:startDate "2014-08"^^xsd:gYearMonth }""", seed)


def test_expulsion_from_mosul_by_islamic_state(seed):
    assert ask("""ASK { ?e a nkg:Expulsion ; nkg:agent id:org/islamic-state ;
                  nkg:place id:place/mosul }""", seed)


def test_provenance_on_every_extracted_node(seed):
    missing = select("""SELECT ?n { { ?n a/rdfs:subClassOf* nkg:Event } UNION
                       { ?n a nkg:Quotation } UNION { ?n a nkg:Claim } UNION
                       { ?n a/rdfs:subClassOf* nkg:Affiliation } UNION { ?n a nkg:Participation }
                       FILTER NOT EXISTS { ?n nkg:sourceArticle ?a ; nkg:evidence ?s ;
                           nkg:extractionMethod ?m ; nkg:confidence ?c } }""", seed)
    assert missing == []
    assert ask("""ASK { id:person/ahmed-dabashi nkg:sourceArticle ?a ; prov:wasGeneratedBy ?x .
                  ?x a nkg:ExtractionActivity ; prov:used ?a ; prov:startedAtTime ?t }""", seed)

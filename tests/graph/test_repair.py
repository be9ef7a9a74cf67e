"""Ingest drops the extracted facts that fail the shapes and keeps the rest of the article;
--strict rejects the article instead."""

from pathlib import Path

import pytest

from graph import settings as settings_table
from graph.store import open_store
from newskg.cli import main

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "data" / "articles" / "seed.md"
QUOTES = ("PREFIX nkg: <https://w3id.org/newskg/ontology#> "
          "SELECT (COUNT(?q) AS ?n) WHERE { ?q a nkg:Quotation }")
EVENTS = ("PREFIX nkg: <https://w3id.org/newskg/ontology#> PREFIX schema: <https://schema.org/> "
          "SELECT (COUNT(?e) AS ?n) WHERE { ?e schema:startDate ?d }")


@pytest.fixture
def failing_quotations(monkeypatch):
    monkeypatch.setattr(settings_table, "SHAPES_DIR", ROOT / "tests" / "data" / "ingest" /
                        "prune-shapes")


def _count(spec: str, query: str) -> int:
    with open_store(spec) as store:
        return int(store.query(query).rows[0][0])


def test_failing_facts_are_dropped_and_the_rest_is_written(failing_quotations, tmp_path, capsys):
    spec = f"oxigraph:{tmp_path / 'db'}"
    assert main(["ingest", str(SEED), "--store", spec]) == 0
    captured = capsys.readouterr()
    assert "extracted fact(s) dropped because they do not conform" in captured.err
    assert "/id/quote/" in captured.err
    assert _count(spec, QUOTES) == 0          # every quotation failed the test shape
    assert _count(spec, EVENTS) > 5           # the other facts of the article are there


def test_strict_rejects_the_whole_article(failing_quotations, tmp_path, capsys):
    spec = f"oxigraph:{tmp_path / 'db'}"
    assert main(["ingest", str(SEED), "--store", spec, "--strict"]) == 1
    assert "test shape: every quotation needs a schema:license" in capsys.readouterr().err
    assert _count(spec, EVENTS) == 0


def test_a_bad_shortcut_on_an_entity_drops_the_affiliation_behind_it():
    """'president of the Cop28 summit' once made a city the organisation of a leadership: the
    violation is on the person (its nkg:leaderOf), not on a fact, and rejected the article."""
    from rdflib import Literal, URIRef

    from graph.ingest import check_graph
    from graph.namespaces import NKG
    from tests.graph.extract_support import article_graph, bundled_store

    store, _ = bundled_store()
    iri = article_graph("seed.md")
    graph = store.get_graph(iri)
    holder = URIRef("https://w3id.org/newskg/id/person/ahmed-dabashi")
    city = URIRef("https://w3id.org/newskg/id/place/amman")
    good = next(graph.subjects(NKG.holder, holder))
    bad = URIRef(str(good) + "0")
    for p, o in graph.predicate_objects(good):
        graph.add((bad, p, o))
    graph.remove((bad, NKG.organization, None))
    graph.add((bad, NKG.organization, city))
    graph.set((bad, NKG.roleName, Literal("president", lang="en")))
    graph.add((holder, NKG.leaderOf, city))
    conforms, _, pruned, dropped = check_graph(graph, iri)
    assert conforms and dropped == [str(bad)]
    assert (holder, NKG.leaderOf, city) not in pruned
    assert (good, NKG.holder, holder) in pruned

"""The linked-data fixture (tests/data/linked_data/articles.trig: two articles that follow
docs/data-model.md) and a store loaded with it, shared by the linked-data and browser tests."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from graph.namespaces import ONTOLOGY_IRI
from graph.store import open_store
from graph.terms import from_ox

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "data" / "linked_data" / "articles.trig"
ONTOLOGY = ROOT / "ontology" / "newskg.ttl"
A1 = "01ba7cbb1c44db8d"  # the Geneva article
A2 = "441b0b0a95d60d53"  # the Amman article


def fixture_graphs() -> dict[str, Graph]:
    """The fixture's named graphs (one per article) as rdflib graphs."""
    graphs: dict[str, Graph] = {}
    for quad in ox.parse(path=str(FIXTURE), format=ox.RdfFormat.TRIG):
        graph = graphs.setdefault(quad.graph_name.value, Graph())
        graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    return graphs


def load_fixture(store_dir: Path) -> None:
    """The fixture's article graphs and the ontology (in its own graph, as ingest stores it)."""
    store = open_store(f"oxigraph:{store_dir}")
    try:
        for name, graph in fixture_graphs().items():
            store.replace_graph(name, graph)
        ontology = Graph()
        ontology.parse(data=ONTOLOGY.read_text(encoding="utf-8"), format="turtle")
        store.replace_graph(ONTOLOGY_IRI, ontology)
    finally:
        store.close()

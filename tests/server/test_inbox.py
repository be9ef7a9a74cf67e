"""A running server shows articles handed to it through the store's inbox within seconds."""

import time

import requests
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from graph import spool

NEW = "https://w3id.org/newskg/id/article/00000000000000ff"


def _ask(server, iri: str) -> bool:
    r = requests.get(server.sparql, params={"query": f"ASK {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}"},
                     headers={"Accept": "application/sparql-results+json"}, timeout=10)
    r.raise_for_status()
    return r.json()["boolean"]


def test_a_queued_graph_is_served_within_seconds(server):
    assert not _ask(server, NEW)
    g = Graph()
    g.add((URIRef("http://example.org/inbox-item"), RDFS.label, Literal("queued")))
    spool.enqueue(server.store, NEW, g)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and not _ask(server, NEW):
        time.sleep(0.3)
    assert _ask(server, NEW), "the server did not pick up the queued article"
    assert spool.pending(server.store) == []


def test_newskg_ingest_while_the_server_runs_hands_the_article_over(server, tmp_path):
    import subprocess
    import sys

    article = tmp_path / "quake.md"
    article.write_text(
        "---\ntitle: Quake shakes coastal town\npublished: 2024-03-02\npublisher: Example Wire\n"
        "---\n\nLIMA, March 2 (Example Wire) - An earthquake of magnitude 6.1 struck the coast "
        "of Peru on Friday, the national emergency agency said. At least 12 people were "
        "injured in the town of Chimbote, officials said, and about 300 homes were damaged.\n",
        encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "newskg", "ingest", str(article), "--store",
                           f"oxigraph:{server.store}"], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "queued" in proc.stdout
    query = ("PREFIX schema: <https://schema.org/> ASK { GRAPH ?g { ?a schema:headline "
             "\"Quake shakes coastal town\"@en } }")
    deadline = time.monotonic() + 20
    found = False
    while time.monotonic() < deadline and not found:
        r = requests.get(server.sparql, params={"query": query},
                         headers={"Accept": "application/sparql-results+json"}, timeout=10)
        found = r.json()["boolean"]
        time.sleep(0.3)
    assert found, "the article ingested while the server ran never appeared"

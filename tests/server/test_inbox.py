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

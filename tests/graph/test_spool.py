"""The inbox that lets ingest hand articles to the process that owns the store."""

import subprocess
import sys

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from graph import spool
from graph.errors import StoreLockedError
from graph.store import OxigraphStore

G1 = "https://w3id.org/newskg/id/article/0000000000000001"


def _graph(label: str) -> Graph:
    g = Graph()
    g.add((URIRef(G1), URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal(label, lang="en")))
    g.add((URIRef(G1), URIRef("https://schema.org/wordCount"), Literal(42)))
    return g


def test_a_second_process_cannot_open_the_store_and_is_told_why(tmp_path):
    store = OxigraphStore(tmp_path / "store")
    code = ("from graph.store import OxigraphStore\n"
            "from graph.errors import StoreLockedError\n"
            f"try:\n    OxigraphStore({str(tmp_path / 'store')!r})\n"
            "except StoreLockedError as e:\n    print('LOCKED', e.message)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
    assert out.startswith("LOCKED") and "newskg serve" in out
    store.close()


def test_queued_graphs_replace_the_named_graph_in_order(tmp_path):
    store = OxigraphStore(tmp_path / "store")
    store.replace_graph(G1, _graph("old"))
    spool.enqueue(tmp_path / "store", G1, _graph("first"))
    spool.enqueue(tmp_path / "store", G1, _graph("second"))
    assert len(spool.pending(tmp_path / "store")) == 2
    assert spool.drain(store, tmp_path / "store") == [G1, G1]
    assert isomorphic(store.get_graph(G1), _graph("second"))
    assert spool.pending(tmp_path / "store") == []


def test_a_broken_file_is_set_aside_and_the_store_keeps_its_data(tmp_path):
    store = OxigraphStore(tmp_path / "store")
    store.replace_graph(G1, _graph("kept"))
    inbox = spool.inbox_dir(tmp_path / "store")
    inbox.mkdir()
    (inbox / "00000000000000000001-deadbeef.nq").write_text("<not> <valid nquads\n")
    assert spool.drain(store, tmp_path / "store") == []
    assert isomorphic(store.get_graph(G1), _graph("kept"))
    rejected = inbox / "rejected"
    assert (rejected / "00000000000000000001-deadbeef.nq").exists()
    assert (rejected / "00000000000000000001-deadbeef.nq.reason").read_text().strip()

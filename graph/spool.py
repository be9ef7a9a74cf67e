"""The inbox that lets `newskg ingest` and a running `newskg serve` share one store.

pyoxigraph lets one process open a store for writing. While a server owns the store at
``oxigraph:PATH``, ingest cannot open it; instead it drops each validated article graph, as
one N-Quads file, into the inbox folder ``PATH.inbox/`` (written under a temporary name, then
renamed: a reader never sees half a file). The owning process drains the inbox every second:
each file is applied as one transaction (the article's named graph is replaced) and then
deleted; a file that cannot be applied is moved to ``PATH.inbox/rejected/`` beside a
``.reason`` text, and the store keeps what it held.
"""

from __future__ import annotations

import logging
import os
import time
import uuid
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from graph.store import Store
from graph.terms import graph_to_quads, triples_to_graph

log = logging.getLogger("newskg.spool")

SUFFIX = ".nq"


def inbox_dir(store_path: str | Path) -> Path:
    return Path(str(store_path).rstrip("/") + ".inbox")


def enqueue(store_path: str | Path, graph_name: str, graph: Graph) -> Path:
    """Queue ``graph`` to replace the named graph ``graph_name`` of the store at ``store_path``."""
    inbox = inbox_dir(store_path)
    inbox.mkdir(parents=True, exist_ok=True)
    stem = f"{time.time_ns():020d}-{uuid.uuid4().hex[:8]}"
    tmp = inbox / f".{stem}.tmp"
    with open(tmp, "wb") as out:
        ox.serialize(graph_to_quads(graph, graph_name), out, ox.RdfFormat.N_QUADS)
    final = inbox / f"{stem}{SUFFIX}"
    os.replace(tmp, final)
    return final


def pending(store_path: str | Path) -> list[Path]:
    inbox = inbox_dir(store_path)
    if not inbox.is_dir():
        return []
    return sorted(p for p in inbox.iterdir() if p.suffix == SUFFIX and p.is_file())


def drain(store: Store, store_path: str | Path) -> list[str]:
    """Apply every queued file to ``store`` in order; returns the graph names written."""
    written: list[str] = []
    for path in pending(store_path):
        try:
            quads = list(ox.parse(path.read_bytes(), ox.RdfFormat.N_QUADS))
            names = {q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)}
            if len(names) != 1 or any(not isinstance(q.graph_name, ox.NamedNode) for q in quads):
                raise ValueError(f"expected one named graph, found {len(names)}")
            name = names.pop()
            store.replace_graph(name, triples_to_graph(quads))
            written.append(name)
            path.unlink()
        except Exception as exc:  # a bad file must not stop the others nor the server
            rejected = path.parent / "rejected"
            rejected.mkdir(exist_ok=True)
            os.replace(path, rejected / path.name)
            (rejected / (path.name + ".reason")).write_text(f"{type(exc).__name__}: {exc}\n",
                                                           encoding="utf-8")
            log.error("inbox file %s rejected: %s", path.name, exc)
    return written


class InboxStore(Store):
    """What `newskg ingest` writes to while another process owns the store: every replaced
    graph becomes one inbox file. It reads nothing (the owner's store is not readable here)."""

    def __init__(self, store_path: str | Path) -> None:
        self.path = Path(store_path)
        self.queued: list[Path] = []

    def has_graph(self, name: str) -> bool:
        return False

    def replace_graph(self, name: str | None, graph: Graph, *, quads=None) -> None:
        if name is None:
            raise ValueError("the inbox takes named graphs only")
        self.queued.append(enqueue(self.path, name, graph))

    def get_graph(self, name: str | None) -> Graph:
        raise NotImplementedError("the inbox cannot be read")

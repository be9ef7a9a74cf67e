"""An HTTP client for a SPARQL 1.1 server under test: newskg's or the Oxigraph server's.

One ``requests.Session`` (HTTP keep-alive) per server. Data is loaded with the Graph Store
Protocol (PUT of each file into the graph named by its file IRI), queries are POSTed as forms
with the dataset in ``default-graph-uri`` / ``named-graph-uri``, and the graphs a test loaded
are dropped after it (``DROP ALL`` where a test may have written anywhere).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import requests

from tests.w3c.manifest import DATA_TYPES
from tests.w3c.results import ACCEPT


class LoadError(AssertionError):
    pass


@dataclass
class Endpoint:
    name: str
    url: str  # ends with /
    query_path: str  # "sparql" (newskg) or "query" (oxigraph)
    update_path: str
    store_path: str  # "data" (newskg) or "store" (oxigraph)
    token: str | None = None
    session: requests.Session = field(default_factory=requests.Session)

    @property
    def auth(self) -> dict:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def put_graph(self, iri: str | None, path: Path) -> None:
        """Replace graph ``iri`` (None: the default graph) with the RDF file at ``path``."""
        params = {"graph": iri} if iri else {"default": ""}
        headers = {"Content-Type": DATA_TYPES[path.suffix], **self.auth}
        response = self.session.put(self.url + self.store_path, params=params,
                                    data=path.read_bytes(), headers=headers, timeout=30)
        if not response.ok:
            raise LoadError(f"{self.name}: loading {path.name} into <{iri}> answered "
                            f"{response.status_code}: {response.text[:500]}")

    def delete_graph(self, iri: str) -> None:
        """Drop graph ``iri`` (a graph that does not exist is fine)."""
        response = self.session.delete(self.url + self.store_path, params={"graph": iri},
                                       headers=self.auth, timeout=30)
        if not (response.ok or response.status_code == 404):
            raise LoadError(f"{self.name}: deleting <{iri}> answered {response.status_code}: "
                            f"{response.text[:500]}")

    def update(self, text: str) -> None:
        response = self.session.post(self.url + self.update_path, data=text.encode(),
                                     headers={"Content-Type": "application/sparql-update",
                                              **self.auth}, timeout=30)
        if not response.ok:
            raise LoadError(f"{self.name}: update {text!r} answered {response.status_code}: "
                            f"{response.text[:500]}")

    def reset(self) -> None:
        self.update("DROP SILENT ALL")

    def query(self, text: str, default_graphs=(), named_graphs=()) -> requests.Response:
        form = [("query", text)]
        form += [("default-graph-uri", g) for g in default_graphs]
        form += [("named-graph-uri", g) for g in named_graphs]
        return self.session.post(self.url + self.query_path, data=form,
                                 headers={"Accept": ACCEPT}, timeout=60)

"""Shared by the extraction tests: the bundled articles ingested once per test session into an
in-memory store (spaCy loads once; each article is read, extracted, validated and stored once).

Not a test module: test_extract_*.py and test_ingest.py import it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from graph import settings as settings_table
from graph.ingest import ingest_paths
from graph.namespaces import ONTOLOGY_IRI
from graph.store import open_store

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = ROOT / "data" / "articles"

PREFIXES = """
PREFIX nkg: <https://w3id.org/newskg/ontology#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX time: <http://www.w3.org/2006/time#>
"""
#: 'id:person/barack-obama' in a test query stands for the full data IRI.
ID_REF = re.compile(r"\bid:([a-z]+/[A-Za-z0-9_.-]*[A-Za-z0-9_-])")


def _expand(sparql: str) -> str:
    return PREFIXES + ID_REF.sub(r"<https://w3id.org/newskg/id/\1>", sparql)


def default_settings():
    """Settings from the defaults only (the environment of the test run must not leak in)."""
    return settings_table.resolve({"store": "memory"}, environ={})


@lru_cache(maxsize=1)
def bundled_store():
    """A memory store holding every bundled article (and the ontology), with the summary."""
    store = open_store("memory")
    summary = ingest_paths([ARTICLES], store, default_settings(), progress=False)
    return store, summary


def article_graph(name: str) -> str:
    """The named graph (IRI) of the bundled article file ``name`` (e.g. 'seed.md')."""
    _, summary = bundled_store()
    for r in summary.results:
        if r.path is not None and Path(r.path).name == name:
            return r.iri
    raise KeyError(name)


def select(sparql: str, graph: str | None = None) -> list[dict]:
    """Rows of a SELECT (as dicts of python values/strings), over one article's graph."""
    store, _ = bundled_store()
    result = store.query(_expand(sparql), default_graphs=[graph, ONTOLOGY_IRI] if graph else ())
    return [{v: (None if t is None else (t.toPython() if hasattr(t, "toPython") else t))
             for v, t in zip(result.variables, row)} for row in result.rows]


def ask(sparql: str, graph: str | None = None) -> bool:
    store, _ = bundled_store()
    return bool(store.query(_expand(sparql),
                            default_graphs=[graph, ONTOLOGY_IRI] if graph else ()).boolean)

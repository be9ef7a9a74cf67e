"""Fixtures of the shapes tests."""

from __future__ import annotations

import pytest
from rdflib import Graph

from shape_defects import VALID_ARTICLE


@pytest.fixture(scope="session")
def valid_article_triples() -> tuple:
    graph = Graph().parse(VALID_ARTICLE, format="turtle")
    return tuple(graph)


@pytest.fixture
def valid_article(valid_article_triples) -> Graph:
    """A fresh copy of the valid article graph (tests may change it)."""
    graph = Graph()
    for triple in valid_article_triples:
        graph.add(triple)
    return graph

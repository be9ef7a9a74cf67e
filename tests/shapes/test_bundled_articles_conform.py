"""The graph built from every bundled article (data/articles) has no SHACL violation.

Each article is read, extracted and built by the real ingest (forced, so a graph with
violations is still stored and reported here), then the store is validated graph by graph.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph import settings as settings_table
from graph.validate import validate_store

ARTICLES = Path(__file__).resolve().parents[2] / "data" / "articles"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bundled_store():
    from graph.ingest import ingest_paths
    from graph.store import open_store

    store = open_store("memory")
    settings = settings_table.resolve({"store": "memory"}, environ={})
    summary = ingest_paths([ARTICLES], store, settings, force=True, progress=False)
    yield store, summary
    store.close()


def test_every_bundled_article_graph_conforms(bundled_store):
    store, summary = bundled_store
    assert summary.results, f"no article was read from {ARTICLES}"
    report = validate_store(store)
    assert report.graphs == len({r.iri for r in summary.results})
    assert report.violations == 0, report.format_text(5)
    assert all(result.conforms for result in summary.results)

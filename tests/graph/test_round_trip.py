"""A graph ingest builds comes back from the store unchanged (rdflib finds them isomorphic).

The store normalises literals (integer subtypes become xsd:integer, decimals take their
canonical form), so ingest must write them in that canonical form already.
"""

from pathlib import Path

from rdflib.compare import isomorphic

from graph.build import article_iri, build_graph, now_literal
from graph.extract import default_gazetteer, extract_document
from graph.extract.lexicon import load_lexicon
from graph.ingest import read_articles
from graph.nlp import load_pipeline
from graph.store import open_store
from tests.graph.extract_support import ARTICLES, default_settings


def test_every_bundled_article_graph_round_trips_through_the_store():
    settings = default_settings()
    nlp = load_pipeline(settings.spacy_model)
    store = open_store("memory")
    articles = read_articles([ARTICLES])
    assert len(articles) >= 5
    for article, doc in zip(articles, nlp.pipe(a.text for a in articles)):
        document = extract_document(article, doc, gazetteer=default_gazetteer(),
                                    lexicon=load_lexicon())
        stamp = now_literal()
        graph = build_graph(document, settings.base_iri, stamp, stamp)
        iri = article_iri(settings.base_iri, article.text)
        store.replace_graph(iri, graph)
        assert isomorphic(store.get_graph(iri), graph), \
            f"{Path(article.source_path).name}: the stored graph differs from the built one"

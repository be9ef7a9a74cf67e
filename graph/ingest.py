"""Ingest: article files -> one validated named graph per article in the store.

For each article: read it (graph.reader), parse it (spaCy, in batches with ``nlp.pipe``),
extract what it reports (graph.extract), build its RDF graph (graph.build), validate it with
the SHACL shapes (graph.validate) and replace its named graph in one transaction
(``store.replace_graph``). Every file is read before anything is written, so an unreadable
input changes nothing; an article whose graph does not conform is not written (unless
``force``) and the others still are. Re-ingesting an article replaces its graph and touches
nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from rdflib import Graph
from rdflib.compare import isomorphic

from graph.build import article_iri, build_graph, now_literal
from graph.errors import InputError
from graph.extract import default_gazetteer, extract_document
from graph.extract.lexicon import ONTOLOGY_FILE, load_lexicon
from graph.namespaces import ONTOLOGY_IRI
from graph.nlp import load_pipeline
from graph.store import OxigraphStore

BATCH_SIZE = 8


@dataclass
class ArticleResult:
    path: Path | None
    iri: str
    triples: int
    conforms: bool
    written: bool
    words: int
    report: str = ""
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class IngestSummary:
    results: list[ArticleResult] = field(default_factory=list)
    ontology_loaded: bool = False

    @property
    def written(self) -> list[ArticleResult]:
        return [r for r in self.results if r.written]

    @property
    def rejected(self) -> list[ArticleResult]:
        return [r for r in self.results if not r.conforms and not r.written]

    @property
    def words(self) -> int:
        return sum(r.words for r in self.results)


def ensure_ontology(store) -> bool:
    """Load ontology/newskg.ttl into the graph <https://w3id.org/newskg/ontology> when it is
    missing or differs from the file; returns whether it was (re)loaded."""
    if not ONTOLOGY_FILE.is_file():
        raise InputError(f"the ontology {ONTOLOGY_FILE} is missing: restore it from git")
    wanted = Graph()
    wanted.parse(ONTOLOGY_FILE, format="turtle")
    if store.has_graph(ONTOLOGY_IRI):
        # compare as the store gives it back (literals come back in the store's lexical form)
        scratch = OxigraphStore(None)
        scratch.replace_graph(ONTOLOGY_IRI, wanted)
        if isomorphic(store.get_graph(ONTOLOGY_IRI), scratch.get_graph(ONTOLOGY_IRI)):
            return False
    store.replace_graph(ONTOLOGY_IRI, wanted)
    return True


def _validator():
    """graph.validate.validate_graph, or None while that module is not available."""
    try:
        from graph.validate import validate_graph
    except ImportError:
        return None
    return validate_graph


def read_articles(paths: Sequence[Path | str], overrides: Mapping[str, object] | None = None):
    """Every article named by ``paths`` (files or folders), read and checked; raises
    InputError on the first unusable one, before anything is written."""
    from graph.reader import iter_article_paths, read_article

    files = iter_article_paths([Path(p) for p in paths])
    if overrides and any(v is not None for v in overrides.values()) and len(files) > 1:
        flags = ", ".join(f"--{k}" for k, v in overrides.items() if v is not None)
        raise InputError(
            f"{flags} describe one article, but {len(files)} files were given: ingest that "
            f"file on its own, or put the metadata in each file's front matter")
    return [read_article(f, overrides or {}) for f in files]


def ingest_articles(articles: Sequence, store, settings, *, force: bool = False,
                    progress: bool = True) -> IngestSummary:
    """Extract, build, validate and store already-read articles (SourceArticle objects)."""
    from tqdm import tqdm

    summary = IngestSummary()
    summary.ontology_loaded = ensure_ontology(store)
    nlp = load_pipeline(settings.spacy_model)
    gazetteer = default_gazetteer()
    lexicon = load_lexicon()
    validate = _validator()
    workers = max(int(getattr(settings, "workers", 1) or 1), 1)
    texts = (a.text for a in articles)
    docs = nlp.pipe(texts, batch_size=BATCH_SIZE, n_process=workers if len(articles) > 1 else 1)
    bar = tqdm(total=len(articles), unit="article", desc="ingest", disable=not progress)
    try:
        for article, doc in zip(articles, docs):
            started = now_literal()
            document = extract_document(article, doc, gazetteer=gazetteer, lexicon=lexicon)
            graph = build_graph(document, settings.base_iri, started, now_literal())
            iri = article_iri(_base(settings.base_iri), article.text)
            conforms, report = True, ""
            if validate is not None:
                result = validate(graph, graph_name=iri)
                conforms, report = result.conforms, result.text
            written = conforms or force
            if written:
                store.replace_graph(iri, graph)
            summary.results.append(ArticleResult(
                path=getattr(article, "source_path", None), iri=iri, triples=len(graph),
                conforms=conforms, written=written, words=len(article.text.split()),
                report=report, counts={
                    "entities": len(document.entities), "events": len(document.events),
                    "affiliations": len(document.affiliations),
                    "quotations": len(document.quotations), "claims": len(document.claims)}))
            bar.update(1)
    finally:
        bar.close()
    return summary


def ingest_paths(paths: Iterable[Path | str], store, settings,
                 overrides: Mapping[str, object] | None = None, force: bool = False,
                 progress: bool = True) -> IngestSummary:
    """Read every article under ``paths`` and ingest it into ``store``."""
    articles = read_articles(list(paths), overrides)
    return ingest_articles(articles, store, settings, force=force, progress=progress)


def _base(base: str) -> str:
    return base if base.endswith("/") else base + "/"

"""Ingest: article files -> one validated named graph per article in the store.

For each article: read it (graph.reader), parse it (spaCy, in batches with ``nlp.pipe``),
extract what it reports (graph.extract), give its entities the canonical labels of entities
the store already knows (graph.resolve), build its RDF graph (graph.build), validate it with
the SHACL shapes (graph.validate) and replace its named graph in one transaction
(``store.replace_graph``).

At scale: files are read lazily, a batch at a time, so thousands of files never sit in memory
together. An article whose named graph already holds the same content hash is skipped before
spaCy ever sees it (``reingest`` or ``force`` re-ingest it); when nothing is new, spaCy is not
even loaded. A file that cannot be read is reported (status ``failed``) and the others are
still ingested; an article whose graph does not conform is not written (status ``rejected``)
unless ``force``. With ``workers`` > 1, SHACL validation (by far the costliest step) runs in a
pool of that many processes while the main process parses, extracts and writes.
"""

from __future__ import annotations

import gc
import io
import itertools
import time
from collections import deque
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping, Sequence

from rdflib import Graph

from graph.build import article_iri, build_graph, now_literal, text_hash
from graph.errors import InputError, NewsKGError
from graph.extract.lexicon import ONTOLOGY_FILE
from graph.namespaces import ONTOLOGY_IRI
from graph.store import OxigraphStore
from graph.terms import graph_to_quads, triples_to_graph

#: Articles read, parsed and extracted together (``nlp.pipe`` batch size).
BATCH_SIZE = 16
#: Validations waiting in the pool, per worker, before the main process waits for the oldest.
IN_FLIGHT_PER_WORKER = 4

HASHES_QUERY = """
PREFIX nkg: <https://w3id.org/newskg/ontology#>
SELECT DISTINCT ?g ?h WHERE { GRAPH ?g { ?a nkg:contentHash ?h } }
"""

# statuses of an ArticleResult
WRITTEN, SKIPPED, REJECTED, FAILED = "written", "skipped", "rejected", "failed"


@dataclass
class ArticleResult:
    path: Path | None
    iri: str
    triples: int
    conforms: bool
    written: bool
    words: int
    #: the SHACL report (a ValidationReport, or its text from a pool worker); see ``report``
    validation: object = field(default=None, repr=False)
    counts: dict[str, int] = field(default_factory=dict)
    status: str = WRITTEN            # written | skipped | rejected | failed
    error: str = ""                  # why a failed article could not be read or written
    dropped: list[str] = field(default_factory=list)  # facts pruned because they failed SHACL

    @property
    def report(self) -> str:
        """The SHACL report as text ("" for an article not validated), made on first use."""
        if self.validation is None or isinstance(self.validation, str):
            return self.validation or ""
        return self.validation.text


@dataclass
class IngestSummary:
    results: list[ArticleResult] = field(default_factory=list)
    ontology_loaded: bool = False
    seconds: float = 0.0

    def _with(self, status: str) -> list[ArticleResult]:
        return [r for r in self.results if r.status == status]

    @property
    def written(self) -> list[ArticleResult]:
        return self._with(WRITTEN)

    @property
    def skipped(self) -> list[ArticleResult]:
        return self._with(SKIPPED)

    @property
    def rejected(self) -> list[ArticleResult]:
        return self._with(REJECTED)

    @property
    def failed(self) -> list[ArticleResult]:
        return self._with(FAILED)

    @property
    def words(self) -> int:
        """Words of the articles parsed in this run (skipped and failed ones not counted)."""
        return sum(r.words for r in self.results)

    def line(self) -> str:
        """The one-line summary the CLI ends with."""
        return (f"{len(self.written)} written, {len(self.skipped)} skipped (already in the "
                f"store), {len(self.rejected)} rejected, {len(self.failed)} failed; "
                f"{self.words} words in {self.seconds:.1f} s")


def ensure_ontology(store) -> bool:
    """Load ontology/newskg.ttl into the graph <https://w3id.org/newskg/ontology> when it is
    missing or differs from the file; returns whether it was (re)loaded. The comparison is by
    canonical digest (RDFC-1.0), of the file as the store would give it back."""
    if not ONTOLOGY_FILE.is_file():
        raise InputError(f"the ontology {ONTOLOGY_FILE} is missing: restore it from git")
    if store.has_graph(ONTOLOGY_IRI) and store.graph_digest(ONTOLOGY_IRI) == _ontology_digest(
            ONTOLOGY_FILE.stat().st_mtime_ns):
        return False
    wanted = Graph()
    wanted.parse(ONTOLOGY_FILE, format="turtle")
    store.replace_graph(ONTOLOGY_IRI, wanted)
    return True


@lru_cache(maxsize=2)
def _ontology_digest(mtime_ns: int) -> str:
    """The digest of the ontology file as a store gives it back (literals in canonical form):
    read by pyoxigraph into a scratch store (``mtime_ns`` keys the cache)."""
    import pyoxigraph as ox

    scratch = OxigraphStore(None)
    scratch.raw.load(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE,
                     to_graph=ox.NamedNode(ONTOLOGY_IRI))
    return scratch.graph_digest(ONTOLOGY_IRI)


def stored_hashes(store) -> set[tuple[str, str]]:
    """(named graph, content hash) of every article in ``store`` (one SPARQL query); empty for
    a store that cannot be read (the inbox of a running server)."""
    try:
        result = store.query(HASHES_QUERY)
    except NotImplementedError:
        return set()
    return {(str(g), str(h)) for g, h in result.rows if g is not None and h is not None}


def _to_bytes(graph: Graph) -> bytes:
    """An article graph as N-Quads bytes (what goes to a pool worker: cheap to pickle)."""
    import pyoxigraph as ox

    buf = io.BytesIO()
    ox.serialize(graph_to_quads(graph, None), buf, ox.RdfFormat.N_QUADS)
    return buf.getvalue()


#: How many times a graph is pruned of failing facts and validated again.
PRUNE_ROUNDS = 3


def check_graph(graph: Graph, graph_name: str, *, strict: bool = False, quads=None
                ) -> tuple[bool, object, Graph, list[str]]:
    """Validate an article graph; unless ``strict``, drop the extracted facts that fail the
    shapes (graph.repair) and validate again. Returns (conforms, report, graph, dropped), the
    report a graph.validate.ValidationReport. ``quads``: ``graph`` as pyoxigraph quads of the
    default graph, when the caller has them (see graph.validate.validate_graph)."""
    from graph.validate import validate_graph as validate

    result = validate(graph, graph_name=graph_name, quads=quads)
    dropped: list[str] = []
    for _ in range(0 if strict else PRUNE_ROUNDS):
        if result.conforms:
            break
        from graph.repair import prune
        from graph.validate import load_ontology

        violations = [r for r in result.results if r.severity == "Violation"]
        pruned = prune(graph, violations, load_ontology())
        if pruned is None:
            break
        graph, more = pruned
        dropped.extend(more)
        result = validate(graph, graph_name=graph_name)
    return result.conforms, result, graph, dropped


def _validate_bytes(data: bytes, graph_name: str, strict: bool
                    ) -> tuple[bool, str, bytes | None, list[str]]:
    """Pool worker: check one article graph given as N-Quads bytes; the pruned graph comes
    back as bytes when facts were dropped."""
    import pyoxigraph as ox

    graph = triples_to_graph(ox.parse(data, ox.RdfFormat.N_QUADS))
    conforms, report, graph, dropped = check_graph(graph, graph_name, strict=strict)
    return conforms, report.text, (_to_bytes(graph) if dropped else None), dropped


def _check_overrides(count: int, overrides: Mapping[str, object] | None) -> None:
    if overrides and any(v is not None for v in overrides.values()) and count > 1:
        flags = ", ".join(f"--{k}" for k, v in overrides.items() if v is not None)
        raise InputError(
            f"{flags} describe one article, but {count} files were given: ingest that "
            f"file on its own, or put the metadata in each file's front matter")


def read_articles(paths: Sequence[Path | str], overrides: Mapping[str, object] | None = None):
    """Every article named by ``paths`` (files or folders), read and checked; raises
    InputError on the first unusable one."""
    from graph.reader import iter_article_paths, read_article

    files = iter_article_paths([Path(p) for p in paths])
    _check_overrides(len(files), overrides)
    return [read_article(f, overrides or {}) for f in files]


# ------------------------------------------------------------------------------ the run

@dataclass
class _Item:
    """One article on its way: read (``article``) or not (``error``)."""
    path: Path | None
    article: object = None
    error: str = ""


@dataclass
class _Pending:
    article: object
    document: object
    graph: Graph
    iri: str
    outcome: object                  # (conforms, report, graph, dropped) or a pool AsyncResult
    quads: list | None = None        # ``graph`` as pyoxigraph quads, made once for both uses


class _Run:
    def __init__(self, store, settings, *, force: bool, reingest: bool, progress: bool,
                 total: int | None, on_result: Callable[[ArticleResult], None] | None,
                 strict: bool = False) -> None:
        self.store, self.settings = store, settings
        self.strict = strict
        self.force, self.reingest = force, reingest or force
        self.on_result = on_result
        self.summary = IngestSummary()
        self.base = settings.base_iri if settings.base_iri.endswith("/") else \
            settings.base_iri + "/"
        self.known = set() if self.reingest else stored_hashes(store)
        self.workers = max(int(getattr(settings, "workers", 1) or 1), 1)
        self.pool = None
        self.inflight: deque[_Pending] = deque()
        self.queued: set[str] = set()            # article graphs parsed in this run
        self.nlp = self.gazetteer = self.lexicon = self.index = None
        self.ontology_checked = False
        from tqdm import tqdm

        self.bar = tqdm(total=total, unit="article", desc="ingest", disable=not progress)

    # ------------------------------------------------------------------ lazily loaded parts
    def _load(self) -> None:
        if self.nlp is not None:
            return
        from graph.extract import default_gazetteer
        from graph.extract.lexicon import load_lexicon
        from graph.nlp import load_pipeline
        from graph.resolve import EntityIndex

        self.nlp = load_pipeline(self.settings.spacy_model)
        self.gazetteer = default_gazetteer()
        self.lexicon = load_lexicon()
        _freeze_loaded()
        self.index = EntityIndex.from_store(self.store, self.base)
        if self.workers > 1:
            import multiprocessing

            # spawn: the parent holds threads (tqdm, spaCy) that fork must not copy
            self.pool = multiprocessing.get_context("spawn").Pool(self.workers)

    def _ontology(self) -> None:
        if not self.ontology_checked:
            self.ontology_checked = True
            self.summary.ontology_loaded = ensure_ontology(self.store)

    # ------------------------------------------------------------------ the stages
    def run(self, items: Iterable[_Item]) -> IngestSummary:
        started = time.perf_counter()
        try:
            for batch in _batched(items, BATCH_SIZE):
                todo = []
                for item in batch:
                    if item.error:
                        self._record(ArticleResult(item.path, "", 0, False, False, 0,
                                                   status=FAILED, error=item.error))
                        continue
                    iri = article_iri(self.base, item.article.text)
                    if (iri, "sha256:" + text_hash(item.article.text)) in self.known \
                            or iri in self.queued:
                        # in the store already, or the same text twice in this run
                        self._record(ArticleResult(item.path, iri, 0, True, False, 0,
                                                   status=SKIPPED))
                    else:
                        self.queued.add(iri)
                        todo.append(item.article)
                if todo:
                    self._process(todo)
            while self.inflight:
                self._finish(self.inflight.popleft())
            if not self.ontology_checked and (self.summary.written or self.summary.skipped):
                self._ontology()
        finally:
            self.bar.close()
            if self.pool is not None:
                self.pool.terminate()
                self.pool.join()
            self.summary.seconds = time.perf_counter() - started
        return self.summary

    def _process(self, articles: list) -> None:
        from graph.extract import extract_document

        self._load()
        docs = self.nlp.pipe((a.text for a in articles), batch_size=BATCH_SIZE)
        for article, doc in zip(articles, docs):
            started = now_literal()
            document = extract_document(article, doc, gazetteer=self.gazetteer,
                                        lexicon=self.lexicon)
            self.index.resolve(document)
            # known from now on, so the next articles of this run resolve to it too
            self.index.add(document)
            graph = build_graph(document, self.base, started, now_literal())
            iri = article_iri(self.base, article.text)
            if self.pool is not None:
                outcome = self.pool.apply_async(_validate_bytes,
                                                (_to_bytes(graph), iri, self.strict))
                quads = None
            else:
                # converted once, for validation and (unless facts are dropped) the write
                quads = list(graph_to_quads(graph, None))
                outcome = check_graph(graph, iri, strict=self.strict, quads=quads)
            self.inflight.append(_Pending(article, document, graph, iri, outcome, quads))
            while len(self.inflight) > (IN_FLIGHT_PER_WORKER * self.workers
                                        if self.pool is not None else 0):
                self._finish(self.inflight.popleft())

    def _finish(self, p: _Pending) -> None:
        if isinstance(p.outcome, tuple):
            conforms, report, graph, dropped = p.outcome
        else:
            conforms, report, data, dropped = p.outcome.get()
            graph = p.graph
            if data is not None:
                import pyoxigraph as ox

                graph = triples_to_graph(ox.parse(data, ox.RdfFormat.N_QUADS))
        p.graph = graph
        document, article = p.document, p.article
        result = ArticleResult(
            path=getattr(article, "source_path", None), iri=p.iri,
            # (an rdflib graph counts its triples by walking them all)
            triples=len(p.quads) if p.quads is not None and not dropped else len(p.graph),
            conforms=conforms, written=False, words=len(article.text.split()), validation=report,
            status=REJECTED, dropped=dropped, counts={
                "entities": len(document.entities), "events": len(document.events),
                "affiliations": len(document.affiliations),
                "quotations": len(document.quotations), "claims": len(document.claims)})
        if conforms or self.force:
            self._ontology()        # before the first article; a missing ontology stops all
            try:
                self.store.replace_graph(p.iri, p.graph,
                                         quads=None if dropped else p.quads)
                result.written, result.status = True, WRITTEN
                self.known.add((p.iri, "sha256:" + text_hash(article.text)))
            except NewsKGError as exc:
                result.status, result.error = FAILED, exc.message
        if not result.written:
            self.index.remove(document)
        self._record(result)

    def _record(self, result: ArticleResult) -> None:
        self.summary.results.append(result)
        self.bar.update(1)
        if self.on_result is not None:
            self.on_result(result)


_frozen = False


def _freeze_loaded() -> None:
    """Once per process, with the pipeline, gazetteer and lexicon loaded: put every object then
    alive out of the cyclic garbage collector's reach (``gc.freeze``). These half a million
    objects live as long as the process, yet each full collection walked them all again, and
    an article's thousands of new objects (rdflib terms, pyoxigraph quads) set one off every
    few articles: 8 ms an article, most of what converting its graph for pyoxigraph cost."""
    global _frozen
    if not _frozen:
        _frozen = True
        gc.collect()        # garbage made while loading is freed, not frozen
        gc.freeze()


def _batched(items: Iterable, n: int) -> Iterator[list]:
    it = iter(items)
    while batch := list(itertools.islice(it, n)):
        yield batch


def _read_lazily(files: Iterable[Path], overrides: Mapping[str, object] | None
                 ) -> Iterator[_Item]:
    from graph.reader import read_article

    for f in files:
        try:
            yield _Item(f, read_article(f, overrides or {}))
        except InputError as exc:
            yield _Item(f, error=exc.message)


# ------------------------------------------------------------------------------ entry points

def ingest_articles(articles: Iterable, store, settings, *, force: bool = False,
                    reingest: bool = False, progress: bool = True, total: int | None = None,
                    on_result: Callable[[ArticleResult], None] | None = None,
                    strict: bool = False) -> IngestSummary:
    """Extract, build, validate and store already-read articles (SourceArticle objects);
    articles already in the store with the same content are skipped unless ``reingest``."""
    if total is None and hasattr(articles, "__len__"):
        total = len(articles)
    run = _Run(store, settings, force=force, reingest=reingest, progress=progress,
               total=total, on_result=on_result, strict=strict)
    return run.run(_Item(getattr(a, "source_path", None), a) for a in articles)


def ingest_paths(paths: Iterable[Path | str], store, settings,
                 overrides: Mapping[str, object] | None = None, force: bool = False,
                 progress: bool = True, reingest: bool = False,
                 on_result: Callable[[ArticleResult], None] | None = None,
                 strict: bool = False) -> IngestSummary:
    """Ingest every article under ``paths``, reading the files a batch at a time. A path that
    does not exist, or metadata ``overrides`` for several files, raise InputError before
    anything is read; a file that cannot be read is a ``failed`` result and the others go on.
    """
    from graph.reader import iter_article_paths

    files = iter_article_paths([Path(p) for p in paths])
    _check_overrides(len(files), overrides)
    run = _Run(store, settings, force=force, reingest=reingest, progress=progress,
               total=len(files), on_result=on_result, strict=strict)
    return run.run(_read_lazily(files, overrides))

"""The engine access object of the server: every blueprint reads and writes the graph here.

One :class:`QueryService` per app, created by :func:`init_service` (called from the SPARQL
blueprint's ``record_once`` hook, so ``create_app`` needs nothing) and found with
:func:`get_service`. It owns the store (the process is its only writer) and:

* answers queries through :class:`graph.query_runner.QueryRunner` (killable worker processes
  reading checkpoints of the store, with the ``query_timeout`` and ``max_rows`` settings),
  after :mod:`graph.query_guard` has refused SERVICE/LOAD that are not allow-listed; a
  lookup (:mod:`graph.lookup`: a few triple patterns under constant subjects, which cannot run
  away) is answered in this process from the live store instead, with the same row limit;
* runs SPARQL updates and Graph Store writes one at a time, each validated against the SHACL
  shapes (:func:`graph.validate.validate_graph`) before it touches the store: an update is
  first applied by a query worker to a scratch copy of the store (a hard-link backup,
  milliseconds; a runaway update is killed there: 503, nothing changed), the graphs it
  touched are validated there, and only a conforming update is applied to the store; a
  rejected write changes nothing (422). Only nodes typed with a newskg class are constrained
  by the shapes, so plain RDF is accepted. After each committed write a new checkpoint is
  published for the query workers.

Articles ingested while the server runs (``newskg ingest`` cannot open the store the server
holds) arrive through the store's inbox (:mod:`graph.spool`): a thread drains it every
``INBOX_POLL_SECONDS``, each article one transaction, and publishes a new checkpoint, so new
articles are visible within seconds.

The ``memory`` store is served from a temporary on-disk store (deleted at shutdown) so the same
machinery works. A ``sparql:`` store (another engine) is queried directly: its own engine
applies its timeouts.
"""

from __future__ import annotations

import atexit
import logging
import shutil
import tempfile
import threading
from dataclasses import replace
from pathlib import Path
from typing import Sequence

import pyoxigraph as ox
from flask import current_app
from rdflib import Graph
from rdflib.namespace import RDF

from graph import lookup, query_guard, spool
from graph.errors import NotAcceptableError, StoreError, ValidationFailedError
from graph.formats import rdf_format, result_format
from graph.namespaces import NKG, PREFIXES
from graph.query_runner import QueryAnswer, QueryRequest, QueryRunner, UpdateRequest
from graph.store import OxigraphStore, QueryResult, Store, open_store
from server.readers import checkpoint_name

log = logging.getLogger("newskg.service")

EXTENSION = "newskg"

#: How often the inbox of ingested articles is looked at, in seconds.
INBOX_POLL_SECONDS = 1.0

#: Most characters of a SHACL report quoted in a 422 answer.
REPORT_CHARS = 4000


def _pool_size(threads: int) -> int:
    """One query worker per WSGI thread (at least two): a thread never waits for a free
    worker, and a runaway query holds one worker only. Measured on 2 cores (bench http):
    fewer workers than threads cost the server process about half again as much CPU per
    cheap query (threads queueing for workers) and a third of its throughput."""
    return max(2, threads)


def is_newskg_data(graph: Graph) -> bool:
    """Whether ``graph`` types any node with a newskg class (what the shapes constrain)."""
    return any(str(t).startswith(str(NKG)) for t in graph.objects(None, RDF.type))


class QueryService:
    """Queries, updates and graph writes on the store of one server process."""

    def __init__(self, settings) -> None:
        self.settings = settings
        self._tmp: str | None = None
        spec = settings.store.strip()
        if spec == "memory":
            self._tmp = tempfile.mkdtemp(prefix="newskg-memory-store-")
            self.store: Store = OxigraphStore(Path(self._tmp) / "store")
        else:
            self.store = open_store(spec)
        self._write_lock = threading.Lock()
        self._generation = 0
        self.runner: QueryRunner | None = None
        self._readers = None
        self._checkpoints: str | None = None
        if isinstance(self.store, OxigraphStore) and self.store.path is not None:
            # Beside the store (same file system: checkpoints are hard links). We hold the
            # store's lock, so checkpoints left by a server of this store that was killed are
            # nobody's: remove them.
            prefix = f".{self.store.path.name}.checkpoints-"
            for stale in self.store.path.parent.glob(prefix + "*"):
                shutil.rmtree(stale, ignore_errors=True)
            self._checkpoints = tempfile.mkdtemp(prefix=prefix, dir=self.store.path.parent)
            self.runner = QueryRunner(size=_pool_size(settings.threads),
                                      timeout=settings.query_timeout,
                                      max_rows=settings.max_rows)
            self._checkpoint()
        self._closed = False
        self._stop = threading.Event()
        self._inbox_thread: threading.Thread | None = None
        if self._tmp is None and isinstance(self.store, OxigraphStore) and \
                self.store.path is not None:
            self.drain_inbox()
            self._inbox_thread = threading.Thread(target=self._watch_inbox, daemon=True,
                                                  name="newskg-inbox")
            self._inbox_thread.start()
        atexit.register(self.close)

    # ------------------------------------------------------------------ inbox
    def drain_inbox(self) -> list[str]:
        """Apply the articles queued by `newskg ingest` while this process owns the store."""
        if not spool.pending(self.store.path):
            return []
        with self._write_lock:
            written = spool.drain(self.store, self.store.path)
            if written:
                self.store.flush()
                self._checkpoint()
                log.info("inbox: %d article graph(s) written", len(written))
            return written

    def _watch_inbox(self) -> None:
        while not self._stop.wait(INBOX_POLL_SECONDS):
            try:
                self.drain_inbox()
            except Exception:  # keep watching: one failure must not stop later articles
                log.exception("inbox drain failed")

    # ------------------------------------------------------------------ reading
    @property
    def generation(self) -> int:
        """Grows by one with each committed write (for caches of derived answers)."""
        return self._generation

    def run(self, req: QueryRequest) -> QueryAnswer:
        """Check ``req`` with the query guard and answer it (timeout, row limit)."""
        query_guard.check_query(req.sparql, self.settings.service_allow)
        if req.union_default and not req.default_graphs and \
                query_guard.inspect(req.sparql).has_dataset_clause:
            # FROM / FROM NAMED choose the dataset; the union default must not override them.
            req = replace(req, union_default=False)
        if self.runner is None:
            return self._run_direct(req)
        found = lookup.parse(req.sparql)
        if found is not None:
            return self._run_lookup(req, found)
        return self.runner.run(req)

    def _run_lookup(self, req: QueryRequest, found: lookup.Lookup) -> QueryAnswer:
        """A lookup (graph.lookup: bounded by a few subjects' out-degree) in this process, on
        the live store: no worker round trip, and answered even while every worker is busy."""
        try:
            return lookup.answer(self.store.raw, req, found, self.settings.max_rows)
        except OSError as exc:
            raise StoreError(f"the store could not be read: {exc}") from None

    def _run_direct(self, req: QueryRequest) -> QueryAnswer:
        """For stores without checkpoints (another SPARQL engine): no worker, no kill."""
        store = self.store
        kw = dict(default_graphs=req.default_graphs, named_graphs=req.named_graphs,
                  union_default=req.union_default, base_iri=req.base_iri)
        if req.terms:
            result = store.query(req.sparql, **kw)
            return QueryAnswer(result.kind, result=result)
        form = query_guard.query_form(req.sparql)
        name = req.rdf_format if form in ("construct", "describe") else req.results_format
        fmt = (rdf_format(name) if form in ("construct", "describe") else
               result_format(name)) if name else None
        if fmt is None:
            raise NotAcceptableError(req.not_acceptable)
        body = store.query_serialized(req.sparql, fmt.media_type, **kw)
        return QueryAnswer("graph" if form in ("construct", "describe") else form or "select",
                           body=body, media_type=fmt.media_type)

    def select(self, sparql: str, **dataset_kw) -> QueryResult:
        """Any query as a :class:`graph.store.QueryResult` of rdflib terms."""
        dataset_kw = {k: tuple(v) if isinstance(v, list) else v for k, v in dataset_kw.items()}
        return self.run(QueryRequest(sparql, terms=True, **dataset_kw)).result

    def serialized(self, sparql: str, media_type: str, *, default_graphs: Sequence[str] = (),
                   named_graphs: Sequence[str] = (), union_default: bool = True) -> bytes:
        """The answer to ``sparql`` in ``media_type`` (a results or RDF media type/name)."""
        res, rdf = result_format(media_type), rdf_format(media_type)
        req = QueryRequest(sparql, results_format=res.name if res else None,
                           rdf_format=rdf.name if rdf else None,
                           not_acceptable=f"{media_type} cannot hold this kind of answer",
                           default_graphs=tuple(default_graphs),
                           named_graphs=tuple(named_graphs), union_default=union_default,
                           prefixes=tuple(PREFIXES.items()))
        return self.run(req).body

    def graph_names(self) -> list[str]:
        return self.store.graph_names()

    def has_graph(self, name: str) -> bool:
        return self.store.has_graph(name)

    # ------------------------------------------------------------------ writing
    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL update: guarded, validated, transactional."""
        query_guard.check_update(sparql, self.settings.service_allow)
        with self._write_lock:
            self._validate_update(sparql, base_iri)
            self.store.update(sparql, base_iri=base_iri)
            self._checkpoint()

    def put_graph(self, name: str | None, graph: Graph) -> bool:
        """Replace graph ``name`` (None: the default graph); returns whether it is new."""
        with self._write_lock:
            created = name is not None and not self.store.has_graph(name)
            self._validate(graph, name)
            self.store.replace_graph(name, graph)
            self._checkpoint()
            return created

    def post_graph(self, name: str | None, graph: Graph) -> bool:
        """Add ``graph`` to graph ``name``; returns whether the graph is new."""
        with self._write_lock:
            created = name is not None and not self.store.has_graph(name)
            merged = graph
            if not created:
                merged = self.store.get_graph(name)
                for triple in graph:
                    merged.add(triple)
            self._validate(merged, name)
            self.store.add_to_graph(name, graph)
            if created and len(graph) == 0 and isinstance(self.store, OxigraphStore):
                self.store.raw.add_graph(ox.NamedNode(name))  # an empty graph still exists
            self._checkpoint()
            return created

    def delete_graph(self, name: str | None) -> bool:
        """Drop graph ``name`` (None: empty the default graph); whether it existed."""
        with self._write_lock:
            existed = self.store.drop_graph(name)
            if existed:
                self._checkpoint()
            return existed

    # ------------------------------------------------------------------ validation
    def _validate(self, graph: Graph, name: str | None) -> None:
        if not is_newskg_data(graph):
            return
        from graph.validate import validate_graph

        report = validate_graph(graph)
        if not report.conforms:
            where = f"graph <{name}>" if name else "the default graph"
            text = report.text
            if len(text) > REPORT_CHARS:
                text = text[:REPORT_CHARS] + "\n..."
            raise ValidationFailedError(
                f"the write was refused and nothing changed: {where} would not conform to "
                f"the newskg shapes (docs/data-model.md); fix these and send it again:\n{text}",
                detail=text)

    def _validate_update(self, sparql: str, base_iri: str | None) -> None:
        """Apply ``sparql`` to a scratch copy of the store and validate what it touched."""
        if not isinstance(self.store, OxigraphStore) or self.store.path is None:
            if self._touches_newskg_text(sparql):
                raise StoreError("validated SPARQL Update of newskg data needs an oxigraph "
                                 "store; use the Graph Store Protocol (/data) instead")
            return
        touched = query_guard.affected_graphs(sparql)
        scratch_dir = Path(self._checkpoints) / f"scratch-{self._generation}"
        shutil.rmtree(scratch_dir, ignore_errors=True)
        # A backup holds every committed write (it flushes what is in memory itself).
        self.store.raw.backup(str(scratch_dir))
        try:
            if self.runner is not None:  # killable: a runaway update ends in a 503
                self.runner.run(UpdateRequest(sparql, str(scratch_dir), base_iri))
                scratch = OxigraphStore(scratch_dir)
            else:
                scratch = OxigraphStore(scratch_dir)
                scratch.update(sparql, base_iri=base_iri)
            names = scratch.graph_names() + [None] if touched is None else list(touched)
            for name in names:
                if name is not None and not scratch.has_graph(name):
                    continue
                self._validate(scratch.get_graph(name), name)
        finally:
            scratch = None  # dropped without a flush: the copy is thrown away
            shutil.rmtree(scratch_dir, ignore_errors=True)

    @staticmethod
    def _touches_newskg_text(sparql: str) -> bool:
        return str(NKG) in sparql or "nkg:" in sparql

    # ------------------------------------------------------------------ lifecycle
    def _checkpoint(self) -> None:
        if self.runner is None:
            self._generation += 1
            return
        path = Path(self._checkpoints) / checkpoint_name(self._generation)
        try:
            self.store.raw.backup(str(path))
        except OSError as exc:
            raise StoreError(f"cannot write a checkpoint of the store in {path}: {exc}; "
                             f"check free disk space and permissions") from None
        self.runner.publish(path)
        if self._readers is not None:
            self._readers.published(self._generation)
        self._generation += 1

    @property
    def checkpoint_folder(self) -> str | None:
        """Where checkpoints are written (None: a store without checkpoints)."""
        return self._checkpoints

    def attach_readers(self, readers) -> None:
        """Tell ``readers`` (server.readers.ReaderPool) of every checkpoint published, and
        keep the checkpoints they hold open."""
        self._readers = readers
        self.runner.also_in_use = readers.in_use
        if self._generation > 0:
            readers.published(self._generation - 1)

    def wait_ready(self, timeout: float = 60.0) -> bool:
        return self.runner.wait_ready(timeout) if self.runner else True

    def close(self) -> None:
        if getattr(self, "_closed", True):
            return
        self._closed = True
        self._stop.set()
        if self._inbox_thread is not None:
            self._inbox_thread.join(timeout=5)
        if self.runner is not None:
            self.runner.close()
        try:
            self.store.close()
        except (OSError, AttributeError):
            pass
        for folder in (self._checkpoints, self._tmp):
            if folder:
                shutil.rmtree(folder, ignore_errors=True)


def init_service(app) -> None:
    """Create the app's QueryService (once) from ``app.config["NEWSKG"]``."""
    if EXTENSION in app.extensions:
        return
    service = QueryService(app.config["NEWSKG"])
    if not service.wait_ready():
        service.close()
        raise StoreError("the query workers did not start; see the log for the reason")
    app.extensions[EXTENSION] = service


def get_service() -> QueryService:
    try:
        return current_app.extensions[EXTENSION]
    except KeyError:
        raise StoreError("the query service is not started: build the app with "
                         "server.app.create_app()") from None


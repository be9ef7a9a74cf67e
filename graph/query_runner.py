"""Killable SPARQL query execution: a pool of worker processes with a timeout and a row limit.

pyoxigraph cannot interrupt a running query from another thread, so queries run in worker
processes (multiprocessing, ``spawn`` context) that the owner kills with SIGKILL when the
timeout passes. The owning process (the only writer of the store) *publishes* checkpoints of
the store (``store.flush(); store.backup(DIR)``: RocksDB hard links, milliseconds); workers
open the newest checkpoint with ``Store.read_only`` (nothing writes a checkpoint, so this is
safe) and answer queries there, serializing the answer in the requested format themselves
(pyoxigraph's serializers) and stopping after ``max_rows`` rows or triples.

Workers also try SPARQL updates on a scratch copy of the store (:class:`UpdateRequest`), so
a runaway update is stopped the same way before the owner commits anything.

Workers are started once and reused (a cheap query costs one pipe round trip, no process
start). A killed worker is replaced in the background; other queries keep being answered by
the other workers meanwhile. A checkpoint no worker uses any more is deleted.

The row limit truncates: an answer that had more rows comes back with its first ``max_rows``
rows and ``truncated=True`` (the server sends ``X-Newskg-Truncated: true``).
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import queue
import shutil
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from graph import errors

log = logging.getLogger("newskg.query_runner")

#: Seconds a newly started worker may take to import its libraries and report ready.
WORKER_START_TIMEOUT = 60.0


@dataclass(frozen=True)
class QueryRequest:
    """One query for a worker. Formats are short names of :mod:`graph.formats` (or None).

    ``results_format`` is used when the query is a SELECT or ASK, ``rdf_format`` when it is a
    CONSTRUCT or DESCRIBE; a missing one answers :class:`NotAcceptableError` with
    ``not_acceptable`` as message. With ``terms=True`` the answer carries a
    :class:`graph.store.QueryResult` of rdflib terms instead of bytes.
    """

    sparql: str
    results_format: str | None = "json"
    rdf_format: str | None = "ttl"
    not_acceptable: str = "no acceptable format for this kind of query"
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    union_default: bool = True
    base_iri: str | None = None
    terms: bool = False
    prefixes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class UpdateRequest:
    """Apply a SPARQL update to the store at ``path`` (a scratch copy, never the live store).

    The owner uses it to try an update, killable like a query, before it commits it.
    """

    sparql: str
    path: str
    base_iri: str | None = None


@dataclass
class QueryAnswer:
    kind: str  # select, ask or graph
    body: bytes | None = None
    media_type: str | None = None
    truncated: bool = False
    result: object | None = None  # graph.store.QueryResult when terms=True
    seconds: float = 0.0


# --------------------------------------------------------------------------- worker side

def _term_json(term) -> dict:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _term_json(term.subject),
                                            "predicate": _term_json(term.predicate),
                                            "object": _term_json(term.object)}}
    raise TypeError(f"unsupported term {term!r}")


def _select_json(variables: list[str], rows: list[tuple]) -> bytes:
    """SPARQL JSON results of ``rows``, built as text: each distinct term is encoded once
    (answers repeat terms a lot), each row joined from the encoded pieces."""
    names = [json.dumps(v, ensure_ascii=False) + ":" for v in variables]
    encoded: dict = {}
    bindings = []
    for row in rows:
        items = []
        for name, term in zip(names, row):
            if term is None:
                continue
            piece = encoded.get(term)
            if piece is None:
                piece = encoded[term] = json.dumps(_term_json(term), ensure_ascii=False)
            items.append(name + piece)
        bindings.append("{" + ",".join(items) + "}")
    return ('{"head":{"vars":' + json.dumps(variables, ensure_ascii=False) +
            '},"results":{"bindings":[' + ",".join(bindings) + "]}}").encode("utf-8")


def _select_bytes(variables: list[str], rows: list[tuple], fmt) -> bytes:
    """Serialize collected rows: build SPARQL JSON, let pyoxigraph write any other format."""
    import pyoxigraph as ox

    data = _select_json(variables, rows)
    if fmt.oxigraph == ox.QueryResultsFormat.JSON:
        return data
    return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON).serialize(
        format=fmt.oxigraph)


def dataset_kwargs(req: QueryRequest) -> dict:
    """pyoxigraph's query arguments for the dataset and base IRI of ``req``."""
    import pyoxigraph as ox

    kwargs: dict = {"base_iri": req.base_iri}
    if req.default_graphs:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in req.default_graphs]
    else:
        kwargs["use_default_graph_as_union"] = req.union_default
    if req.named_graphs:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in req.named_graphs]
    return kwargs


def run_query(store, sparql: str, req: QueryRequest):
    """``store.query`` of ``sparql`` on the dataset of ``req``; a syntax error is reported as
    :class:`graph.errors.QuerySyntaxError`."""
    try:
        return store.query(sparql, **dataset_kwargs(req))
    except SyntaxError as exc:
        raise errors.QuerySyntaxError(f"the SPARQL query does not parse: {exc}; check it "
                                      f"against https://www.w3.org/TR/sparql11-query/") from None


def execute(store, req: QueryRequest, max_rows: int) -> QueryAnswer:
    """Run ``req`` on a pyoxigraph store; the worker's whole job (also usable in-process)."""
    import pyoxigraph as ox

    from graph.formats import rdf_format, result_format
    from graph.store import QueryResult
    from graph.terms import from_ox, triples_to_graph

    started = time.monotonic()
    result = run_query(store, req.sparql, req)

    if isinstance(result, ox.QueryTriples):
        kind = "graph"
        fmt = rdf_format(req.rdf_format) if req.rdf_format else None
    else:
        kind = "ask" if isinstance(result, ox.QueryBoolean) else "select"
        fmt = result_format(req.results_format) if req.results_format else None
    if fmt is None and not req.terms:
        raise errors.NotAcceptableError(req.not_acceptable)

    answer = QueryAnswer(kind, media_type=fmt.media_type if fmt else None)
    if kind == "ask":
        if req.terms:
            answer.result = QueryResult("ask", boolean=bool(result))
        else:
            answer.body = result.serialize(format=fmt.oxigraph)
    elif kind == "select":
        variables = [v.value for v in result.variables]
        rows = []
        for solution in result:
            if len(rows) == max_rows:
                answer.truncated = True
                break
            rows.append(tuple(solution))  # values in the order of result.variables
        if req.terms:
            answer.result = QueryResult("select", variables=variables,
                                        rows=[tuple(from_ox(t) for t in r) for r in rows])
        else:
            answer.body = _select_bytes(variables, rows, fmt)
    else:
        triples = []
        for triple in result:
            if len(triples) == max_rows:
                answer.truncated = True
                break
            triples.append(triple)
        if req.terms:
            answer.result = QueryResult("graph", graph=triples_to_graph(triples))
        else:
            answer.body = ox.serialize(triples, format=fmt.oxigraph,
                                       prefixes=dict(req.prefixes) or None)
    answer.seconds = time.monotonic() - started
    return answer


def apply_update(req: UpdateRequest) -> None:
    """Open the store at ``req.path`` read-write, apply the update, close it (and its lock)."""
    import pyoxigraph as ox

    store = ox.Store(req.path)
    try:
        store.update(req.sparql, base_iri=req.base_iri)
    except SyntaxError as exc:
        raise errors.QuerySyntaxError(f"the SPARQL update does not parse: {exc}; check it "
                                      f"against https://www.w3.org/TR/sparql11-update/") from None
    finally:
        del store


def _worker_main(conn) -> None:  # pragma: no cover - runs in the worker process
    """Answer requests from ``conn`` until the owner closes it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the owner decides when workers stop
    import pyoxigraph as ox

    import graph.store  # noqa: F401  (warm the imports before reporting ready)

    path, store = None, None
    conn.send(("ready", os.getpid()))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return  # the owner is gone
        checkpoint, req, max_rows = message
        try:
            if isinstance(req, UpdateRequest):
                apply_update(req)
                conn.send(("ok", QueryAnswer("update")))
                continue
            if checkpoint != path:
                store = None
                store = ox.Store.read_only(checkpoint)
                path = checkpoint
            reply = ("ok", execute(store, req, max_rows))
        except errors.NewsKGError as exc:
            reply = ("error", type(exc).__name__, exc.message)
        except OSError as exc:
            reply = ("error", "StoreError", f"the store could not be read: {exc}")
        except Exception as exc:  # noqa: BLE001 - reported to the owner, which logs it
            reply = ("crash", type(exc).__name__, str(exc))
        try:
            conn.send(reply)
        except (BrokenPipeError, OSError):
            return


# --------------------------------------------------------------------------- owner side

@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: object
    checkpoint: str | None = None


@dataclass
class QueryRunner:
    """A pool of ``size`` query workers answering on the newest published checkpoint."""

    size: int = 2
    timeout: float = 5.0
    max_rows: int = 10000
    #: Idle workers, the last one back first: at low concurrency one worker answers query
    #: after query with warm caches (taking them in turn, an aggregation at 100k triples took
    #: 20-34 ms inside a worker; last-in-first-out, 20-22 ms).
    _idle: queue.LifoQueue = field(default_factory=queue.LifoQueue, init=False)
    _workers: list = field(default_factory=list, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)
    _checkpoint: str | None = field(default=None, init=False)
    _retired: list = field(default_factory=list, init=False)
    _closed: bool = field(default=False, init=False)
    #: Checkpoints others (reader processes of the server) hold open: never deleted.
    also_in_use: Callable[[], set] | None = None

    def __post_init__(self) -> None:
        self._ctx = multiprocessing.get_context("spawn")
        for _ in range(max(1, self.size)):
            self._start_worker_async()

    # -- checkpoints
    def publish(self, checkpoint: str | Path) -> None:
        """Make ``checkpoint`` (a directory written by ``Store.backup``) the one queries read."""
        with self._lock:
            if self._checkpoint is not None:
                self._retired.append(self._checkpoint)
            self._checkpoint = str(checkpoint)
        self._collect_retired()

    def _collect_retired(self) -> None:
        with self._lock:
            in_use = {w.checkpoint for w in self._workers}
            if self.also_in_use is not None:
                in_use |= self.also_in_use()
            free = [c for c in self._retired if c not in in_use]
            self._retired = [c for c in self._retired if c in in_use]
        for path in free:
            shutil.rmtree(path, ignore_errors=True)

    # -- workers
    def _start_worker_async(self) -> None:
        threading.Thread(target=self._start_worker, name="newskg-worker-start",
                         daemon=True).start()

    def _start_worker(self) -> None:
        if self._closed:
            return
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(target=_worker_main, args=(child,), daemon=True,
                                    name="newskg-query-worker")
        process.start()
        child.close()
        worker = _Worker(process, parent)
        try:
            if not parent.poll(WORKER_START_TIMEOUT):
                raise TimeoutError(f"no answer within {WORKER_START_TIMEOUT:g} s")
            parent.recv()
        except (EOFError, OSError) as exc:  # TimeoutError is an OSError
            if not self._closed:
                log.error("a query worker did not start: %s", exc or "it died")
            self._kill(worker)
            return
        with self._lock:
            closed = self._closed
            if not closed:
                self._workers.append(worker)
        if closed:
            self._kill(worker)
            return
        self._idle.put(worker)

    def _kill(self, worker: _Worker) -> None:
        with self._lock:
            if worker in self._workers:
                self._workers.remove(worker)
        try:
            if worker.process.pid is not None and worker.process.is_alive():
                os.kill(worker.process.pid, signal.SIGKILL)
            worker.process.join(timeout=5)
        except (OSError, ValueError):
            pass
        try:
            worker.conn.close()
        except OSError:
            pass

    def _replace(self, worker: _Worker) -> None:
        self._kill(worker)
        self._collect_retired()
        if not self._closed:
            self._start_worker_async()

    def wait_ready(self, timeout: float = WORKER_START_TIMEOUT) -> bool:
        """Block until at least one worker is ready (used at server start)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if self._workers:
                    return True
            time.sleep(0.02)
        return False

    # -- queries
    def run(self, req: QueryRequest | UpdateRequest) -> QueryAnswer:
        """Answer ``req`` within ``timeout`` seconds, or raise :class:`QueryTimeoutError`."""
        if self._closed:
            raise errors.StoreError("the query service is shut down; restart newskg serve")
        checkpoint = self._checkpoint
        if checkpoint is None:
            raise errors.StoreError("no checkpoint of the store is published yet")
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise errors.QueryTimeoutError(
                f"every query worker stayed busy for {self.timeout:g} s; try again shortly, "
                f"or ask the operator for more --threads") from None
        worker.checkpoint = checkpoint
        try:
            worker.conn.send((checkpoint, req, self.max_rows))
            ready = worker.conn.poll(self.timeout)
            reply = worker.conn.recv() if ready else None
        except (EOFError, OSError, BrokenPipeError):
            self._replace(worker)
            raise errors.StoreError("the query worker died while answering; the query may use "
                                    "more memory than this server has; simplify it") from None
        if reply is None:
            self._replace(worker)
            if isinstance(req, UpdateRequest):
                raise errors.QueryTimeoutError(
                    f"the update ran longer than {self.timeout:g} s and was stopped; nothing "
                    f"changed; narrow its WHERE patterns or split it into smaller updates")
            raise errors.QueryTimeoutError(
                f"the query ran longer than {self.timeout:g} s and was stopped; add a LIMIT, "
                f"narrow its patterns (avoid cross products of unrelated patterns), or ask the "
                f"operator to raise --query-timeout")
        self._idle.put(worker)
        self._collect_retired()
        if reply[0] == "ok":
            return reply[1]
        if reply[0] == "crash":
            log.error("query worker failed: %s: %s", reply[1], reply[2])
            raise errors.StoreError(f"the query failed inside the engine ({reply[1]}: "
                                    f"{reply[2]})")
        cls = getattr(errors, reply[1], errors.StoreError)
        raise cls(reply[2])

    def close(self) -> None:
        """Stop every worker and delete retired checkpoints (not the current one)."""
        self._closed = True
        with self._lock:
            workers = list(self._workers)
        for worker in workers:
            self._kill(worker)
        self._collect_retired()


"""Reader processes of `newskg serve` (the ``processes`` setting): more cores for lookups.

One Python process answers about as many requests as its interpreter lock allows, whatever
the number of cores. With ``--processes N`` (N > 1) the server runs N - 1 *reader* processes
beside the *owner* (the process that holds the store, as with one process). All of them
accept connections on the same listening socket; the kernel hands each connection to one.

A reader answers ``GET /sparql`` lookups (:mod:`graph.lookup`) itself, from the newest
checkpoint of the store (opened read-only, as the query workers do; nothing writes a
checkpoint), with the owner's answer cache and the same headers; it passes every other request
(other queries, updates, the Graph Store, linked data, the query page) unchanged to the owner
over a private loopback socket and relays the answer (waitress cannot serve TCP and Unix
sockets together). The owner publishes a checkpoint after each
committed write *before* it answers the write, and readers look at the newest checkpoint
number (shared memory) on every request, so a client that wrote sees its write in its next
lookup whichever process answers it.

Checkpoints: each reader writes the number of the checkpoint it holds open in its slot of a
shared array; the owner deletes a retired checkpoint only when no worker and no reader holds
it. A reader that finds its checkpoint deleted between reading the number and opening it tries
the newest again, and after a few failures passes the request to the owner (which always
answers).

The owner starts the readers (``spawn``), restarts one that dies, and stops them (SIGTERM, then
SIGKILL) when it stops.
"""

from __future__ import annotations

import http.client
import logging
import multiprocessing
import os
import signal
import socket
import threading
import time
from pathlib import Path

from graph import lookup
from server.cache import CACHE_HEADER, CACHED_PATH

log = logging.getLogger("newskg.readers")

#: Loopback address of the owner's private socket, by address family of the public one.
LOOPBACK = {socket.AF_INET: "127.0.0.1", socket.AF_INET6: "::1"}
#: Tries to open the newest checkpoint before passing a lookup to the owner.
OPEN_TRIES = 5
#: Headers that belong to one connection, never relayed (RFC 9110, 7.6.1), and those the
#: relaying server sets itself.
HOP_BY_HOP = frozenset({"connection", "keep-alive", "proxy-authenticate", "proxy-authorization",
                        "te", "trailer", "transfer-encoding", "upgrade", "proxy-connection"})
OWN_HEADERS = frozenset({"server", "date"})
#: Headers of a ``GET /sparql`` answer that a reader's own answer cache makes.
CACHE_MADE = frozenset({"etag", CACHE_HEADER.lower()})
#: Seconds the owner waits for its readers to serve before it serves alone.
START_SECONDS = 60.0
#: Seconds between looks at whether every reader is alive.
WATCH_SECONDS = 1.0
#: Bytes read from the owner at a time when relaying an answer.
CHUNK = 65536


def checkpoint_name(generation: int) -> str:
    """The folder name of checkpoint ``generation`` (the owner's service writes it)."""
    return f"checkpoint-{generation:08d}"


# --------------------------------------------------------------------------- reader side

class CheckpointLookups:
    """Answers lookups from the newest published checkpoint (None: not for this process)."""

    def __init__(self, folder: str, newest, slots, index: int, max_rows: int) -> None:
        self.folder = Path(folder)
        self.newest = newest  # multiprocessing Value: the newest checkpoint's number
        self.slots = slots  # multiprocessing Array: the checkpoint each reader holds
        self.index = index
        self.max_rows = max_rows
        self._lock = threading.Lock()
        self._store = None
        self._generation = -1

    def _current(self):
        generation = self.newest.value
        if generation == self._generation:
            return self._store
        import pyoxigraph as ox

        with self._lock:
            for _ in range(OPEN_TRIES):
                generation = self.newest.value
                if generation == self._generation:
                    return self._store
                if generation < 0:
                    return None
                self.slots[self.index] = generation  # announced before it is opened
                try:
                    store = ox.Store.read_only(str(self.folder / checkpoint_name(generation)))
                except OSError:  # retired meanwhile: a newer one is published
                    continue
                self._store, self._generation = store, generation
                return store
            self.slots[self.index] = self._generation
            return None

    def answer(self, req):
        found = lookup.parse(req.sparql)
        if found is None:
            return None
        store = self._current()
        if store is None:
            return None
        try:
            return lookup.answer(store, req, found, self.max_rows)
        except OSError:
            return None  # the owner answers it (and says what is wrong with the store)

    def generation(self) -> int:
        return self.newest.value


class OwnerRelay:
    """WSGI app: every request this process does not answer, sent to the owner and relayed.

    With ``own_cache``, this process keeps its own answer cache of ``GET /sparql``
    (server.cache) in front of the relay: such a request is sent without ``If-None-Match``
    and the owner's ``ETag`` and cache headers are dropped from its answer, so the local cache
    makes them (the same ETag: it is a hash of the answer) and answers 304 itself.
    """

    def __init__(self, owner: tuple[str, int], timeout: float, own_cache: bool = False) -> None:
        self.owner = owner
        self.timeout = timeout
        self.own_cache = own_cache
        self._local = threading.local()

    def _connection(self, reuse: bool) -> http.client.HTTPConnection:
        conn = getattr(self._local, "conn", None) if reuse else None
        if conn is None:
            conn = http.client.HTTPConnection(*self.owner, timeout=self.timeout)
            if reuse:
                self._local.conn = conn
        return conn

    def __call__(self, environ, start_response):
        from server.errors import render_error

        method = environ["REQUEST_METHOD"]
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else None
        cached = self.own_cache and method == "GET" and environ.get("PATH_INFO") == CACHED_PATH
        headers = {}
        for key, value in environ.items():
            if key.startswith("HTTP_"):
                name = key[5:].replace("_", "-")
                if name.lower() not in HOP_BY_HOP and not (cached and key == "HTTP_IF_NONE_MATCH"):
                    headers[name] = value
        if environ.get("CONTENT_TYPE"):
            headers["Content-Type"] = environ["CONTENT_TYPE"]
        if length:
            headers["Content-Length"] = str(length)
        uri = environ.get("REQUEST_URI") or environ.get("PATH_INFO", "/")
        # A kept connection may have been closed by the owner meanwhile: a safe request is
        # sent again on a new one; any other request always goes on a new connection.
        safe = method in ("GET", "HEAD", "OPTIONS")
        for attempt in (0, 1):
            conn = self._connection(reuse=safe)
            try:
                conn.request(method, uri, body=body, headers=headers)
                resp = conn.getresponse()
                break
            except (ConnectionError, http.client.HTTPException, OSError) as exc:
                conn.close()
                if safe:
                    self._local.conn = None
                if not safe or attempt == 1:
                    log.error("the owner process did not answer: %s", exc)
                    content_type, text = render_error(
                        502, "Bad gateway", "the server's main process did not answer; try "
                        "again, and if it persists restart newskg serve",
                        environ.get("HTTP_ACCEPT", ""))
                    start_response("502 Bad Gateway", [("Content-Type", content_type),
                                                       ("Content-Length", str(len(text)))])
                    return [text]
        dropped = HOP_BY_HOP | OWN_HEADERS | (CACHE_MADE if cached else frozenset())
        out = [(k, v) for k, v in resp.getheaders() if k.lower() not in dropped]
        start_response(f"{resp.status} {resp.reason}", out)
        return self._relay(resp, conn, keep=safe and not resp.will_close)

    def _relay(self, resp, conn, keep: bool):
        finished = False
        try:
            while True:
                chunk = resp.read(CHUNK)
                if not chunk:
                    finished = True
                    break
                yield chunk
        finally:
            resp.close()
            if not (keep and finished):  # a half-read answer leaves bytes on the connection
                conn.close()
                if getattr(self._local, "conn", None) is conn:
                    self._local.conn = None


def reader_main(sock, owner: tuple[str, int], values: dict, folder: str, newest, slots,
                index: int, ready) -> None:
    """A reader process: serve ``sock`` (shared with the owner) until told to stop."""
    import waitress

    from graph.settings import resolve
    from server.cache import AnswerCache, CachingMiddleware
    from server.sparql import DirectQueries

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the owner decides when readers stop
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    settings = resolve(values)
    logging.basicConfig(level=logging.WARNING,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    relay = OwnerRelay(owner, timeout=max(60.0, 4 * settings.query_timeout),
                       own_cache=settings.cache_mb > 0)
    lookups = CheckpointLookups(folder, newest, slots, index, settings.max_rows)
    app = DirectQueries(relay, lookups.answer)
    if settings.cache_mb > 0:
        app = CachingMiddleware(app, AnswerCache(int(settings.cache_mb * 1024 * 1024)),
                                lookups.generation)
    server = waitress.create_server(app, sockets=[sock], threads=settings.threads,
                                    ident="newskg",
                                    max_request_body_size=2 * settings.max_body + 65536)
    ready.set()
    server.run()


# --------------------------------------------------------------------------- owner side

class ReaderPool:
    """The owner's side: shared memory, the private socket, starting and watching readers."""

    def __init__(self, count: int, folder: str, values: dict) -> None:
        self._ctx = multiprocessing.get_context("spawn")
        self.count = count
        self.folder = folder
        self.values = values
        self.newest = self._ctx.Value("q", -1, lock=False)
        self.slots = self._ctx.Array("q", [-1] * count, lock=False)
        self._processes: list = [None] * count
        self._ready: list = [None] * count
        self._sock = None
        self._owner: tuple[str, int] | None = None
        self._stop = threading.Event()
        self._watch: threading.Thread | None = None

    # -- checkpoints
    def published(self, generation: int) -> None:
        """The owner published checkpoint ``generation``: readers move to it."""
        self.newest.value = generation

    def in_use(self) -> set[str]:
        """Checkpoint folders some reader holds open (the owner must not delete them)."""
        return {str(Path(self.folder) / checkpoint_name(g)) for g in self.slots if g >= 0}

    # -- sockets
    def owner_socket(self, public: socket.socket) -> socket.socket:
        """The owner's private socket (loopback, a free port), listening; readers send it
        what they do not answer."""
        host = LOOPBACK.get(public.family, "127.0.0.1")
        sock = socket.create_server((host, 0), family=public.family, backlog=128)
        sock.setblocking(False)
        self._owner = (host, sock.getsockname()[1])
        return sock

    # -- processes
    def start(self, sock: socket.socket, timeout: float = START_SECONDS) -> None:
        """Start the readers on ``sock`` (the public listening socket), wait until they serve
        (at most ``timeout`` seconds: the owner serves alone meanwhile), and watch them."""
        self._sock = sock
        for index in range(self.count):
            self._start(index)
        deadline = time.monotonic() + timeout
        for index, event in enumerate(self._ready):
            if not event.wait(max(0.0, deadline - time.monotonic())):
                log.error("reader process %d did not start within %g s", index, timeout)
        self._watch = threading.Thread(target=self._watch_readers, daemon=True,
                                       name="newskg-readers")
        self._watch.start()

    def _start(self, index: int) -> None:
        self.slots[index] = -1
        self._ready[index] = self._ctx.Event()
        process = self._ctx.Process(
            target=reader_main, daemon=True, name=f"newskg-reader-{index}",
            args=(self._sock, self._owner, self.values, self.folder, self.newest, self.slots,
                  index, self._ready[index]))
        process.start()
        self._processes[index] = process

    def _watch_readers(self) -> None:
        while not self._stop.wait(WATCH_SECONDS):
            for index, process in enumerate(self._processes):
                if process is not None and not process.is_alive() and not self._stop.is_set():
                    log.error("reader process %d ended (exit code %s); starting it again",
                              index, process.exitcode)
                    self._start(index)

    def close(self) -> None:
        self._stop.set()
        for process in self._processes:
            if process is not None and process.is_alive():
                process.terminate()
        deadline = time.monotonic() + 5
        for process in self._processes:
            if process is not None:
                process.join(max(0.1, deadline - time.monotonic()))
                if process.is_alive():
                    process.kill()
                    process.join(2)

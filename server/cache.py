"""The answer cache of ``GET /sparql``: finished answers reused until the next write, with ETags.

Like the caches in front of Wikidata's query service or Datasette's, it remembers the whole
answer (status 200 only: headers and body) of a ``GET /sparql?query=...`` request, keyed by
everything the answer depends on: the store's *generation* (it grows with each committed
write: SPARQL Update, Graph Store write, an article from the inbox), the path and query string
(query text, ``default-graph-uri``/``named-graph-uri``, ``?format=``), and the request headers
the answer varies on (``Accept``, ``Origin``, ``Host`` and scheme, which set the base IRI).
A hit is answered here, before Flask, without a query worker; a write makes every older
entry unreachable (the cache is emptied when the generation moves on), so an answer is never
older than the newest checkpoint the query workers read.

Every cached answer carries a strong ``ETag`` (a hash of its media type and body, so an answer
a write did not change keeps its tag); ``If-None-Match`` with a matching tag gets
``304 Not Modified`` and no body.

Only answers of stores newskg owns are cached (``oxigraph:PATH`` and ``memory``); a
``sparql:`` store can be written by others behind newskg's back, so its answers never are.
POSTed queries are not cached (as in HTTP). The size is the ``cache_mb`` setting; ``0`` turns
the cache off (no ETags either).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable, Iterable

#: The path whose GET answers are cached.
CACHED_PATH = "/sparql"
#: An answer bigger than this share of the cache is not kept (it would evict everything).
LARGEST_SHARE = 8
#: Request headers (WSGI environ keys) an answer depends on, besides the URL.
KEY_HEADERS = ("HTTP_ACCEPT", "HTTP_ORIGIN", "HTTP_HOST", "wsgi.url_scheme", "SCRIPT_NAME")
#: Says whether an answer came from the cache (``hit``) or was just made and kept (``miss``).
CACHE_HEADER = "X-Newskg-Cache"
#: Headers a 304 leaves out (it has no body).
BODY_HEADERS = {"content-length", "content-type"}


@dataclass(frozen=True)
class Entry:
    status: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    etag: str


def etag_of(media_type: str, body: bytes) -> str:
    digest = hashlib.blake2b(media_type.encode("latin-1") + b"\0" + body, digest_size=12)
    return f'"{digest.hexdigest()}"'


def _matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    tags = [t.strip() for t in if_none_match.split(",")]
    return "*" in tags or etag in tags or f"W/{etag}" in tags


class AnswerCache:
    """A least-recently-used map of answers, at most ``max_bytes`` of bodies, for one
    generation of the store at a time."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[tuple, Entry] = OrderedDict()
        self._bytes = 0
        self._generation: int | None = None
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def _move_to(self, generation: int) -> None:
        if generation != self._generation:
            self._entries.clear()
            self._bytes = 0
            self._generation = generation

    def get(self, key: tuple, generation: int) -> Entry | None:
        with self._lock:
            if self._generation is not None and generation < self._generation:
                self.misses += 1
                return None  # a request that began before the newest write: not from here
            self._move_to(generation)
            entry = self._entries.get(key)
            if entry is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry

    def put(self, key: tuple, generation: int, entry: Entry) -> None:
        size = len(entry.body)
        if size > self.max_bytes // LARGEST_SHARE:
            return
        with self._lock:
            if self._generation is not None and generation < self._generation:
                return  # answered before a write that has been committed since
            self._move_to(generation)
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= len(old.body)
            self._entries[key] = entry
            self._bytes += size
            while self._bytes > self.max_bytes and self._entries:
                _, evicted = self._entries.popitem(last=False)
                self._bytes -= len(evicted.body)

    def __len__(self) -> int:
        return len(self._entries)


class CachingMiddleware:
    """WSGI middleware answering repeated ``GET /sparql`` requests from an :class:`AnswerCache`.

    ``generation()`` returns the store's current generation, or None when answers must not be
    cached. It is read *before* the request is answered: a write committed meanwhile moves the
    generation on, so the answer is filed under the older one and never served after the write.
    """

    def __init__(self, app, cache: AnswerCache, generation: Callable[[], int | None]) -> None:
        self.app = app
        self.cache = cache
        self.generation = generation

    def __call__(self, environ, start_response) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") != "GET" or environ.get("PATH_INFO") != CACHED_PATH \
                or "query=" not in environ.get("QUERY_STRING", ""):
            return self.app(environ, start_response)
        generation = self.generation()
        if generation is None:
            return self.app(environ, start_response)
        key = (environ.get("QUERY_STRING"),) + tuple(environ.get(h) for h in KEY_HEADERS)
        entry = self.cache.get(key, generation)
        if entry is not None:
            return self._send(entry, "hit", environ, start_response)
        entry, status, headers, body = self._answer(environ)
        if entry is None:  # not cacheable (an error): sent as the app made it
            start_response(status, headers)
            return [body]
        self.cache.put(key, generation, entry)
        return self._send(entry, "miss", environ, start_response)

    def _answer(self, environ) -> tuple[Entry | None, str, list, bytes]:
        """Run the app; its answer as an Entry when cacheable, and as it came."""
        captured: dict = {}
        written: list[bytes] = []

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            return written.append

        chunks = self.app(environ, capture)
        try:
            body = b"".join(written) + b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        status, headers = captured["status"], captured["headers"]
        if not status.startswith("200"):
            return None, status, headers, body
        media_type = next((v for k, v in headers if k.lower() == "content-type"), "")
        etag = etag_of(media_type, body)
        entry = Entry(status, tuple(headers) + (("ETag", etag),), body, etag)
        return entry, status, headers, body

    def _send(self, entry: Entry, how: str, environ, start_response) -> list[bytes]:
        if _matches(environ.get("HTTP_IF_NONE_MATCH"), entry.etag):
            start_response("304 Not Modified",
                           [h for h in entry.headers if h[0].lower() not in BODY_HEADERS] +
                           [(CACHE_HEADER, how)])
            return []
        start_response(entry.status, [*entry.headers, (CACHE_HEADER, how)])
        return [entry.body]

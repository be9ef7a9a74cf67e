"""Recognise *lookups*: queries whose cost is bounded by what the store holds about a few named
subjects, so they can run without the killable worker that guards other queries.

A query runs in a worker process because pyoxigraph cannot stop a running query: only killing
the process enforces the timeout (:mod:`graph.query_runner`). That costs a pipe round trip
and two process wake-ups per query, several times the engine's own work on a lookup such as
``SELECT ?label WHERE { <iri> rdfs:label ?label }``. A lookup cannot run away: every triple
pattern has a constant subject, so the engine reads only index ranges under those subjects
(their out-degree), joins at most :data:`MAX_PATTERNS` of them (at most one with a variable
verb, so no join holds more than the out-degree of one subject times the values of one
property), and streams the solutions, of which the caller reads at most ``max_rows``.

The accepted language is small and checked token by token (a hand-written scanner: rdflib's
parser costs milliseconds, more than the round trip it would save):

    [BASE <iri> | PREFIX p: <iri>]*
    (SELECT [DISTINCT | REDUCED] (* | ?var+) | ASK) [WHERE]
    { subject verb object (, object)* (; verb object (, object)*)* (. subject ...)* [.] }
    [LIMIT n] [OFFSET n]          (in either order, each at most once)

where a subject is an IRI or a prefixed name; a verb an IRI, a prefixed name, ``a`` or a
variable (no property paths); an object an IRI, a prefixed name, a variable, a literal, a
number or a boolean. Anything else (FILTER, OPTIONAL, GRAPH, FROM, blank nodes, expressions,
ORDER BY, aggregates, ``\\u`` escapes...) is not a lookup and goes to a worker, which is always
safe; the engine itself still parses and answers the query either way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from graph.errors import NotAcceptableError
from graph.formats import result_format
from graph.query_runner import QueryAnswer, execute, run_query

_TOKEN = re.compile(r"""
    (?P<ws>\s+|\#[^\n]*)
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<string>"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<var>[?$][A-Za-z_0-9\u00B7-\uFFFF]+)
  | (?P<number>[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?))
  | (?P<pname>(?:[A-Za-z\u00C0-\uFFFF][\w\-.\u00B7-\uFFFF]*)?:(?:[\w\u00C0-\uFFFF:%-](?:[\w\-.:%\u00B7-\uFFFF]*[\w\-:%\u00B7-\uFFFF])?)?)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<dt>\^\^)
  | (?P<word>[A-Za-z]+)
  | (?P<punct>[{}.;,*])
""", re.VERBOSE)

_CONSTANT = ("iri", "pname")
#: Most triple patterns in a lookup, and most of them with a variable verb.
MAX_PATTERNS = 3
MAX_VARIABLE_VERBS = 1


def _tokens(text: str) -> list[tuple[str, str, int]] | None:
    """(kind, text, end) tokens, keywords upper-cased; None at anything outside the language."""
    out = []
    pos, end = 0, len(text)
    while pos < end:
        match = _TOKEN.match(text, pos)
        if match is None:
            return None
        kind = match.lastgroup
        value = match.group()
        pos = match.end()
        if kind == "ws":
            continue
        if kind == "word" and value != "a":
            value = value.upper()
        out.append((kind, value, pos))
    return out


class _Reader:
    def __init__(self, tokens: list[tuple[str, str, int]]) -> None:
        self.tokens = tokens
        self.i = 0
        self.patterns = 0
        self.variable_verbs = 0

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.i][:2] if self.i < len(self.tokens) else ("end", "")

    def end_of_last(self) -> int:
        """Where the last token taken ends in the text."""
        return self.tokens[self.i - 1][2]

    def take(self, *kinds: str, word: str | None = None) -> bool:
        kind, value = self.peek()
        if kind in kinds and (word is None or value == word):
            self.i += 1
            return True
        return False


def _object(r: _Reader) -> bool:
    r.patterns += 1
    if r.take("iri", "pname", "var", "number"):
        return True
    if r.take("word", word="TRUE") or r.take("word", word="FALSE"):
        return True
    if r.take("string"):
        if r.take("dt"):
            return r.take(*_CONSTANT)
        r.take("lang")
        return True
    return False


def _verb(r: _Reader) -> bool:
    if r.take("var"):
        r.variable_verbs += 1
        return True
    return r.take("iri", "pname") or r.take("word", word="a")


def _objects(r: _Reader) -> bool:
    if not _object(r):
        return False
    while r.take("punct", word=","):
        if not _object(r):
            return False
    return True


def _group(r: _Reader) -> bool:
    """``{ triples }`` where every subject is a constant."""
    if not r.take("punct", word="{"):
        return False
    while not r.take("punct", word="}"):
        if not r.take(*_CONSTANT):
            return False
        if not (_verb(r) and _objects(r)):
            return False
        while r.take("punct", word=";"):
            if r.peek() in (("punct", "."), ("punct", "}"), ("punct", ";")):
                continue
            if not (_verb(r) and _objects(r)):
                return False
        if not r.take("punct", word=".") and r.peek() != ("punct", "}"):
            return False
    return True


@dataclass(frozen=True)
class Lookup:
    """A query read as a lookup: its form (select or ask), its text without LIMIT and OFFSET
    (``head``), and those two numbers (None when absent)."""

    form: str
    head: str
    limit: int | None
    offset: int | None

    def bounded(self, max_rows: int) -> tuple[str, str | None]:
        """The text to run (at most ``max_rows`` solutions) and, when the answer could have
        been longer, the text of a probe whose one solution means it was cut."""
        if self.form == "ask":
            return self.head, None
        offset = f" OFFSET {self.offset}" if self.offset else ""
        if self.limit is not None and self.limit <= max_rows:
            return f"{self.head} LIMIT {self.limit}{offset}", None
        return (f"{self.head} LIMIT {max_rows}{offset}",
                f"{self.head} LIMIT 1 OFFSET {(self.offset or 0) + max_rows}")


def _parse(text: str) -> Lookup | None:
    if "\\u" in text or "\\U" in text:  # SPARQL escapes are read before the grammar
        return None
    tokens = _tokens(text)
    if not tokens:
        return None
    r = _Reader(tokens)
    while True:
        if r.take("word", word="BASE"):
            if not r.take("iri"):
                return None
        elif r.take("word", word="PREFIX"):
            kind, value = r.peek()
            if kind != "pname" or not value.endswith(":") or value.count(":") != 1:
                return None
            r.i += 1
            if not r.take("iri"):
                return None
        else:
            break
    if r.take("word", word="SELECT"):
        form = "select"
        r.take("word", word="DISTINCT") or r.take("word", word="REDUCED")
        if not r.take("punct", word="*"):
            if not r.take("var"):
                return None
            while r.take("var"):
                pass
    elif r.take("word", word="ASK"):
        form = "ask"
    else:
        return None
    r.take("word", word="WHERE")
    if not _group(r):
        return None
    head = text[:r.end_of_last()]
    numbers: dict[str, int] = {}
    while r.peek()[0] == "word" and r.peek()[1] in ("LIMIT", "OFFSET") and form == "select":
        word = r.peek()[1]
        if word in numbers:
            return None
        r.i += 1
        kind, value = r.peek()
        if kind != "number" or not value.isdigit():
            return None
        numbers[word] = int(value)
        r.i += 1
    if r.peek()[0] != "end" or r.patterns > MAX_PATTERNS or \
            r.variable_verbs > MAX_VARIABLE_VERBS:
        return None
    return Lookup(form, head, numbers.get("LIMIT"), numbers.get("OFFSET"))


#: Texts up to this length are remembered (clients repeat their lookups).
CACHE_CHARS = 4096


@lru_cache(maxsize=4096)
def _parse_cached(text: str) -> Lookup | None:
    return _parse(text)


def parse(text: str) -> Lookup | None:
    """``text`` as a :class:`Lookup` (see the module's docstring), or None when it is not one."""
    if len(text) <= CACHE_CHARS:
        return _parse_cached(text)
    return _parse(text)


def answer(store, req, lookup: Lookup, max_rows: int):
    """Answer ``req`` (a :class:`graph.query_runner.QueryRequest` whose text is ``lookup``) on
    the pyoxigraph ``store``, serialized by pyoxigraph in one call (no row-by-row crossing into
    Python, which under a threaded server makes each row wait for the interpreter lock), cut at
    ``max_rows`` solutions like :func:`graph.query_runner.execute`."""
    if req.terms:
        return execute(store, req, max_rows)
    fmt = result_format(req.results_format) if req.results_format else None
    if fmt is None:
        raise NotAcceptableError(req.not_acceptable)
    text, probe = lookup.bounded(max_rows)
    body = run_query(store, text, req).serialize(format=fmt.oxigraph)
    # Every solution takes at least a byte: a shorter answer cannot have max_rows of them.
    truncated = probe is not None and len(body) >= max_rows and \
        any(True for _ in run_query(store, probe, req))
    return QueryAnswer(lookup.form, body=body, media_type=fmt.media_type, truncated=truncated)

"""Inspect a SPARQL query or update before it runs: refuse what could reach other hosts or files.

pyoxigraph (like rdflib) follows ``SERVICE <url>`` and ``LOAD <url>`` with real HTTP requests and
has no switch to turn that off, so every query and update is read here first with rdflib's
SPARQL parser:

* ``SERVICE <endpoint>`` is refused unless the endpoint is in the ``service_allow`` setting;
  ``SERVICE ?var`` (an endpoint chosen at run time) is always refused.
* ``LOAD <iri>`` is refused unless ``iri`` is an http(s) IRI under an allow-listed endpoint;
  ``file:`` and every other scheme are always refused.
* ``FROM`` / ``FROM NAMED`` / ``USING`` / ``WITH`` are allowed: pyoxigraph reads them as a
  selection among the store's own graphs and never fetches them (tests/server/test_safety.py
  checks this with a listening socket). An IRI that names no graph of the store selects an
  empty graph.

When rdflib's parser cannot read a text that pyoxigraph may still accept, the guard falls back
to a lexical scan: any ``SERVICE`` or ``LOAD`` keyword outside strings, IRIs and comments is
refused (conservative: it may refuse a query that only mentions them, never the reverse).
Syntax errors themselves are left to the engine, whose messages are better.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator, Sequence

from pyparsing import ParseException
from rdflib import URIRef, Variable
from rdflib.plugins.sparql.algebra import translatePrologue
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from graph.errors import ForbiddenFeatureError

_HOW_TO_ALLOW = ("ask the server's operator to add the endpoint to --service-allow "
                 "(NEWSKG_SERVICE_ALLOW)")


@dataclass(frozen=True)
class Finding:
    """One feature that reaches outside the store: ``kind`` is SERVICE or LOAD."""

    kind: str
    iri: str | None  # None when the target is a variable or could not be read
    lexical: bool = False  # found by the lexical fallback, target unknown


def _walk(node, prologue) -> Iterator[Finding]:
    if isinstance(node, CompValue):
        if node.name == "ServiceGraphPattern":
            yield Finding("SERVICE", _iri(node.get("term"), prologue))
        elif node.name == "Load":
            yield Finding("LOAD", _iri(node.get("iri"), prologue))
        for value in node.values():
            yield from _walk(value, prologue)
    elif isinstance(node, dict):
        for value in node.values():
            yield from _walk(value, prologue)
    elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
        for value in node:
            yield from _walk(value, prologue)


def _iri(term, prologue) -> str | None:
    if term is None or isinstance(term, Variable):
        return None
    try:
        resolved = prologue.absolutize(term)
    except Exception:  # an unknown prefix: the engine reports it as a syntax error
        return None
    return str(resolved) if isinstance(resolved, URIRef) else None


# Strings, IRIs and comments hide keywords; prefixed names and variables are not keywords.
_LEXICAL_NOISE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*',
)
_LEXICAL_KEYWORD = re.compile(r"(?<![\w:?$\-.])(SERVICE|LOAD)(?![\w:\-])", re.IGNORECASE)


def _lexical(text: str) -> list[Finding]:
    bare = _LEXICAL_NOISE.sub(" ", text)
    return [Finding(m.group(1).upper(), None, True) for m in _LEXICAL_KEYWORD.finditer(bare)]


@dataclass(frozen=True)
class Inspection:
    findings: tuple[Finding, ...]
    has_dataset_clause: bool  # FROM / FROM NAMED in a query


_FROM = re.compile(r"(?<![\w:?$\-.])FROM(?![\w:\-])", re.IGNORECASE)


#: Texts up to this length are remembered (a page's queries repeat); longer ones are not.
CACHE_CHARS = 8192


def inspect(text: str, is_update: bool = False) -> Inspection:
    """What :func:`check` and the query service need to know about ``text``."""
    if len(text) <= CACHE_CHARS:
        return _inspect_cached(text, is_update)
    return _inspect(text, is_update)


@lru_cache(maxsize=1024)
def _inspect_cached(text: str, is_update: bool) -> Inspection:
    return _inspect(text, is_update)


def _inspect(text: str, is_update: bool) -> Inspection:
    lowered = text.lower()
    if not any(word in lowered for word in ("service", "load", "from")):
        # Keywords are written out in full (pyoxigraph does not unescape \\u in keywords), so
        # a text without these words has nothing to refuse: no need for the slow parser.
        return Inspection((), False)
    try:
        if is_update:
            parsed = parseUpdate(text)
            found: list[Finding] = []
            prologue = None
            for decls, request in zip(parsed.prologue, parsed.request):
                prologue = translatePrologue(decls, None, None, prologue)
                found.extend(_walk(request, prologue))
            return Inspection(_cross_checked(text, found), False)
        parsed = parseQuery(text)
        prologue = translatePrologue(parsed[0], None)
        dataset = bool(parsed[1].get("datasetClause")) if "datasetClause" in parsed[1] else False
        return Inspection(_cross_checked(text, list(_walk(parsed[1], prologue))), dataset)
    except (ParseException, ValueError, TypeError, AttributeError, IndexError):
        bare = _LEXICAL_NOISE.sub(" ", text)
        return Inspection(tuple(_lexical(text)), bool(_FROM.search(bare)))


def _cross_checked(text: str, found: list[Finding]) -> tuple[Finding, ...]:
    """Defence in depth: a keyword the lexical scan sees but the parse tree lacks is refused."""
    lexical = _lexical(text)
    for kind in ("SERVICE", "LOAD"):
        if sum(f.kind == kind for f in lexical) > sum(f.kind == kind for f in found):
            found.append(Finding(kind, None, True))
    return tuple(found)


def _findings(text: str, is_update: bool) -> tuple[Finding, ...]:
    return inspect(text, is_update).findings


def _service_allowed(iri: str | None, allow: Sequence[str]) -> bool:
    return iri is not None and iri.rstrip("/") in {a.rstrip("/") for a in allow}


def _load_allowed(iri: str | None, allow: Sequence[str]) -> bool:
    if iri is None or not iri.lower().startswith(("http://", "https://")):
        return False
    return any(iri.startswith(a) for a in allow if a)


def check(text: str, *, is_update: bool = False, service_allow: Iterable[str] = ()) -> None:
    """Raise :class:`ForbiddenFeatureError` (403) if ``text`` would reach another host or file."""
    allow = tuple(service_allow)
    for finding in _findings(text, is_update):
        if finding.kind == "SERVICE" and not _service_allowed(finding.iri, allow):
            target = (f"<{finding.iri}>" if finding.iri else
                      "(in a text the checker could not parse)" if finding.lexical else
                      "with an endpoint chosen at run time")
            raise ForbiddenFeatureError(
                f"SERVICE {target} is refused: this server does not send queries to other "
                f"endpoints unless they are allow-listed; {_HOW_TO_ALLOW}, or run the remote "
                f"part of the query on that endpoint yourself."
            )
        if finding.kind == "LOAD" and not _load_allowed(finding.iri, allow):
            target = f"<{finding.iri}>" if finding.iri else "(an IRI this server could not read)"
            raise ForbiddenFeatureError(
                f"LOAD {target} is refused: this server never reads files or fetches documents "
                f"for a request; send the data itself with INSERT DATA or a Graph Store "
                f"Protocol PUT/POST to /data, or {_HOW_TO_ALLOW}."
            )


def check_query(text: str, service_allow: Iterable[str] = ()) -> None:
    check(text, is_update=False, service_allow=service_allow)


def check_update(text: str, service_allow: Iterable[str] = ()) -> None:
    check(text, is_update=True, service_allow=service_allow)


#: :func:`affected_graphs` answers this when an update may touch any graph.
ALL_GRAPHS = None


def affected_graphs(text: str) -> frozenset | None:
    """The graphs a SPARQL update may change: IRI strings, ``None`` for the default graph.

    Returns :data:`ALL_GRAPHS` (None) when the update may touch any graph (``GRAPH ?g`` in a
    template, ``DROP ALL``, ``CLEAR NAMED``...) or cannot be read by rdflib's parser.
    """
    from rdflib.plugins.sparql.algebra import translateUpdate

    try:
        requests = translateUpdate(parseUpdate(text)).algebra
    except Exception:  # noqa: BLE001 - unreadable here: assume the worst
        return ALL_GRAPHS
    touched: set = set()

    def target(term) -> bool:
        if term is None or term == "DEFAULT":
            touched.add(None)
            return True
        if isinstance(term, URIRef):
            touched.add(str(term))
            return True
        return False  # a variable, ALL, NAMED: any graph

    def template(clause, default) -> bool:
        if clause is None:
            return True
        if _item(clause, "triples") and not target(default):
            return False
        return all(target(name) for name in (_item(clause, "quads") or {}))

    for op in requests:
        name = op.name
        if name in ("InsertData", "DeleteData", "DeleteWhere"):
            ok = template(op, None)
        elif name == "Modify":
            with_graph = _item(op, "withClause")
            ok = template(_item(op, "delete"), with_graph) and \
                template(_item(op, "insert"), with_graph)
        elif name in ("Clear", "Drop", "Load"):
            ok = target(_item(op, "graphiri"))
        elif name == "Create":
            ok = True
        elif name in ("Add", "Copy", "Move"):
            source, dest = _item(op, "graph")
            ok = target(dest) and (name != "Move" or target(source))
        else:
            ok = False
        if not ok:
            return ALL_GRAPHS
    return frozenset(touched)


def _item(node, key):
    return node[key] if key in node else None


def query_form(text: str) -> str | None:
    """select, ask, construct or describe for a query rdflib can read; None otherwise."""
    try:
        name = parseQuery(text)[1].name
    except Exception:  # noqa: BLE001
        return None
    return {"SelectQuery": "select", "AskQuery": "ask", "ConstructQuery": "construct",
            "DescribeQuery": "describe"}.get(name)


_WHERE = re.compile(r"(?<![\w:?$\-.])WHERE(?![\w:\-])", re.IGNORECASE)
_DELETE_BEFORE = re.compile(r"DELETE\s*$", re.IGNORECASE)


def add_using(text: str, default_graphs: Sequence[str] = (),
              named_graphs: Sequence[str] = ()) -> str:
    """Apply the protocol's ``using-graph-uri`` / ``using-named-graph-uri`` to an update.

    Inserts ``USING <g>`` / ``USING NAMED <g>`` before the WHERE of every DELETE/INSERT
    operation (the only operations that take a dataset). Raises :class:`QuerySyntaxError`
    when the update names its own dataset with USING or WITH, as the protocol requires.
    """
    from graph.errors import QuerySyntaxError, UsageError

    if not default_graphs and not named_graphs:
        return text
    try:
        operations = parseUpdate(text).request
    except ParseException as exc:
        raise QuerySyntaxError(f"the SPARQL update does not parse: {exc}") from None
    if any(op.name == "Modify" and ("using" in op and op["using"] or "withClause" in op)
           for op in operations):
        raise UsageError("the update names its dataset with USING or WITH and the request "
                         "also sends using-graph-uri / using-named-graph-uri; use one of the two")
    clause = " ".join([f"USING <{g}>" for g in default_graphs] +
                      [f"USING NAMED <{g}>" for g in named_graphs]) + " "
    for iri in (*default_graphs, *named_graphs):
        if any(c in iri for c in '<>"{}|^`\\ \n'):
            raise UsageError(f"{iri!r} is not a valid graph IRI")
    hidden = [(m.start(), m.end()) for m in _LEXICAL_NOISE.finditer(text)]
    depth, cut, out, last = 0, 0, [], 0
    inserts = []
    for i, char in enumerate(text):
        while cut < len(hidden) and hidden[cut][1] <= i:
            cut += 1
        if cut < len(hidden) and hidden[cut][0] <= i:
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0 and char in "wW":
            match = _WHERE.match(text, i)
            if match and not _DELETE_BEFORE.search(_LEXICAL_NOISE.sub(" ", text[:i])):
                inserts.append(i)
    for position in inserts:
        out.append(text[last:position])
        out.append(clause)
        last = position
    out.append(text[last:])
    return "".join(out)

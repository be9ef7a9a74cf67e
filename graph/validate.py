"""SHACL validation of newskg graphs.

The shapes (``shapes/*.ttl``) say what a well-formed article graph is; pySHACL checks a graph
against them. Each article graph is validated on its own together with the ontology (so the
class hierarchy, the role types and the extraction methods are known), never the whole store
as one graph: the cost of validation grows with the data validated.

Subclasses: shapes target superclasses (``sh:targetClass nkg:Event``) and SHACL itself counts an
instance of ``nkg:Speech`` as an instance of ``nkg:Event`` through the ontology's
``rdfs:subClassOf`` triples, which are mixed into the data graph. pySHACL's RDFS pre-inference
is therefore not needed, and it is off by default on purpose: it would also type every value by
the ranges of the ontology (``nkg:roleType rdfs:range nkg:RoleType``), which makes the
value-class checks (``sh:class nkg:RoleType``) pass whatever the data says, and it is ten times
slower. Pass ``inference="rdfs"`` to :func:`validate_graph` to run it anyway.

Only ``sh:Violation`` results make a graph non-conforming; warnings and infos are reported.

Speed (details in :class:`SparqlConstraintPlan`; measured on the bundled articles' graphs,
860-2,450 triples: 1.6 s for the seed article with pySHACL alone, 0.08-0.14 s with the plan
below on pySHACL, 0.035-0.075 s now, with the same results). pySHACL runs a SHACL-SPARQL
constraint once per focus node (hundreds of queries for the spans and mentions of one
article), validates a property shape again for every focus node of its node shape, and on a
pyoxigraph store counts the whole store each time it writes a result. So the shapes graph is
split once per process, when it is loaded:

* the SHACL-SPARQL constraints of top-level shapes run here, each ONCE per graph on
  pyoxigraph, with the shape's targets joined into the query instead of pre-binding ``$this``
  to one focus node at a time (the same queries from the Turtle, the same result rows);
* the rest (core SHACL), with each property shape of a top-level node shape given that node
  shape's targets (so that it is validated once for all its focus nodes; the results are the
  same, sourceShape included), is compiled once by pyshacl-turbo (a Rust SHACL engine with
  pySHACL's API, which passes pySHACL's own test suite) and checked on the same pyoxigraph
  store as the queries: the ontology and the data, converted from rdflib once. If a shape
  whose results reach the report has no ``sh:message``, pySHACL checks the core instead
  (pyshacl-turbo words its default messages differently); the shipped shapes all have one.

Both halves go into one report, as pySHACL would write it. ``batched=False`` (and any
``inference``) runs everything in pySHACL; the tests compare the two on every fixture
(result values compared as rdflib normalises literals: see :func:`_normalized`).
"""

from __future__ import annotations

import json
import re
import zlib
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Sequence

import pyoxigraph as ox
import pyshacl
import pyshacl_turbo
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from graph import ontology
from graph import settings as settings_table
from graph.errors import InputError, ValidationFailedError
from graph.namespaces import ONTOLOGY_IRI, bind_prefixes
from graph.terms import from_ox, graph_to_quads

#: The namespace of the shapes themselves.
SHAPES_NS = "https://w3id.org/newskg/shapes#"

SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
_SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


# ------------------------------------------------------------------------------- results

@dataclass(frozen=True)
class ValidationResult:
    """One SHACL validation result, with rdflib terms."""

    severity: str                 # "Violation" | "Warning" | "Info"
    focus_node: Node
    path: str | None              # the property path in SPARQL syntax (prefixed names)
    value: Node | None
    message: str
    source_shape: str             # the shape's prefixed name (its node shape for a blank one)
    constraint: str               # the constraint component, e.g. "sh:MinCountConstraintComponent"
    graph: str | None = None      # the named graph validated, when known

    def to_dict(self) -> dict:
        return {
            "severity": self.severity,
            "focusNode": _plain(self.focus_node),
            "path": self.path,
            "value": _plain(self.value),
            "message": self.message,
            "sourceShape": self.source_shape,
            "constraint": self.constraint,
            "graph": self.graph,
        }


def _plain(term: Node | None) -> str | None:
    if term is None:
        return None
    if isinstance(term, Literal):
        return str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


class ValidationReport:
    """The outcome of a validation: ``conforms``, the ``results`` and pySHACL's report graph.

    ``decode`` (a function giving the results and the report graph) defers reading them from
    the engine's report to their first use: ingest, which writes a conforming article and
    keeps its report only to show it, then never pays for it (a fifth of a validation).
    """

    def __init__(self, conforms: bool, results: list[ValidationResult] | None = None,
                 report_graph: Graph | None = None, graphs: int = 1, *,
                 decode: Callable[[], tuple[list[ValidationResult], Graph]] | None = None
                 ) -> None:
        self.conforms = conforms
        self.graphs = graphs            # how many graphs were validated
        self._results = results if results is not None or decode else []
        self._report_graph = report_graph if report_graph is not None or decode else Graph()
        self._decode = decode

    def _decoded(self) -> None:
        if self._decode is not None:
            decode, self._decode = self._decode, None
            self._results, self._report_graph = decode()

    @property
    def results(self) -> list[ValidationResult]:
        self._decoded()
        return self._results

    @property
    def report_graph(self) -> Graph:
        self._decoded()
        return self._report_graph

    def __repr__(self) -> str:
        return f"<ValidationReport {self.summary}>"

    def count(self, severity: str) -> int:
        return sum(1 for r in self.results if r.severity == severity)

    @property
    def violations(self) -> int:
        return self.count("Violation")

    @property
    def warnings(self) -> int:
        return self.count("Warning")

    @property
    def infos(self) -> int:
        return self.count("Info")

    @property
    def summary(self) -> str:
        def n(count: int, word: str) -> str:
            return f"{count} {word}{'' if count == 1 else 's'}"

        where = f" in {n(self.graphs, 'graph')}" if self.graphs != 1 else ""
        verdict = "conforms" if self.conforms else "does not conform"
        return (f"{verdict}: {n(self.violations, 'violation')}, {n(self.warnings, 'warning')}, "
                f"{n(self.infos, 'info')}{where}")

    @property
    def text(self) -> str:
        """The whole report as short human text, grouped by shape and focus node."""
        return self.format_text()

    def format_text(self, max_nodes_per_shape: int | None = None) -> str:
        """Grouped text; at most ``max_nodes_per_shape`` focus nodes shown per shape."""
        lines = [self.summary]
        groups: dict[tuple[str, str], dict[Node, list[ValidationResult]]] = defaultdict(
            lambda: defaultdict(list))
        for r in self.results:
            groups[(r.severity, r.source_shape)][r.focus_node].append(r)
        for (severity, shape), by_node in sorted(
                groups.items(), key=lambda kv: (_SEVERITY_ORDER[kv[0][0]], kv[0][1])):
            total = sum(len(v) for v in by_node.values())
            lines.append(f"\n{severity} {shape} ({total} result{'' if total == 1 else 's'})")
            nodes = sorted(by_node, key=str)
            shown = nodes if max_nodes_per_shape is None else nodes[:max_nodes_per_shape]
            for node in shown:
                lines.append(f"  {_show(node)}")
                for r in by_node[node]:
                    where = f"{_shorten(r.path, 60)}: " if r.path else ""
                    shown_value = r.value is not None and r.value != r.focus_node
                    value = f" [value: {_show(r.value)}]" if shown_value else ""
                    lines.append(f"    - {where}{r.message}{value}")
            if len(shown) < len(nodes):
                lines.append(f"  ... and {len(nodes) - len(shown)} more focus nodes")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {
            "conforms": self.conforms,
            "graphs": self.graphs,
            "violations": self.violations,
            "warnings": self.warnings,
            "infos": self.infos,
            "results": [r.to_dict() for r in self.results],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    def raise_for_violations(self, what: str = "the graph") -> None:
        """Raise :class:`ValidationFailedError` (report in ``detail``) if there is a violation."""
        if self.conforms:
            return
        first = [r for r in self.results if r.severity == "Violation"][:3]
        examples = "; ".join(f"{_show(r.focus_node)} {r.path or ''}: {r.message}".replace("  ", " ")
                             for r in first)
        raise ValidationFailedError(
            f"{what} does not conform to the SHACL shapes ({self.violations} violations), "
            f"e.g. {examples}. Fix the data, or see `newskg validate` for the full report.",
            detail=self.to_dict(),
        )


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _show(term: Node | None, width: int = 80) -> str:
    if term is None:
        return ""
    if isinstance(term, Literal):
        return json.dumps(_shorten(str(term), width), ensure_ascii=False)
    if isinstance(term, BNode):
        return f"_:{term}"
    return f"<{term}>"


# ------------------------------------------------------------------- shapes and ontology

@lru_cache(maxsize=None)
def _load_shapes(folder: str) -> Graph:
    graph = Graph()
    bind_prefixes(graph)
    graph.bind("sh", str(SH))
    graph.bind("nkgsh", SHAPES_NS)
    files = sorted(Path(folder).glob("*.ttl"))
    if not files:
        raise InputError(f"no SHACL shapes in {folder}: the shapes/*.ttl files are missing "
                         f"from the newskg checkout")
    for path in files:
        try:
            graph.parse(path, format="turtle")
        except Exception as exc:  # any rdflib parser error: report the file and line
            raise InputError(f"the shapes file {path} does not parse: {exc}") from None
    return graph


def load_shapes() -> Graph:
    """Every ``shapes/*.ttl`` in one graph (parsed once; do not modify the result)."""
    return _load_shapes(str(settings_table.SHAPES_DIR))


@lru_cache(maxsize=None)
def load_ontology() -> Graph:
    """The ontology (``ontology/newskg.ttl``, read by :func:`graph.ontology.load`), parsed once;
    do not modify the result."""
    return ontology.load()


# --------------------------------------------------- SHACL-SPARQL constraints, run once

#: Shape properties through which a shape is used by another one (then its focus nodes are
#: another shape's value nodes, known only inside pySHACL's run).
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
_CLASS_TYPES = (URIRef("http://www.w3.org/2000/01/rdf-schema#Class"),
                 URIRef("http://www.w3.org/2002/07/owl#Class"))
_SELECT_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_PROJECTS_THIS = re.compile(r"^\s*SELECT\s+(DISTINCT\s+|REDUCED\s+)?[^{]*[?$]this\b",
                            re.IGNORECASE)
_PRE_BOUND = re.compile(r"[?$](shapesGraph|currentShape)\b")
#: The parameters of SHACL's constraint components (SHACL 4 and 6.2): a shape holding one of
#: them yields results with the engine's default message unless it has sh:message.
_CONSTRAINT_PARAMETERS = frozenset(SH[name] for name in (
    "class", "datatype", "nodeKind", "minCount", "maxCount", "minExclusive", "minInclusive",
    "maxExclusive", "maxInclusive", "minLength", "maxLength", "pattern", "languageIn",
    "uniqueLang", "equals", "disjoint", "lessThan", "lessThanOrEquals", "not", "and", "or",
    "xone", "node", "qualifiedValueShape", "closed", "hasValue", "in", "sparql"))


@dataclass(frozen=True)
class _BatchedConstraint:
    shape: Node                   # the shape holding sh:sparql (node or property shape)
    constraint: Node              # the sh:SPARQLConstraint node
    query: str                    # one query for every focus node of the shape
    node_shape: bool
    path: Node | None             # the property shape's path (shapes graph node)
    severity: Node
    messages: tuple[Literal, ...]        # the constraint's sh:message
    shape_messages: tuple[Literal, ...]  # the shape's own sh:message


class SparqlConstraintPlan:
    """The shapes split in two, once per shapes graph.

    pySHACL evaluates a SHACL-SPARQL constraint by pre-binding ``$this`` to each focus node in
    turn and running the query again (about 1 ms of parsing and bookkeeping each, and a shape
    on the text spans has hundreds of focus nodes). SHACL defines the results of a constraint
    as the solutions of its query for each pre-bound focus node; joining the query with the
    pattern that selects the shape's focus nodes (``$this rdf:type/rdfs:subClassOf* C`` for
    ``sh:targetClass C``, the SHACL instance test) gives the same solutions for all of them in
    one run. ``$PATH`` is replaced by the property shape's path, as pySHACL does.

    A constraint is run this way when its shape is used only at the top level: a node shape
    with targets that no other shape refers to, or a property shape held (``sh:property``) only
    by such node shapes; its query projects ``$this``, has a ``WHERE {`` and does not use
    ``$shapesGraph``/``$currentShape``. Every other constraint stays in :attr:`core` and
    pySHACL runs it as before. ``core`` is the shapes graph without the batched
    ``sh:sparql`` triples: no constraint is lost, each runs in exactly one place.
    """

    def __init__(self, shapes: Graph) -> None:
        self.shapes = shapes
        self._ontology_part: tuple | None = None
        self.batched: list[_BatchedConstraint] = []
        removed: set[tuple[Node, Node, Node]] = set()
        for shape, constraint in sorted(shapes.subject_objects(SH.sparql), key=str):
            batched = self._batch(shape, constraint)
            if batched is not None:
                self.batched.append(batched)
                removed.add((shape, SH.sparql, constraint))
        # Property shapes held only by top-level node shapes get their holders' targets:
        # pySHACL then validates each of them once for all focus nodes, instead of building
        # the property shape's constraints again for every focus node of the node shape. The
        # results are the same (pySHACL names the property shape as sh:sourceShape either way).
        added: set[tuple[Node, Node, Node]] = set()
        for holder, prop in sorted(shapes.subject_objects(SH.property), key=str):
            if self._holders(prop) is None:
                continue
            removed.add((holder, SH.property, prop))
            for target in _TARGETS:
                for value in shapes.objects(holder, target):
                    added.add((prop, target, value))
        self.core = Graph()
        for triple in shapes:
            if triple not in removed:
                self.core.add(triple)
        for triple in added:
            self.core.add(triple)
        for prefix, namespace in shapes.namespaces():
            self.core.bind(prefix, namespace)
        #: True when every shape of :attr:`core` holding a constraint says what is wrong
        #: (``sh:message``, on the shape or on each of its SHACL-SPARQL constraints). Then
        #: pyshacl-turbo checks the core and gives pySHACL's results exactly (the tests
        #: compare them on every fixture); where a shape relies on the engine's default
        #: message, the two engines word it differently ("Value does not conform to Shape
        #: 'ex:S'" against pySHACL's "... Shape ex:S"), so pySHACL checks the core instead.
        self.engine_safe = all(map(self._says_what_is_wrong, self._reporting_shapes()))

    def ontology_part(self, ontology: Graph) -> tuple:
        """The ontology triples pySHACL's part of the shapes can read, kept for the rdflib
        graph pySHACL checks (about half the ontology: copying triples into rdflib is a good
        part of the time of a small article).

        Core SHACL reads the data only along the predicates its shapes name (paths,
        sh:equals/disjoint/lessThan..., targets) and through ``rdf:type``/``rdfs:subClassOf``
        (sh:class, sh:targetClass). Only when the core part holds something that can read any
        predicate (sh:closed, or a SHACL-SPARQL constraint or target the plan left to pySHACL)
        is the whole ontology kept. The batched queries always see the whole ontology."""
        if self._ontology_part is None or self._ontology_part[0] is not ontology:
            core = self.core
            # (the sh:select of a batched constraint stays in core, unlinked: it runs here)
            batched = {b.constraint for b in self.batched}
            reads_anything = any(
                next(core.subject_objects(p), None) is not None
                for p in (SH.closed, SH.sparql, SH.target)) or any(
                subject not in batched
                for p in (SH.select, SH.ask) for subject in core.subjects(p, None))
            if reads_anything:
                kept = tuple(ontology)
            else:
                named = {t for triple in core for t in triple if isinstance(t, URIRef)}
                named |= {RDF.type, RDFS_SUBCLASS}
                kept = tuple(t for t in ontology if t[1] in named)
            self._ontology_part = (ontology, kept)
        return self._ontology_part[1]

    def _reporting_shapes(self) -> set[Node]:
        """The shapes of :attr:`core` whose results appear in the report: those with targets
        (or that are classes) and the property shapes they hold. Shapes reached through
        sh:node, sh:not, sh:and, sh:or, sh:xone or sh:qualifiedValueShape only decide their
        parent's result, which carries the parent's message."""
        core = self.core
        todo = {s for t in _TARGETS for s in core.subjects(t, None)}
        todo |= {s for c in _CLASS_TYPES for s in core.subjects(RDF.type, c)
                 if (s, RDF.type, SH.NodeShape) in core}
        found: set[Node] = set()
        while todo:
            shape = todo.pop()
            if shape not in found:
                found.add(shape)
                todo.update(core.objects(shape, SH.property))
        return found

    def _says_what_is_wrong(self, shape: Node) -> bool:
        core = self.core
        if core.value(shape, SH.message) is not None:
            return True
        if any(p in _CONSTRAINT_PARAMETERS and p != SH.sparql
               for p in core.predicates(shape)):
            return False
        return all(core.value(c, SH.message) is not None
                   for c in core.objects(shape, SH.sparql))

    # -- which constraints can run once
    def _is_top_node_shape(self, shape: Node) -> bool:
        g = self.shapes
        return (any(g.value(shape, t) is not None for t in _TARGETS)
                and not g.value(shape, SH.path)
                # a shape that is also a class targets its instances implicitly
                and not any(c in _CLASS_TYPES for c in g.objects(shape, RDF.type))
                and next(g.subject_predicates(shape), None) is None
                and not _is_true(g.value(shape, SH.deactivated)))

    def _holders(self, shape: Node) -> list[Node] | None:
        """The node shapes whose targets are the focus nodes of ``shape``, or None if the
        focus nodes are not known before pySHACL's run."""
        g = self.shapes
        if _is_true(g.value(shape, SH.deactivated)):
            return None
        if g.value(shape, SH.path) is None:
            return [shape] if self._is_top_node_shape(shape) else None
        holders = []
        for subject, predicate in g.subject_predicates(shape):
            if predicate != SH.property or not self._is_top_node_shape(subject):
                return None
            holders.append(subject)
        return holders or None

    def _batch(self, shape: Node, constraint: Node) -> _BatchedConstraint | None:
        g = self.shapes
        holders = self._holders(shape)
        select = g.value(constraint, SH.select)
        if (holders is None or not isinstance(select, Literal)
                or _is_true(g.value(constraint, SH.deactivated))):
            return None
        text = str(select)
        where = _SELECT_WHERE.search(text)
        if where is None or not _PROJECTS_THIS.search(text[:where.start()]) \
                or _PRE_BOUND.search(text):
            return None
        path = g.value(shape, SH.path)
        if path is not None:
            text = text.replace("$PATH", path_text(g, path, full_iris=True))
        targets = " UNION ".join(f"{{ {p} }}" for h in holders for p in self._target_patterns(h))
        text = (text[:where.end()] + f"\n  {{ SELECT DISTINCT ?this WHERE {{ {targets} }} }}\n"
                + text[where.end():])
        return _BatchedConstraint(
            shape=shape, constraint=constraint, query=self._prefixes(constraint) + text,
            node_shape=path is None, path=path,
            severity=g.value(shape, SH.severity) or SH.Violation,
            messages=tuple(m for m in g.objects(constraint, SH.message)
                           if isinstance(m, Literal)),
            shape_messages=tuple(m for m in g.objects(shape, SH.message)
                                 if isinstance(m, Literal)))

    def _target_patterns(self, shape: Node) -> list[str]:
        g = self.shapes
        patterns = [f"?this <{RDF.type}>/<{RDFS_SUBCLASS}>* {_iri(c)} ."
                    for c in g.objects(shape, SH.targetClass)]
        patterns += [f"VALUES ?this {{ {_iri(n)} }}" for n in g.objects(shape, SH.targetNode)]
        patterns += [f"?this {_iri(p)} [] ." for p in g.objects(shape, SH.targetSubjectsOf)]
        patterns += [f"[] {_iri(p)} ?this ." for p in g.objects(shape, SH.targetObjectsOf)]
        return patterns

    def _prefixes(self, constraint: Node) -> str:
        g = self.shapes
        lines = []
        for source in g.objects(constraint, SH.prefixes):
            for declaration in g.objects(source, SH.declare):
                prefix = g.value(declaration, SH.prefix)
                namespace = g.value(declaration, SH.namespace)
                if prefix is not None and namespace is not None:
                    lines.append(f"PREFIX {prefix}: <{namespace}>\n")
        return "".join(sorted(set(lines)))

    # -- running them
    def solutions(self, store: ox.Store) -> list[tuple[_BatchedConstraint, dict]]:
        """Run every batched constraint on ``store``: (constraint, solution) for each result,
        without the duplicate solutions pySHACL drops too."""
        found = []
        for batched in self.batched:
            seen = set()
            solutions = store.query(batched.query, use_default_graph_as_union=True)
            variables = [v.value for v in solutions.variables]
            for solution in solutions:
                row = {name: from_ox(solution[name]) for name in variables
                       if solution[name] is not None}
                key = tuple(sorted((k, str(v)) for k, v in row.items()))
                if key not in seen:
                    seen.add(key)
                    found.append((batched, row))
        return found

    def add_results(self, found: list[tuple[_BatchedConstraint, dict]], report: Graph,
                    root: Node) -> None:
        """pySHACL-style results for :meth:`solutions` in ``report`` (under ``root``)."""
        for batched, row in found:
            self._add_result(batched, dict(row), report, root)

    def run(self, store: ox.Store, report: Graph, root: Node) -> bool:
        """Run every batched constraint on ``store``; add pySHACL-style results to ``report``
        (under ``root``). True if none gave a result of severity sh:Violation."""
        found = self.solutions(store)
        self.add_results(found, report, root)
        return not any(batched.severity == SH.Violation for batched, _row in found)

    def _add_result(self, batched: _BatchedConstraint, row: dict, report: Graph,
                    root: Node) -> None:
        """One sh:ValidationResult, as pySHACL writes it for a SHACL-SPARQL solution."""
        failure = row.pop("failure", None)
        focus = row.pop("this")
        path = row.pop("path", None) if failure is None else None
        value = row.pop("value", None) if failure is None else None
        if value is None and batched.node_shape:
            value = focus
        bound = dict(row, this=focus)
        if path is not None:
            bound["path"] = path
        if value is not None:
            bound["value"] = value
        node = BNode()
        report.add((root, SH.result, node))
        report.add((node, RDF.type, SH.ValidationResult))
        report.add((node, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
        report.add((node, SH.resultSeverity, batched.severity))
        report.add((node, SH.focusNode, focus))
        _copy(self.shapes, batched.shape, report, (node, SH.sourceShape))
        _copy(self.shapes, batched.constraint, report, (node, SH.sourceConstraint))
        if value is not None:
            report.add((node, SH.value, value))
        if path is not None:
            report.add((node, SH.resultPath, path))
        elif batched.path is not None:
            _copy(self.shapes, batched.path, report, (node, SH.resultPath))
        for message in batched.shape_messages + batched.messages:
            report.add((node, SH.resultMessage, Literal(_format_message(str(message), bound))))


RDFS_SUBCLASS = URIRef("http://www.w3.org/2000/01/rdf-schema#subClassOf")


def _is_true(term: Node | None) -> bool:
    return isinstance(term, Literal) and term.toPython() is True


def _iri(term: Node) -> str:
    if not isinstance(term, URIRef):
        raise InputError(f"the shapes use {term!r} as a target, where an IRI is needed; fix "
                         f"the shape in {settings_table.SHAPES_DIR}")
    return f"<{term}>"


def _format_message(message: str, bound: dict) -> str:
    """``{?var}``/``{$var}`` in a SHACL-SPARQL message replaced by the solution's value."""
    return re.sub(r"\{[?$](\w+)\}",
                  lambda m: str(bound[m.group(1)]) if m.group(1) in bound else m.group(0),
                  message)


def _copy(source: Graph, node: Node, target: Graph, link: tuple[Node, Node]) -> None:
    """Link ``node`` in ``target``, with its description when it is a blank node."""
    target.add((link[0], link[1], node))
    todo, done = [node], set()
    while todo:
        current = todo.pop()
        if not isinstance(current, BNode) or current in done:
            continue
        done.add(current)
        for p, o in source.predicate_objects(current):
            target.add((current, p, o))
            todo.append(o)


@lru_cache(maxsize=None)
def _plan(folder: str) -> SparqlConstraintPlan:
    return SparqlConstraintPlan(_load_shapes(folder))


def constraint_plan() -> SparqlConstraintPlan:
    """The shapes split into pySHACL's part and the batched SHACL-SPARQL part (cached)."""
    return _plan(str(settings_table.SHAPES_DIR))


@lru_cache(maxsize=None)
def _ontology_quads() -> tuple:
    return tuple(graph_to_quads(load_ontology(), None))


@lru_cache(maxsize=None)
def _ontology_part_quads_of(folder: str) -> tuple:
    return tuple(graph_to_quads(_plan(folder).ontology_part(load_ontology()), None))


def _ontology_part_quads() -> tuple:
    return _ontology_part_quads_of(str(settings_table.SHAPES_DIR))


@lru_cache(maxsize=None)
def _ontology_part_nquads_of(folder: str) -> str:
    return ox.serialize(_ontology_part_quads_of(folder), format=ox.RdfFormat.N_QUADS).decode()


def _ontology_part_nquads() -> str:
    return _ontology_part_nquads_of(str(settings_table.SHAPES_DIR))


@lru_cache(maxsize=None)
def _compiled_core(folder: str) -> pyshacl_turbo.CompiledShapes:
    return pyshacl_turbo.compile_shapes(_plan(folder).core)


def _core_engine() -> pyshacl_turbo.CompiledShapes:
    """The core half of the shapes (:attr:`SparqlConstraintPlan.core`) compiled once per
    process by pyshacl-turbo."""
    return _compiled_core(str(settings_table.SHAPES_DIR))


def _ox_quads(graph: Iterable) -> list[ox.Quad]:
    """The graph's triples as pyoxigraph quads of the default graph
    (:func:`graph.terms.graph_to_quads`, which makes each IRI's node once per process)."""
    return list(graph_to_quads(graph, None))


# ------------------------------------------------------------------------ validation

def validate_graph(data: Graph, *, context: Graph | None = None, graph_name: str | None = None,
                   inference: str = "none", batched: bool = True,
                   quads: Sequence[ox.Quad] | None = None) -> ValidationReport:
    """Validate one graph (an article's) against the shapes, with the ontology mixed in.

    ``context``: extra triples the data links to (e.g. descriptions of nodes kept elsewhere).
    ``graph_name`` is recorded on every result. The report conforms unless a result is an
    ``sh:Violation``. ``inference`` is pySHACL's option ("none", "rdfs"...; see the module).
    ``batched=False`` runs every constraint in pySHACL, one focus node at a time (the reference
    the fast path is tested against; ten times slower). ``inference`` other than "none"
    implies it. On the fast path the results and the report graph are read from the engine's
    report on first use (:class:`ValidationReport`). ``quads``: ``data`` already converted to
    pyoxigraph quads of the default graph (graph.terms.graph_to_quads(data, None)), when the
    caller needs them too (ingest writes them to the store).
    """
    shapes = load_shapes()
    if inference == "none" and batched:
        conforms, report = _validate_fast(data, context, quads)
    else:
        report_graph = _validate_reference(data, context, shapes, inference)
        conforms, report = None, lambda: report_graph

    def decode() -> tuple[list[ValidationResult], Graph]:
        report_graph = report()
        bind_prefixes(report_graph)
        report_graph.bind("nkgsh", SHAPES_NS)
        return _results(report_graph, shapes, graph_name), report_graph

    if conforms is None:
        results, report_graph = decode()
        return ValidationReport(conforms=not any(r.severity == "Violation" for r in results),
                                results=results, report_graph=report_graph)
    return ValidationReport(conforms=conforms, decode=decode)


def _validate_fast(data: Graph, context: Graph | None, quads: Sequence[ox.Quad] | None = None
                   ) -> tuple[bool, Callable[[], Graph]]:
    """The fast path: one pyoxigraph store holding the ontology and the data; core SHACL
    (:attr:`SparqlConstraintPlan.core`, compiled once per process) checked by pyshacl-turbo on
    the same triples, the batched SHACL-SPARQL constraints run on the store by pyoxigraph.
    Shapes that leave a constraint without ``sh:message`` have their core checked by pySHACL
    instead (see :attr:`SparqlConstraintPlan.engine_safe`). Returns whether the graph conforms
    (no sh:Violation) and a function giving the report graph, as pySHACL writes it."""
    plan = constraint_plan()
    quads = list(quads) if quads is not None else _ox_quads(data)
    if context is not None:
        quads += _ox_quads(context)
    store = ox.Store()
    store.bulk_extend(_ontology_quads())
    store.bulk_extend(quads)
    if plan.engine_safe:
        conforms, core_report = _core_check(quads)
    else:
        target = Graph()
        for source in (data, plan.ontology_part(load_ontology()), context or ()):
            for triple in source:
                target.add(triple)
        _conforms, report_graph, text = pyshacl.validate(
            target, shacl_graph=plan.core, inplace=True, allow_warnings=True,
            allow_infos=True)
        if not isinstance(report_graph, Graph):  # pySHACL could not use the shapes
            raise InputError(f"the SHACL shapes in {settings_table.SHAPES_DIR} cannot be "
                             f"used: {text}; fix the shape it names")
        conforms = not any(SEVERITIES.get(o, "Violation") == "Violation"
                           for o in report_graph.objects(None, SH.resultSeverity))
        core_report = lambda: report_graph  # noqa: E731
    found = plan.solutions(store)
    conforms = conforms and not any(b.severity == SH.Violation for b, _row in found)

    def report() -> Graph:
        report_graph = core_report()
        if found:
            root = report_graph.value(None, RDF.type, SH.ValidationReport, any=True)
            plan.add_results(found, report_graph, root)
            if not conforms:
                report_graph.set((root, SH.conforms, Literal(False)))
        return report_graph

    return conforms, report


#: pyshacl-turbo's internals :func:`_core_check` reads the undecoded report through (the
#: version they were checked against); another version goes through its public ``validate``.
_TURBO_INTERNALS = pyshacl_turbo.__version__.startswith("0.6.")


def _core_check(quads: list[ox.Quad]) -> tuple[bool, Callable[[], Graph]]:
    """Core SHACL on the ontology triples it can read (SparqlConstraintPlan.ontology_part) and
    the data, by pyshacl-turbo: whether they conform, and a function giving the report graph.

    pyshacl-turbo's ``validate`` returns the report as an rdflib graph, read from the engine's
    N-Triples in Python: a quarter of the engine's own time, for a report that ingest shows
    only when an article is rejected. So the engine is called as ``validate`` calls it (the
    input as the N-Quads ``validate`` makes of a pyoxigraph store) and its report is read only
    when asked for."""
    engine = _core_engine()
    native = getattr(engine, "_native", None)
    if not _TURBO_INTERNALS or native is None:
        core_input = ox.Store()
        core_input.bulk_extend(_ontology_part_quads())
        core_input.bulk_extend(quads)
        conforms, report_graph, text = engine.validate(
            core_input, allow_warnings=True, allow_infos=True)
        if not isinstance(report_graph, Graph):  # the engine could not use the shapes
            raise InputError(f"the SHACL shapes in {settings_table.SHAPES_DIR} cannot be "
                             f"used: {text}; fix the shape it names")
        return conforms, lambda: report_graph
    from pyshacl_turbo import _emit_recursion_warnings
    from pyshacl_turbo.rdf import decode

    source = _ontology_part_nquads() + ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode()
    conforms, report, _text, _expanded, recursion_warnings = native.validate(
        source, "oxigraph-nquads", None,
        False, 100, 15,           # iterate_rules, max_rule_iterations, max_validation_depth
        False, True, True, False,  # inplace, allow_infos, allow_warnings, abort_on_first
        [], [], [])               # focus_nodes, use_shapes, the data's namespaces
    _emit_recursion_warnings(recursion_warnings)
    # kept compressed until read: an ingest holds every article's report (a tenth the size)
    packed = zlib.compress(report.encode(), 1)

    def report_graph() -> Graph:
        graph = decode(zlib.decompress(packed).decode(), dict(engine._blank_nodes),
                       preserve_ids=True, report=True)
        for prefix, namespace in engine.graph.namespaces():
            graph.bind(prefix, namespace)
        return graph

    return conforms, report_graph


def _validate_reference(data: Graph, context: Graph | None, shapes: Graph,
                        inference: str) -> Graph:
    """The reference path: every constraint in pySHACL, on the data with the ontology."""
    sources = [data, load_ontology()] + ([context] if context is not None else [])
    if inference == "none":
        # pySHACL's own SHACL-SPARQL runs once per focus node: about 5x faster on pyoxigraph
        # than on rdflib, which parses every query again
        target = ox.Store()
        for source in sources:
            target.extend(graph_to_quads(source, None))
    else:
        target = Graph()
        for source in sources:
            for triple in source:
                target.add(triple)
    _conforms, report_graph, text = pyshacl.validate(
        target, shacl_graph=shapes, inference=inference, inplace=True, allow_warnings=True,
        allow_infos=True,
    )
    if not isinstance(report_graph, Graph):  # pySHACL could not use the shapes
        raise InputError(f"the SHACL shapes in {settings_table.SHAPES_DIR} cannot be used: "
                         f"{text}; fix the shape it names")
    return report_graph


#: From this many graphs on, validate_store and validate_graphs use a process pool when asked
#: for more than one worker (below it, starting the workers, each loading the shapes and the
#: ontology, costs more than it saves).
POOL_MIN_GRAPHS = 8
#: Workers when the caller does not say. One: at ~30 ms per article graph, a pool's own costs
#: (spawning workers that load and compile the shapes; every graph and its report serialised
#: both ways) exceeded what it saved on this project's 2-core machine, busy with other work:
#: 8 graphs 0.25 s here against 1.1 s in a pool of 2, 136 graphs 3.7 s against 5.4 s, 400
#: graphs 16 s against 41 s (2026-12-07).
DEFAULT_WORKERS = 1


def validate_store(store, graph_names: Sequence[str] | None = None, *,
                   workers: int | None = None) -> ValidationReport:
    """Validate every article graph of ``store`` (a :class:`graph.store.Store`) one by one.

    ``graph_names`` limits the run to those graphs; the ontology graph is never validated as
    data. The reports are merged into one. See :func:`validate_graphs` for ``workers``.
    """
    names = list(graph_names) if graph_names is not None else store.graph_names()
    names = [n for n in names if n != ONTOLOGY_IRI]
    return merge_reports(validate_graphs(((name, store.get_graph(name)) for name in names),
                                         count=len(names), workers=workers))


def validate_graphs(graphs: Iterable[tuple[str, Graph]], *, count: int | None = None,
                    workers: int | None = None) -> list[ValidationReport]:
    """One report per (graph name, graph), in order.

    With ``workers`` > 1 (default :data:`DEFAULT_WORKERS`) and :data:`POOL_MIN_GRAPHS` graphs
    or more (``count``, when ``graphs`` is a generator), they are validated by a pool of that
    many processes, each graph on its own as :func:`validate_graph` does; else here, one by one.
    """
    if count is None:
        graphs = list(graphs)
        count = len(graphs)
    workers = min(workers or DEFAULT_WORKERS, count)
    if workers > 1 and count >= POOL_MIN_GRAPHS:
        return _validate_in_pool(graphs, workers)
    return [validate_graph(graph, graph_name=name) for name, graph in graphs]


def _validate_in_pool(graphs: Iterable[tuple[str, Graph]], workers: int) -> list[ValidationReport]:
    import multiprocessing

    jobs = ((_graph_bytes(graph), name) for name, graph in graphs)
    # spawn: the caller may hold threads (a server, tqdm) that fork must not copy
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=_worker_init,
                      initargs=(str(settings_table.SHAPES_DIR),)) as pool:
        return [_report_from_wire(wire)
                for wire in pool.imap(_validate_wire, jobs, chunksize=2)]


def _worker_init(shapes_dir: str) -> None:
    """Pool worker start: the caller's shapes folder, shapes and ontology loaded once."""
    settings_table.SHAPES_DIR = Path(shapes_dir)
    constraint_plan()
    _core_engine()
    _ontology_quads()
    _ontology_part_nquads()


def _graph_bytes(graph: Graph) -> bytes:
    return ox.serialize(graph_to_quads(graph, None), format=ox.RdfFormat.N_TRIPLES)


def _bytes_graph(data: bytes) -> Graph:
    graph = Graph()
    for triple in ox.parse(data, ox.RdfFormat.N_TRIPLES):
        graph.add((from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)))
    return graph


def _validate_wire(job: tuple[bytes, str]) -> tuple:
    """Pool worker: validate one graph given as N-Triples; the report back as plain data."""
    data, name = job
    report = validate_graph(_bytes_graph(data), graph_name=name)
    return report.conforms, report.results, _graph_bytes(report.report_graph)


def _report_from_wire(wire: tuple) -> ValidationReport:
    conforms, results, report_bytes = wire
    return ValidationReport(conforms=conforms, results=results,
                            report_graph=_bytes_graph(report_bytes))


def merge_reports(reports: Iterable[ValidationReport]) -> ValidationReport:
    """One report for many graphs: one sh:ValidationReport holding every result."""
    reports = list(reports)
    merged = Graph()
    bind_prefixes(merged)
    merged.bind("sh", str(SH))
    merged.bind("nkgsh", SHAPES_NS)
    root = BNode()
    conforms = all(r.conforms for r in reports)
    merged.add((root, RDF.type, SH.ValidationReport))
    merged.add((root, SH.conforms, Literal(conforms)))
    results: list[ValidationResult] = []
    for report in reports:
        results.extend(report.results)
        for s, p, o in report.report_graph:
            if p == SH.conforms or (p == RDF.type and o == SH.ValidationReport):
                continue
            if p == SH.result:
                merged.add((root, p, o))
            else:
                merged.add((s, p, o))
    return ValidationReport(conforms=conforms, results=results, report_graph=merged,
                            graphs=len(reports))


# ------------------------------------------------------------- reading pySHACL's report

def _results(report: Graph, shapes: Graph, graph_name: str | None) -> list[ValidationResult]:
    names = shapes.namespace_manager
    results = []
    for node in report.objects(None, SH.result):
        severity = SEVERITIES.get(report.value(node, SH.resultSeverity), "Violation")
        path = report.value(node, SH.resultPath)
        shape = report.value(node, SH.sourceShape)
        component = report.value(node, SH.sourceConstraintComponent)
        messages = [str(m) for m in report.objects(node, SH.resultMessage)]
        if report.value(node, SH.sourceConstraint) is not None and len(messages) > 1:
            # A SHACL-SPARQL result carries its constraint's message and its shape's: keep the
            # constraint's, which says what this query found.
            shape_messages = {str(m) for m in shapes.objects(shape, SH.message)}
            messages = [m for m in messages if m not in shape_messages] or messages
        results.append(ValidationResult(
            severity=severity,
            focus_node=report.value(node, SH.focusNode),
            path=path_text(report, path) if path is not None else None,
            value=_normalized(report.value(node, SH.value)),
            message=messages[0] if messages else _default_message(component),
            source_shape=_shape_name(shapes, shape),
            constraint=component.n3(names) if component is not None else "",
            graph=graph_name,
        ))
    results.sort(key=lambda r: (_SEVERITY_ORDER[r.severity], r.source_shape, str(r.focus_node),
                                r.path or "", r.message, _plain(r.value) or ""))
    return results


def _normalized(term: Node | None) -> Node | None:
    """A literal in rdflib's normal form (as rdflib reads it from a file): engines that keep
    the data's lexical form ("...T07:00:00Z") and rdflib ("...T07:00:00+00:00") then give the
    same value."""
    if isinstance(term, Literal):
        return Literal(str(term), lang=term.language, datatype=term.datatype)
    return term


def _default_message(component: Node | None) -> str:
    name = str(component or "").rsplit("#", 1)[-1].replace("ConstraintComponent", "")
    return f"fails the {name or 'shape'} constraint"


def _shape_name(shapes: Graph, shape: Node | None) -> str:
    """A readable name: the shape's own, else the name of the node shape holding it."""
    if shape is None:
        return "(unknown shape)"
    names = shapes.namespace_manager
    if isinstance(shape, URIRef):
        return shape.n3(names)
    for owner in shapes.subjects(SH.property, shape):
        if isinstance(owner, URIRef):
            return owner.n3(names)
    return "(anonymous shape)"


_PATH_SUFFIX = {SH.zeroOrMorePath: "*", SH.oneOrMorePath: "+", SH.zeroOrOnePath: "?"}


def path_text(graph: Graph, path: Node, full_iris: bool = False) -> str:
    """A SHACL property path in SPARQL syntax, with prefixed names (``^nkg:denotes``), or
    with ``<full IRIs>`` for a query."""
    if isinstance(path, URIRef):
        return f"<{path}>" if full_iris else path.n3(graph.namespace_manager)
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _grouped(graph, inverse, full_iris)
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(path_text(graph, p, full_iris)
                              for p in Collection(graph, alternatives)) + ")"
    for predicate, suffix in _PATH_SUFFIX.items():
        inner = graph.value(path, predicate)
        if inner is not None:
            return _grouped(graph, inner, full_iris) + suffix
    if graph.value(path, RDF.first) is not None:
        return "/".join(path_text(graph, p, full_iris) for p in Collection(graph, path))
    return str(path)


def _grouped(graph: Graph, path: Node, full_iris: bool = False) -> str:
    text = path_text(graph, path, full_iris)
    return text if isinstance(path, URIRef) or text.startswith("(") else f"({text})"

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
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

import pyoxigraph as ox
import pyshacl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from graph import ontology
from graph import settings as settings_table
from graph.errors import InputError, ValidationFailedError
from graph.namespaces import ONTOLOGY_IRI, bind_prefixes
from graph.terms import graph_to_quads

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


@dataclass
class ValidationReport:
    conforms: bool
    results: list[ValidationResult] = field(default_factory=list)
    report_graph: Graph = field(default_factory=Graph)
    graphs: int = 1               # how many graphs were validated

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


# ------------------------------------------------------------------------ validation

def validate_graph(data: Graph, *, context: Graph | None = None, graph_name: str | None = None,
                   inference: str = "none") -> ValidationReport:
    """Validate one graph (an article's) against the shapes, with the ontology mixed in.

    ``context``: extra triples the data links to (e.g. descriptions of nodes kept elsewhere).
    ``graph_name`` is recorded on every result. The report conforms unless a result is an
    ``sh:Violation``. ``inference`` is pySHACL's option ("none", "rdfs"...; see the module).
    """
    sources = [data, load_ontology()] + ([context] if context is not None else [])
    shapes = load_shapes()
    if inference == "none":
        # pySHACL runs on a pyoxigraph store about 5x faster than on an rdflib Graph: its
        # SHACL-SPARQL constraints run once per focus node, and rdflib re-parses each query
        # every time (measured: 1.9 s -> 0.4 s for the test article).
        target = ox.Store()
        for source in sources:
            target.extend(graph_to_quads(source, None))
    else:
        target = Graph()
        for source in sources:
            for triple in source.triples((None, None, None)):
                target.add(triple)
    _conforms, report_graph, text = pyshacl.validate(
        target, shacl_graph=shapes, inference=inference, inplace=True,
        allow_warnings=True, allow_infos=True,
    )
    if not isinstance(report_graph, Graph):  # pySHACL could not use the shapes
        raise InputError(f"the SHACL shapes in {settings_table.SHAPES_DIR} cannot be used: "
                         f"{text}; fix the shape it names")
    bind_prefixes(report_graph)
    report_graph.bind("nkgsh", SHAPES_NS)
    results = _results(report_graph, shapes, graph_name)
    return ValidationReport(conforms=not any(r.severity == "Violation" for r in results),
                            results=results, report_graph=report_graph)


def validate_store(store, graph_names: Sequence[str] | None = None) -> ValidationReport:
    """Validate every article graph of ``store`` (a :class:`graph.store.Store`) one by one.

    ``graph_names`` limits the run to those graphs; the ontology graph is never validated as
    data. The reports are merged into one.
    """
    names = list(graph_names) if graph_names is not None else store.graph_names()
    names = [n for n in names if n != ONTOLOGY_IRI]
    reports = [validate_graph(store.get_graph(name), graph_name=name) for name in names]
    return merge_reports(reports)


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
            value=report.value(node, SH.value),
            message=messages[0] if messages else _default_message(component),
            source_shape=_shape_name(shapes, shape),
            constraint=component.n3(names) if component is not None else "",
            graph=graph_name,
        ))
    results.sort(key=lambda r: (_SEVERITY_ORDER[r.severity], r.source_shape, str(r.focus_node),
                                r.path or "", r.message))
    return results


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


def path_text(graph: Graph, path: Node) -> str:
    """A SHACL property path in SPARQL syntax, with prefixed names (``^nkg:denotes``)."""
    if isinstance(path, URIRef):
        return path.n3(graph.namespace_manager)
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _grouped(graph, inverse)
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(path_text(graph, p) for p in Collection(graph, alternatives)) + ")"
    for predicate, suffix in _PATH_SUFFIX.items():
        inner = graph.value(path, predicate)
        if inner is not None:
            return _grouped(graph, inner) + suffix
    if graph.value(path, RDF.first) is not None:
        return "/".join(path_text(graph, p) for p in Collection(graph, path))
    return str(path)


def _grouped(graph: Graph, path: Node) -> str:
    text = path_text(graph, path)
    return text if isinstance(path, URIRef) or text.startswith("(") else f"({text})"

"""Reading expected and actual SPARQL answers with rdflib and comparing them.

* Graphs (CONSTRUCT/DESCRIBE) are compared by isomorphism (``rdflib.compare.isomorphic``).
* Result sets are turned into the DAWG result-set vocabulary (``rs:``), one blank node per
  solution, and compared by isomorphism too: this matches blank nodes in the answers with a
  consistent one-to-one mapping and respects duplicate rows. When the query has a top-level
  ORDER BY the solutions carry ``rs:index``, so their order must match as well.
* Booleans (ASK) are compared as booleans.

Terms are compared as RDF terms (so "1.0"^^xsd:decimal is not "1"^^xsd:decimal), except that
language tags are compared case-insensitively, as RDF 1.1 defines them.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, BNode, Graph, Literal, Namespace
from rdflib.compare import isomorphic
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.query import Result

RS = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/result-set#")

RESULT_TYPES = {"application/sparql-results+json": "json",
                "application/sparql-results+xml": "xml",
                "text/tab-separated-values": "tsv", "text/csv": "csv"}
RESULT_SUFFIXES = {".srj": "json", ".srx": "xml", ".tsv": "tsv", ".csv": "csv"}
RDF_SUFFIXES = {".ttl": "turtle", ".nt": "nt", ".rdf": "xml"}
RDF_TYPES = ("text/turtle", "application/n-triples", "application/rdf+xml",
             "application/ld+json", "application/trig", "application/n-quads")
#: What the runner asks for: JSON results for SELECT/ASK, N-Triples for CONSTRUCT/DESCRIBE.
ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"


@dataclass
class Answer:
    kind: str  # "boolean", "bindings" or "graph"
    boolean: bool | None = None
    variables: tuple[str, ...] = ()
    rows: tuple[dict, ...] = ()  # variable name -> term (unbound variables absent)
    graph: Graph | None = None

    def describe(self) -> str:
        if self.kind == "boolean":
            return f"boolean {self.boolean}"
        if self.kind == "graph":
            return f"{len(self.graph)} triples:\n" + self.graph.serialize(format="nt")
        lines = [" | ".join(f"{k}={v.n3()}" for k, v in sorted(row.items()))
                 for row in self.rows]
        return f"{len(self.rows)} rows of {list(self.variables)}:\n" + "\n".join(lines)


def _from_result(result: Result) -> Answer:
    if result.type == "ASK":
        return Answer("boolean", boolean=bool(result.askAnswer))
    variables = tuple(str(v) for v in (result.vars or ()))
    rows = tuple({str(k): v for k, v in row.items() if v is not None}
                 for row in result.bindings)
    return Answer("bindings", variables=variables, rows=rows)


def _from_graph(graph: Graph) -> Answer:
    """A graph; or, when it is a DAWG rs:ResultSet, the result set it encodes."""
    result_set = graph.value(predicate=RDF.type, object=RS.ResultSet)
    if result_set is None:
        return Answer("graph", graph=graph)
    boolean = graph.value(result_set, RS.boolean)
    if boolean is not None:
        return Answer("boolean", boolean=bool(boolean.toPython()))
    variables = tuple(str(v) for v in graph.objects(result_set, RS.resultVariable))
    solutions = []
    for solution in graph.objects(result_set, RS.solution):
        row = {str(graph.value(b, RS.variable)): graph.value(b, RS.value)
               for b in graph.objects(solution, RS.binding)}
        index = graph.value(solution, RS["index"])
        solutions.append((index.toPython() if index is not None else 0, row))
    solutions.sort(key=lambda pair: pair[0])
    return Answer("bindings", variables=variables, rows=tuple(row for _, row in solutions))


def expected_answer(path: Path) -> Answer:
    if path.suffix in RESULT_SUFFIXES:
        with open(path, "rb") as source:
            return _from_result(Result.parse(source, format=RESULT_SUFFIXES[path.suffix]))
    graph = Graph()
    graph.parse(path, format=RDF_SUFFIXES[path.suffix], publicID=path.as_uri())
    return _from_graph(graph)


def media_type(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def actual_answer(content_type: str | None, body: bytes) -> Answer:
    """Parse an HTTP answer by its Content-Type (ValueError when it is not SPARQL/RDF)."""
    kind = media_type(content_type)
    if kind in RESULT_TYPES:
        return _from_result(Result.parse(io.BytesIO(body), format=RESULT_TYPES[kind]))
    if kind in RDF_TYPES:
        graph = Graph()
        graph.parse(data=body, format=kind)
        return Answer("graph", graph=graph)
    raise ValueError(f"the answer has Content-Type {content_type!r}, neither SPARQL results "
                     f"nor RDF")


def _normal(term):
    """Language tags compare case-insensitively (RDF 1.1 Concepts, 3.3): lower-case them."""
    if isinstance(term, Literal) and term.language:
        return Literal(str(term), lang=term.language.lower())
    return term


def _normal_graph(graph: Graph) -> Graph:
    normal = Graph()
    for triple in graph:
        normal.add(tuple(_normal(term) for term in triple))
    return normal


def _rows_graph(rows: tuple[dict, ...], ordered: bool) -> Graph:
    graph = Graph()
    for index, row in enumerate(rows):
        solution = BNode()
        graph.add((solution, RDF.type, RS.Solution))
        if ordered:
            graph.add((solution, RS["index"], Literal(index)))
        for name, value in row.items():
            binding = BNode()
            graph.add((solution, RS.binding, binding))
            graph.add((binding, RS.variable, Literal(name)))
            graph.add((binding, RS.value, _normal(value)))
    return graph


def same_answer(expected: Answer, actual: Answer, ordered: bool) -> bool:
    if expected.kind != actual.kind:
        return False
    if expected.kind == "boolean":
        return expected.boolean == actual.boolean
    if expected.kind == "graph":
        return isomorphic(_normal_graph(expected.graph), _normal_graph(actual.graph))
    if set(expected.variables) != set(actual.variables) or \
            len(expected.rows) != len(actual.rows):
        return False
    return isomorphic(_rows_graph(expected.rows, ordered), _rows_graph(actual.rows, ordered))


def query_shape(text: str) -> tuple[bool, bool]:
    """(has a top-level ORDER BY, names its own dataset with FROM / FROM NAMED).

    rdflib's SPARQL parser reads the query; when it cannot (a syntax it does not know), the
    answer is (False, "FROM" appears as a keyword), which only loosens the order check.
    """
    try:
        query = parseQuery(text)[1]
    except Exception:  # noqa: BLE001 - any parser failure: fall back to the loose reading
        words = text.upper().split()
        return False, "FROM" in words
    return "orderby" in query, "datasetClause" in query

"""Reading the W3C SPARQL 1.1 test manifests (mf:, qt:, ut:, ht: vocabularies) with rdflib.

Each manifest is parsed with its own file URI as base, so the files a test names (<agg01.rq>)
become file:// IRIs that :func:`local_path` maps back to the copy in ../shared/w3c-sparql11/.
Those same file IRIs name the graphs the tests load, which is what the expected results (for
example ``rs:value <singleton.ttl>``) assume.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from http import HTTPStatus
from pathlib import Path
from urllib.parse import unquote, urlparse

from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection

ROOT = Path(__file__).resolve().parents[2]
SUITE = ROOT.parent / "shared" / "w3c-sparql11"

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HT = Namespace("http://www.w3.org/2011/http#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = Namespace("http://www.w3.org/2011/content#")

#: The query-evaluation folders of the suite.
EVALUATION_FOLDERS = ("aggregates", "bind", "bindings", "construct", "exists", "functions",
                      "grouping", "negation", "project-expression", "property-path",
                      "subquery")

#: Media types of the data files the tests load, by suffix.
DATA_TYPES = {".ttl": "text/turtle", ".nt": "application/n-triples",
              ".rdf": "application/rdf+xml", ".trig": "application/trig",
              ".nq": "application/n-quads"}


class SuiteMissing(RuntimeError):
    pass


def suite_dir(*parts: str) -> Path:
    path = SUITE.joinpath(*parts)
    if not path.exists():
        raise SuiteMissing(
            f"the W3C SPARQL 1.1 test data is missing: {path} does not exist. Put the "
            f"sparql/sparql11/ folders of w3c/rdf-tests in {SUITE} (see its README.md)")
    return path


def local_path(iri) -> Path:
    parsed = urlparse(str(iri))
    if parsed.scheme != "file":
        raise ValueError(f"{iri} is not a file of the test suite")
    return Path(unquote(parsed.path))


@lru_cache(maxsize=None)
def load_manifest(path: Path) -> Graph:
    graph = Graph()
    graph.parse(path, format="turtle", publicID=path.as_uri())
    return graph


def entries(graph: Graph) -> list[URIRef]:
    """The tests a manifest lists, in the order of its mf:entries."""
    found = []
    for manifest in graph.subjects(RDF.type, MF.Manifest):
        for head in graph.objects(manifest, MF.entries):
            found.extend(Collection(graph, head))
    return found


def _sorted_files(graph: Graph, node, prop) -> tuple[Path, ...]:
    return tuple(sorted(local_path(o) for o in graph.objects(node, prop)))


# --- query evaluation and syntax tests -----------------------------------------------------

@dataclass(frozen=True)
class EvaluationTest:
    iri: str
    name: str
    kind: str  # QueryEvaluationTest, PositiveSyntaxTest11, NegativeSyntaxTest11
    query: Path
    data: tuple[Path, ...] = ()
    graph_data: tuple[Path, ...] = ()
    result: Path | None = None

    @property
    def id(self) -> str:
        return self.iri.rsplit("/", 2)[-2] + "/" + self.iri.rsplit("#", 1)[-1]


def evaluation_tests(folders=EVALUATION_FOLDERS) -> list[EvaluationTest]:
    tests = []
    for folder in folders:
        graph = load_manifest(suite_dir(folder, "manifest.ttl"))
        for test in entries(graph):
            kinds = {str(t).rsplit("#", 1)[-1] for t in graph.objects(test, RDF.type)}
            name = str(graph.value(test, MF.name, default=""))
            action = graph.value(test, MF.action)
            if "QueryEvaluationTest" in kinds:
                result = graph.value(test, MF.result)
                tests.append(EvaluationTest(
                    str(test), name, "QueryEvaluationTest",
                    local_path(graph.value(action, QT.query)),
                    _sorted_files(graph, action, QT.data),
                    _sorted_files(graph, action, QT.graphData),
                    local_path(result) if result is not None else None))
            elif kinds & {"PositiveSyntaxTest11", "NegativeSyntaxTest11"}:
                kind = "PositiveSyntaxTest11" if "PositiveSyntaxTest11" in kinds \
                    else "NegativeSyntaxTest11"
                tests.append(EvaluationTest(str(test), name, kind, local_path(action)))
            else:
                raise ValueError(f"{test}: test type {sorted(kinds)} is not supported by the "
                                 f"runner; add it to tests/w3c/manifest.py")
    return tests


# --- HTTP tests (protocol, graph store protocol) -------------------------------------------

@dataclass(frozen=True)
class ExpectedResponse:
    statuses: tuple[tuple[int, int], ...]  # inclusive ranges of acceptable status codes
    format: str | None = None  # "boolean", "tabular" or "RDF"
    boolean: bool | None = None
    location_template: str | None = None  # mf:expectedLocation
    content_type: str | None = None
    body: str | None = None  # RDF the answer must be isomorphic to

    def accepts(self, status: int) -> bool:
        return any(low <= status <= high for low, high in self.statuses)


@dataclass(frozen=True)
class HttpRequest:
    method: str
    path: str
    headers: tuple[tuple[str, str], ...]
    body: bytes | None
    expected: ExpectedResponse


@dataclass(frozen=True)
class HttpTest:
    iri: str
    name: str
    requests: tuple[HttpRequest, ...]
    graph_data: tuple[tuple[Path, str], ...] = ()  # (file, graph IRI)
    requires: tuple[str, ...] = field(default=())

    @property
    def id(self) -> str:
        return self.iri.rsplit("#", 1)[-1]


def status_range(code: URIRef) -> tuple[int, int]:
    """hts:StatusCode2xx -> (200, 299); hts:NoContent -> (204, 204)."""
    name = str(code).rsplit("#", 1)[-1]
    if name.startswith("StatusCode") and name.endswith("xx"):
        hundred = int(name[len("StatusCode")]) * 100
        return hundred, hundred + 99
    upper = re.sub(r"(?<=[a-z])(?=[A-Z])", "_", name).upper()  # NoContent -> NO_CONTENT
    status = HTTPStatus[upper].value
    return status, status


def _headers(graph: Graph, node) -> tuple[tuple[str, str], ...]:
    head = graph.value(node, HT.headers)
    if head is None:
        return ()
    return tuple((str(graph.value(h, HT.fieldName)), str(graph.value(h, HT.fieldValue)))
                 for h in Collection(graph, head))


def _body_text(graph: Graph, node) -> tuple[str, str] | None:
    body = graph.value(node, HT.body)
    if body is None:
        return None
    encoding = str(graph.value(body, CNT.characterEncoding, default=Literal("UTF-8")))
    return str(graph.value(body, CNT.chars)), encoding


def _response(graph: Graph, node) -> ExpectedResponse:
    statuses = tuple(sorted(status_range(s) for s in graph.objects(node, MF.expectedStatus)))
    boolean = graph.value(node, MF.expectedBoolean)
    fmt = graph.value(node, MF.expectedFormat)
    location = graph.value(node, MF.expectedLocation)
    body = _body_text(graph, node)
    content_type = dict((k.lower(), v) for k, v in _headers(graph, node)).get("content-type")
    return ExpectedResponse(statuses, str(fmt) if fmt is not None else None,
                            boolean.toPython() if boolean is not None else None,
                            str(location) if location is not None else None,
                            content_type, body[0] if body else None)


def http_tests(*manifest_parts: str) -> list[HttpTest]:
    graph = load_manifest(suite_dir(*manifest_parts))
    tests = []
    for test in entries(graph):
        connection = graph.value(test, MF.action)
        requests = []
        for node in Collection(graph, graph.value(connection, HT.requests)):
            body = _body_text(graph, node)
            requests.append(HttpRequest(
                str(graph.value(node, HT.methodName)),
                str(graph.value(node, HT.absolutePath)),
                _headers(graph, node),
                body[0].encode(body[1]) if body else None,
                _response(graph, graph.value(node, HT.resp))))
        graph_data = tuple(sorted(
            (local_path(graph.value(g, UT.graph)), str(graph.value(g, RDFS.label)))
            for g in graph.objects(test, UT.graphData)))
        requires = tuple(sorted(str(r).rsplit("#", 1)[-1]
                                for r in graph.objects(test, MF.requires)))
        tests.append(HttpTest(str(test), str(graph.value(test, MF.name, default="")),
                              tuple(requests), graph_data, requires))
    return tests


def service_description_tests() -> list[tuple[str, str]]:
    graph = load_manifest(suite_dir("service-description", "manifest.ttl"))
    return [(str(t), str(graph.value(t, MF.name))) for t in entries(graph)]

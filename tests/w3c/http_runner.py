"""Replaying the HTTP exchanges of the protocol and Graph Store Protocol tests.

Each ht:Request is sent in order with its method, headers and body; the manifest's path
prefix (``/sparql/`` or ``/gsp``) is replaced by the server's own path. Every request carries
the update token, so the update cases reach the protocol checks. The answer must have one of
the mf:expectedStatus codes, and when given the mf:expectedFormat ("boolean", "tabular",
"RDF"), mf:expectedBoolean, a Location header (mf:expectedLocation, whose value later
requests use in place of the template) and an RDF body isomorphic to the expected one.
"""

from __future__ import annotations

from rdflib import Graph
from rdflib.compare import isomorphic

from tests.w3c.endpoint import Endpoint
from tests.w3c.manifest import HttpRequest, HttpTest
from tests.w3c.results import RDF_TYPES, RESULT_TYPES, actual_answer, media_type


def _check(request: HttpRequest, response, label: str) -> str | None:
    expected = request.expected
    if not expected.accepts(response.status_code):
        return (f"{label}: expected status in {list(expected.statuses)}, got "
                f"{response.status_code}: {response.text[:300]}")
    if not 200 <= response.status_code < 300:
        return None
    kind = media_type(response.headers.get("Content-Type"))
    if expected.format is not None:
        wanted = RDF_TYPES if expected.format == "RDF" else tuple(RESULT_TYPES)
        if kind not in wanted:
            return f"{label}: expected a {expected.format} answer, got Content-Type {kind!r}"
        try:
            answer = actual_answer(kind, response.content)
        except Exception as exc:  # noqa: BLE001 - an unparsable answer fails the test
            return f"{label}: the {kind} answer does not parse: {exc}"
        shape = {"boolean": "boolean", "tabular": "bindings", "RDF": "graph"}[expected.format]
        if answer.kind != shape:
            return f"{label}: expected a {expected.format} answer, got {answer.kind}"
        if expected.boolean is not None and answer.boolean != expected.boolean:
            return f"{label}: expected boolean {expected.boolean}, got {answer.boolean}"
    if expected.location_template and not response.headers.get("Location"):
        return f"{label}: the answer has no Location header"
    if expected.content_type and kind != media_type(expected.content_type):
        return f"{label}: expected Content-Type {expected.content_type}, got {kind!r}"
    if expected.body is not None and response.request.method != "HEAD":
        wanted_graph = Graph().parse(data=expected.body, format=media_type(
            expected.content_type) or "turtle")
        try:
            got = Graph().parse(data=response.content, format=kind)
        except Exception as exc:  # noqa: BLE001 - an unparsable answer fails the test
            return f"{label}: the {kind} body does not parse: {exc}"
        if not isomorphic(wanted_graph, got):
            return (f"{label}: the graph differs from the expected one:\n"
                    f"{got.serialize(format='nt')}")
    return None


def run(endpoint: Endpoint, test: HttpTest, prefix: str, path: str) -> str | None:
    """Replay ``test`` with path ``prefix`` replaced by ``path``; None when it passes."""
    endpoint.reset()
    for data, graph in test.graph_data:
        endpoint.put_graph(graph, data)
    templates: dict[str, str] = {}
    for number, request in enumerate(test.requests, 1):
        target, body = request.path, request.body
        for template, value in templates.items():
            target = target.replace(template, value)
            body = body.replace(template.encode(), value.encode()) if body else body
        if not target.startswith(prefix):
            return f"request {number}: path {target} does not start with {prefix}"
        url = endpoint.url.rstrip("/") + path + target[len(prefix):]
        headers = {**dict(request.headers), **endpoint.auth}
        response = endpoint.session.request(request.method, url, data=body, headers=headers,
                                            allow_redirects=False, timeout=30)
        problem = _check(request, response, f"request {number} ({request.method} {target})")
        if problem:
            return problem
        if request.expected.location_template:
            templates[request.expected.location_template] = response.headers["Location"]
    return None

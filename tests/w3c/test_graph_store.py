"""The W3C Graph Store HTTP Protocol tests (indirect and direct graph identification),
replayed against `newskg serve` at /data (``/gsp`` in the manifests)."""

import pytest

from tests.w3c import http_runner
from tests.w3c.known_failures import param
from tests.w3c.manifest import http_tests

TESTS = [test for name in ("manifest-indirect.ttl", "manifest-direct.ttl")
         for test in http_tests("graph-store-protocol", name)]


@pytest.mark.parametrize("test", [param(t, t.id) for t in TESTS])
def test_graph_store(newskg, test):
    problem = http_runner.run(newskg, test, "/gsp", "/data")
    assert problem is None, f"{test.iri} ({test.name}): {problem}"

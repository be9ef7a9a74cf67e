"""The W3C SPARQL 1.1 Protocol tests (protocol/manifest.ttl), replayed against `newskg serve`."""

import pytest

from tests.w3c import http_runner
from tests.w3c.known_failures import param
from tests.w3c.manifest import http_tests

TESTS = http_tests("protocol", "manifest.ttl")


@pytest.mark.parametrize("test", [param(t, t.id) for t in TESTS])
def test_protocol(newskg, test):
    problem = http_runner.run(newskg, test, "/sparql/", "/sparql")
    assert problem is None, f"{test.iri} ({test.name}): {problem}"

"""The W3C SPARQL 1.1 query-evaluation and syntax tests, run over HTTP against `newskg serve`,
and the same suite against the Oxigraph server binary: newskg must pass every test that the
Oxigraph server passes."""

import pytest

from tests.w3c import evaluation
from tests.w3c.evaluation import SUMMARY
from tests.w3c.known_failures import param
from tests.w3c.manifest import evaluation_tests

TESTS = evaluation_tests()


@pytest.fixture(scope="session")
def newskg_outcomes() -> dict:
    """test IRI -> None (passed) or the failure, filled as the newskg tests run."""
    return {}


@pytest.fixture(scope="module", autouse=True)
def empty_store(newskg):
    """The evaluation tests start from an empty store (the protocol tests write graphs)."""
    newskg.reset()


@pytest.mark.parametrize("test", [param(t, t.id) for t in TESTS])
def test_query_evaluation(newskg, newskg_outcomes, test):
    problem = newskg_outcomes[test.iri] = evaluation.run(newskg, test)
    assert problem is None, f"{test.iri} ({test.name}): {problem}"


def test_at_least_as_good_as_oxigraph_server(newskg, oxigraph, newskg_outcomes, request):
    ours = {t.iri: newskg_outcomes[t.iri] if t.iri in newskg_outcomes
            else evaluation.run(newskg, t) for t in TESTS}
    oxigraph.reset()
    theirs = {t.iri: evaluation.run(oxigraph, t) for t in TESTS}
    ours_passed = {iri for iri, problem in ours.items() if problem is None}
    theirs_passed = {iri for iri, problem in theirs.items() if problem is None}
    summary = (f"W3C SPARQL 1.1 query evaluation ({len(TESTS)} tests): newskg passes "
               f"{len(ours_passed)}, the Oxigraph server passes {len(theirs_passed)}")
    print("\n" + summary)
    request.config.stash[SUMMARY] = summary
    missing = sorted(theirs_passed - ours_passed)
    assert not missing, "tests the Oxigraph server passes and newskg fails:\n" + "\n".join(
        f"{iri}: {ours[iri]}" for iri in missing)

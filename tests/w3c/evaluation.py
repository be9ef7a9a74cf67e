"""Running one query-evaluation or syntax test of the W3C suite against an endpoint.

The query is sent with ``BASE <file IRI of the .rq>`` put in front, so its relative IRIs
(``FROM <data.ttl>``) resolve as the suite intends, whichever base the server would use.
Each qt:data / qt:graphData file is loaded into the graph named by its file IRI; the query
then gets ``default-graph-uri`` = the qt:data graphs and ``named-graph-uri`` = the
qt:graphData graphs, unless it names its own dataset (FROM / FROM NAMED). The graphs are
dropped again after the test; the caller starts from an empty store.
"""

from __future__ import annotations

import pytest

from tests.w3c.endpoint import Endpoint, LoadError
from tests.w3c.manifest import EvaluationTest
from tests.w3c.results import actual_answer, expected_answer, query_shape, same_answer

#: Where the comparison test leaves the pass counts of newskg and the Oxigraph server, for
#: the end of the run (a pytest stash key; conftest.py prints it).
SUMMARY = pytest.StashKey[str]()


def query_text(test: EvaluationTest) -> str:
    return f"BASE <{test.query.as_uri()}>\n" + test.query.read_text(encoding="utf-8")


def run(endpoint: Endpoint, test: EvaluationTest) -> str | None:
    """None when ``endpoint`` passes ``test``, else what went wrong."""
    text = query_text(test)
    if test.kind in ("PositiveSyntaxTest11", "NegativeSyntaxTest11"):
        response = endpoint.query(text)
        wanted = 400 if test.kind == "NegativeSyntaxTest11" else 200
        if response.status_code != wanted:
            return (f"{test.kind}: expected HTTP {wanted}, got {response.status_code}: "
                    f"{response.text[:300]}")
        return None
    graphs = list(dict.fromkeys(test.data + test.graph_data))
    try:
        for path in graphs:
            endpoint.put_graph(path.as_uri(), path)
        return _evaluate(endpoint, test, text)
    except LoadError as exc:
        return str(exc)
    finally:
        for path in graphs:
            endpoint.delete_graph(path.as_uri())


def _evaluate(endpoint: Endpoint, test: EvaluationTest, text: str) -> str | None:
    ordered, own_dataset = query_shape(text)
    if own_dataset:
        response = endpoint.query(text)
    else:
        response = endpoint.query(text, [p.as_uri() for p in test.data],
                                  [p.as_uri() for p in test.graph_data])
    if response.status_code != 200:
        return f"HTTP {response.status_code}: {response.text[:500]}"
    try:
        actual = actual_answer(response.headers.get("Content-Type"), response.content)
    except Exception as exc:  # noqa: BLE001 - any parse failure is a failed test
        return f"the answer does not parse ({type(exc).__name__}: {exc}): {response.text[:300]}"
    expected = expected_answer(test.result)
    if same_answer(expected, actual, ordered):
        return None
    order = " (in order)" if ordered else ""
    return (f"wrong answer{order}.\nexpected {expected.describe()}\n"
            f"actual {actual.describe()}")

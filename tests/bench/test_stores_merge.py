"""`python -m bench.stores SIZE --add` adds a scale to the results already measured: a long
10M run does not have to repeat 10k-1M, and the tables show every scale side by side."""

from bench.stores import QUERIES, markdown, merged


def _scale(scale: int, stores: dict) -> dict:
    return {"scale": scale, "params": {}, "stores": stores, "mismatches": []}


def _measured(load_s: float) -> dict:
    return {"load_s": load_s, "peak_rss_mb": 100.0, "disk_mb": None,
            "queries": {name: {"median_ms": 1.0, "rows": 1} for name in QUERIES}}


def test_a_new_scale_is_added_and_a_repeated_one_merged_store_by_store():
    before = {"runs": 5, "queries": {}, "stores": ["rdflib-graph", "oxigraph"],
              "scales": [_scale(10_000, {"rdflib-graph": _measured(1.0),
                                         "oxigraph": _measured(2.0)}),
                         _scale(1_000_000, {"rdflib-graph": _measured(40.0),
                                            "oxigraph": _measured(70.0)})]}
    new = {"runs": 5, "queries": {}, "stores": ["oxigraph", "virtuoso"],
           "scales": [_scale(1_000_000, {"oxigraph": _measured(60.0),
                                         "virtuoso": _measured(90.0)}),
                      _scale(10_000_000, {"oxigraph": _measured(700.0),
                                          "virtuoso": _measured(900.0)})]}
    out = merged(before, new)
    assert [e["scale"] for e in out["scales"]] == [10_000, 1_000_000, 10_000_000]
    assert out["stores"] == ["rdflib-graph", "oxigraph", "virtuoso"]
    assert out["scales"][1]["stores"]["oxigraph"]["load_s"] == 60.0      # replaced
    assert out["scales"][1]["stores"]["rdflib-graph"]["load_s"] == 40.0  # kept (not re-run)
    table = markdown(out)
    assert "| newskg oxigraph:PATH | 2.00 (1.00x) | 60.00 (1.00x) | 700.00 (1.00x) |" in table
    assert "| rdflib Graph | 1.00 (0.50x) | 40.00 (0.67x) | - |" in table


def test_nothing_measured_before_keeps_the_new_run():
    new = {"stores": ["oxigraph"], "scales": [_scale(10_000, {"oxigraph": _measured(2.0)})]}
    assert merged(None, new) is new

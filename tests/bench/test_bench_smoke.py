"""`python -m bench --quick`: the benchmark harness runs every section end to end on tiny
inputs (real spaCy, real pySHACL, real stores and servers) and writes the result files with
the columns the README's table is built from. A correctness test of the harness, not a timing
assertion: no figure is compared with a threshold."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bench.stores import QUERIES

pytestmark = pytest.mark.slow

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def quick_run(project_root, tmp_path_factory):
    out = tmp_path_factory.mktemp("bench-quick")
    proc = subprocess.run([sys.executable, "-m", "bench", "--quick", "--output", str(out)],
                          cwd=project_root, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return out, proc.stdout


def _json(folder, name):
    return json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))


def test_quick_run_writes_every_section_with_its_columns(quick_run):
    out, stdout = quick_run

    # ingest: the three pipelines on the same texts, ratios to the bare spaCy pipeline
    ingest = _json(out, "ingest")
    assert [r["mode"] for r in ingest["rows"]] == ["spacy", "extract", "ingest"]
    for row in ingest["rows"]:
        assert row["articles_per_s"] > 0 and row["words_per_s"] > 0 and row["peak_rss_mb"] > 0
        assert row["docs"] == ingest["docs"] and row["words"] == ingest["rows"][0]["words"]
    assert ingest["rows"][0]["ratio_to_spacy"] == 1.0
    assert ingest["rows"][1]["triples"] > 0 and ingest["rows"][2]["triples"] > 0
    assert ingest["rows"][2]["skipped"] == 0  # every document was really ingested
    assert isinstance(ingest["target_met"], bool)

    # validation: graph.validate measured and conforming on the synthetic data; plain pySHACL
    # either measured or reported as a timeout
    validation = _json(out, "validation")
    row = validation["rows"][0]
    assert row["newskg"]["seconds_per_100k"] > 0 and row["newskg"]["violations"] == 0
    assert "seconds" in row["pyshacl"] or "timeout" in row["pyshacl"]

    # stores: every store loaded the same data and gave the same answers to the query mix
    stores = _json(out, "stores")
    scale = stores["scales"][0]
    assert set(scale["stores"]) == set(stores["stores"])
    for kind, m in scale["stores"].items():
        assert m["load_s"] > 0 and m["peak_rss_mb"] > 0, kind
        assert set(m["queries"]) == set(QUERIES), kind
        assert all(q["rows"] > 0 and q["median_ms"] >= 0 for q in m["queries"].values()), kind
    assert scale["stores"]["oxigraph"]["disk_mb"] > 0
    assert scale["mismatches"] == []

    # http: every server answered every request, at 1 and 16 clients, with the same rows
    http = _json(out, "http")
    assert {(r["query"], r["clients"]) for r in http["rows"]} == {
        (q, c) for q in ("cheap lookup", "two-hop join", "aggregation per type")
        for c in (1, 16)}
    for r in http["rows"]:
        for server in http["servers"]:
            assert r[server]["requests"] > 0 and r[server]["errors"] == 0
        assert r["ratio_qps"] > 0 and r["ratio_qps_cache"] > 0
    assert {"newskg", "newskg-cache", "oxigraph"} <= set(http["servers"])
    assert http["mismatches"] == []
    assert all(isinstance(t["met"], bool) for t in http["targets"].values())

    # results.md holds every table, and the run printed it
    md = (out / "results.md").read_text(encoding="utf-8")
    for header in ("| pipeline | articles/s | words/s | ratio to bare spaCy | peak memory MB |",
                   "| triples | graph.validate per 100k triples |",
                   "**Load time", "**Peak memory", "**On disk", "**Query latency at 2k triples**",
                   "| query | clients | newskg q/s | newskg cached q/s | Oxigraph server q/s |",
                   "## Growth with scale"):
        assert header in md, header
    assert md.strip() in stdout

    # growth plots are real PNG files
    for name in ("stores-load.png", "stores-memory.png", "stores-disk.png",
                 "stores-queries.png", "validation.png"):
        assert (out / name).read_bytes()[:8] == PNG_MAGIC, name

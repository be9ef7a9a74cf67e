"""Validation time per 100k triples: graph.validate beside plain pySHACL, on the same data.

Data: the synthetic corpus (bench/synthetic.py) at 10k and 100k triples (1M with
NEWSKG_BENCH_VALIDATION_1M=1: it takes minutes), and 1,000 article graphs (the 100k corpus's
graphs taken in turn until there are 1,000: interactive validation of 1,000 articles is
issue 5's target). Each measurement runs in its own process:

* ``newskg`` - :func:`graph.validate.validate_graph` as ingest and ``newskg validate`` run it:
  one article graph at a time, with the ontology mixed in (so subclass instances meet the shapes
  of their superclasses): core SHACL by pyshacl-turbo and the SHACL-SPARQL constraints batched
  on pyoxigraph (see graph/validate.py);
* ``newskg-reference`` - the same graphs through ``validate_graph(batched=False)``: pySHACL
  alone, with the ontology, one article graph at a time; the same results as ``newskg`` (the
  tests prove it on every fixture), so the honest same-work peer. Only at the smallest scale;
* ``newskg-rdfs`` - the same with pySHACL's RDFS pre-inference (``inference="rdfs"``), the
  option graph.validate offers but does not use by default; only with
  NEWSKG_BENCH_VALIDATION_RDFS=1 and only at the smallest scale (about 25 times slower: some
  four minutes for 10k triples);
* ``pyshacl`` - plain ``pyshacl.validate`` on one rdflib Graph holding all the data, with the
  same shapes and pySHACL's defaults: no ontology, no per-article split, no pyoxigraph
  backend. Without the ontology, instances of subclasses (``nkg:Speech``) are not targeted
  by the shapes of their superclasses (``nkg:Event``), so it checks less than graph.validate.
  (With the ontology as ``ont_graph`` it is slower still: more than four minutes for one
  700-triple article.)

Reading the N-Quads and building the graphs is not timed; only validation is. A measurement
that takes longer than NEWSKG_BENCH_VALIDATION_TIMEOUT seconds (default 90) is reported as a
timeout and not repeated at larger scales.

    python -m bench.validation                      # all, prints a table
    python -m bench.validation --worker MODE FILE [--graphs N]  # one measurement, JSON
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from bench.common import (ONE_CORE_ENV, in_subprocess, peak_rss_mb, size_label, synthetic_file,
                          write_json)

MODES = ("newskg", "newskg-reference", "newskg-rdfs", "pyshacl")
SCALES = (10_000, 100_000)
#: The article graphs of issue 5's target ("validating the graph of 1,000 articles stays
#: interactive"), measured when the largest scale is at least THOUSAND_FROM triples.
THOUSAND = 1_000
THOUSAND_FROM = 100_000
#: Seconds one measurement may take before it is reported as a timeout.
TIMEOUT = float(os.environ.get("NEWSKG_BENCH_VALIDATION_TIMEOUT", "90"))


def _article_graphs(path: Path):
    """(graph name, rdflib Graph) per article of an N-Quads file (articles are contiguous)."""
    import pyoxigraph as ox

    from graph.terms import triples_to_graph

    current, quads = None, []
    with path.open("rb") as f:
        for quad in ox.parse(f, format=ox.RdfFormat.N_QUADS):
            name = quad.graph_name.value
            if name != current and quads:
                yield current, triples_to_graph(q.triple for q in quads)
                quads = []
            current = name
            quads.append(quad)
    if quads:
        yield current, triples_to_graph(q.triple for q in quads)


def _measure(mode: str, path: Path, graphs_wanted: int | None = None) -> dict:
    """One measurement. ``graphs_wanted``: the file's article graphs taken in turn until there
    are that many (newskg modes only)."""
    import pyshacl

    from graph.validate import load_shapes, validate_graph

    shapes = load_shapes()
    graphs = list(_article_graphs(path))
    if graphs_wanted:
        if mode == "pyshacl":
            raise SystemExit("--graphs applies to the per-article modes only")
        graphs = [graphs[i % len(graphs)] for i in range(graphs_wanted)]
    names = [name for name, _ in graphs]
    triples = sum(len(g) for _, g in graphs)
    if mode in ("newskg", "newskg-reference", "newskg-rdfs"):
        inference = "rdfs" if mode == "newskg-rdfs" else "none"
        batched = mode == "newskg"
        validate_graph(graphs[0][1], graph_name=graphs[0][0], inference=inference,
                       batched=batched)  # warm-up: shapes, ontology, compiled engine
        started = time.perf_counter()
        violations = warnings = 0
        for name, graph in graphs:
            report = validate_graph(graph, graph_name=name, inference=inference,
                                    batched=batched)
            violations += report.violations
            warnings += report.warnings
        elapsed = time.perf_counter() - started
    elif mode == "pyshacl":
        from rdflib import Graph

        data = Graph()
        for _, graph in graphs:
            for triple in graph:
                data.add(triple)
        graphs.clear()
        started = time.perf_counter()
        _conforms, report, _text = pyshacl.validate(data, shacl_graph=shapes,
                                                    allow_warnings=True, allow_infos=True)
        elapsed = time.perf_counter() - started
        from rdflib.namespace import SH

        severities = [report.value(r, SH.resultSeverity) for r in report.objects(None, SH.result)]
        violations = sum(1 for s in severities if s == SH.Violation)
        warnings = sum(1 for s in severities if s == SH.Warning)
    else:
        raise SystemExit(f"unknown mode {mode!r}; use one of {', '.join(MODES)}")
    return {"mode": mode, "triples": triples, "graphs": len(names), "seconds": elapsed,
            "seconds_per_100k": elapsed / triples * 100_000,
            "ms_per_graph": elapsed / len(names) * 1000,
            "triples_per_graph": triples / len(names), "violations": violations,
            "warnings": warnings, "peak_rss_mb": peak_rss_mb()}


def run(scales=SCALES, rdfs_scales=(), timeout: float = TIMEOUT) -> dict:
    rows = []
    for scale in scales:
        path = synthetic_file(scale)
        row: dict = {"scale": scale}
        for mode in MODES:
            if mode == "newskg-rdfs" and scale not in rdfs_scales:
                continue
            if mode == "newskg-reference" and scale != scales[0]:
                continue
            if any("timeout" in r.get(mode, {}) for r in rows):
                # It timed out on less data: it would again, after the whole timeout.
                row[mode] = {"mode": mode, "timeout": timeout, "skipped": True}
                continue
            try:
                row[mode] = in_subprocess("bench.validation", "--worker", mode, str(path),
                                          timeout=timeout, env=ONE_CORE_ENV)
            except subprocess.TimeoutExpired:
                row[mode] = {"mode": mode, "timeout": timeout}
        _ratios(row)
        rows.append(row)
    thousand = None
    if max(scales) >= THOUSAND_FROM:
        path = synthetic_file(max(scales))
        try:
            thousand = in_subprocess("bench.validation", "--worker", "newskg", str(path),
                                     "--graphs", str(THOUSAND), timeout=max(timeout, 600),
                                     env=ONE_CORE_ENV)
        except subprocess.TimeoutExpired:
            thousand = {"mode": "newskg", "timeout": max(timeout, 600)}
        thousand["source_scale"] = max(scales)
    return {"rows": rows, "timeout_s": timeout, "thousand_graphs": thousand}


def _ratios(row: dict) -> None:
    ours = row["newskg"]
    for peer, key in (("pyshacl", "ratio_to_pyshacl"),
                      ("newskg-reference", "ratio_to_reference")):
        other = row.get(peer, {})
        if "seconds" in ours and "seconds" in other:
            row[key] = ours["seconds"] / other["seconds"]


def _cell(m: dict | None) -> str:
    if m is None:
        return "-"
    if m.get("skipped"):
        return "not run (timed out on less data)"
    if "timeout" in m:
        return f"> {m['timeout']:.0f} s (timeout)"
    return (f"{m['seconds_per_100k']:.1f} s ({m['seconds']:.1f} s, {m['violations']} viol., "
            f"{m['peak_rss_mb']:.0f} MB)")


def _per_article(m: dict | None) -> str:
    if not m or "ms_per_graph" not in m:
        return "-"
    return f"{m['ms_per_graph']:.0f} ms"


def markdown(results: dict) -> str:
    lines = ["| triples | graph.validate per 100k triples | per article graph | "
             "pySHACL alone, per article (same results) | graph.validate + RDFS inference | "
             "plain pySHACL, one graph | ratio to pySHACL alone | ratio to plain pySHACL |",
             "|---|---|---|---|---|---|---|---|"]
    for r in results["rows"]:
        ratio = f"{r['ratio_to_pyshacl']:.3f}" if "ratio_to_pyshacl" in r else "-"
        ratio_ref = f"{r['ratio_to_reference']:.3f}" if "ratio_to_reference" in r else "-"
        lines.append(f"| {size_label(r['scale'])} | {_cell(r.get('newskg'))} | "
                     f"{_per_article(r.get('newskg'))} | {_cell(r.get('newskg-reference'))} | "
                     f"{_cell(r.get('newskg-rdfs'))} | {_cell(r.get('pyshacl'))} | "
                     f"{ratio_ref} | {ratio} |")
    lines.append("")
    lines.append("Seconds per 100k triples (total seconds, violations found, peak memory); one "
                 "core. Ratios below 1 mean graph.validate is faster. \"pySHACL alone\" is "
                 "graph.validate's reference run (`batched=False`: every shape in pySHACL, with "
                 "the ontology, one article graph at a time): the same results, measured at the "
                 "smallest scale only. Plain pySHACL runs without the ontology, so its violations "
                 "include subclass instances it does not recognise (e.g. a speech as an event).")
    thousand = results.get("thousand_graphs")
    if thousand and "seconds" in thousand:
        lines.append(f"1,000 article graphs (the {size_label(thousand['source_scale'])} "
                     f"corpus's graphs in turn, {thousand['triples']:,} triples): "
                     f"{thousand['seconds']:.1f} s on one core, "
                     f"{thousand['ms_per_graph']:.0f} ms per article graph "
                     f"(~{thousand['triples_per_graph']:.0f} triples), "
                     f"{thousand['seconds_per_100k']:.1f} s per 100k triples.")
    elif thousand:
        lines.append(f"1,000 article graphs: > {thousand['timeout']:.0f} s (timeout).")
    else:
        last = next((r["newskg"] for r in reversed(results["rows"])
                     if "seconds" in r.get("newskg", {}) and r["newskg"].get("graphs")), None)
        if last:
            per_article = last["seconds"] / last["graphs"]
            lines.append(f"graph.validate takes {per_article * 1000:.0f} ms per article graph "
                         f"(~{last['triples'] / last['graphs']:.0f} triples): "
                         f"{per_article * 1000:.0f} s for 1,000 articles on one core.")
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.validation")
    parser.add_argument("--worker", choices=MODES, help="run one measurement, print JSON")
    parser.add_argument("file", nargs="?", help="N-Quads file (with --worker)")
    parser.add_argument("--graphs", type=int, help="with --worker: take the file's article "
                        "graphs in turn until there are this many")
    args = parser.parse_args(argv)
    if args.worker:
        if not args.file:
            parser.error("--worker needs the N-Quads FILE")
        print(json.dumps(_measure(args.worker, Path(args.file), args.graphs)))
        return
    scales = SCALES + ((1_000_000,) if os.environ.get("NEWSKG_BENCH_VALIDATION_1M") else ())
    rdfs = (scales[0],) if os.environ.get("NEWSKG_BENCH_VALIDATION_RDFS") else ()
    results = run(scales, rdfs)
    write_json("validation", results)
    print(markdown(results))


if __name__ == "__main__":
    main(sys.argv[1:])

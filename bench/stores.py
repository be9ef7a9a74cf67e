"""Stores side by side: load time, peak memory, on-disk size and a query mix, at each scale.

Data: the synthetic corpus (bench/synthetic.py) at 10k, 100k and 1M triples (10M with
NEWSKG_BENCH_10M=1), plus the ontology in its own graph (as ``newskg ingest`` loads it, so
the subclass-path query has a class hierarchy to walk). Stores:

* ``rdflib Graph`` / ``rdflib Dataset`` - the baseline issue 7 cites: rdflib's in-memory
  store, loaded with rdflib's own parser (the Graph gets the triples, the Dataset the quads,
  queried as the union of its graphs);
* ``memory`` and ``oxigraph:PATH`` - newskg's stores (graph.store), loaded as ingest writes:
  ``replace_graph`` per article graph;
* ``Oxigraph server`` and ``Virtuoso`` (when ``virtuoso-t`` is installed) through
  graph.remote_store.SparqlStore, loaded the same way (Graph Store Protocol or batched
  INSERT DATA), each server started fresh per scale on a free 127.0.0.1 port.

Each store is measured in its own process. Memory is the peak RSS of that process (for a
server: of the server process, VmHWM). Disk is the size of the store's folder. The query mix
runs each query NEWSKG_BENCH_RUNS times (default 5; fewer when a store needs more than
NEWSKG_BENCH_QUERY_BUDGET seconds, default 5, for one query) and reports the median. Every
store's answers are compared by row count; mismatches are reported. A store whose load takes
longer than NEWSKG_BENCH_STORE_TIMEOUT seconds (default 300) is reported as a timeout and not
run at larger scales.

    python -m bench.stores [SIZE...]     # e.g. 10k 100k; prints the tables
    python -m bench.stores 10M --add --stores memory,oxigraph,oxigraph-server,virtuoso
                                         # one more scale beside those already measured
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

from bench.common import (ROOT, dir_size_mb, free_port, in_subprocess, peak_rss_mb,
                          process_peak_rss_mb, size_label, synthetic_file, write_json)

BIN = Path(sys.executable).parent
ONTOLOGY_FILE = ROOT / "ontology" / "newskg.ttl"
SCALES = (10_000, 100_000, 1_000_000)
RUNS = int(os.environ.get("NEWSKG_BENCH_RUNS", "5"))
QUERY_BUDGET = float(os.environ.get("NEWSKG_BENCH_QUERY_BUDGET", "5"))
STORE_TIMEOUT = float(os.environ.get("NEWSKG_BENCH_STORE_TIMEOUT", "300"))

STORES = ("rdflib-graph", "rdflib-dataset", "memory", "oxigraph", "oxigraph-server", "virtuoso")
LABELS = {"rdflib-graph": "rdflib Graph", "rdflib-dataset": "rdflib Dataset",
          "memory": "newskg memory", "oxigraph": "newskg oxigraph:PATH",
          "oxigraph-server": "Oxigraph server (sparql:)", "virtuoso": "Virtuoso (sparql:)"}
#: The store every ratio is taken against (newskg's default store).
REFERENCE = "oxigraph"

PREFIXES = ("PREFIX nkg: <https://w3id.org/newskg/ontology#> "
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
            "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> "
            "PREFIX schema: <https://schema.org/> ")
#: The query mix; {iri} is the most-mentioned entity, {place} the place with most events.
QUERIES = {
    "label lookup": "SELECT DISTINCT ?label WHERE {{ <{iri}> rdfs:label ?label }}",
    "two-hop join": ("SELECT DISTINCT ?other WHERE {{ ?m nkg:denotes <{iri}> ; nkg:sentence ?s . "
                     "?m2 nkg:sentence ?s ; nkg:denotes ?other . FILTER(?other != <{iri}>) }}"),
    "aggregation per type": ("SELECT ?type (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a ?type . "
                             "FILTER(STRSTARTS(STR(?type), \"https://w3id.org/newskg/\")) }} "
                             "GROUP BY ?type"),
    "regex filter": ("SELECT DISTINCT ?s ?label WHERE {{ ?s rdfs:label ?label . "
                     "FILTER(REGEX(?label, \"an\", \"i\")) }}"),
    "subclass path": ("SELECT DISTINCT ?e WHERE {{ ?e rdf:type/rdfs:subClassOf* nkg:Event }}"),
    "DESCRIBE": "DESCRIBE <{iri}>",
    "timeline in a place": ("SELECT DISTINCT ?event ?date WHERE {{ ?event nkg:place <{place}> ; "
                            "schema:startDate ?date }} ORDER BY ?date"),
}


# ------------------------------------------------------------------------- the data

def query_params(path: Path) -> dict:
    """The entity and the place the queries ask about: the most mentioned, the busiest."""
    import pyoxigraph as ox

    denotes, places = Counter(), Counter()
    with path.open("rb") as f:
        for quad in ox.parse(f, format=ox.RdfFormat.N_QUADS):
            p = quad.predicate.value
            if p == "https://w3id.org/newskg/ontology#denotes":
                denotes[quad.object.value] += 1
            elif p == "https://w3id.org/newskg/ontology#place":
                places[quad.object.value] += 1
    return {"iri": denotes.most_common(1)[0][0], "place": places.most_common(1)[0][0]}


def _article_graphs(path: Path):
    from bench.validation import _article_graphs as read

    return read(path)


# ------------------------------------------------------------------- in the worker

def _load(kind: str, path: Path, spec: str | None):
    """Load the data and the ontology into a store; returns (query function, closer)."""
    from rdflib import Graph

    from graph.namespaces import ONTOLOGY_IRI

    if kind in ("rdflib-graph", "rdflib-dataset"):
        from rdflib import Dataset, URIRef

        if kind == "rdflib-graph":
            store = Graph()
            store.parse(ONTOLOGY_FILE, format="turtle")
            # The triples of every graph, as one rdflib Graph (rdflib parses N-Triples lines).
            _parse_triples(store, path)
        else:
            store = Dataset(default_union=True)
            store.graph(URIRef(ONTOLOGY_IRI)).parse(ONTOLOGY_FILE, format="turtle")
            store.parse(path, format="nquads")

        def query(sparql: str) -> int:
            result = store.query(sparql)
            return len(result.graph) if result.type in ("CONSTRUCT", "DESCRIBE") else len(result)

        return query, lambda: None
    from graph.store import open_store

    store = open_store(spec)
    ontology = Graph().parse(ONTOLOGY_FILE, format="turtle")
    store.replace_graph(ONTOLOGY_IRI, ontology)
    for name, graph in _article_graphs(path):
        store.replace_graph(name, graph)
    if hasattr(store, "flush"):
        store.flush()

    def query(sparql: str) -> int:
        result = store.query(sparql)
        if result.kind == "graph":
            return len(result.graph)
        if result.kind == "ask":
            return 1
        return len(result.rows)

    return query, store.close


def _parse_triples(graph, path: Path) -> None:
    """Every quad's triple into ``graph`` with rdflib's N-Triples parser (graph names dropped;
    the same triple in two articles is one triple of the Graph)."""
    import pyoxigraph as ox

    with tempfile.NamedTemporaryFile(suffix=".nt", delete=False) as out, path.open("rb") as f:
        ox.serialize((q.triple for q in ox.parse(f, format=ox.RdfFormat.N_QUADS)), out,
                     format=ox.RdfFormat.N_TRIPLES)
    try:
        graph.parse(out.name, format="nt")
    finally:
        os.unlink(out.name)


def _worker(kind: str, path: Path, params: dict, spec: str | None) -> dict:
    started = time.perf_counter()
    query, close = _load(kind, path, spec)
    load_s = time.perf_counter() - started
    load_rss = peak_rss_mb()
    out: dict = {"store": kind, "load_s": load_s, "load_peak_rss_mb": load_rss, "queries": {}}
    for name, template in QUERIES.items():
        sparql = PREFIXES + template.format(**params)
        times, rows = [], None
        budget_end = time.perf_counter() + QUERY_BUDGET
        for _ in range(RUNS):
            t0 = time.perf_counter()
            rows = query(sparql)
            times.append(time.perf_counter() - t0)
            if time.perf_counter() > budget_end:
                break
        out["queries"][name] = {"median_ms": statistics.median(times) * 1000, "runs": len(times),
                                "rows": rows}
    out["peak_rss_mb"] = peak_rss_mb()
    close()
    return out


# ------------------------------------------------------------------------- servers

@contextmanager
def _oxigraph_server(folder: Path):
    port = free_port()
    log = (folder / "server.log").open("wb")
    proc = subprocess.Popen([str(BIN / "oxigraph"), "serve", "--location", str(folder / "db"),
                             "--bind", f"127.0.0.1:{port}"], stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(f"{base}/query", proc)
        yield proc, f"sparql:{base}/query,{base}/update,{base}/store", folder / "db"
    finally:
        _stop(proc)
        log.close()


#: Virtuoso's page buffers (8 KB each) in the bench: the values its documentation recommends for
#: 4 GB of free memory (2.7 GB of buffers), about what the other stores use at 10M triples. The
#: tests' 80 MB made the 10M load thrash its buffers and outlast the 40-minute budget.
VIRTUOSO_BUFFERS = {"buffers": 340000, "dirty_buffers": 250000}


@contextmanager
def _virtuoso(folder: Path):
    # The minimal ini and the grants of the storage tests (engineer E's fixture), with a row
    # limit above what any query of the mix answers, so answers are not cut.
    sys.path.insert(0, str(ROOT))
    from tests.storage.conftest import VIRTUOSO_GRANTS, VIRTUOSO_INI

    sql_port, http_port = free_port(), free_port()
    while http_port == sql_port:
        http_port = free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=folder, sql_port=sql_port, http_port=http_port,
                                       max_rows=1_000_000, **VIRTUOSO_BUFFERS))
    log = (folder / "stdout.log").open("wb")
    proc = subprocess.Popen([shutil.which("virtuoso-t"), "+configfile", str(ini), "+foreground"],
                            cwd=folder, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{http_port}"
    try:
        _wait(f"{base}/sparql", proc)
        granted = subprocess.run([shutil.which("isql-vt"), f"127.0.0.1:{sql_port}", "dba", "dba",
                                  f"exec={VIRTUOSO_GRANTS}"], capture_output=True, text=True,
                                 timeout=60)
        if granted.returncode != 0 or "Error" in granted.stdout + granted.stderr:
            raise RuntimeError(f"granting SPARQL updates to Virtuoso failed: {granted.stdout}")
        yield proc, f"sparql:{base}/sparql,{base}/sparql,{base}/sparql-graph-crud", folder
    finally:
        _stop(proc)
        log.close()


def _wait(query_url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args[0]} exited with {proc.returncode}")
        try:
            r = requests.post(query_url, data={"query": "ASK {}"},
                              headers={"Accept": "application/sparql-results+json"}, timeout=2)
            if r.status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{proc.args[0]} did not answer within {timeout:g} s")


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


# ------------------------------------------------------------------------ the parent

def available_stores() -> list[str]:
    stores = [s for s in STORES if s != "virtuoso"]
    if shutil.which("virtuoso-t") and shutil.which("isql-vt"):
        stores.append("virtuoso")
    return stores


def _measure(kind: str, path: Path, params: dict, work: Path) -> dict:
    args = ["--worker", kind, "--params", json.dumps(params), str(path)]
    folder = work / kind
    folder.mkdir(parents=True)
    if kind in ("oxigraph-server", "virtuoso"):
        starter = _oxigraph_server if kind == "oxigraph-server" else _virtuoso
        with starter(folder) as (proc, spec, disk):
            row = in_subprocess("bench.stores", *args, "--spec", spec, timeout=STORE_TIMEOUT)
            row["client_peak_rss_mb"] = row.pop("peak_rss_mb")
            row["peak_rss_mb"] = process_peak_rss_mb(proc.pid)
        row["disk_mb"] = dir_size_mb(disk)
    elif kind == "oxigraph":
        row = in_subprocess("bench.stores", *args, "--spec", f"oxigraph:{folder / 'store'}",
                            timeout=STORE_TIMEOUT)
        row["disk_mb"] = dir_size_mb(folder / "store")
    else:
        spec = ["--spec", "memory"] if kind == "memory" else []
        row = in_subprocess("bench.stores", *args, *spec, timeout=STORE_TIMEOUT)
        row["disk_mb"] = None
    shutil.rmtree(folder, ignore_errors=True)
    return row


def run(scales=SCALES, stores: list[str] | None = None) -> dict:
    stores = stores or available_stores()
    results: dict = {"runs": RUNS, "stores": stores, "queries": dict(QUERIES), "scales": []}
    gave_up: dict[str, str] = {}
    for scale in scales:
        path = synthetic_file(scale)
        params = query_params(path)
        entry: dict = {"scale": scale, "params": params, "stores": {}}
        work = Path(tempfile.mkdtemp(prefix="newskg-bench-stores-"))
        try:
            for kind in stores:
                if kind in gave_up:
                    entry["stores"][kind] = {"store": kind, "skipped": gave_up[kind]}
                    continue
                try:
                    entry["stores"][kind] = _measure(kind, path, params, work)
                except subprocess.TimeoutExpired:
                    gave_up[kind] = f"took more than {STORE_TIMEOUT:g} s at {size_label(scale)}"
                    entry["stores"][kind] = {"store": kind, "timeout": STORE_TIMEOUT}
                except RuntimeError as exc:
                    gave_up[kind] = f"failed: {str(exc)[-300:]}"
                    entry["stores"][kind] = {"store": kind, "error": str(exc)[-2000:]}
        finally:
            shutil.rmtree(work, ignore_errors=True)
        entry["mismatches"] = _mismatches(entry["stores"])
        results["scales"].append(entry)
    return results


def _mismatches(measured: dict) -> list[dict]:
    """Queries whose row counts differ between stores (the reference store's count first)."""
    out = []
    ok = {k: v for k, v in measured.items() if "queries" in v}
    for name in QUERIES:
        counts = {k: v["queries"][name]["rows"] for k, v in ok.items()}
        if len(set(counts.values())) > 1:
            out.append({"query": name, "rows": counts})
    return out


# ------------------------------------------------------------------------- report

def _num(value, fmt: str = "{:.2f}") -> str:
    return "-" if value is None else fmt.format(value)


def markdown(results: dict) -> str:
    stores = results["stores"]
    parts = []
    header = "| store | " + " | ".join(size_label(e["scale"]) for e in results["scales"]) + " |"
    rule = "|---|" + "---|" * len(results["scales"])
    for title, key, fmt in (("Load time (s; ratio to newskg oxigraph:PATH)", "load_s", "{:.2f}"),
                            ("Peak memory (MB)", "peak_rss_mb", "{:.0f}"),
                            ("On disk (MB)", "disk_mb", "{:.1f}")):
        lines = [f"**{title}**", "", header, rule]
        for kind in stores:
            cells = []
            for e in results["scales"]:
                m = e["stores"].get(kind, {})
                cells.append(_status(m) or _with_ratio(m.get(key), e["stores"].get(REFERENCE, {})
                                                       .get(key), fmt, key == "load_s"))
            lines.append(f"| {LABELS[kind]} | " + " | ".join(cells) + " |")
        parts.append("\n".join(lines))
    for e in results["scales"]:
        lines = [f"**Query latency at {size_label(e['scale'])} triples** (median ms; ratio to "
                 f"newskg oxigraph:PATH)", "",
                 "| query | " + " | ".join(LABELS[k] for k in stores) + " |",
                 "|---|" + "---|" * len(stores)]
        ref = e["stores"].get(REFERENCE, {}).get("queries", {})
        for name in QUERIES:
            cells = []
            for kind in stores:
                m = e["stores"].get(kind, {})
                status = _status(m)
                if status:
                    cells.append(status)
                    continue
                q = m["queries"][name]
                r = ref.get(name, {}).get("median_ms")
                cells.append(_with_ratio(q["median_ms"], r, "{:.1f}", True))
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
        if e["mismatches"]:
            lines.append("")
            for mm in e["mismatches"]:
                counts = ", ".join(f"{LABELS[k]} {v}" for k, v in mm["rows"].items())
                lines.append(f"- answers differ for **{mm['query']}** (rows): {counts}")
        else:
            lines.append("")
            lines.append("- every store gave the same number of rows for every query")
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def _status(m: dict) -> str | None:
    if not m:
        return "-"
    if "skipped" in m:
        return "not run"
    if "timeout" in m:
        return f"> {m['timeout']:.0f} s"
    if "error" in m:
        return "failed"
    return None


def _with_ratio(value, reference, fmt: str, ratio: bool) -> str:
    if value is None:
        return "-"
    text = fmt.format(value)
    if ratio and reference:
        text += f" ({value / reference:.2f}x)"
    return text


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.stores")
    parser.add_argument("sizes", nargs="*", help="scales such as 10k 100k 1M (default: 10k 100k "
                                                 "1M, and 10M with NEWSKG_BENCH_10M=1)")
    parser.add_argument("--worker", choices=STORES, help="measure one store, print JSON")
    parser.add_argument("--params", help="(with --worker) JSON of the query parameters")
    parser.add_argument("--spec", help="(with --worker) the newskg store spec")
    parser.add_argument("--stores", help="comma-separated subset of " + ",".join(STORES))
    parser.add_argument("--add", action="store_true",
                        help="add these scales to the stores.json already in bench/results "
                             "(replacing a scale measured before) instead of replacing it")
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(_worker(args.worker, Path(args.sizes[0]), json.loads(args.params),
                                 args.spec)))
        return
    from bench.synthetic import parse_size

    scales = [parse_size(s) for s in args.sizes] or list(default_scales())
    results = run(scales, args.stores.split(",") if args.stores else None)
    if args.add:
        results = merged(_previous(), results)
    write_json("stores", results)
    print(markdown(results))


def _previous() -> dict | None:
    from bench import common

    path = common.RESULTS / "stores.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def merged(previous: dict | None, new: dict) -> dict:
    """``new``'s scales added to ``previous``; at a scale in both, ``new``'s stores replace
    those stores' figures and the others' are kept. The store list is the union, so a store
    not run at a scale shows '-' there."""
    if not previous:
        return new
    scales = {e["scale"]: e for e in previous["scales"]}
    for entry in new["scales"]:
        before = scales.get(entry["scale"])
        if before is not None:
            stores = {**before["stores"], **entry["stores"]}
            entry = {**before, **entry, "stores": stores, "mismatches": _mismatches(stores)}
        scales[entry["scale"]] = entry
    stores = list(previous["stores"]) + [k for k in new["stores"] if k not in previous["stores"]]
    return {**previous, "stores": stores, "scales": [scales[k] for k in sorted(scales)]}


def default_scales() -> tuple[int, ...]:
    return SCALES + ((10_000_000,) if os.environ.get("NEWSKG_BENCH_10M") else ())


if __name__ == "__main__":
    main(sys.argv[1:])

"""HTTP throughput and latency of `newskg serve` against the Oxigraph server binary and
Virtuoso, on the same data and queries, at 1 and 16 concurrent clients.

Servers (one at a time, each on a free 127.0.0.1 port): ``newskg serve --processes N`` (N:
the machine's cores, as the Oxigraph server uses them all) with its answer cache off
(``--cache-mb 0``: every request answered by the engine: a lookup in the process that took the
connection, anything else by a query worker) and on (the default: repeated GETs answered from
memory), the Oxigraph server (``oxigraph serve-read-only``) on
the same store, and Virtuoso (when installed; started and loaded as the stores section does).
Queries: a cheap lookup, a two-hop join and an aggregation per type; each server's answers
are compared by row count, and the aggregation's latency is compared with pyoxigraph's own,
in-process, on the same store.

Load generator: wrk (Debian package) when installed, else a Python one (threads with
keep-alive connections; it saturates sooner, so its figures are lower bounds for all servers
alike). Run: ``python -m bench.http [NQUADS_FILE]``.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from bench.common import free_port, percentile, wait_for_http, write_json

BIN = Path(sys.executable).parent
DURATION = float(os.environ.get("NEWSKG_BENCH_SECONDS", "5"))
#: Seconds of load before each measurement (not counted).
WARM_UP = 1.0
CLIENTS = (1, 16)
#: HTTP processes of `newskg serve`: one per core.
PROCESSES = os.cpu_count() or 1
#: Runs of each query in-process (median), at most IN_PROCESS_BUDGET seconds after three.
IN_PROCESS_RUNS = 21
IN_PROCESS_BUDGET = 10.0

SERVERS = ("newskg", "newskg-cache", "oxigraph", "virtuoso")
LABELS = {"newskg": "newskg", "newskg-cache": "newskg cached", "oxigraph": "Oxigraph server",
          "virtuoso": "Virtuoso"}
CHEAP, AGGREGATION = "cheap lookup", "aggregation per type"
#: Issue 7: cheap-query throughput at least this share of the Oxigraph server's.
CHEAP_TARGET = 0.25
#: Issue 7: aggregation latency through HTTP at most this multiple of the engine's own.
AGGREGATION_TARGET = 1.2

#: name -> SPARQL. {iri} is replaced by a real entity IRI of the data.
QUERIES = {
    "cheap lookup": "SELECT ?label WHERE {{ <{iri}> <http://www.w3.org/2000/01/rdf-schema#label> ?label }}",
    "two-hop join": (
        "PREFIX nkg: <https://w3id.org/newskg/ontology#> "
        "SELECT ?event ?other WHERE {{ ?m nkg:denotes <{iri}> . ?m nkg:sentence ?s . "
        "?m2 nkg:sentence ?s ; nkg:denotes ?other . FILTER(?other != <{iri}>) }} LIMIT 100"
    ),
    "aggregation per type": (
        "SELECT ?type (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a ?type . "
        "FILTER(STRSTARTS(STR(?type), \"https://w3id.org/newskg/\")) }} GROUP BY ?type"
    ),
}


def _python_load(host: str, port: int, path: str, clients: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker() -> None:
        conn = http.client.HTTPConnection(host, port, timeout=30)
        mine: list[float] = []
        while time.monotonic() < stop:
            t0 = time.perf_counter()
            conn.request("GET", path, headers={"Accept": "application/sparql-results+json"})
            resp = conn.getresponse()
            resp.read()
            if resp.status != 200:
                errors[0] += 1
            mine.append(time.perf_counter() - t0)
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    return {"requests": len(latencies), "errors": errors[0], "qps": len(latencies) / elapsed,
            "p50_ms": percentile(latencies, 50) * 1000, "p95_ms": percentile(latencies, 95) * 1000,
            "p99_ms": percentile(latencies, 99) * 1000, "generator": "python"}


def _wrk_load(url: str, clients: int, seconds: float) -> dict:
    script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    script.write('wrk.headers["Accept"] = "application/sparql-results+json"\n'
                 'done = function(summary, latency, requests)\n'
                 '  io.write(string.format("JSON {\\"requests\\": %d, \\"errors\\": %d, '
                 '\\"p50\\": %f, \\"p95\\": %f, \\"p99\\": %f, \\"duration\\": %f}\\n", '
                 'summary.requests, summary.errors.status + summary.errors.connect + '
                 'summary.errors.read + summary.errors.timeout, latency:percentile(50), '
                 'latency:percentile(95), latency:percentile(99), summary.duration))\nend\n')
    script.close()
    threads = min(clients, 2)
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{clients}", f"-d{int(seconds)}s", "-s",
                          script.name, url], capture_output=True, text=True, check=True).stdout
    os.unlink(script.name)
    line = next(l for l in out.splitlines() if l.startswith("JSON "))
    data = json.loads(line[5:])
    return {"requests": data["requests"], "errors": data["errors"],
            "qps": data["requests"] / (data["duration"] / 1e6),
            "p50_ms": data["p50"] / 1000, "p95_ms": data["p95"] / 1000,
            "p99_ms": data["p99"] / 1000, "generator": "wrk"}


def load(base: str, query: str, clients: int, seconds: float) -> dict:
    parsed = urllib.parse.urlsplit(base)
    path = f"{parsed.path}?query={urllib.parse.quote(query)}"
    if shutil.which("wrk"):
        return _wrk_load(f"{base}?query={urllib.parse.quote(query)}", clients, seconds)
    return _python_load(parsed.hostname, parsed.port, path, clients, seconds)


def _pick_iri(store_dir: Path) -> str:
    import pyoxigraph as ox

    store = ox.Store.read_only(str(store_dir))
    rows = store.query(
        "PREFIX nkg: <https://w3id.org/newskg/ontology#> SELECT ?e (COUNT(?m) AS ?n) "
        "WHERE { ?m nkg:denotes ?e } GROUP BY ?e ORDER BY DESC(?n) LIMIT 1",
        use_default_graph_as_union=True)
    return next(iter(rows))["e"].value


def in_process_ms(store_dir: Path, queries: dict[str, str]) -> dict[str, float]:
    """Median latency of each query in pyoxigraph itself, in this process, on the same store
    (every solution read): the engine's own cost, what the HTTP servers add overhead to."""
    import pyoxigraph as ox

    store = ox.Store.read_only(str(store_dir))
    out = {}
    for name, sparql in queries.items():
        times: list[float] = []
        budget_end = time.perf_counter() + IN_PROCESS_BUDGET
        while len(times) < IN_PROCESS_RUNS and (len(times) < 3 or
                                                time.perf_counter() < budget_end):
            t0 = time.perf_counter()
            for _ in store.query(sparql, use_default_graph_as_union=True):
                pass
            times.append(time.perf_counter() - t0)
        out[name] = statistics.median(times) * 1000
    del store
    return out


def row_count(url: str, sparql: str) -> int:
    """How many solutions ``url`` answers to ``sparql`` (SPARQL JSON)."""
    request = urllib.request.Request(f"{url}?query={urllib.parse.quote(sparql)}",
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=120) as response:
        return len(json.loads(response.read())["results"]["bindings"])


@contextmanager
def _process(command: list[str], probe: str, log: Path):
    with log.open("wb") as out:
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        try:
            wait_for_http(probe)
            yield proc
        finally:
            proc.terminate()
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)


@contextmanager
def serve(server: str, work: Path, store_dir: Path, nquads: Path):
    """Start ``server`` on the data; yields its query URL. One server runs at a time."""
    port = free_port()
    if server in ("newskg", "newskg-cache"):
        copy = work / server
        shutil.copytree(store_dir, copy)
        cache = [] if server == "newskg-cache" else ["--cache-mb", "0"]
        command = [str(BIN / "newskg"), "serve", "--store", f"oxigraph:{copy}", "--port",
                   str(port), "--query-timeout", "60", "--quiet", "--processes", str(PROCESSES),
                   *cache]
        url = f"http://127.0.0.1:{port}/sparql"
        with _process(command, url + "?query=ASK%7B%7D", work / f"{server}.log"):
            yield url
        shutil.rmtree(copy, ignore_errors=True)
    elif server == "oxigraph":
        # The union of all graphs as default graph, as newskg and Virtuoso query it (without
        # it the Oxigraph server answers from the empty default graph: no rows, fast).
        command = [str(BIN / "oxigraph"), "serve-read-only", "--location", str(store_dir),
                   "--bind", f"127.0.0.1:{port}", "--union-default-graph"]
        url = f"http://127.0.0.1:{port}/query"
        with _process(command, url + "?query=ASK%7B%7D", work / "oxigraph.log"):
            yield url
    else:  # virtuoso: started as the stores section does, loaded the way newskg loads it
        from bench.stores import _article_graphs, _virtuoso
        from graph.store import open_store

        folder = work / "virtuoso"
        folder.mkdir()
        with _virtuoso(folder) as (_proc, spec, _disk):
            store = open_store(spec)
            for name, graph in _article_graphs(nquads):
                store.replace_graph(name, graph)
            store.close()
            yield spec[len("sparql:"):].split(",")[0]


def available_servers() -> list[str]:
    from bench.stores import available_stores

    return list(SERVERS) if "virtuoso" in available_stores() else list(SERVERS[:-1])


def run(nquads: Path, servers: list[str] | None = None) -> dict:
    servers = servers or available_servers()
    work = Path(tempfile.mkdtemp(prefix="newskg-bench-http-"))
    try:
        store_dir = work / "store"
        subprocess.run([str(BIN / "oxigraph"), "load", "--location", str(store_dir), "--file",
                        str(nquads)], check=True, capture_output=True)
        iri = _pick_iri(store_dir)
        queries = {name: template.format(iri=iri) for name, template in QUERIES.items()}
        results: dict = {"data": str(nquads), "iri": iri, "seconds": DURATION,
                         "newskg_processes": PROCESSES,
                         "servers": servers, "queries": queries, "in_process_ms": {},
                         "answers": {}, "rows": []}
        measured: dict = {}
        for server in servers:
            print(f"   http: {server}", file=sys.stderr, flush=True)
            with serve(server, work, store_dir, nquads) as url:
                results["answers"][server] = {q: row_count(url, s) for q, s in queries.items()}
                for qname, sparql in queries.items():
                    if server == "newskg":
                        # The engine's own latency, measured right before newskg's runs of
                        # the same query: the machine is in the same state for both.
                        results["in_process_ms"].update(in_process_ms(store_dir,
                                                                      {qname: sparql}))
                    for clients in CLIENTS:
                        load(url, sparql, clients, WARM_UP)
                        measured[server, qname, clients] = load(url, sparql, clients, DURATION)
        for qname in queries:
            for clients in CLIENTS:
                row = {"query": qname, "clients": clients}
                row.update({s: measured[s, qname, clients] for s in servers})
                oxi = row["oxigraph"]["qps"]
                row["ratio_qps"] = row["newskg"]["qps"] / oxi
                row["ratio_qps_cache"] = row["newskg-cache"]["qps"] / oxi
                results["rows"].append(row)
        results["mismatches"] = mismatches(results["answers"])
        results["targets"] = targets(results)
        return results
    finally:
        shutil.rmtree(work, ignore_errors=True)


def mismatches(answers: dict) -> list[dict]:
    """Queries whose row counts differ between servers."""
    out = []
    queries = next(iter(answers.values())).keys() if answers else ()
    for q in queries:
        counts = {s: a[q] for s, a in answers.items()}
        if len(set(counts.values())) > 1:
            out.append({"query": q, "rows": counts})
    return out


def targets(results: dict) -> dict:
    """Issue 7's targets, each with whether it is met (newskg without its answer cache, and
    with it, reported apart)."""
    rows = results["rows"]
    cheap = [r for r in rows if r["query"] == CHEAP]
    out: dict = {"same answers": {"met": not results["mismatches"]}}
    for key, label in (("newskg", "cache off"), ("newskg-cache", "cache on")):
        ratios = [r[key]["qps"] / r["oxigraph"]["qps"] for r in cheap]
        out[f"cheap >= 0.25x Oxigraph server ({label})"] = {
            "met": min(ratios) >= CHEAP_TARGET, "lowest ratio": min(ratios)}
        if "virtuoso" in results["servers"]:
            ratios = [r[key]["qps"] / r["virtuoso"]["qps"] for r in cheap]
            out[f"cheap above Virtuoso ({label})"] = {"met": min(ratios) > 1.0,
                                                     "lowest ratio": min(ratios)}
        agg = next(r for r in rows if r["query"] == AGGREGATION and r["clients"] == 1)
        engine = results["in_process_ms"][AGGREGATION]
        ratio = agg[key]["p50_ms"] / engine
        out[f"aggregation p50 <= 1.2x pyoxigraph in-process ({label})"] = {
            "met": ratio <= AGGREGATION_TARGET, "ratio": ratio, "engine_ms": engine,
            "served_ms": agg[key]["p50_ms"]}
    return out


def _q(m: dict | None) -> str:
    return f"{m['qps']:.0f}" if m else "-"


def _lat(m: dict | None) -> str:
    return f"{m['p50_ms']:.2f}/{m['p99_ms']:.2f}" if m else "-"


def markdown(results: dict) -> str:
    servers = results.get("servers", ["newskg", "oxigraph"])
    lines = ["| query | clients | " + " | ".join(f"{LABELS[s]} q/s" for s in servers) +
             " | ratio | ratio cached |",
             "|---|---|" + "---|" * (len(servers) + 2)]
    for r in results["rows"]:
        lines.append(f"| {r['query']} | {r['clients']} | " +
                     " | ".join(_q(r.get(s)) for s in servers) +
                     f" | {r['ratio_qps']:.2f} | {r.get('ratio_qps_cache', float('nan')):.2f} |")
    lines += ["", "Latency p50/p99, ms (in-process: pyoxigraph's own median on the same store, "
                  "measured just before newskg's runs of the query):",
              "", "| query | clients | " + " | ".join(LABELS[s] for s in servers) +
              " | pyoxigraph in-process |", "|---|---|" + "---|" * (len(servers) + 1)]
    engine = results.get("in_process_ms", {})
    for r in results["rows"]:
        inproc = f"{engine[r['query']]:.2f}" if r["query"] in engine else "-"
        lines.append(f"| {r['query']} | {r['clients']} | " +
                     " | ".join(_lat(r.get(s)) for s in servers) + f" | {inproc} |")
    answers = results.get("answers", {})
    if answers:
        lines += ["", "Rows answered: " + "; ".join(
            f"{q}: " + ", ".join(f"{LABELS[s]} {a[q]}" for s, a in answers.items())
            for q in next(iter(answers.values())))]
    for m in results.get("mismatches", []):
        lines.append(f"- answers differ on {m['query']}: {m['rows']}")
    lines += ["", "Targets (issue 7; ratio = newskg without the answer cache / Oxigraph server, "
                  "ratio cached = with it):", ""]
    for name, t in results.get("targets", {}).items():
        detail = ", ".join(f"{k} {v:.2f}" if isinstance(v, float) else f"{k} {v}"
                           for k, v in t.items() if k != "met")
        lines.append(f"- {name}: {'met' if t['met'] else 'NOT met'}"
                     f"{f' ({detail})' if detail else ''}")
    generator = results["rows"][0]["newskg"]["generator"] if results["rows"] else "?"
    lines += ["", f"Load generator: {generator}, {results['seconds']:g} s per measurement after "
                  f"a {WARM_UP:g} s warm-up; one server runs at a time; newskg serve runs "
                  f"{results.get('newskg_processes', 1)} HTTP process(es)."]
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    from bench.common import synthetic_file

    nquads = Path(argv[0]) if argv else synthetic_file(100_000)
    results = run(nquads)
    write_json("http", results)
    print(markdown(results))


if __name__ == "__main__":
    main(sys.argv[1:])

"""HTTP throughput and latency of `newskg serve` against the Oxigraph server binary, on the same
data and queries, at 1 and 16 concurrent clients.

Load generator: wrk (Debian package) when installed, else a Python one (threads with
keep-alive connections; it saturates sooner, so its figures are lower bounds for both servers
alike). Run: ``python -m bench.http [NQUADS_FILE]``.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from bench.common import ROOT, free_port, percentile, wait_for_http, write_json

BIN = Path(sys.executable).parent
DURATION = float(os.environ.get("NEWSKG_BENCH_SECONDS", "5"))

#: name -> SPARQL. {iri} is replaced by a real entity IRI of the data.
QUERIES = {
    "cheap lookup": "SELECT ?label WHERE {{ <{iri}> <http://www.w3.org/2000/01/rdf-schema#label> ?label }}",
    "two-hop join": (
        "PREFIX nkg: <https://w3id.org/newskg/ontology#> "
        "SELECT ?event ?other WHERE {{ ?m nkg:denotes <{iri}> . ?m nkg:sentence ?s . "
        "?m2 nkg:sentence ?s ; nkg:denotes ?other . FILTER(?other != <{iri}>) }} LIMIT 100"
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


def load(base: str, query: str, clients: int) -> dict:
    parsed = urllib.parse.urlsplit(base)
    path = f"{parsed.path}?query={urllib.parse.quote(query)}"
    if shutil.which("wrk"):
        return _wrk_load(f"{base}?query={urllib.parse.quote(query)}", clients, DURATION)
    return _python_load(parsed.hostname, parsed.port, path, clients, DURATION)


def _pick_iri(store_dir: Path) -> str:
    import pyoxigraph as ox

    store = ox.Store.read_only(str(store_dir))
    rows = store.query(
        "PREFIX nkg: <https://w3id.org/newskg/ontology#> SELECT ?e (COUNT(?m) AS ?n) "
        "WHERE { ?m nkg:denotes ?e } GROUP BY ?e ORDER BY DESC(?n) LIMIT 1",
        use_default_graph_as_union=True)
    return next(iter(rows))["e"].value


def run(nquads: Path) -> dict:
    work = Path(tempfile.mkdtemp(prefix="newskg-bench-http-"))
    ours_dir, oxi_dir = work / "ours", work / "oxigraph"
    procs = []
    try:
        subprocess.run([str(BIN / "oxigraph"), "load", "--location", str(oxi_dir), "--file",
                        str(nquads)], check=True, capture_output=True)
        shutil.copytree(oxi_dir, ours_dir)
        iri = _pick_iri(ours_dir)
        p_ours, p_oxi = free_port(), free_port()
        env = dict(os.environ, NEWSKG_QUERY_TIMEOUT="30")
        procs.append(subprocess.Popen(
            [str(BIN / "newskg"), "serve", "--store", f"oxigraph:{ours_dir}", "--port",
             str(p_ours)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        procs.append(subprocess.Popen(
            [str(BIN / "oxigraph"), "serve-read-only", "--location", str(oxi_dir), "--bind",
             f"127.0.0.1:{p_oxi}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        servers = {"newskg": f"http://127.0.0.1:{p_ours}/sparql",
                   "oxigraph": f"http://127.0.0.1:{p_oxi}/query"}
        for url in servers.values():
            wait_for_http(url + "?query=ASK%7B%7D")
        results: dict = {"data": str(nquads), "iri": iri, "seconds": DURATION, "rows": []}
        for qname, template in QUERIES.items():
            query = template.format(iri=iri)
            for clients in (1, 16):
                row = {"query": qname, "clients": clients}
                for name, url in servers.items():
                    load(url, query, clients)  # warm-up
                    row[name] = load(url, query, clients)
                row["ratio_qps"] = row["newskg"]["qps"] / row["oxigraph"]["qps"]
                results["rows"].append(row)
        return results
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(work, ignore_errors=True)


def markdown(results: dict) -> str:
    lines = ["| query | clients | newskg q/s | Oxigraph server q/s | ratio | newskg p50/p99 ms | "
             "Oxigraph p50/p99 ms |", "|---|---|---|---|---|---|---|"]
    for r in results["rows"]:
        a, b = r["newskg"], r["oxigraph"]
        lines.append(f"| {r['query']} | {r['clients']} | {a['qps']:.0f} | {b['qps']:.0f} | "
                     f"{r['ratio_qps']:.2f} | {a['p50_ms']:.1f}/{a['p99_ms']:.1f} | "
                     f"{b['p50_ms']:.1f}/{b['p99_ms']:.1f} |")
    cheap = [r["ratio_qps"] for r in results["rows"] if r["query"] == "cheap lookup"]
    if cheap:
        met = "met" if min(cheap) >= 0.25 else "NOT met"
        lines.append("")
        lines.append(f"Target (issue 7): newskg's throughput on cheap queries at least 0.25x the "
                     f"Oxigraph server's: {met} (lowest ratio {min(cheap):.2f}). Load generator: "
                     f"{results['rows'][0]['newskg']['generator']}, {results['seconds']:g} s "
                     f"per measurement.")
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    nquads = Path(argv[0]) if argv else ROOT / "bench" / "results" / "http-data.nq"
    results = run(nquads)
    write_json("http", results)
    print(markdown(results))


if __name__ == "__main__":
    main(sys.argv[1:])

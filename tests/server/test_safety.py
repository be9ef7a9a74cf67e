"""Safe by default, over real HTTP: no request to another host or file, runaway queries stopped,
limits on rows and bodies, and `newskg serve` refusing unsafe or impossible configurations."""

from __future__ import annotations

import io
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest
import requests
from rdflib.query import Result

from graph.store import open_store

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


class Listener:
    """A TCP socket on 127.0.0.1 that records every connection made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (socket.timeout, OSError):
                continue
            with conn:
                conn.settimeout(1)
                try:
                    self.connections.append(conn.recv(4096))
                except OSError:
                    self.connections.append(b"")

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.sock.close()


@pytest.fixture
def listener():
    listening = Listener()
    yield listening
    listening.close()


def _error(r: requests.Response, status: int) -> str:
    assert r.status_code == status, r.text
    body = r.json()
    assert body["status"] == status and "Traceback" not in r.text
    return body["message"]


def _count(r: requests.Response) -> int:
    return int(list(Result.parse(io.BytesIO(r.content), format="json"))[0][0])


# ---------------------------------------------------------------- no request leaves the server

def test_service_to_a_listening_socket_is_refused_and_never_connects(server, listener):
    for query in (f"SELECT * WHERE {{ SERVICE <{listener.url}sparql> {{ ?s ?p ?o }} }}",
                  f"SELECT * WHERE {{ SERVICE SILENT <{listener.url}> {{ ?s ?p ?o }} }}",
                  f"PREFIX x: <{listener.url}> SELECT * WHERE {{ SERVICE x:q {{ ?s ?p ?o }} }}"):
        message = _error(requests.get(server.sparql, params={"query": query}, timeout=10), 403)
        assert "SERVICE" in message and "--service-allow" in message
    time.sleep(0.5)
    assert listener.connections == []


@pytest.mark.parametrize("template", [
    "select * where {{ service <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICE# a comment\n<{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?a ?b ?c OPTIONAL {{ {{ SELECT * WHERE {{ "
    "SERVICE <{url}> {{ ?s ?p ?o }} }} }} }} }}",
    "SELECT * WHERE {{ <<( ?a ?b ?c )>> ?p ?o . SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
])
def test_hidden_service_never_connects(server, listener, template):
    r = requests.get(server.sparql, params={"query": template.format(url=listener.url)},
                     timeout=10)
    assert r.status_code in (400, 403), r.text
    time.sleep(0.3)
    assert listener.connections == []


def test_service_with_a_variable_endpoint_is_refused(server, listener):
    query = (f"SELECT * WHERE {{ VALUES ?e {{ <{listener.url}> }} "
             f"SERVICE ?e {{ ?s ?p ?o }} }}")
    _error(requests.post(server.sparql, data={"query": query}, timeout=10), 403)
    time.sleep(0.3)
    assert listener.connections == []


def test_from_and_from_named_never_fetch(server, listener):
    query = (f"SELECT (COUNT(*) AS ?n) FROM <{listener.url}data.ttl> "
             f"FROM NAMED <{listener.url}named.ttl> WHERE {{ ?s ?p ?o }}")
    r = requests.get(server.sparql, params={"query": query}, timeout=10)
    assert r.status_code == 200
    assert _count(r) == 0  # an IRI that names no graph of the store selects an empty graph
    r = requests.get(server.sparql, timeout=10, params={
        "query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }",
        "default-graph-uri": listener.url + "d.ttl"})
    assert r.status_code == 200 and _count(r) == 0
    time.sleep(0.3)
    assert listener.connections == []


def test_load_is_refused_even_with_updates_on(write_server, auth, listener):
    for update in ("LOAD <file:///etc/passwd>",
                   "LOAD <file:///etc/passwd> INTO GRAPH <http://example.org/passwd>",
                   f"LOAD <{listener.url}data.ttl>"):
        message = _error(requests.post(write_server.sparql, data=update.encode(), headers={
            "Content-Type": "application/sparql-update", **auth}, timeout=10), 403)
        assert "LOAD" in message
    time.sleep(0.3)
    assert listener.connections == []
    r = requests.get(write_server.sparql, timeout=10, params={
        "query": "ASK { GRAPH <http://example.org/passwd> { ?s ?p ?o } }"})
    assert Result.parse(io.BytesIO(r.content), format="json").askAnswer is False


def test_service_in_an_update_is_refused(write_server, auth, listener):
    update = (f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{listener.url}sparql> "
              f"{{ ?s ?p ?o }} }}")
    _error(requests.post(write_server.sparql, data={"update": update}, headers=auth,
                         timeout=10), 403)
    time.sleep(0.3)
    assert listener.connections == []


def test_allow_listed_service_is_federated(write_server, server):
    """write_server allows SERVICE to server's endpoint: the query really goes there."""
    query = (f"SELECT ?n WHERE {{ SERVICE <{server.sparql}> {{ "
             f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{server.bulk}> {{ ?s ?p ?o }} }} }} }}")
    r = requests.get(write_server.sparql, params={"query": query}, timeout=30)
    assert r.status_code == 200, r.text
    assert _count(r) == server.bulk_triples


# ---------------------------------------------------------------- limits

def test_runaway_query_is_stopped_and_others_are_served_meanwhile(server):
    outcome: dict = {}

    def runaway() -> None:
        started = time.monotonic()
        response = requests.get(server.sparql, params={"query": RUNAWAY}, timeout=60)
        outcome["status"], outcome["seconds"] = response.status_code, time.monotonic() - started
        outcome["body"] = response.json()

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.3)
    quick = []
    while thread.is_alive():
        started = time.monotonic()
        # A new text each time, so each is answered by a query worker, not the answer cache.
        r = requests.get(server.sparql, params={"query": f"ASK {{ ?s ?p ?o }} # {len(quick)}"},
                         timeout=10)
        quick.append((r.status_code, time.monotonic() - started))
        time.sleep(0.2)
    thread.join()
    assert outcome["status"] == 503
    assert outcome["body"]["error"] == "Query timeout"
    assert outcome["seconds"] < server.query_timeout + 2
    assert quick and all(status == 200 for status, _ in quick)
    assert max(seconds for _, seconds in quick) < 1.0
    # The killed worker is replaced: the server still answers afterwards.
    r = requests.get(server.sparql, params={"query": "ASK { ?s ?p ?o }"}, timeout=10)
    assert r.status_code == 200


def test_max_rows_truncates_and_says_so(server):
    r = requests.get(server.sparql, params={"query": "SELECT ?s WHERE { ?s ?p ?o }"},
                     headers={"Accept": "text/csv"}, timeout=10)
    assert r.status_code == 200
    assert r.headers["X-Newskg-Truncated"] == "true"
    assert len(r.text.strip().splitlines()) == server.max_rows + 1  # header line + rows
    triples = requests.get(server.sparql, headers={"Accept": "application/n-triples"},
                           params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, timeout=10)
    assert triples.headers["X-Newskg-Truncated"] == "true"
    assert len(triples.text.strip().splitlines()) == server.max_rows
    small = requests.get(server.sparql, params={"query": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 5"},
                         timeout=10)
    assert "X-Newskg-Truncated" not in small.headers


def test_oversized_body_is_413(server):
    padding = "#" + "x" * (server.max_body + 10) + "\nASK {}"
    r = requests.post(server.sparql, data=padding.encode(),
                      headers={"Content-Type": "application/sparql-query"}, timeout=10)
    assert _error(r, 413)
    r = requests.post(server.sparql, data={"query": padding}, timeout=10)
    _error(r, 413)


def test_malformed_update_is_400(write_server, auth):
    r = requests.post(write_server.sparql, data={"update": "INSERT DATA { <a:b> <a:c> "},
                      headers=auth, timeout=10)
    _error(r, 400)


# ---------------------------------------------------------------- newskg serve refuses

def _serve(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newskg", "serve", *args],
                          capture_output=True, text=True, timeout=timeout)


def test_enable_update_without_token_exits_2(tmp_path):
    done = _serve("--store", f"oxigraph:{tmp_path / 'store'}", "--enable-update")
    assert done.returncode == 2
    assert "--update-token" in done.stderr and "Traceback" not in done.stderr


def test_store_locked_by_another_process_exits_2(tmp_path):
    store = open_store(f"oxigraph:{tmp_path / 'store'}")
    try:
        done = _serve("--store", f"oxigraph:{tmp_path / 'store'}", "--port", "0")
    finally:
        store.close()
    assert done.returncode == 2
    # The message names the store and how to fix it (another --store, or stop the other one).
    assert str(tmp_path / "store") in done.stderr and "--store" in done.stderr
    assert "Traceback" not in done.stderr


def test_port_in_use_exits_2(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        done = _serve("--store", f"oxigraph:{tmp_path / 'store'}", "--port", str(port))
    assert done.returncode == 2
    assert "--port" in done.stderr and "Traceback" not in done.stderr


def test_huge_body_is_refused_before_it_is_read(server):
    """A body far over the limit is refused on its Content-Length alone (nothing spooled)."""
    huge = 10 * server.max_body

    def body():
        yield b"query="
        for _ in range(huge // 65536):
            yield b"x" * 65536

    headers = {"Content-Type": "application/x-www-form-urlencoded",
               "Content-Length": str(huge + 6)}
    r = requests.post(server.sparql, data=body(), headers=headers, timeout=20)
    assert r.status_code == 413


def test_checkpoints_are_removed_at_stop_and_stale_ones_at_start(serve_factory, tmp_path):
    store = tmp_path / "store"
    stale = tmp_path / ".store.checkpoints-left-by-a-killed-server"
    stale.mkdir()
    srv = serve_factory(store, log_dir=tmp_path)
    assert not stale.exists()
    assert len(list(tmp_path.glob(".store.checkpoints-*"))) == 1  # this server's own
    srv.process.send_signal(signal.SIGTERM)
    assert srv.process.wait(timeout=20) == 0
    assert list(tmp_path.glob(".store.checkpoints-*")) == []
    assert store.is_dir()  # the store itself stays

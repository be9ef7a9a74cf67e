"""`newskg serve --processes N`: reader processes answer lookups from the newest checkpoint
and relay everything else to the owner (server.readers), over real HTTP."""

from __future__ import annotations

import os
import signal
import time
import uuid
from pathlib import Path

import pytest
import requests

from tests.server.conftest import MAX_ROWS, TOKEN, load_store

ITEM = "http://example.org/item/7"
LOOKUP = f"SELECT ?p ?v WHERE {{ <{ITEM}> ?p ?v }}"
JSON = {"Accept": "application/sparql-results+json"}


def _listeners(port: int) -> set[int]:
    """PIDs of the processes that hold the listening socket of ``port`` (Linux /proc)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[1].endswith(f":{port:04X}") and fields[3] == "0A":  # LISTEN
                inodes.add(fields[9])
    pids = set()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            for fd in (proc / "fd").iterdir():
                if any(os.readlink(fd) == f"socket:[{i}]" for i in inodes):
                    pids.add(int(proc.name))
                    break
        except OSError:
            continue
    return pids


def _fresh(url: str, query: str, **kw) -> requests.Response:
    """A request on a new connection (each one may reach another process)."""
    with requests.Session() as s:
        return s.get(url, params={"query": query}, timeout=30, **kw)


def _rows(response: requests.Response) -> list[tuple[str, str]]:
    assert response.status_code == 200, response.text
    return sorted((b["p"]["value"], b["v"]["value"])
                  for b in response.json()["results"]["bindings"])


@pytest.fixture(scope="module")
def readers_server(tmp_path_factory):
    from tests.server.conftest import start_server, stop_server

    store = tmp_path_factory.mktemp("readers") / "store"
    load_store(store)
    srv = start_server(store, "--processes", "3", "--threads", "4", "--query-timeout", "2",
                       "--max-rows", str(MAX_ROWS), "--enable-update", "--update-token", TOKEN)
    port = int(srv.url.rsplit(":", 1)[1].strip("/"))
    deadline = time.monotonic() + 60
    while len(_listeners(port)) < 3 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(_listeners(port)) == 3, "the owner and two readers listen on the port"
    yield srv, port
    stop_server(srv.process)


def test_every_process_answers_lookups_and_relays_the_rest(readers_server):
    srv, _ = readers_server
    answers = [_fresh(srv.sparql, f"{LOOKUP} # {uuid.uuid4().hex}", headers=JSON)
               for _ in range(24)]
    assert all(_rows(a) == [("http://example.org/value", "7")] for a in answers)
    # what readers do not answer themselves comes back from the owner unchanged
    count = _fresh(srv.sparql, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", headers=JSON)
    assert int(count.json()["results"]["bindings"][0]["n"]["value"]) > 3000
    bad = _fresh(srv.sparql, "SELECT WHERE {", headers=JSON)
    assert bad.status_code == 400 and bad.json()["status"] == 400
    cut = _fresh(srv.sparql, "SELECT ?s WHERE { ?s ?p ?o }", headers=JSON)
    assert cut.headers["X-Newskg-Truncated"] == "true"
    assert len(cut.json()["results"]["bindings"]) == MAX_ROWS
    page = requests.get(srv.url, headers={"Accept": "text/html"}, timeout=30)
    assert page.status_code == 200 and "<html" in page.text.lower()
    runaway = _fresh(srv.sparql, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . "
                                 "?g ?h ?i }", headers=JSON)
    assert runaway.status_code == 503


def test_a_write_is_seen_by_the_next_lookup_whichever_process_answers(readers_server):
    srv, _ = readers_server
    auth = {"Authorization": f"Bearer {TOKEN}"}
    for round_ in range(3):
        value = f"written {round_} {uuid.uuid4().hex[:6]}"
        update = (f'INSERT DATA {{ GRAPH <http://example.org/readers> {{ <{ITEM}> '
                  f'<http://example.org/note> "{value}" }} }}')
        with requests.Session() as s:
            r = s.post(srv.sparql, data=update, timeout=30,
                       headers={"Content-Type": "application/sparql-update", **auth})
        assert r.status_code == 204, r.text
        for _ in range(12):  # new connections: the owner and both readers answer some
            rows = _rows(_fresh(srv.sparql, LOOKUP, headers=JSON))
            assert ("http://example.org/note", value) in rows


def test_conditional_lookups_get_304_from_any_process(readers_server):
    srv, _ = readers_server
    query = f"{LOOKUP} # {uuid.uuid4().hex}"
    first = _fresh(srv.sparql, query, headers=JSON)
    etag = first.headers["ETag"]
    for _ in range(8):
        again = _fresh(srv.sparql, query, headers={**JSON, "If-None-Match": etag})
        assert again.status_code == 304 and again.headers["ETag"] == etag


def test_a_reader_that_dies_is_started_again(readers_server):
    srv, port = readers_server
    readers = _listeners(port) - {srv.process.pid}
    victim = min(readers)
    os.kill(victim, signal.SIGKILL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        now = _listeners(port)
        if len(now) == 3 and victim not in now:
            break
        time.sleep(0.2)
    assert len(_listeners(port)) == 3 and victim not in _listeners(port)
    assert all(_rows(_fresh(srv.sparql, LOOKUP, headers=JSON)) for _ in range(6))


def test_stopping_the_server_stops_its_readers(tmp_path):
    from tests.server.conftest import start_server, stop_server

    store = tmp_path / "store"
    load_store(store)
    srv = start_server(store, "--processes", "2")
    port = int(srv.url.rsplit(":", 1)[1].strip("/"))
    deadline = time.monotonic() + 60
    while len(_listeners(port)) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    pids = _listeners(port)
    assert len(pids) == 2
    stop_server(srv.process)
    time.sleep(0.5)
    assert not _listeners(port)
    assert not any(Path(f"/proc/{pid}").exists() and
                   "zombie" not in Path(f"/proc/{pid}/status").read_text().lower()
                   for pid in pids)
    assert not list(store.parent.glob(".store.checkpoints-*")), "checkpoints removed"

"""Real servers for the server tests: `newskg serve` subprocesses on free 127.0.0.1 ports.

* ``server``: read-only, as shipped (updates off), with a short query timeout and a small row
  limit so the safety cases run fast; its store holds tests/data/server/article.trig and a
  generated "bulk" graph of plain triples.
* ``write_server``: the same data, ``--enable-update --update-token`` and ``--service-allow``
  pointing at ``server``'s endpoint (to test an allow-listed SERVICE).
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.processes import free_port, start_process, stop_process
from tests.server.linked_fixture import load_fixture

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "server"
ARTICLE = "https://w3id.org/newskg/id/article/3c724b0f3a8dc2ef"
BULK = "http://example.org/bulk"
BULK_TRIPLES = 3000
QUERY_TIMEOUT = 2.0
MAX_ROWS = 1000
MAX_BODY = 200_000
TOKEN = "s3cret-test-token"


@dataclass
class Server:
    url: str  # ends with /
    process: subprocess.Popen
    store: Path
    # What the test store holds and the limits the server runs with.
    article = ARTICLE
    bulk = BULK
    bulk_triples = BULK_TRIPLES
    query_timeout = QUERY_TIMEOUT
    max_rows = MAX_ROWS
    max_body = MAX_BODY
    token = TOKEN

    @property
    def sparql(self) -> str:
        return self.url + "sparql"

    @property
    def data(self) -> str:
        return self.url + "data"


def load_store(path: Path) -> None:
    """Write the fixture article and the bulk graph into an oxigraph store at ``path``."""
    import pyoxigraph as ox

    store = ox.Store(str(path))
    store.load(path=str(DATA / "article.trig"), format=ox.RdfFormat.TRIG)
    bulk = ox.NamedNode(BULK)
    store.extend(ox.Quad(ox.NamedNode(f"http://example.org/item/{i}"),
                         ox.NamedNode("http://example.org/value"), ox.Literal(i), bulk)
                 for i in range(BULK_TRIPLES))
    store.flush()
    del store


def serve_command(store: Path | str, port: int, *extra: str) -> list[str]:
    spec = store if isinstance(store, str) else f"oxigraph:{store}"
    return [sys.executable, "-m", "newskg", "serve", "--store", spec,
            "--host", "127.0.0.1", "--port", str(port), "--quiet", *extra]


def start_server(store: Path | str, *extra: str, log_dir: Path | None = None) -> Server:
    """Start `newskg serve` on ``store`` (a folder, or a store setting such as ``memory``)."""
    port = free_port()
    log = (log_dir or store.parent) / "serve.log"
    url = f"http://127.0.0.1:{port}/"
    process = start_process(serve_command(store, port, *extra), url + "sparql", log)
    return Server(url, process, store)


stop_server = stop_process


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Server:
    store = tmp_path_factory.mktemp("read-only") / "store"
    load_store(store)
    srv = start_server(store, "--query-timeout", str(QUERY_TIMEOUT), "--max-rows",
                       str(MAX_ROWS), "--max-body", str(MAX_BODY), "--threads", "8")
    yield srv
    stop_server(srv.process)


@pytest.fixture(scope="session")
def write_server(tmp_path_factory, server) -> Server:
    store = tmp_path_factory.mktemp("writable") / "store"
    load_store(store)
    srv = start_server(store, "--query-timeout", str(QUERY_TIMEOUT), "--max-rows",
                       str(MAX_ROWS), "--max-body", str(MAX_BODY), "--enable-update",
                       "--update-token", TOKEN, "--service-allow", server.sparql)
    yield srv
    stop_server(srv.process)


@pytest.fixture
def auth() -> dict:
    return {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def serve_factory():
    """Start extra servers in a test: ``serve_factory(store, *flags, log_dir=...)``."""
    started: list[Server] = []

    def start(store, *extra: str, log_dir: Path | None = None) -> Server:
        srv = start_server(store, *extra, log_dir=log_dir)
        started.append(srv)
        return srv

    yield start
    for srv in started:
        stop_server(srv.process)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> str:
    """`newskg serve` on a store holding the linked-data fixture; its base URL (no final /)."""
    store = tmp_path_factory.mktemp("linked-data") / "store"
    load_fixture(store)
    srv = start_server(store, "--query-timeout", "20")
    yield srv.url.rstrip("/")
    stop_server(srv.process)

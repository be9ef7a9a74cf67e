"""Real SPARQL engines for the storage tests, started once per session on free 127.0.0.1 ports.

* the Oxigraph server: ``oxigraph serve --location TMP --bind 127.0.0.1:PORT`` (the binary the
  ``oxigraph`` package puts beside the virtualenv's python);
* OpenLink Virtuoso 7: ``virtuoso-t +configfile INI +foreground`` with a minimal ini written
  into a temp folder, then the grants SPARQL updates need, given with ``isql-vt``.

A missing binary skips the tests that need it, with the reason, except in CI (``CI=true``),
where it fails them: CI must run against both engines.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from tests.processes import free_port, stop_process

#: Seconds an engine may take to answer its first query.
START_TIMEOUT = 60.0
#: Virtuoso's row limit (ResultSetMaxRows; 10,000 as packaged): lower here so that tests meet
#: the same cuts a default install makes with a fifth of the data (Virtuoso deletes slowly).
VIRTUOSO_MAX_ROWS = 2000

VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CaseMode = 2
DirsAllowed = {dir}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty_buffers}
CheckpointInterval = 0

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 8
MaxClientConnections = 8
Charset = UTF-8
EnabledGzipContent = 0

[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 60
"""

#: Virtuoso's page buffers (8 KB each) for the tests' small data: 80 MB.
TEST_BUFFERS = {"buffers": 10000, "dirty_buffers": 6000}

VIRTUOSO_GRANTS = ('GRANT SPARQL_UPDATE TO "SPARQL"; '
                   "DB.DBA.RDF_DEFAULT_USER_PERMS_SET('nobody', 7);")


@dataclass(frozen=True)
class Endpoint:
    """A running engine: its protocol URLs and the ``sparql:`` store specs that reach it."""

    name: str
    query_url: str
    update_url: str
    graph_store_url: str
    #: the most rows the engine answers with (None: no limit)
    max_rows: int | None = None

    @property
    def spec(self) -> str:
        return f"sparql:{self.query_url},{self.update_url},{self.graph_store_url}"

    @property
    def spec_without_graph_store(self) -> str:
        return f"sparql:{self.query_url},{self.update_url}"


def require_binary(path: str | None, what: str, install: str) -> str:
    if path and Path(path).exists():
        return path
    message = f"{what} is not installed ({install})"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message}: CI must test against it")
    pytest.skip(message)


def wait_until_ready(query_url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{process.args[0]} exited with {process.returncode}:\n"
                        f"{log.read_text(errors='replace')[-2000:]}")
        try:
            response = requests.post(query_url, data={"query": "ASK {}"},
                                     headers={"Accept": "application/sparql-results+json"},
                                     timeout=2)
            if response.status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    pytest.fail(f"{process.args[0]} did not answer within {START_TIMEOUT:g} s:\n"
                f"{log.read_text(errors='replace')[-2000:]}")


stop = stop_process


@pytest.fixture
def unused_port() -> int:
    """A 127.0.0.1 port nothing listens on."""
    return free_port()


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    beside_python = Path(sys.executable).parent / "oxigraph"
    binary = require_binary(str(beside_python) if beside_python.exists() else
                            shutil.which("oxigraph"), "the Oxigraph server",
                            "pip install oxigraph==0.5.13")
    folder = tmp_path_factory.mktemp("oxigraph-server")
    port = free_port()
    log = folder / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [binary, "serve", "--location", str(folder / "db"), "--bind", f"127.0.0.1:{port}"],
            stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(f"{base}/query", process, log)
        yield Endpoint("oxigraph", f"{base}/query", f"{base}/update", f"{base}/store")
    finally:
        stop(process)


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory):
    install = "apt-get install virtuoso-opensource, or bash scripts/install-virtuoso.sh"
    binary = require_binary(shutil.which("virtuoso-t"), "Virtuoso", install)
    isql = require_binary(shutil.which("isql-vt"), "Virtuoso's isql-vt", install)
    folder = tmp_path_factory.mktemp("virtuoso")
    sql_port, http_port = free_port(), free_port()
    while http_port == sql_port:
        http_port = free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=folder, sql_port=sql_port, http_port=http_port,
                                       max_rows=VIRTUOSO_MAX_ROWS, **TEST_BUFFERS))
    log = folder / "stdout.log"
    with log.open("wb") as out:
        process = subprocess.Popen([binary, "+configfile", str(ini), "+foreground"],
                                   cwd=folder, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{http_port}"
    try:
        wait_until_ready(f"{base}/sparql", process, log)
        granted = subprocess.run(
            [isql, f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={VIRTUOSO_GRANTS}"],
            capture_output=True, text=True, timeout=60)
        if granted.returncode != 0 or "Error" in granted.stdout + granted.stderr:
            pytest.fail(f"granting SPARQL updates failed:\n{granted.stdout}\n{granted.stderr}")
        yield Endpoint("virtuoso", f"{base}/sparql", f"{base}/sparql",
                       f"{base}/sparql-graph-crud", VIRTUOSO_MAX_ROWS)
    finally:
        stop(process)

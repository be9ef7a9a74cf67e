"""Session fixtures for the W3C SPARQL 1.1 suites: real servers on free 127.0.0.1 ports.

* ``newskg``: ``newskg serve --store oxigraph:TMP --enable-update --update-token TOKEN``.
* ``oxigraph``: the Oxigraph server binary (``oxigraph serve --location TMP``), the reference
  the query-evaluation results are compared with.

Both are started once per session and stopped (SIGTERM) at its end; the tests empty the store
between tests. The suite data must be at ../shared/w3c-sparql11 (from the repo root): the
test modules read the manifests when collected and stop with manifest.SuiteMissing (saying
where the data is expected) when it is not there.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.w3c.endpoint import Endpoint
from tests.w3c.evaluation import SUMMARY
from tests.w3c.manifest import ROOT

TOKEN = "w3c-suite-token"
OXIGRAPH = ROOT / ".venv" / "bin" / "oxigraph"


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # noqa: ARG001 - hook
    if SUMMARY in config.stash:
        terminalreporter.write_line(config.stash[SUMMARY])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start(command: list[str], probe: str, log: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSKG_")}
    with open(log, "wb") as out:  # a file, never a pipe nobody reads
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out,
                                   stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{command[0]} exited {process.returncode}: "
                        f"{log.read_text(errors='replace')[-2000:]}")
        try:
            if requests.get(probe, params={"query": "ASK {}"}, timeout=5).ok:
                return process
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    _stop(process)
    pytest.fail(f"{' '.join(command)} did not answer within 90 s")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def newskg(tmp_path_factory) -> Endpoint:
    folder = tmp_path_factory.mktemp("w3c-newskg")
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    process = _start([sys.executable, "-m", "newskg", "serve", "--store",
                      f"oxigraph:{folder / 'store'}", "--host", "127.0.0.1", "--port",
                      str(port), "--quiet", "--enable-update", "--update-token", TOKEN],
                     url + "sparql", folder / "serve.log")
    endpoint = Endpoint("newskg", url, "sparql", "sparql", "data", token=TOKEN)
    yield endpoint
    endpoint.session.close()
    _stop(process)


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory) -> Endpoint:
    if not OXIGRAPH.exists():
        pytest.fail(f"the Oxigraph server binary is missing at {OXIGRAPH}: "
                    f"`.venv/bin/pip install oxigraph` installs it")
    folder = tmp_path_factory.mktemp("w3c-oxigraph")
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    process = _start([str(OXIGRAPH), "serve", "--location", str(folder / "store"), "--bind",
                      f"127.0.0.1:{port}"], url + "query", folder / "serve.log")
    endpoint = Endpoint("oxigraph", url, "query", "update", "store")
    yield endpoint
    endpoint.session.close()
    _stop(process)

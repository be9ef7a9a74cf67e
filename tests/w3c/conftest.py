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

import sys

import pytest

from tests.processes import free_port, start_process, stop_process
from tests.w3c.endpoint import Endpoint
from tests.w3c.evaluation import SUMMARY
from tests.w3c.manifest import ROOT

TOKEN = "w3c-suite-token"
OXIGRAPH = ROOT / ".venv" / "bin" / "oxigraph"


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # noqa: ARG001 - hook
    if SUMMARY in config.stash:
        terminalreporter.write_line(config.stash[SUMMARY])


@pytest.fixture(scope="session")
def newskg(tmp_path_factory) -> Endpoint:
    folder = tmp_path_factory.mktemp("w3c-newskg")
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    process = start_process([sys.executable, "-m", "newskg", "serve", "--store",
                      f"oxigraph:{folder / 'store'}", "--host", "127.0.0.1", "--port",
                      str(port), "--quiet", "--enable-update", "--update-token", TOKEN],
                     url + "sparql", folder / "serve.log")
    endpoint = Endpoint("newskg", url, "sparql", "sparql", "data", token=TOKEN)
    yield endpoint
    endpoint.session.close()
    stop_process(process)


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory) -> Endpoint:
    if not OXIGRAPH.exists():
        pytest.fail(f"the Oxigraph server binary is missing at {OXIGRAPH}: "
                    f"`.venv/bin/pip install oxigraph` installs it")
    folder = tmp_path_factory.mktemp("w3c-oxigraph")
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    process = start_process([str(OXIGRAPH), "serve", "--location", str(folder / "store"), "--bind",
                      f"127.0.0.1:{port}"], url + "query", folder / "serve.log")
    endpoint = Endpoint("oxigraph", url, "query", "update", "store")
    yield endpoint
    endpoint.session.close()
    stop_process(process)

"""A crash (kill -9) during ingest leaves the store readable and without a partial article:
every article graph in it is whole (each is written in one transaction)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from rdflib.compare import isomorphic

from graph.namespaces import ONTOLOGY_IRI
from graph.store import open_store
from test_ingest_scale import ROOT, write_corpus


def test_kill_9_during_ingest_leaves_only_whole_articles(tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 12)
    store_dir = tmp_path / "db"
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSKG_")}
    proc = subprocess.Popen([sys.executable, "-u", "-m", "newskg", "ingest", str(corpus),
                             "--store", f"oxigraph:{store_dir}", "--force"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    written = 0
    deadline = time.monotonic() + 240
    while written < 3 and time.monotonic() < deadline:   # kill it in the middle of the run
        line = proc.stdout.readline()
        if not line:
            break
        written += " triples, " in line
    assert written >= 3, "ingest wrote nothing before the deadline"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdout.close()

    crashed = open_store(f"oxigraph:{store_dir}")      # readable after the crash
    names = [g for g in crashed.graph_names() if g != ONTOLOGY_IRI]
    assert 3 <= len(names) < 12
    # Every article graph is whole: the same as a clean ingest of the same articles writes.
    clean = open_store("memory")
    from graph import settings as settings_table
    from graph.ingest import ingest_paths

    ingest_paths([corpus], clean, settings_table.resolve({"store": "memory"}, environ={}),
                 force=True, progress=False)
    activity = "http://www.w3.org/ns/prov#"
    for name in names:
        a, b = crashed.get_graph(name), clean.get_graph(name)
        for g in (a, b):  # the extraction run's timestamps differ between runs
            for t in [t for t in g if str(t[1]).startswith(activity) and "Time" in str(t[1])]:
                g.remove(t)
        assert isomorphic(a, b), f"<{name}> is not whole after the crash"
    crashed.close()

"""Starting and stopping the real servers the tests talk to (newskg serve, the Oxigraph
server): one place for free ports, readiness polling and clean shutdown."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_process(command: list[str], probe: str, log: Path,
                  timeout: float = 90.0) -> subprocess.Popen:
    """Start ``command`` (output to ``log``, environment without NEWSKG_* settings) and wait
    until ``probe`` (a SPARQL endpoint) answers ``ASK {}``; fail the test if it exits first."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSKG_")}
    with open(log, "wb") as out:  # a file, never a pipe nobody reads (it would fill and block)
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out,
                                   stderr=subprocess.STDOUT)
    deadline = time.monotonic() + timeout
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
    stop_process(process)
    pytest.fail(f"{' '.join(command)} did not answer within {timeout:.0f} s")


def stop_process(process: subprocess.Popen) -> None:
    """SIGTERM, then SIGKILL after 20 s."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

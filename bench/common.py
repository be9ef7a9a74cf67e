"""Helpers shared by the benchmarks: run a measurement in a fresh process, report peak memory,
free ports, percentiles."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


#: Environment of a measured process: one core's worth of BLAS/OpenMP threads, so that "per
#: core" figures are per core.
ONE_CORE_ENV = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
                "TOKENIZERS_PARALLELISM": "false", "PYTHONWARNINGS": "ignore"}


def in_subprocess(module: str, *args: str, timeout: float = 3600,
                  env: dict | None = None) -> dict:
    """Run ``python -m module args...`` in a fresh process; it prints one JSON object last.

    A fresh process per measurement keeps peak memory (ru_maxrss) honest. ``env`` is added to
    this process's environment.
    """
    proc = subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, **(env or {})})
    if proc.returncode != 0:
        raise RuntimeError(f"{module} {' '.join(args)} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MB.

    VmHWM, not ru_maxrss: on Linux a child's ru_maxrss starts from its parent's at fork and
    survives exec, so a measured subprocess would report at least the harness's own memory.
    """
    own = process_peak_rss_mb(os.getpid())
    if own is not None:
        return own
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def process_peak_rss_mb(pid: int) -> float | None:
    """Peak resident memory (VmHWM) of another running process, e.g. a server, in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        return None
    return None


def dir_size_mb(path: Path) -> float:
    """Bytes on disk under ``path`` (files only), in MB."""
    path = Path(path)
    if not path.exists():
        return 0.0
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files) / 1e6


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_http(url: str, timeout: float = 60.0) -> None:
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up within {timeout} s")


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, int(round(q / 100.0 * (len(ordered) - 1)))))
    return ordered[k]


def write_json(name: str, data: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


DATA = ROOT / "build" / "bench-data"


def synthetic_file(triples: int, seed: int = 0) -> Path:
    """The synthetic corpus (bench/synthetic.py) of ``triples`` triples as N-Quads, written
    once into build/bench-data/ and reused by later runs and sections."""
    from bench.synthetic import write_nquads

    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"synthetic-{triples}-seed{seed}.nq"
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as out:
            write_nquads(out, triples, seed)
        tmp.rename(path)
    return path


def size_label(triples: int) -> str:
    """10000 -> '10k', 1000000 -> '1M'."""
    for unit, div in (("M", 1_000_000), ("k", 1_000)):
        if triples >= div and triples % div == 0:
            return f"{triples // div}{unit}"
    return str(triples)

"""`python -m newskg` works with the commands that start spawned worker pools (the pool's
workers import the main module: an unguarded one would start the command again in each)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_python_m_newskg_validate_with_a_worker_pool(tmp_path):
    data = tmp_path / "corpus.nq"
    subprocess.run([sys.executable, "-m", "bench.synthetic", "10k", "-o", str(data)], cwd=ROOT,
                   check=True, capture_output=True)
    proc = subprocess.run([sys.executable, "-m", "newskg", "validate", str(data)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "conforms" in (proc.stdout + proc.stderr).lower()

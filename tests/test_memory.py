"""Memory over a long suite: a scope with its own client keeps about what botocore keeps."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).parent.parent / "benchmarks" / "memory.py"


def test_memory_kept_per_scope_stays_near_botocores_own():
    # A fresh process: other tests' caches must not blur the figure.
    out = subprocess.run([sys.executable, str(SCRIPT), "300"], capture_output=True, text=True,
                         check=True, timeout=300)
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    assert figures["iamsim_scope"] < 2048, figures
    assert figures["iamsim_scope"] < figures["botocore_client"] + 1024, figures

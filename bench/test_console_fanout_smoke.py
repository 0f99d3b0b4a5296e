"""A tiny run of the console fan-out benchmark (10 consoles, 2 changes), so it cannot rot.

Runs only when the suite runs on PostgreSQL (``DATABASE_URL=postgres://…``); the benchmark
creates its own throw-away database next to the test database and drops it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATABASE_URL = os.environ.get("DATABASE_URL", "")

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(not DATABASE_URL.startswith(("postgres://", "postgresql://")), reason="needs PostgreSQL"),
]


def test_a_tiny_fanout_run_delivers_every_change_to_every_console(tmp_path):
    server = DATABASE_URL.rsplit("/", 1)[0]
    db = f"hotro_bench_fanout_smoke_{os.getpid()}"
    target = tmp_path / "fanout.json"
    cmd = [
        sys.executable, "-m", "bench.console_fanout", "--pg", server, "--db", db, "--agents", "10", "--changes", "2",
        "--out", str(tmp_path), "--json", str(target),
    ]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL")}
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=180, check=False)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    data = json.loads(target.read_text())
    assert data["sockets"] == 10 and data["fanout_from_change"]["missing"] == 0
    assert data["fanout_from_change"]["p50_ms"] is not None and data["server_cpu_ms_per_change"] > 0

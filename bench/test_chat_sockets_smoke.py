"""A tiny run of the chat sockets benchmark (50 idle sockets, 20 chatting for 3 s), so it cannot rot.

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


def test_a_tiny_chat_sockets_run_measures_idle_memory_and_relayed_messages(tmp_path):
    server = DATABASE_URL.rsplit("/", 1)[0]
    db = f"hotro_bench_chat_smoke_{os.getpid()}"
    target = tmp_path / "chat.json"
    cmd = [
        sys.executable, "-m", "bench.chat_sockets", "--pg", server, "--db", db, "--idle", "50", "--idle-plain", "",
        "--active", "20", "--interval", "1", "--duration", "3", "--out", str(tmp_path), "--json", str(target),
    ]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL")}
    try:
        proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)
    finally:
        import psycopg

        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    data = json.loads(target.read_text())
    (idle,) = data["idle"]["steps"]
    assert idle["sockets"] == 50 and idle["failed"] == 0 and idle["kib_per_socket"] > 0, idle
    (active,) = data["active"]["steps"]
    assert active["sent"] > 0 and active["acked"] == active["sent"] and not active["errors"], active
    assert active["relayed"] > 0 and active["relay"]["p50_ms"] is not None, active
    assert active["server_cpu_ms_per_message"] > 0, active
    assert data["commit_probe"]["commit_ms"] > 0
    assert "| 50 | 0 |" in target.with_suffix(".md").read_text()

"""A tiny run of the SMS intake benchmark (40 SMS) on PostgreSQL, so it cannot rot."""

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


def test_sms_intake_is_measured_and_every_sms_stored_once(tmp_path):
    db = f"hotro_bench_sms_smoke_{os.getpid()}"
    out = tmp_path / "sms.json"
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    cmd = [sys.executable, "-m", "bench.sms_ingest", "--messages", "40", "--pg", DATABASE_URL.rsplit("/", 1)[0]]
    try:
        proc = subprocess.run(
            [*cmd, "--db", db, "--json", str(out)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )
        assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
        result = json.loads(out.read_text())
        assert result["stored"] == 40
        assert result["tickets"] == result["by_kind"]["new"]["messages"]
        assert result["messages_per_cpu_s"] > 0 and result["by_kind"]["new"]["queries"] > 0
    finally:
        import psycopg

        with psycopg.connect(DATABASE_URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')

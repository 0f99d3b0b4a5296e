"""A tiny run of the whole benchmark (1,000 tickets, 2 s per scenario, 50 mails), so it cannot rot.

Runs only when the suite runs on PostgreSQL (``DATABASE_URL=postgres://…``) and wrk is
installed; it seeds its own throw-away database next to the test database and drops it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench.run import REPORT_PAGES

ROOT = Path(__file__).resolve().parents[1]
DATABASE_URL = os.environ.get("DATABASE_URL", "")

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(not DATABASE_URL.startswith(("postgres://", "postgresql://")), reason="needs PostgreSQL"),
    pytest.mark.skipif(shutil.which("wrk") is None, reason="needs wrk (apt-get install wrk)"),
]


def _server_url() -> str:
    """The test database's server, without the database name."""
    return DATABASE_URL.rsplit("/", 1)[0]


def test_a_tiny_benchmark_run_measures_every_scenario_and_writes_the_table(tmp_path):
    db = f"hotro_bench_smoke_{os.getpid()}"
    cmd = [
        sys.executable, "-m", "bench.run", "--tickets", "1000", "--customers", "200", "--duration", "2s",
        "--connections", "2", "--warmup", "0", "--no-peer", "--pg", _server_url(), "--db", db, "--out", str(tmp_path),
        "--mail-messages", "50", "--sms-messages", "40",
    ]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    try:
        proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=420, check=False)
    finally:
        import psycopg

        with psycopg.connect(f"{_server_url()}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
            admin.execute(f'DROP DATABASE IF EXISTS "{db}_mail" WITH (FORCE)')
            admin.execute(f'DROP DATABASE IF EXISTS "{db}_sms" WITH (FORCE)')
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    (run_dir,) = tmp_path.iterdir()
    data = json.loads((run_dir / "results.json").read_text())
    scenarios = {r["scenario"] for r in data["results"]}
    reports = {f"reports_{page}" for page in REPORT_PAGES}  # scenario 9: every report page
    assert scenarios == {"hello", "queue", "triage", "ticket", "my_tickets", "create", "search"} | reports
    for row in data["results"]:
        assert row["ok"], row
        assert row["requests_per_s"] > 0, row
        assert row["non_2xx_3xx"] == 0, row
    assert all(isinstance(page["queries"], int) for page in data["probe"]["pages"].values())
    assert "| 1. department queue (agent) | 2 |" in (run_dir / "results.md").read_text()
    assert all(data["probe"]["pages"][name]["status"] == 200 for name in reports)
    assert {f"{name} c2: p99 < 150 ms" for name in reports} <= {t["target"] for t in data["targets"]}
    assert "reports_volume: queries do not grow with rows" in {t["target"] for t in data["targets"]}
    search = next(r for r in data["results"] if r["scenario"] == "search")
    assert search["p95_ms"] is not None, search
    assert "search p95" in " ".join(t["target"] for t in data["targets"])
    mail = data["mail"]  # scenario 7
    assert mail["messages"] == 50 and mail["messages_per_second"] > 0, mail
    assert mail["by_kind"]["new"]["count"] > 0 and mail["plain_messages_per_second"] > 0, mail
    assert 0 < mail["queries_per_message"] < 30, mail
    assert sum(mail["stored_rows_by_status"].values()) <= 50 and "failed" not in mail["stored_rows_by_status"], mail
    parallel = mail["parallel"]  # one intake process per core, at once, on one database
    assert parallel["messages"] == 50 and parallel["messages_per_second"] > 0, parallel
    assert "failed" not in parallel["stored_rows_by_status"], parallel
    assert "## 7. Mail ingestion" in (run_dir / "results.md").read_text()
    assert "mail: plain messages" in " ".join(t["target"] for t in data["targets"])
    sms = data["sms"]  # scenario 8: every SMS stored once, new numbers opened tickets, the rest joined them
    assert sms["stored"] == 40 and sms["tickets"] == sms["by_kind"]["new"]["messages"], sms
    assert sms["messages_per_cpu_s"] > 0 and sms["by_kind"]["new"]["queries"] > 0, sms
    assert sms["parallel"]["messages"] == 40 and sms["parallel"]["messages_per_s"] > 0, sms
    assert "## 8. SMS intake" in (run_dir / "results.md").read_text()

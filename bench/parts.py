"""Several intake processes on one database at once: the whole machine's rate, not one core's.

Each part is the same benchmark module run with ``--part K/N``; every part imports Django
first and then waits for one shared start moment, so the measured window holds only work.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any


def run_parts(
    module: str, processes: int, count: int, pg: str, db: str, out: Path
) -> tuple[list[dict[str, Any]], float]:
    """Run ``processes`` parts of ``module`` sharing ``count`` messages; their results and the wall time."""
    each = count // processes
    start_at = time.time() + 5
    parts = []
    for part in range(processes):
        target = out.with_name(f"{out.stem}-part{part}.json")
        cmd = [sys.executable, "-m", module, "--part", f"{part}/{processes}", "--messages", str(each)]
        cmd += ["--pg", pg, "--db", db, "--json", str(target), "--start-at", str(start_at)]
        parts.append((subprocess.Popen(cmd, stdout=subprocess.DEVNULL), target))
    results = []
    for proc, target in parts:
        if proc.wait(timeout=7200) != 0:
            raise SystemExit(f"{module}: part {target.stem} failed")
        results.append(json.loads(target.read_text()))
    return results, max(r["finished_at"] for r in results) - start_at


def join_part(pg: str, db: str, start_at: float | None) -> None:
    """In a part's process: Django on the shared database, then wait for the common start."""
    os.environ["DATABASE_URL"] = f"{pg}/{db}"
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hotro.settings")
    import django

    django.setup()
    if start_at:
        time.sleep(max(0.0, start_at - time.time()))


def cores(processes: int) -> int:
    return min(processes, os.cpu_count() or processes)

"""Where each hot page's CPU goes: a profile per page, in one process, against the bench database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hotro_bench .venv/bin/python -m bench.profile_pages

Each page of the benchmark's scenarios is requested ``--requests`` times through Django's test client
as the seeded agent or customer (signed in, ``vi``), first to measure process CPU per request, then under
``cProfile`` with a CPU clock. Every function's own time is put in one bucket by where its code
lives (the ORM and the database driver, templates, forms, translations, URL reversing, Hotro's own
code, the rest), so the buckets add up to the page's CPU. Written to ``--out``: ``<page>.txt`` (the
top functions by cumulative time), ``<page>.pstats`` (for snakeviz or pstats) and ``summary.md``.
The absolute figures carry the profiler's overhead; the shares are what to read.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

# First match wins: the path fragment of a function's file, and its bucket.
BUCKETS = [
    ("/django/db/", "ORM"),
    ("/psycopg", "ORM"),
    ("/django/template/", "templates"),
    ("/django/templatetags/", "templates"),
    ("/template_partials/", "templates"),
    ("/django/forms/", "forms"),
    ("/django/utils/translation/", "translations"),
    ("/django/urls/", "URL reversing and resolving"),
    ("/hotro/", "Hotro's own code"),
]
OTHER = "the rest (request handling, middleware, Python)"


def bucket(filename: str) -> str:
    for fragment, name in BUCKETS:
        if fragment in filename:
            return name
    return OTHER


def pages(seed: dict[str, Any]) -> list[dict[str, Any]]:
    prefix = os.environ.get("HOTRO_TICKET_PREFIX", "CM")
    return [
        {"name": "queue", "path": "/console/queue/technical/", "who": "agent"},
        {"name": "triage", "path": "/console/triage/", "who": "agent"},
        {"name": "ticket", "path": f"/console/tickets/{prefix}-{seed['featured_ticket']:06d}/", "who": "agent"},
        {"name": "search", "path": "/console/search/?q=may+cham", "who": "agent"},
        {"name": "my_tickets", "path": "/tickets/", "who": "customer"},
    ]


def profile_page(client: Any, path: str, requests: int) -> tuple[float, cProfile.Profile]:
    for _ in range(10):
        status = client.get(path).status_code
        if status != 200:
            raise RuntimeError(f"{path}: HTTP {status}")
    started = time.process_time()
    for _ in range(requests):
        client.get(path)
    cpu_ms = 1000 * (time.process_time() - started) / requests
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for _ in range(requests):
        client.get(path)
    profiler.disable()
    return cpu_ms, profiler


def shares(stats: pstats.Stats) -> dict[str, float]:
    """Each bucket's share of the own time of every function; a built-in's time (``len``, ``getattr``,
    a C method) goes to the buckets of the code that called it."""
    totals: dict[str, float] = {}
    for (filename, _line, _name), row in stats.stats.items():  # type: ignore[attr-defined]
        own, callers = row[2], row[4]
        if filename.startswith(("~", "<")) and callers:
            called = sum(entry[2] for entry in callers.values()) or 1.0
            for caller, entry in callers.items():
                name = bucket(caller[0])
                totals[name] = totals.get(name, 0.0) + own * entry[2] / called
            continue
        totals[bucket(filename)] = totals.get(bucket(filename), 0.0) + own
    whole = sum(totals.values()) or 1.0
    return {name: 100 * seconds / whole for name, seconds in sorted(totals.items(), key=lambda kv: -kv[1])}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--pages", default="", help="subset, e.g. ticket,queue")
    parser.add_argument("--out", default=str(ROOT / "bench" / "out" / f"profile-{datetime.now(UTC):%Y%m%dT%H%M%SZ}"))
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.app_settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    with connection.cursor() as cur:
        cur.execute("SELECT report FROM bench_seed LIMIT 1")
        row = cur.fetchone()
    if row is None:
        raise SystemExit("bench.profile_pages: no seed in this database (run make bench or bench.seed first)")
    seed = row[0] if isinstance(row[0], dict) else json.loads(row[0])
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    wanted = set(args.pages.split(",")) if args.pages else None
    users = get_user_model().objects
    lines = ["| page | CPU ms/request | where it goes (share of the profiled CPU) |", "|---|---:|---|"]
    for page in pages(seed):
        if wanted and page["name"] not in wanted:
            continue
        client = Client(HTTP_ACCEPT_LANGUAGE="vi")
        client.force_login(users.get(email=seed["agent_email" if page["who"] == "agent" else "customer_email"]))
        cpu_ms, profiler = profile_page(client, page["path"], args.requests)
        profiler.dump_stats(out / f"{page['name']}.pstats")
        text = io.StringIO()
        stats = pstats.Stats(profiler, stream=text)
        stats.sort_stats("cumulative").print_stats(80)
        (out / f"{page['name']}.txt").write_text(text.getvalue())
        split = ", ".join(f"{name} {share:.0f} %" for name, share in shares(stats).items() if share >= 1)
        lines.append(f"| {page['name']} | {cpu_ms:.1f} | {split} |")
        print(lines[-1], flush=True)
    (out / "summary.md").write_text("\n".join(lines) + "\n")
    print(f"profiles in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

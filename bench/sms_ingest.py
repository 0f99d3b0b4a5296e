"""Inbound-SMS throughput: N signed Twilio webhook posts through the whole request path on PostgreSQL.

    .venv/bin/python -m bench.sms_ingest --messages 5000 --pg postgres://postgres@127.0.0.1:5432

Creates (or recreates) the database ``--db``, migrates it, loads the provider defaults,
then posts each SMS to ``/hooks/sms/twilio/`` with Django's test client in this one
process: middleware, signature check, storing the raw request, threading, the desk
services and the acknowledgement's outbox row, exactly as a gateway's request would run
(without the HTTP server in front). The mix: 70 % from numbers not seen before (a new
customer and a new ticket), 30 % from numbers that wrote before (they join the open ticket).

Prints JSON: messages/s (wall clock), per CPU-second of this process, CPU milliseconds and
queries per message by kind. Compare "per CPU-second" with mail intake's plain-mail figure
(``bench.mail_ingest``): the issue's target is an SMS at least as fast as a mail.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from bench.mail_ingest import emit, prepare
from bench.parts import cores as used_cores
from bench.parts import join_part, run_parts

TOKEN = "bench-twilio-token"
PUBLIC = "http://127.0.0.1:8000"


def run(count: int, *, part: int = 0, seed: int = 20261204) -> dict[str, Any]:
    """``count`` SMS in this process; part K of a parallel run numbers its messages and new senders from
    K * count, so the parts never share a number (each joins only its own customers' tickets)."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from hotro.phone.signatures import twilio_signature

    settings.HOTRO_TWILIO_AUTH_TOKEN = TOKEN
    settings.HOTRO_PUBLIC_URL = PUBLIC
    settings.ALLOWED_HOSTS = ["*"]
    rng = random.Random(seed + part)
    client = Client()
    seen: list[str] = []
    totals: dict[str, dict[str, float]] = {k: {"n": 0, "cpu": 0.0, "wall": 0.0, "queries": 0} for k in ("new", "join")}
    started_wall, started_cpu = time.perf_counter(), time.process_time()
    for n in range(part * count, (part + 1) * count):
        if seen and rng.random() < 0.3:
            kind, number = "join", rng.choice(seen)
        else:
            kind, number = "new", f"+849{10_000_000 + n:08d}"
            seen.append(number)
        form = {
            "MessageSid": f"SM{n:032d}",
            "From": number,
            "To": "+84969297579",
            "Body": f"Cho mình hỏi giá VPS {n} và tên miền .vn",
        }
        signature = twilio_signature(PUBLIC + "/hooks/sms/twilio/", list(form.items()), TOKEN)
        connection.queries_log.clear()  # the log keeps 9,000 statements: counts would stop growing
        wall, cpu = time.perf_counter(), time.process_time()
        with CaptureQueriesContext(connection) as queries:
            response = client.post(
                "/hooks/sms/twilio/",
                urlencode(form),
                content_type="application/x-www-form-urlencoded",
                HTTP_X_TWILIO_SIGNATURE=signature,
            )
        totals[kind]["cpu"] += time.process_time() - cpu
        totals[kind]["wall"] += time.perf_counter() - wall
        totals[kind]["queries"] += len(queries)
        totals[kind]["n"] += 1
        if response.status_code != 200:
            raise SystemExit(f"bench.sms_ingest: message {n} answered {response.status_code}")
    finished_at = time.time()
    wall_all, cpu_all = time.perf_counter() - started_wall, time.process_time() - started_cpu
    from hotro.desk.models import Ticket
    from hotro.phone.models import InboundSms

    return {
        "messages": count,
        "finished_at": finished_at,
        "messages_per_s": round(count / wall_all, 1),
        "messages_per_cpu_s": round(count / cpu_all, 1),
        "tickets": Ticket.objects.count(),
        "stored": InboundSms.objects.count(),
        "by_kind": {
            kind: {
                "messages": int(t["n"]),
                "cpu_ms": round(1000 * t["cpu"] / t["n"], 2),
                "ms": round(1000 * t["wall"] / t["n"], 2),
                "queries": round(t["queries"] / t["n"], 2),
            }
            for kind, t in totals.items()
            if t["n"]
        },
    }


def parallel(processes: int, count: int, pg: str, db: str, out: Path) -> dict[str, Any]:
    """One process per core posting at once to one database (PostgreSQL on the same cores)."""
    results, wall = run_parts("bench.sms_ingest", processes, count, pg, db, out)
    total = sum(r["messages"] for r in results)
    cores = used_cores(processes)
    return {
        "messages": total,
        "processes": processes,
        "cores": cores,
        "wall_seconds": round(wall, 2),
        "messages_per_s": round(total / wall, 1),
        "messages_per_s_per_core": round(total / wall / cores, 1),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--messages", type=int, default=5_000)
    parser.add_argument("--processes", type=int, default=1, help="more than 1: that many processes in parallel")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--db", default="hotro_bench_sms")
    parser.add_argument("--json", help="also write the result to this file")
    parser.add_argument("--part", help=argparse.SUPPRESS)  # K/N: one process of a parallel run
    parser.add_argument("--start-at", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    pg = args.pg.rstrip("/")
    if args.part:
        join_part(pg, args.db, args.start_at)
        result = run(args.messages, part=int(args.part.split("/")[0]))
    else:
        prepare(pg, args.db)
        if args.processes > 1:
            from django.db import connections

            connections.close_all()
            result = parallel(args.processes, args.messages, pg, args.db, Path(args.json or f"/tmp/{args.db}.json"))
        else:
            result = run(args.messages)
    emit(result, args.json)


if __name__ == "__main__":
    main()

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
from typing import Any
from urllib.parse import urlencode

from bench.mail_ingest import emit, prepare

TOKEN = "bench-twilio-token"
PUBLIC = "http://127.0.0.1:8000"


def run(count: int, seed: int = 20261204) -> dict[str, Any]:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from hotro.phone.signatures import twilio_signature

    settings.HOTRO_TWILIO_AUTH_TOKEN = TOKEN
    settings.HOTRO_PUBLIC_URL = PUBLIC
    settings.ALLOWED_HOSTS = ["*"]
    rng = random.Random(seed)
    client = Client()
    seen: list[str] = []
    totals: dict[str, dict[str, float]] = {k: {"n": 0, "cpu": 0.0, "wall": 0.0, "queries": 0} for k in ("new", "join")}
    started_wall, started_cpu = time.perf_counter(), time.process_time()
    for n in range(count):
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
    wall_all, cpu_all = time.perf_counter() - started_wall, time.process_time() - started_cpu
    from hotro.desk.models import Ticket
    from hotro.phone.models import InboundSms

    return {
        "messages": count,
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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--messages", type=int, default=5_000)
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--db", default="hotro_bench_sms")
    parser.add_argument("--json", help="also write the result to this file")
    args = parser.parse_args(argv)
    prepare(args.pg.rstrip("/"), args.db)
    emit(run(args.messages), args.json)


if __name__ == "__main__":
    main()

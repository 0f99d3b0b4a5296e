"""Inbound-mail throughput: N generated mixed messages through the whole intake pipeline on PostgreSQL.

    .venv/bin/python -m bench.mail_ingest --messages 10000 --pg postgres://postgres@127.0.0.1:5432

Creates (or recreates) the database ``--db``, migrates it, loads the provider
defaults, then stores and processes each message inline exactly as the pipe
command does (store raw → parse → thread → desk services → outbox rows), in
this one process (one core; PostgreSQL works on the others). The mix: new
tickets (60 %), replies to our acknowledgements (20 %), subject-token replies
(8 %), auto-replies (5 %), duplicates (4 %), bounces (3 %).

Only the pipeline is timed and its queries counted (``store_raw`` +
``process_inbound``, and the delivery task enqueued after commit), per kind of
message; building the messages is not. Queries are the statements sent through
Django's cursors (savepoints included, BEGIN/COMMIT not). The acknowledgements
that replies and bounces answer are noted as the outbox writes them (a
``post_save`` receiver), so the bench adds no query of its own.

Prints JSON: messages/s of the mix and of plain new-ticket mail (wall clock, so
with the waits for PostgreSQL and for its commits to reach the disk), the same
per CPU-second of this process (and of it plus its PostgreSQL backend, when the
server runs on this machine), milliseconds and queries per message by kind, and
the process's resident memory (peak, and at the start and end of the run).

``--processes N`` (N > 1) runs N such processes at once on one database, sharing the
senders, started together: messages/s of the whole machine and per core, PostgreSQL
included (it runs on the same cores here).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import time
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path
from typing import Any

import psycopg

from bench.parts import cores as used_cores
from bench.parts import join_part, run_parts

KINDS = ("new", "reply", "subject_reply", "auto_reply", "duplicate", "bounce")
PLAIN = "new"  # the target: plain customer mail opening a ticket


def prepare(pg: str, db: str) -> None:
    if db in ("test", "postgres", "template0", "template1"):
        raise SystemExit(f"bench.mail_ingest: refusing to use database {db!r}")
    with psycopg.connect(f"{pg}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{db}"')
    os.environ["DATABASE_URL"] = f"{pg}/{db}"
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hotro.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from hotro.core.defaults import load_all

    load_all(lambda _line: None)


def message(n: int, *, subject: str, sender: str, headers: dict[str, str] | None = None, body: str = "") -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = random.choice(["support@cloudmini.example", "sales@cloudmini.example"])
    msg["Subject"] = subject
    msg["Message-ID"] = make_msgid(idstring=str(n), domain="bench.example")
    for name, value in (headers or {}).items():
        msg[name] = value
    msg.set_content(body or f"Xin chào, VPS số {n} không truy cập được.\n\n> trích dẫn cũ\n> dòng hai\n")
    return msg.as_bytes()


def bounce(original_id: str, to: str) -> bytes:
    return (
        "From: MAILER-DAEMON@mx.bench.example\r\nTo: support@cloudmini.example\r\nSubject: Undelivered Mail\r\n"
        f"Message-ID: {make_msgid(domain='mx.bench.example')}\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n\r\n'
        "--B\r\nContent-Type: text/plain\r\n\r\nfailed\r\n--B\r\nContent-Type: message/delivery-status\r\n\r\n"
        f"Reporting-MTA: dns; mx\r\n\r\nFinal-Recipient: rfc822; {to}\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        f"--B\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: {original_id}\r\n--B--\r\n"
    ).encode()


@dataclass
class Tally:
    count: int = 0
    seconds: float = 0.0  # wall clock
    cpu_seconds: float = 0.0  # this process's CPU (user + system)
    queries: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "ms_per_message": _per(1000 * self.seconds, self.count, 2),
            "cpu_ms_per_message": _per(1000 * self.cpu_seconds, self.count, 2),
            "messages_per_second": _per(self.count, self.seconds),
            "queries_per_message": _per(self.queries, self.count, 2),
        }


def _per(amount: float, unit: float, digits: int = 1) -> float | None:
    return round(amount / unit, digits) if unit else None


def backend_cpu_seconds(connection: Any) -> float | None:
    """CPU time of this connection's PostgreSQL backend process, when the server runs on this machine."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def resident_mib() -> float | None:
    """This process's resident memory now (``ru_maxrss`` is the peak, set by the migrations as well)."""
    try:
        return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return None


class QueryCounter:
    """``connection.execute_wrapper``: counts every SQL statement, keeps nothing (memory stays flat)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        self.count += 1
        return execute(sql, params, many, context)


def run(count: int, *, part: int = 0) -> dict[str, Any]:
    """``count`` messages in this process; ``part`` K of a parallel run numbers its messages from
    K * count (Message-IDs stay unique) and draws its own mix, senders shared with the other parts."""
    from django.db import connection
    from django.db.models.signals import post_save

    from hotro.core.models import OutboundMessage
    from hotro.desk.models import Ticket
    from hotro.mail.intake.process import process_inbound
    from hotro.mail.intake.store import store_raw
    from hotro.notify.loops import ACK_TEMPLATE

    last_ack: list[tuple[str, str, int]] = []

    def note_ack(sender: Any, *, instance: OutboundMessage, created: bool, **kwargs: Any) -> None:
        if created and instance.kind == ACK_TEMPLATE:
            last_ack[:] = [(instance.message_id, instance.to, instance.ticket_id)]

    post_save.connect(note_ack, sender=OutboundMessage, dispatch_uid="bench.mail_ingest.ack")
    random.seed(4 + part)
    recent: list[bytes] = []
    tallies = {kind: Tally() for kind in KINDS}
    counter = QueryCounter()
    backend_before = backend_cpu_seconds(connection)
    rss_start = resident_mib()
    started = time.perf_counter()
    with connection.execute_wrapper(counter):
        for n in range(part * count, (part + 1) * count):
            sender = f"khach{n % 2000}@example.net"
            roll = random.random()
            ack = last_ack[0] if last_ack else None
            if roll < 0.20 and ack:
                kind, raw = "reply", message(n, subject="Re: ack", sender=ack[1], headers={"In-Reply-To": ack[0]})
            elif roll < 0.28 and ack:
                kind, raw = "subject_reply", message(n, subject=f"Re: [{Ticket(pk=ack[2]).number}]", sender=ack[1])
            elif roll < 0.33:
                headers = {"Auto-Submitted": "auto-replied"}
                kind, raw = "auto_reply", message(n, subject="Out of office", sender=sender, headers=headers)
            elif roll < 0.37 and recent:
                kind, raw = "duplicate", random.choice(recent)
            elif roll < 0.40 and ack:
                kind, raw = "bounce", bounce(ack[0], ack[1])
            else:
                kind, raw = PLAIN, message(n, subject=f"VPS {n} lỗi", sender=sender)
            recent = [*recent, raw][-50:]
            queries_before, began, began_cpu = counter.count, time.perf_counter(), time.process_time()
            stored = store_raw(raw, enqueue=False)
            process_inbound(stored.mail.pk)
            tally = tallies[kind]
            tally.seconds += time.perf_counter() - began
            tally.cpu_seconds += time.process_time() - began_cpu
            tally.queries += counter.count - queries_before
            tally.count += 1
    wall = time.perf_counter() - started
    finished_at = time.time()
    backend_after = backend_cpu_seconds(connection)
    backend = backend_after - backend_before if backend_before is not None and backend_after is not None else None
    post_save.disconnect(sender=OutboundMessage, dispatch_uid="bench.mail_ingest.ack")
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rss_end = resident_mib()
    pipeline = sum(t.seconds for t in tallies.values())
    cpu = sum(t.cpu_seconds for t in tallies.values())
    plain = tallies[PLAIN]
    return {
        "messages": count,
        "processes": 1,
        "finished_at": finished_at,
        "seconds": round(pipeline, 2),
        "wall_seconds": round(wall, 2),
        "messages_per_second": round(count / pipeline, 1),
        "plain_messages_per_second": _per(plain.count, plain.seconds),
        # Per core: messages per CPU-second of this process alone, and of it plus its PostgreSQL backend.
        "messages_per_cpu_second": _per(count, cpu),
        "plain_messages_per_cpu_second": _per(plain.count, plain.cpu_seconds),
        "backend_cpu_seconds": round(backend, 2) if backend is not None else None,
        "messages_per_cpu_second_with_backend": _per(count, cpu + backend) if backend is not None else None,
        "queries_per_message": round(sum(t.queries for t in tallies.values()) / count, 2),
        "by_kind": {kind: tally.as_dict() for kind, tally in tallies.items()},
        "peak_rss_mib": round(peak_kib / 1024, 1),
        "rss_start_mib": round(rss_start, 1) if rss_start is not None else None,
        "rss_end_mib": round(rss_end, 1) if rss_end is not None else None,
        "tickets": Ticket.objects.count(),
        "stored_rows_by_status": stored_rows_by_status(),
    }


def stored_rows_by_status() -> dict[str, int]:
    from django.db.models import Count

    from hotro.mail.models import InboundMail

    rows = InboundMail.objects.order_by().values_list("status").annotate(n=Count("id"))
    return {status: n for status, n in rows}


def parallel(processes: int, count: int, pg: str, db: str, out: Path) -> dict[str, Any]:
    """``processes`` processes share ``count`` messages and one database, started together: the
    whole machine's intake rate (PostgreSQL included, on the same cores), and whether parallel
    workers get in each other's way (row locks, the same senders' contacts made at once)."""
    results, wall = run_parts("bench.mail_ingest", processes, count, pg, db, out)
    total = sum(r["messages"] for r in results)
    # Plain mail's rate with every part busy: each part's plain messages over the time it spent on them.
    plain = sum(r["by_kind"][PLAIN]["messages_per_second"] or 0 for r in results)
    cores = used_cores(processes)
    return {
        "messages": total,
        "processes": processes,
        "cores": cores,
        "wall_seconds": round(wall, 2),
        "messages_per_second": round(total / wall, 1),
        "messages_per_second_per_core": round(total / wall / cores, 1),
        "plain_messages_per_second": round(plain, 1),
        "plain_messages_per_second_per_core": round(plain / cores, 1),
        "stored_rows_by_status": stored_rows_by_status(),  # read once every part has finished
        "peak_rss_mib": max(r["peak_rss_mib"] for r in results),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--processes", type=int, default=1, help="more than 1: that many processes in parallel")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--db", default="hotro_bench_mail")
    parser.add_argument("--json", help="also write the result to this file")
    parser.add_argument("--part", help=argparse.SUPPRESS)  # K/N: one process of a parallel run
    parser.add_argument("--start-at", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    pg = args.pg.rstrip("/")
    if args.part:
        part = int(args.part.split("/")[0])
        join_part(pg, args.db, args.start_at)
        result = run(args.messages, part=part)
    else:
        prepare(pg, args.db)
        if args.processes > 1:
            from django.db import connections

            connections.close_all()
            out = Path(args.json or f"/tmp/{args.db}.json")
            result = parallel(args.processes, args.messages, pg, args.db, out)
        else:
            result = run(args.messages)
    emit(result, args.json)


def emit(result: dict[str, Any], json_path: str | None) -> None:
    """Print the result as JSON, and write it to ``json_path`` too when one is given."""
    text = json.dumps(result, indent=2)
    if json_path:
        Path(json_path).write_text(text)
    print(text, file=sys.stdout)


if __name__ == "__main__":
    main()

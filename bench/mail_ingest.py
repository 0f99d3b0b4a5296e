"""Inbound-mail throughput: N generated mixed messages through the whole intake pipeline on PostgreSQL.

    .venv/bin/python -m bench.mail_ingest --messages 10000 --pg postgres://postgres@127.0.0.1:5432

Creates (or recreates) the database ``--db``, migrates it, loads the provider
defaults, then stores and processes each message inline exactly as the pipe
command does (store raw → parse → thread → desk services → outbox rows). The mix:
new tickets (60 %), replies to our acknowledgements (20 %), subject-token replies
(8 %), auto-replies (5 %), duplicates (4 %), bounces (3 %). Prints messages/second
and the process's peak resident memory as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import time
from email.message import EmailMessage
from email.utils import make_msgid

import psycopg


def prepare(pg: str, db: str) -> None:
    with psycopg.connect(f"{pg}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db}"')
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


def run(count: int) -> dict:
    from hotro.desk.models import Ticket
    from hotro.mail.intake.process import process_inbound
    from hotro.mail.intake.store import store_raw
    from hotro.mail.models import InboundMail, OutboxMessage

    random.seed(4)
    recent: list[bytes] = []
    started = time.perf_counter()
    for n in range(count):
        sender = f"khach{n % 2000}@example.net"
        roll = random.random()
        ack = OutboxMessage.objects.order_by("-id").values_list("message_id", "to", "ticket_id").first()
        if roll < 0.20 and ack:
            raw = message(n, subject="Re: ack", sender=ack[1], headers={"In-Reply-To": ack[0]})
        elif roll < 0.28 and ack:
            raw = message(n, subject=f"Re: [{Ticket(pk=ack[2]).number}]", sender=ack[1])
        elif roll < 0.33:
            raw = message(n, subject="Out of office", sender=sender, headers={"Auto-Submitted": "auto-replied"})
        elif roll < 0.37 and recent:
            raw = random.choice(recent)
        elif roll < 0.40 and ack:
            raw = bounce(ack[0], ack[1])
        else:
            raw = message(n, subject=f"VPS {n} lỗi", sender=sender)
        recent = [*recent, raw][-50:]
        stored = store_raw(raw, enqueue=False)
        process_inbound(stored.mail.pk)
    elapsed = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    statuses: dict[str, int] = {}
    for status in InboundMail.objects.values_list("status", flat=True):
        statuses[status] = statuses.get(status, 0) + 1
    return {
        "messages": count,
        "seconds": round(elapsed, 2),
        "messages_per_second": round(count / elapsed, 1),
        "peak_rss_mib": round(peak_kib / 1024, 1),
        "tickets": Ticket.objects.count(),
        "stored_rows_by_status": statuses,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--db", default="hotro_bench_mail")
    args = parser.parse_args()
    prepare(args.pg, args.db)
    print(json.dumps(run(args.messages), indent=2), file=sys.stdout)


if __name__ == "__main__":
    main()

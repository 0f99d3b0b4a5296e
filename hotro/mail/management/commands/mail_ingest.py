"""``manage.py mail_ingest [--department SLUG] [--dry-run] FILE... | -``: raw mail from files or a pipe.

For an MTA pipe (``support: "|/srv/hotro/manage.py mail_ingest -"``) and for
checking what Hotro makes of a message. Each message is stored, then processed
inline; one JSON object per message goes to stdout. The exit status is 0
unless a file could not be read (1): a message Hotro cannot process is in the
failed list, which is the MTA's "delivered" (retrying would not help). When the
message cannot even be *stored* (database down), the status is 75 (EX_TEMPFAIL),
which tells Postfix and Exim to keep the mail and try again later instead of
bouncing it to the sender.
"""

from __future__ import annotations

import hashlib
import logging
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hotro.desk.models import Department
from hotro.mail.intake.plan import DUPLICATE, FAILED, Plan, parse, plan
from hotro.mail.intake.process import process_inbound
from hotro.mail.intake.report import from_plan, from_result, to_json_line
from hotro.mail.intake.store import store_raw
from hotro.mail.models import InboundMail, InboundSource

EX_TEMPFAIL = 75
logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Read raw RFC 5322 messages from files (or - for stdin) and turn them into tickets."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE", help="message files; - reads one from stdin")
        parser.add_argument("--department", help="department slug for new tickets (default: by address)")
        parser.add_argument("--dry-run", action="store_true", help="parse and report; store nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        department = None
        if options["department"]:
            department = Department.objects.filter(slug=options["department"]).first()
            if department is None:
                raise CommandError(f"no department with slug {options['department']!r}")
        unreadable = 0
        not_stored = 0
        for name in options["files"]:
            try:
                raw_bytes = self._read(name)
            except OSError as exc:
                unreadable += 1
                self.stderr.write(f"{name}: cannot read: {exc}")
                continue
            if options["dry_run"]:
                report = self._dry_run(name, raw_bytes, department)
            else:
                try:
                    stored = store_raw(raw_bytes, source=InboundSource.PIPE, department=department, enqueue=False)
                except Exception as exc:  # nothing is stored: the MTA must keep the mail
                    not_stored += 1
                    logger.exception("mail_ingest: %s could not be stored", name)
                    self.stderr.write(f"{name}: not stored, try again later: {type(exc).__name__}: {exc}")
                    continue
                report = self._process(name, raw_bytes, stored)
            self.stdout.write(to_json_line(report))
        if not_stored:
            sys.exit(EX_TEMPFAIL)
        if unreadable:
            sys.exit(1)

    def _read(self, name: str) -> bytes:
        if name == "-":
            stream = getattr(self.stdin, "buffer", None) if hasattr(self, "stdin") else None
            return (stream or sys.stdin.buffer).read()
        return Path(name).read_bytes()

    def _process(self, name: str, raw_bytes: bytes, stored: Any) -> dict:
        # Stored: from here on a failure lands in the failed list, never back at the MTA.
        result = process_inbound(stored.mail.pk)
        parsed = result.parsed or parse(raw_bytes)
        return from_result(name, result, parsed, created=stored.created)

    def _dry_run(self, name: str, raw_bytes: bytes, department: Department | None) -> dict:
        parsed = parse(raw_bytes)
        digest = hashlib.sha256(raw_bytes).hexdigest()
        if InboundMail.objects.filter(sha256=digest).exists():
            return from_plan(name, Plan(DUPLICATE, "the same message was received before"), parsed)
        if parsed.unparseable:
            return from_plan(name, Plan(FAILED, "the message is empty or unreadable"), parsed)
        try:
            decided = plan(parsed, raw_bytes, department=department)
        except Exception as exc:  # report, never crash: a dry run is a diagnostic
            decided = Plan(FAILED, f"{type(exc).__name__}: {exc}")
        return from_plan(name, decided, parsed)

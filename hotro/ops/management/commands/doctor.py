"""``manage.py doctor``: every check of the status page plus the network ones (SMTP, IMAP sign-in,
``check --deploy``), one line each, exit 1 when any fails; ``--json`` for monitoring scripts."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from hotro.ops.checks import run_all


class Command(BaseCommand):
    help = (
        "Check that the desk's parts work: database, migrations, Redis, SMTP, mailboxes, workers, scheduler, "
        "disk, clock."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--json", dest="as_json", action="store_true", help='print {"checks": [{"name", "ok", "detail"}, ...]}'
        )

    def handle(self, *args: object, as_json: bool = False, **options: Any) -> None:
        results = run_all(deep=True)
        if as_json:
            self.stdout.write(json.dumps({"checks": [result.as_json() for result in results]}, ensure_ascii=False))
        else:
            for result in results:
                mark = "ok  " if result.ok else "FAIL"
                line = f"{mark} {result.name}: {result.detail}"
                self.stdout.write(line, self.style.SUCCESS if result.ok else self.style.ERROR)
                if not result.ok and result.remedy:
                    self.stdout.write(f"     {result.remedy}")
        if not all(result.ok for result in results):
            sys.exit(1)

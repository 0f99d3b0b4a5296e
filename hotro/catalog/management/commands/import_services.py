"""``import_services FILE.csv``: the customers' services from the billing system, upserted by external id.

Prints one JSON line: ``{"created": N, "updated": N, "unchanged": N, "errors": [{"line": N, "error": "..."}]}``.
Exit 2 (usage error) when the file is not a UTF-8 CSV with the expected header; nothing is written then.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from hotro.catalog.services import BadFile, decode, import_csv


class Command(BaseCommand):
    help = "Import the customers' services from a UTF-8 CSV (safe to run again on the same file)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV file, or - for standard input")

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["file"]
        with translation.override("en"):  # a machine reads this output
            try:
                raw = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
            except OSError as error:
                raise CommandError(f"cannot read {path}: {error.strerror}", returncode=2) from None
            try:
                report = import_csv(decode(raw))
            except BadFile as error:
                raise CommandError(f"{path}: {error.message}", returncode=2) from None
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False))

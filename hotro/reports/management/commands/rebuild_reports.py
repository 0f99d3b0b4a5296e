"""``manage.py rebuild_reports [--since YYYY-MM-DD]``: recompute the report rollups from the desk's rows.

Run it after changing the histogram buckets, after restoring a backup, or once on an
installation that had tickets before the reports existed. The scheduler keeps the
rollups up to date otherwise.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hotro.reports.rebuild import rebuild


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--since: {value!r} is not a date (YYYY-MM-DD)") from None


class Command(BaseCommand):
    help = "Recompute the report rollups from tickets and messages (all of them, or those touched since a day)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--since", help="only tickets touched on or after this day (YYYY-MM-DD)")

    def handle(self, *args: Any, **options: Any) -> None:
        since = _date(options["since"]) if options.get("since") else None
        verbose = options["verbosity"] > 0

        def log(line: str) -> None:
            if verbose:
                self.stdout.write(line)

        result = rebuild(since, log=log)
        if verbose:
            self.stdout.write(
                self.style.SUCCESS(
                    f"rebuilt: {result.tickets:,} tickets, {result.days:,} days, {result.backlog_rows:,} backlog rows"
                )
            )

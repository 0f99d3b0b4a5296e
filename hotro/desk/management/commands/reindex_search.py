"""Rebuild the tickets' search documents (``hotro.desk.search``), in batches of ticket ids.

Safe while the desk runs: each batch is its own short transaction, and a message
added meanwhile is appended by the desk's receiver either before or after.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from hotro.desk.models import Ticket
from hotro.desk.search import rebuild


class Command(BaseCommand):
    help = "Rebuild the search documents of every ticket (or of those from --from-id on)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=1000)
        parser.add_argument("--from-id", type=int, default=0, help="resume after an interruption")

    def handle(self, *args: Any, batch_size: int, from_id: int, **options: Any) -> None:
        last, total = from_id - 1, 0
        while True:
            ids = list(Ticket.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:batch_size])
            if not ids:
                break
            with transaction.atomic():
                total += rebuild(ids)
            last = ids[-1]
            if options["verbosity"] > 1:
                self.stdout.write(f"… {total} tickets, up to id {last}")
        self.stdout.write(f"Reindexed {total} tickets.")

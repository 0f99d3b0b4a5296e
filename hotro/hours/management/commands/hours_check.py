"""``hours_check``: is a department's channel open at a given instant? For operators and scripts.

Prints one JSON object, nothing else:
``{"open": true|false, "next_opening": ISO8601|null, "next_closing": ISO8601|null}``
with times in the calendar's zone (``+07:00``). ``next_opening`` is null while
open; ``next_closing`` is the end of the current open stretch (or, when closed,
of the next one) and null when no closing is in sight (always open).

``--at`` defaults to now. A naive ``--at`` (no offset) is read as wall-clock time
in the calendar's zone, Asia/Ho_Chi_Minh by default. Bad arguments exit with
status 2 and a message on stderr.
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from hotro.desk.models import Department
from hotro.hours.errors import HoursError
from hotro.hours.models import CalendarChannel
from hotro.hours.services import availability, get_schedule

BAD_ARGUMENTS = 2


def iso_datetime(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not an ISO 8601 date-time: {text!r} (example: 2026-02-16T08:00:00+07:00)"
        ) from None


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


class Command(BaseCommand):
    help = "Say whether a department's channel is open at an instant, and when it next opens and closes (JSON)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--department", required=True, help="department slug, e.g. technical or sales")
        parser.add_argument("--channel", required=True, choices=CalendarChannel.values)
        parser.add_argument(
            "--at",
            type=iso_datetime,
            default=None,
            help="ISO 8601 instant (default: now); without an offset it is local time of the calendar's zone",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["department"]
        if not Department.objects.filter(slug=slug).exists():
            known = ", ".join(Department.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f"unknown department {slug!r} (known: {known})", returncode=BAD_ARGUMENTS)
        try:
            schedule = get_schedule(slug, options["channel"])
            at = options["at"] or timezone.now()
            if timezone.is_naive(at):
                at = at.replace(tzinfo=schedule.tz)
            result = availability(schedule, at)
        except HoursError as error:
            raise CommandError(str(error), returncode=BAD_ARGUMENTS) from error
        payload = {
            "open": result.open,
            "next_opening": _iso(result.next_opening),
            "next_closing": _iso(result.next_closing),
        }
        self.stdout.write(json.dumps(payload))

"""``sla_due``: when would a ticket received at an instant start its clock and be due a first response?

Prints one JSON object, nothing else:
``{"clock_starts": ISO8601, "first_response_due": ISO8601}`` in the calendar's
zone (``+07:00``), measured on the department's ticket (email) calendar with
its SLA policy for the priority. A naive ``--at`` is wall-clock time in the
calendar's zone. Bad arguments exit with status 2 and a message on stderr.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hotro.desk.models import Department, Priority
from hotro.hours.errors import HoursError
from hotro.hours.management.commands.hours_check import iso_datetime
from hotro.hours.models import CalendarChannel
from hotro.hours.services import get_schedule
from hotro.sla import compute
from hotro.sla.models import SlaPolicy, Target

BAD_ARGUMENTS = 2
PRIORITIES = ["urgent", "high", "normal", "low"]


class Command(BaseCommand):
    help = "Say when a ticket received at an instant starts its SLA clock and is due a first response (JSON)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--department", required=True, help="department slug, e.g. technical or sales")
        parser.add_argument("--priority", required=True, choices=PRIORITIES)
        parser.add_argument(
            "--at",
            required=True,
            type=iso_datetime,
            help="ISO 8601 instant the ticket is received; without an offset it is local time of the calendar's zone",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["department"]
        department = Department.objects.filter(slug=slug).first()
        if department is None:
            known = ", ".join(Department.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f"unknown department {slug!r} (known: {known})", returncode=BAD_ARGUMENTS)
        priority = Priority.from_slug(options["priority"])
        policy = SlaPolicy.objects.filter(department=department, priority=priority).first()
        target = policy.target(Target.FIRST_RESPONSE) if policy else None
        if target is None:
            raise CommandError(
                f"no SLA policy for {slug}/{options['priority']} (add one in the admin or run load_provider_defaults)",
                returncode=BAD_ARGUMENTS,
            )
        try:
            schedule = get_schedule(department, CalendarChannel.EMAIL)
            at = options["at"]
            if at.tzinfo is None or at.utcoffset() is None:
                at = at.replace(tzinfo=schedule.tz)
            start, due = compute.first_response_due(schedule, at, target)
        except HoursError as error:
            raise CommandError(str(error), returncode=BAD_ARGUMENTS) from error
        self.stdout.write(json.dumps({"clock_starts": start.isoformat(), "first_response_due": due.isoformat()}))

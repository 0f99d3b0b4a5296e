"""Moving a ticket's SLA fields: start, recompute, pause, resume, meet.

Called by ``receivers.py`` from the desk events, inside the desk service's
transaction on the locked ticket, and by the scan. Each function changes the
ticket instance and saves only the SLA columns, so the service's own
``save(update_fields=…)`` calls before and after are untouched.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from hotro.core.kept import Kept
from hotro.desk.models import Status, Ticket
from hotro.hours import services as hours
from hotro.hours.errors import HoursError
from hotro.hours.models import CalendarChannel
from hotro.hours.schedule import Schedule
from hotro.sla import compute
from hotro.sla.compute import Deadline
from hotro.sla.models import SlaEvent, SlaPolicy, Target

logger = logging.getLogger(__name__)

# The clock is stopped in these statuses: waiting on the customer, or done.
STOPPED_STATUSES = frozenset({Status.PENDING, Status.RESOLVED, Status.CLOSED})

FIELDS = {
    Target.FIRST_RESPONSE: ("first_response_due_at", "first_response_warn_at"),
    Target.NEXT_RESPONSE: ("next_response_due_at", "next_response_warn_at"),
    Target.RESOLUTION: ("resolution_due_at", "resolution_warn_at"),
}
SLA_FIELDS = [
    "sla_clock_started_at",
    "sla_paused_at",
    "sla_paused_seconds",
    *(name for pair in FIELDS.values() for name in pair),
    "sla_due_at",
    "sla_warn_at",
    "sla_next_check_at",
]


def ticket_schedule(ticket: Ticket) -> Schedule | None:
    """The department's calendar for the ticket's channel (web, email, API: the email calendar).

    Falls back to the email calendar when the channel has none; ``None`` (no SLA)
    when the department has no calendar at all.
    """
    channels = [hours.calendar_channel_for(ticket.channel), CalendarChannel.EMAIL]
    for channel in dict.fromkeys(channels):
        try:
            return hours.get_schedule(ticket.department, channel)
        except HoursError:
            continue
    logger.warning("no ticket calendar for department %s: SLA not measured", ticket.department.slug)
    return None


# Read on every opening, reply and change of priority; edited a few times a year (watched in apps.py).
policies = Kept("sla-policies")


def policy_for(ticket: Ticket) -> SlaPolicy | None:
    by_target = policies.get("all", lambda: {(p.department_id, p.priority): p for p in SlaPolicy.objects.order_by()})
    return by_target.get((ticket.department_id, ticket.priority))


def get_deadline(ticket: Ticket, target: str) -> Deadline | None:
    due_field, warn_field = FIELDS[Target(target)]
    due, warn = getattr(ticket, due_field), getattr(ticket, warn_field)
    return Deadline(due, warn or due) if due else None


def _set_deadline(ticket: Ticket, target: str, value: Deadline | None) -> None:
    due_field, warn_field = FIELDS[Target(target)]
    setattr(ticket, due_field, value.due if value else None)
    setattr(ticket, warn_field, value.warn if value else None)


def running_deadlines(ticket: Ticket) -> dict[str, Deadline]:
    """The targets the agents still have to meet; a met first response no longer runs."""
    running = {}
    for target in Target:
        value = get_deadline(ticket, target)
        if value is None or (target == Target.FIRST_RESPONSE and ticket.first_response_at is not None):
            continue
        running[target.value] = value
    return running


def recorded_events(ticket: Ticket) -> set[tuple[str, str]]:
    return set(SlaEvent.objects.filter(ticket=ticket).values_list("target", "kind"))


def refresh_summary(ticket: Ticket, recorded: set[tuple[str, str]] | None = None) -> None:
    """Set the queue's due time and the scan's next check from the running targets."""
    running = running_deadlines(ticket) if ticket.sla_paused_at is None and ticket.is_active else {}
    first = compute.nearest(running.values())
    ticket.sla_due_at = first.due if first else None
    ticket.sla_warn_at = first.warn if first else None
    if running and recorded is None:
        recorded = recorded_events(ticket)
    ticket.sla_next_check_at = compute.next_check(running, recorded or set())


def save(ticket: Ticket) -> None:
    ticket.save(update_fields=SLA_FIELDS)


def start(ticket: Ticket, *, recorded: set[tuple[str, str]] | None = None, write: bool = True) -> None:
    """Due times from the policy, measured from the clock start; used on opening and on any change
    of priority or department (the targets are re-applied from the ticket's arrival, plus the
    business time it has spent paused so far).

    ``recorded``: the ticket's warnings and breaches when the caller knows them (none, for a
    ticket being opened); ``write=False`` leaves saving to the caller (the opening's INSERT).
    """
    schedule, policy = ticket_schedule(ticket), policy_for(ticket)
    if schedule is None or policy is None:
        ticket.sla_clock_started_at = None
        for target in Target:
            _set_deadline(ticket, target, None)
        refresh_summary(ticket, set())
        if write:
            save(ticket)
        return
    clock = compute.clock_start(schedule, ticket.created_at)
    ticket.sla_clock_started_at = clock
    paused = timedelta(seconds=ticket.sla_paused_seconds)
    for target in (Target.FIRST_RESPONSE, Target.RESOLUTION):
        if target == Target.FIRST_RESPONSE and ticket.first_response_at is not None:
            continue  # met: its due time is history now
        amount = policy.target(target)
        value = compute.deadline(schedule, clock, amount, policy.warn_at_percent) if amount else None
        _set_deadline(ticket, target, compute.shift_deadline(schedule, value, paused) if value else None)
    if ticket.next_response_due_at is not None:
        _start_next_response(ticket, schedule, policy, ticket.last_customer_activity_at or ticket.created_at)
    refresh_summary(ticket, recorded)
    if write:
        save(ticket)


def _start_next_response(ticket: Ticket, schedule: Schedule, policy: SlaPolicy, since: datetime) -> None:
    amount = policy.target(Target.NEXT_RESPONSE)
    clock = compute.clock_start(schedule, since)
    value = compute.deadline(schedule, clock, amount, policy.warn_at_percent) if amount else None
    _set_deadline(ticket, Target.NEXT_RESPONSE, value)


def customer_replied(ticket: Ticket, at: datetime) -> None:
    """After a first response, a customer's reply starts the next-response clock (unless one runs)."""
    if ticket.first_response_at is None or ticket.next_response_due_at is not None:
        return
    schedule, policy = ticket_schedule(ticket), policy_for(ticket)
    if schedule is None or policy is None or policy.next_response_minutes is None:
        return
    _start_next_response(ticket, schedule, policy, at)
    refresh_summary(ticket)
    save(ticket)


def agent_replied(ticket: Ticket) -> None:
    """A public agent reply meets the first response (stamped by the desk) and the next response."""
    _set_deadline(ticket, Target.NEXT_RESPONSE, None)
    refresh_summary(ticket)
    save(ticket)


def pause(ticket: Ticket, at: datetime) -> None:
    if ticket.sla_paused_at is not None or ticket.sla_clock_started_at is None:
        return
    ticket.sla_paused_at = at
    refresh_summary(ticket, set())
    save(ticket)


def resume(ticket: Ticket, at: datetime) -> None:
    """Move every running due time later by the business time the ticket spent paused."""
    if ticket.sla_paused_at is None:
        return
    schedule = ticket_schedule(ticket)
    paused = compute.paused_time(schedule, ticket.sla_paused_at, at) if schedule else timedelta(0)
    if schedule is not None:
        for target, value in running_deadlines(ticket).items():
            _set_deadline(ticket, target, compute.shift_deadline(schedule, value, paused))
    ticket.sla_paused_seconds += int(paused.total_seconds())
    ticket.sla_paused_at = None
    refresh_summary(ticket)
    save(ticket)

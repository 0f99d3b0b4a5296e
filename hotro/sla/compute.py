"""SLA arithmetic on a business-hours ``Schedule``: pure functions, no database.

Every rule about when something is due is written here once, so tests can pin
it down without tickets (the receivers and the scan only move values in and out
of the ticket row):

- The clock starts when the ticket arrives, or at the next opening of its
  department's ticket calendar when it arrives while closed (P12).
- A target is an amount of *business* time; its due time is that much open time
  after the clock starts, and its warning comes at ``warn_percent`` of it.
- While the ticket waits on the customer the clock is stopped; on resume every
  running due time moves later by the business time spent paused.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from hotro.hours import schedule as hours

WARNING = "warning"
BREACHED = "breached"


@dataclass(frozen=True)
class Deadline:
    """When a target is due, and when to warn that it soon will be."""

    due: datetime
    warn: datetime


def clock_start(schedule: hours.Schedule, received: datetime) -> datetime:
    """``received`` when the calendar is open, otherwise its next opening (P12)."""
    return hours.add_business_time(schedule, received, timedelta(0))


def deadline(schedule: hours.Schedule, start: datetime, target: timedelta, warn_percent: int = 75) -> Deadline:
    """Due ``target`` of business time after ``start``; the warning at ``warn_percent`` of the way."""
    return Deadline(
        due=hours.add_business_time(schedule, start, target),
        warn=hours.add_business_time(schedule, start, target * warn_percent / 100),
    )


def first_response_due(schedule: hours.Schedule, received: datetime, target: timedelta) -> tuple[datetime, datetime]:
    """(clock start, first-response due) for a ticket received at ``received``; what ``sla_due`` prints."""
    start = clock_start(schedule, received)
    return start, hours.add_business_time(schedule, start, target)


def paused_time(schedule: hours.Schedule, paused_at: datetime, resumed_at: datetime) -> timedelta:
    """Business time between pause and resume; a pause entirely outside working hours costs nothing."""
    if resumed_at <= paused_at:
        return timedelta(0)
    return hours.business_time_between(schedule, paused_at, resumed_at)


def shift(schedule: hours.Schedule, instant: datetime, paused: timedelta) -> datetime:
    """``instant`` moved later by ``paused`` of business time.

    A zero pause leaves it alone: ``add_business_time(…, 0)`` would move a due
    time that falls on a closing instant ("by close of business") to the next opening.
    """
    if paused <= timedelta(0):
        return instant
    return hours.add_business_time(schedule, instant, paused)


def shift_deadline(schedule: hours.Schedule, value: Deadline, paused: timedelta) -> Deadline:
    return Deadline(due=shift(schedule, value.due, paused), warn=shift(schedule, value.warn, paused))


def nearest(deadlines: Iterable[Deadline]) -> Deadline | None:
    """The deadline due first: the one a queue sorts on and the console shows."""
    return min(deadlines, key=lambda d: d.due, default=None)


def next_check(deadlines: Mapping[str, Deadline], recorded: set[tuple[str, str]]) -> datetime | None:
    """The next instant at which a warning or breach that is not yet recorded becomes due."""
    instants = []
    for target, value in deadlines.items():
        if (target, BREACHED) in recorded:
            continue
        instants.append(value.due)
        if (target, WARNING) not in recorded:
            instants.append(value.warn)
    return min(instants, default=None)


def state_at(value: Deadline | None, now: datetime) -> str:
    """``breached``, ``warning`` or ``ok`` (``""`` without a deadline) at ``now``."""
    if value is None:
        return ""
    if now >= value.due:
        return BREACHED
    if now >= value.warn:
        return WARNING
    return "ok"

"""Business hours by department and channel: the one place every other app asks.

Each function loads the calendar (two queries: the calendar with its intervals,
and the holiday changes), then answers with the pure core in ``schedule.py``.
Code that asks many questions of one calendar in a loop (an SLA scan) should call
``get_schedule`` once and use the ``schedule`` functions directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hotro.core.kept import Kept
from hotro.desk.models import Channel, Department
from hotro.hours import schedule as core
from hotro.hours.errors import CalendarNotFound
from hotro.hours.models import Calendar, CalendarChannel, HolidayOverride, OverrideKind
from hotro.hours.public_holidays import HolidaySet, vn_public_holidays

DepartmentRef = Department | str  # an instance or its slug

# Which calendar answers for a ticket that came in on a desk channel.
_CALENDAR_FOR_DESK_CHANNEL = {
    Channel.WEB: CalendarChannel.EMAIL,
    Channel.EMAIL: CalendarChannel.EMAIL,
    Channel.API: CalendarChannel.EMAIL,
    Channel.CHAT: CalendarChannel.CHAT,
    Channel.SMS: CalendarChannel.HOTLINE,
    Channel.PHONE: CalendarChannel.HOTLINE,
}


def calendar_channel_for(desk_channel: str) -> CalendarChannel:
    """The calendar that measures a ticket from ``Ticket.channel`` (web and API count as tickets)."""
    return _CALENDAR_FOR_DESK_CHANNEL[Channel(desk_channel)]


def _department_filter(department: DepartmentRef) -> dict[str, object]:
    return {"department__slug": department} if isinstance(department, str) else {"department": department}


def holiday_set(department: DepartmentRef) -> HolidaySet:
    """Public holidays with the admin's changes for ``department``; a department's row beats a global one."""
    rows = HolidayOverride.objects.filter(department__isnull=True) | HolidayOverride.objects.filter(
        **_department_filter(department)
    )
    by_date: dict[date, str] = {}
    for day, kind, department_id in rows.values_list("date", "kind", "department_id").order_by("department_id"):
        # Ordered with NULL (global) first on SQLite and last on PostgreSQL: resolve explicitly.
        if department_id is not None or day not in by_date:
            by_date[day] = kind
    return HolidaySet(
        added=frozenset(d for d, kind in by_date.items() if kind == OverrideKind.ADD),
        removed=frozenset(d for d, kind in by_date.items() if kind == OverrideKind.REMOVE),
    )


# Schedules change rarely and are asked for on every ticket event: each process keeps
# them for a short while (``hotro.core.kept``; the watched models are in apps.py).
schedules = Kept("hours-schedules")


def get_schedule(department: DepartmentRef, channel: str) -> core.Schedule:
    """The ``Schedule`` of (department, channel); raises ``CalendarNotFound`` when none is configured."""
    key = (department if isinstance(department, str) else department.pk, channel)
    return schedules.get(key, lambda: _load_schedule(department, channel))


def _load_schedule(department: DepartmentRef, channel: str) -> core.Schedule:
    calendar = None
    if channel in CalendarChannel.values:
        calendar = (
            Calendar.objects.filter(channel=channel, **_department_filter(department))
            .prefetch_related("intervals")
            .first()
        )
    if calendar is None:
        raise CalendarNotFound(
            _("No business-hours calendar for department %(department)s and channel %(channel)s.")
            % {"department": getattr(department, "slug", department), "channel": channel}
        )
    days: dict[int, list[tuple[int, int]]] = {}
    for interval in calendar.intervals.all():
        days.setdefault(interval.weekday, []).append((interval.start_minute, interval.end_minute))
    return core.Schedule.from_days(
        days,
        always_open=calendar.always_open,
        closed_dates=holiday_set(department) if calendar.closed_on_holidays else frozenset(),
        tz=ZoneInfo(calendar.timezone),
    )


def is_open(department: DepartmentRef, channel: str, at: datetime | None = None) -> bool:
    return core.is_open(get_schedule(department, channel), at or timezone.now())


def next_opening(department: DepartmentRef, channel: str, at: datetime | None = None) -> datetime | None:
    return core.next_opening(get_schedule(department, channel), at or timezone.now())


def next_closing(department: DepartmentRef, channel: str, at: datetime | None = None) -> datetime | None:
    return core.next_closing(get_schedule(department, channel), at or timezone.now())


def add_business_time(department: DepartmentRef, channel: str, start: datetime, duration: timedelta) -> datetime:
    """Due time ``duration`` of open time after ``start``; a zero duration gives the next opening when closed."""
    return core.add_business_time(get_schedule(department, channel), start, duration)


def business_time_between(department: DepartmentRef, channel: str, a: datetime, b: datetime) -> timedelta:
    return core.business_time_between(get_schedule(department, channel), a, b)


@dataclass(frozen=True)
class Availability:
    """What a customer-facing page or an acknowledgement needs to say about a channel.

    ``next_opening`` is ``None`` while open; ``next_closing`` is the end of the
    current stretch when open, or of the next one when closed, and ``None`` when
    no closing is in sight (always open).
    """

    open: bool
    next_opening: datetime | None
    next_closing: datetime | None


def availability(schedule: core.Schedule, at: datetime) -> Availability:
    """``describe_availability`` for an already-loaded schedule."""
    is_open_now = core.is_open(schedule, at)
    return Availability(
        open=is_open_now,
        next_opening=None if is_open_now else core.next_opening(schedule, at),
        next_closing=core.next_closing(schedule, at),
    )


def describe_availability(department: DepartmentRef, channel: str, at: datetime | None = None) -> Availability:
    return availability(get_schedule(department, channel), at or timezone.now())


@dataclass(frozen=True)
class Holiday:
    date: date
    name: str
    name_en: str
    source: str  # "package" or "added"


def holidays_in_year(year: int, department: DepartmentRef | None = None) -> list[Holiday]:
    """The days a holiday-observing calendar is closed in ``year``, with names, for pages and the admin."""
    closed = holiday_set(department) if department is not None else _global_holiday_set()
    rows = HolidayOverride.objects.filter(date__year=year, kind=OverrideKind.ADD, department__isnull=True)
    if department is not None:
        rows = rows | HolidayOverride.objects.filter(
            date__year=year, kind=OverrideKind.ADD, **_department_filter(department)
        )
    names: dict[date, tuple[str, str]] = {}
    for row in rows:
        if row.department_id is not None or row.date not in names:  # a department's name beats the global one
            names[row.date] = (row.name, row.name_en or row.name)
    result = [
        Holiday(day, h.name, h.name_en, "package")
        for day, h in vn_public_holidays(year).items()
        if day in closed and day not in closed.added
    ]
    result += [Holiday(day, *names[day], "added") for day in sorted(closed.added) if day.year == year]
    return sorted(result, key=lambda h: h.date)


def _global_holiday_set() -> HolidaySet:
    rows = HolidayOverride.objects.filter(department__isnull=True).values_list("date", "kind")
    return HolidaySet(
        added=frozenset(d for d, kind in rows if kind == OverrideKind.ADD),
        removed=frozenset(d for d, kind in rows if kind == OverrideKind.REMOVE),
    )

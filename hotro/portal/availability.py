"""Support hours as customers see them (P8, P9, P12, P15): who is open right now on which
channel, and the weekly hours and upcoming holidays for the public ``/hours/`` page.

Read-only views over ``hotro.hours.services``; sentences are built here so the
home page, the ticket form and the hours page say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from hotro.desk.models import Department
from hotro.hours import services as hours
from hotro.hours.display import WEEKDAY_NAMES, format_opening
from hotro.hours.errors import HoursError
from hotro.hours.fields import format_minute
from hotro.hours.models import Calendar, CalendarChannel

UPCOMING_HOLIDAYS = 8


@dataclass(frozen=True)
class ChannelNow:
    """One channel of one department right now; ``text`` is the cell of the hours table."""

    channel: str
    label: str
    open: bool
    next_opening: datetime | None
    next_closing: datetime | None

    @property
    def text(self) -> str:
        if self.open:
            if self.next_closing is None:
                return _("open 24/7")
            return _("open until %(closing)s") % {"closing": format_opening(self.next_closing)}
        assert self.next_opening is not None
        return _("closed, opens %(opening)s") % {"opening": format_opening(self.next_opening)}


@dataclass(frozen=True)
class DepartmentNow:
    department: Department
    channels: list[ChannelNow] = field(default_factory=list)

    @property
    def tickets(self) -> ChannelNow | None:
        return next((c for c in self.channels if c.channel == CalendarChannel.EMAIL), None)

    @property
    def ticket_line(self) -> str:
        """One sentence for the ticket form: "Sales & Accounting is closed; tickets are handled from …"."""
        tickets, name = self.tickets, self.department.label
        if tickets is None:
            return ""
        if tickets.open:
            if tickets.next_closing is None:
                return _("%(department)s is open 24/7.") % {"department": name}
            return _("%(department)s is open until %(closing)s.") % {
                "department": name,
                "closing": format_opening(tickets.next_closing),
            }
        assert tickets.next_opening is not None  # never open: left out by availability_now()
        return _("%(department)s is closed; tickets are handled from %(opening)s.") % {
            "department": name,
            "opening": format_opening(tickets.next_opening),
        }


def availability_now(at: datetime | None = None) -> list[DepartmentNow]:
    """Each active department, each configured channel: open now, or when it opens (P12)."""
    at = at or timezone.now()
    result = []
    for department in Department.objects.filter(active=True):
        row = DepartmentNow(department)
        for channel in CalendarChannel.values:
            try:
                available = hours.describe_availability(department, channel, at)
            except HoursError:
                continue  # no calendar for this channel, or never open: nothing to promise
            label = str(CalendarChannel(channel).label)
            row.channels.append(
                ChannelNow(channel, label, available.open, available.next_opening, available.next_closing)
            )
        if row.channels:
            result.append(row)
    return result


@dataclass(frozen=True)
class WeeklyHours:
    department: Department
    channel_label: str
    always_open: bool
    closed_on_holidays: bool
    days: list[tuple[str, str]]  # (weekday name, "08:00-17:00" or "closed")


def weekly_hours() -> list[WeeklyHours]:
    """Every calendar's week, Monday first, in the reader's language (glossary day names)."""
    code = (translation.get_language() or "vi").split("-")[0]
    names = WEEKDAY_NAMES.get(code, WEEKDAY_NAMES["en"])
    calendars = (
        Calendar.objects.filter(department__active=True)
        .select_related("department")
        .prefetch_related("intervals")
        .order_by("department__rank", "department__slug", "channel")
    )
    result = []
    for calendar in calendars:
        by_day: dict[int, list[str]] = {}
        for interval in calendar.intervals.all():
            by_day.setdefault(interval.weekday, []).append(
                f"{format_minute(interval.start_minute)}-{format_minute(interval.end_minute)}"
            )
        days = [
            (names[d], ", ".join(by_day[d]) if d in by_day else pgettext("opening hours of a day", "closed"))
            for d in range(7)
        ]
        result.append(
            WeeklyHours(
                calendar.department,
                str(calendar.get_channel_display()),
                calendar.always_open,
                calendar.closed_on_holidays,
                days,
            )
        )
    return result


def upcoming_holidays(today: date | None = None, limit: int = UPCOMING_HOLIDAYS) -> list[hours.Holiday]:
    """The next public holidays and added days off (this year and next), soonest first."""
    today = today or timezone.localdate()
    found = [h for year in (today.year, today.year + 1) for h in hours.holidays_in_year(year) if h.date >= today]
    return found[:limit]

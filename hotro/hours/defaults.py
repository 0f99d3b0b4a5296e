"""Calendars from the policy's support-hours table (P8, P9), loaded idempotently.

The policy's Sales & Accounting email line says "08:00 to 11:30" Monday to Friday;
that is a typo for 17:00 (every other weekday line says 17:00), so 17:00 is the
default and the admin can change it.
"""

from __future__ import annotations

from collections.abc import Callable

from hotro.desk.models import Department
from hotro.hours.models import Calendar, CalendarChannel, OpeningInterval

OFFICE_HOURS = [  # (weekday, start minute, end minute): 08:00-17:00 Mon-Fri, 08:00-11:30 Sat
    *((weekday, 8 * 60, 17 * 60) for weekday in range(5)),
    (5, 8 * 60, 11 * 60 + 30),
]

# department slug -> channel -> (always_open, closed_on_holidays, intervals)
CALENDARS: dict[str, dict[str, tuple[bool, bool, list[tuple[int, int, int]]]]] = {
    "technical": {
        CalendarChannel.EMAIL: (True, False, []),  # 24/7/365
        CalendarChannel.CHAT: (True, False, []),  # 24/7/365
        CalendarChannel.HOTLINE: (True, True, []),  # 24/7, not on public holidays and Tết
    },
    "sales": {
        CalendarChannel.EMAIL: (False, True, OFFICE_HOURS),
        CalendarChannel.CHAT: (False, True, OFFICE_HOURS),
        CalendarChannel.HOTLINE: (False, True, OFFICE_HOURS),
    },
}


def load(log: Callable[[str], None]) -> None:
    """Create the calendars that are missing; an existing calendar is the admin's and stays as it is."""
    for slug, channels in CALENDARS.items():
        department = Department.objects.filter(slug=slug).first()
        if department is None:
            log(f"hours: department {slug} not found, calendars skipped")
            continue
        for channel, (always_open, closed_on_holidays, intervals) in channels.items():
            calendar, created = Calendar.objects.get_or_create(
                department=department,
                channel=channel,
                defaults={"always_open": always_open, "closed_on_holidays": closed_on_holidays},
            )
            if not created:
                continue
            OpeningInterval.objects.bulk_create(
                OpeningInterval(calendar=calendar, weekday=weekday, start_minute=start, end_minute=end)
                for weekday, start, end in intervals
            )
            log(f"calendar {slug}/{channel} created")

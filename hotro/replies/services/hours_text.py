"""The ``{{ department_hours }}`` placeholder: a department's ticket hours as one line of text.

"Thứ Hai to Thứ Sáu 08:00-17:30; Thứ Bảy 08:00-12:00" in Vietnamese, "Monday to Friday 08:00-17:30;
Saturday 08:00-12:00" in English, "24/7" for an always-open calendar. Built from the calendar
``hotro.hours`` keeps (the same one the SLA counts on), with the glossary's day names (days joined by an en dash).
"""

from __future__ import annotations

from hotro.desk.models import Department
from hotro.hours.display import WEEKDAY_NAMES
from hotro.hours.errors import HoursError
from hotro.hours.fields import format_minute
from hotro.hours.models import CalendarChannel
from hotro.hours.services import get_schedule


def department_hours_text(department: Department, language: str) -> str:
    """The department's email-and-ticket hours, days with the same hours grouped; "" with no calendar."""
    try:
        schedule = get_schedule(department, CalendarChannel.EMAIL)
    except HoursError:
        return ""
    if schedule.always_open:
        return "24/7"
    names = WEEKDAY_NAMES.get(language, WEEKDAY_NAMES["en"])
    days = [", ".join(f"{format_minute(a)}-{format_minute(b)}" for a, b in schedule.weekly[d]) for d in range(7)]
    groups: list[tuple[int, int, str]] = []  # first day, last day, hours
    for day, hours in enumerate(days):
        if groups and groups[-1][2] == hours and groups[-1][1] == day - 1:
            groups[-1] = (groups[-1][0], day, hours)
        else:
            groups.append((day, day, hours))
    parts = []
    for first, last, hours in groups:
        if not hours:
            continue  # closed that day: not listed
        span = names[first] if first == last else f"{names[first]}\u2013{names[last]}"  # an en dash
        parts.append(f"{span} {hours}")
    return "; ".join(parts)

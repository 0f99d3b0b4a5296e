"""Schedules and instants shared by the hours tests (pure: no database)."""

from __future__ import annotations

from datetime import date, datetime

from hotro.hours.public_holidays import HolidaySet
from hotro.hours.schedule import HO_CHI_MINH, Schedule

OFFICE = [(8 * 60, 17 * 60)]
SATURDAY_MORNING = [(8 * 60, 11 * 60 + 30)]


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """An instant in Asia/Ho_Chi_Minh."""
    return datetime(year, month, day, hour, minute, tzinfo=HO_CHI_MINH)


def office_hours(closed_dates: frozenset[date] | HolidaySet | None = None) -> Schedule:
    """Sales & Accounting per P8: 08:00-17:00 Mon-Fri, 08:00-11:30 Sat, closed on holidays (P9)."""
    return Schedule.from_days(
        {0: OFFICE, 1: OFFICE, 2: OFFICE, 3: OFFICE, 4: OFFICE, 5: SATURDAY_MORNING},
        closed_dates=HolidaySet() if closed_dates is None else closed_dates,
    )


def always_open(closed_on_holidays: bool = False) -> Schedule:
    """Technical email/chat (24/7/365), or hotline (24/7 but not on holidays) when ``closed_on_holidays``."""
    return Schedule(always_open=True, closed_dates=HolidaySet() if closed_on_holidays else frozenset())

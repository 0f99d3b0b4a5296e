"""Instants and schedules shared by the SLA tests."""

from __future__ import annotations

from datetime import datetime

from hotro.hours.public_holidays import HolidaySet
from hotro.hours.schedule import HO_CHI_MINH, Schedule

OFFICE = [(8 * 60, 17 * 60)]


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """An instant in Asia/Ho_Chi_Minh."""
    return datetime(year, month, day, hour, minute, tzinfo=HO_CHI_MINH)


def sales_hours() -> Schedule:
    """Sales & Accounting per P8/P9: 08:00-17:00 Mon-Fri, 08:00-11:30 Sat, closed on Vietnam's holidays."""
    return Schedule.from_days({**{d: OFFICE for d in range(5)}, 5: [(8 * 60, 11 * 60 + 30)]}, closed_dates=HolidaySet())


def always_open() -> Schedule:
    """Technical email: 24/7/365."""
    return Schedule(always_open=True)

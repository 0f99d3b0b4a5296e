"""The policy's support-hours table loaded as calendars (P8, P9)."""

from __future__ import annotations

import pytest

from hotro.core.defaults import load_all
from hotro.hours.defaults import load
from hotro.hours.models import Calendar, OpeningInterval

pytestmark = pytest.mark.django_db


def test_technical_is_24_7_and_only_its_hotline_observes_holidays(technical):
    calendars = {c.channel: c for c in Calendar.objects.filter(department=technical)}
    assert set(calendars) == {"email", "chat", "hotline"}
    assert all(c.always_open for c in calendars.values())
    assert [c.channel for c in calendars.values() if c.closed_on_holidays] == ["hotline"]
    assert all(c.timezone == "Asia/Ho_Chi_Minh" for c in calendars.values())


def test_sales_channels_open_8_to_17_on_weekdays_and_until_11_30_on_saturday(sales):
    """The policy's email line says 08:00-11:30 on weekdays: a typo for 17:00."""
    for calendar in Calendar.objects.filter(department=sales):
        assert not calendar.always_open
        assert calendar.closed_on_holidays
        hours = list(calendar.intervals.values_list("weekday", "start_minute", "end_minute"))
        assert hours == [(0, 480, 1020), (1, 480, 1020), (2, 480, 1020), (3, 480, 1020), (4, 480, 1020), (5, 480, 690)]


def test_loading_again_creates_nothing_and_keeps_the_admins_edits(sales):
    calendar = Calendar.objects.get(department=sales, channel="email")
    calendar.intervals.filter(weekday=5).delete()
    calendar.closed_on_holidays = False
    calendar.save(update_fields=["closed_on_holidays"])
    lines: list[str] = []
    load_all(lines.append)
    assert not [line for line in lines if "calendar" in line]
    calendar.refresh_from_db()
    assert calendar.closed_on_holidays is False
    assert not calendar.intervals.filter(weekday=5).exists()
    assert Calendar.objects.count() == 6
    assert OpeningInterval.objects.count() == 6 * 3 - 1


def test_a_missing_department_is_skipped_with_a_note(db):
    lines: list[str] = []
    load(lines.append)
    assert lines == [
        "hours: department technical not found, calendars skipped",
        "hours: department sales not found, calendars skipped",
    ]
    assert not Calendar.objects.exists()

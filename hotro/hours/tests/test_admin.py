"""Calendars and holiday changes are edited in the admin (P8, P9)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from hotro.hours.fields import ClockTimeFormField, format_minute, parse_minute
from hotro.hours.models import Calendar, HolidayOverride, OpeningInterval, OverrideKind


@pytest.mark.parametrize(("text", "minute"), [("08:00", 480), ("8:30", 510), ("17h00", 1020), ("24:00", 1440)])
def test_clock_times_are_typed_as_hours_and_minutes_up_to_24_00(text, minute):
    assert parse_minute(text) == minute
    assert ClockTimeFormField().clean(text) == minute


@pytest.mark.parametrize("text", ["24:01", "25:00", "08:60", "8", "noon", "-1:00"])
def test_impossible_clock_times_are_refused(text):
    with pytest.raises(ValidationError):
        ClockTimeFormField().clean(text)


def test_minutes_are_shown_back_as_clock_times():
    assert format_minute(1440) == "24:00"
    assert ClockTimeFormField().prepare_value(690) == "11:30"


@pytest.mark.django_db
def test_an_interval_must_open_before_it_closes(sales):
    calendar = Calendar.objects.get(department=sales, channel="chat")
    interval = OpeningInterval(calendar=calendar, weekday=6, start_minute=600, end_minute=600)
    with pytest.raises(ValidationError, match="closing time must be after"):
        interval.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        interval.save()


@pytest.mark.django_db
def test_an_admin_edits_a_calendars_hours_through_the_inline(admin_agent, client_for, sales):
    client = client_for(admin_agent)
    calendar = Calendar.objects.get(department=sales, channel="hotline")
    page = client.get(f"/admin/hours/calendar/{calendar.pk}/change/")
    assert page.status_code == 200
    assert 'value="11:30"' in page.content.decode()
    intervals = list(calendar.intervals.all())
    data = {
        "department": sales.pk,
        "channel": "hotline",
        "closed_on_holidays": "on",
        "timezone": "Asia/Ho_Chi_Minh",
        "intervals-TOTAL_FORMS": len(intervals) + 1,
        "intervals-INITIAL_FORMS": len(intervals),
        "intervals-MIN_NUM_FORMS": 0,
        "intervals-MAX_NUM_FORMS": 1000,
    }
    for i, interval in enumerate(intervals):
        data |= {
            f"intervals-{i}-id": interval.pk,
            f"intervals-{i}-calendar": calendar.pk,
            f"intervals-{i}-weekday": interval.weekday,
            f"intervals-{i}-start_minute": format_minute(interval.start_minute),
            f"intervals-{i}-end_minute": format_minute(interval.end_minute),
        }
    new = len(intervals)
    data |= {
        f"intervals-{new}-weekday": 6,
        f"intervals-{new}-start_minute": "20:00",
        f"intervals-{new}-end_minute": "24:00",
    }
    response = client.post(f"/admin/hours/calendar/{calendar.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert calendar.intervals.filter(weekday=6, start_minute=1200, end_minute=1440).exists()


@pytest.mark.django_db
def test_the_holiday_changes_list_shows_each_year(admin_agent, client_for):
    HolidayOverride.objects.create(date="2026-01-02", kind=OverrideKind.ADD, name="Nghỉ bù", name_en="Bridge day")
    page = client_for(admin_agent).get("/admin/hours/holidayoverride/?date__year=2026")
    assert page.status_code == 200
    assert "Nghỉ bù" in page.content.decode()

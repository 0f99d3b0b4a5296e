"""Asking the configured calendars by department and channel (P8, P9, P12)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from hotro.hours import services
from hotro.hours.errors import CalendarNotFound
from hotro.hours.models import Calendar, HolidayOverride, OverrideKind
from hotro.hours.tests.helpers import at

pytestmark = pytest.mark.django_db


def test_technical_hotline_is_closed_on_30_april_but_technical_email_is_open(technical):
    """P8/P9: the Technical hotline excludes public holidays; email and chat are 24/7/365."""
    liberation_day = at(2026, 4, 30, 10, 0)
    assert not services.is_open(technical, "hotline", liberation_day)
    assert services.is_open(technical, "email", liberation_day)
    assert services.is_open(technical, "chat", liberation_day)
    assert services.next_opening(technical, "hotline", liberation_day) == at(2026, 5, 2, 0, 0)


def test_sales_chat_follows_office_hours_and_tet(sales):
    """P8/P9: Sales & Accounting chat 08:00-17:00 Mon-Fri, Saturday until 11:30, not during Tết."""
    assert services.is_open("sales", "chat", at(2026, 3, 7, 11, 0))
    assert not services.is_open(sales, "chat", at(2026, 3, 7, 11, 30))
    assert services.next_opening(sales, "chat", at(2026, 2, 14, 12, 0)) == at(2026, 2, 21, 8, 0)
    assert services.next_closing(sales, "chat", at(2026, 3, 9, 7, 0)) == at(2026, 3, 9, 17, 0)


def test_a_ticket_sent_after_hours_starts_its_clock_at_the_next_working_hour(sales):
    """P12: the SLA clock starts at the next opening; durations count only working time."""
    friday_evening = at(2026, 3, 6, 19, 0)
    assert services.add_business_time(sales, "email", friday_evening, timedelta(0)) == at(2026, 3, 7, 8, 0)
    due = services.add_business_time(sales, "email", friday_evening, timedelta(hours=4))
    assert due == at(2026, 3, 9, 8, 30)
    assert services.business_time_between(sales, "email", friday_evening, due) == timedelta(hours=4)


def test_an_added_bridge_day_closes_sales_but_not_technical_email(technical, sales):
    """P9: government-announced bridge days are added by an admin."""
    HolidayOverride.objects.create(date=at(2026, 1, 2).date(), kind=OverrideKind.ADD, name="Nghỉ bù")
    assert not services.is_open(sales, "email", at(2026, 1, 2, 10, 0))
    assert services.is_open(technical, "email", at(2026, 1, 2, 10, 0))
    assert not services.is_open(technical, "hotline", at(2026, 1, 2, 10, 0))


def test_an_admin_edit_of_the_hours_is_used_at_once(sales):
    calendar = Calendar.objects.get(department=sales, channel="email")
    calendar.intervals.filter(weekday=0).update(end_minute=18 * 60)
    assert services.is_open(sales, "email", at(2026, 3, 9, 17, 30))
    assert not services.is_open(sales, "email", at(2026, 3, 10, 17, 30))


def test_availability_says_when_a_closed_channel_opens_and_an_open_one_closes(technical, sales):
    closed = services.describe_availability(sales, "hotline", at(2026, 3, 7, 12, 0))
    assert closed == services.Availability(open=False, next_opening=at(2026, 3, 9, 8), next_closing=at(2026, 3, 9, 17))
    open_now = services.describe_availability(sales, "hotline", at(2026, 3, 9, 9, 0))
    assert open_now == services.Availability(open=True, next_opening=None, next_closing=at(2026, 3, 9, 17))
    always = services.describe_availability(technical, "chat", at(2026, 3, 9, 9, 0))
    assert always == services.Availability(open=True, next_opening=None, next_closing=None)


def test_a_missing_calendar_or_unknown_channel_is_a_clear_error(technical):
    Calendar.objects.filter(department=technical, channel="chat").delete()
    with pytest.raises(CalendarNotFound, match="technical and channel chat"):
        services.is_open(technical, "chat", at(2026, 3, 9))
    with pytest.raises(CalendarNotFound, match="channel fax"):
        services.get_schedule(technical, "fax")


def test_questions_without_an_instant_use_now(technical):
    assert services.is_open(technical, "email") is True


@pytest.mark.parametrize(
    ("desk_channel", "calendar_channel"),
    [
        ("web", "email"),
        ("email", "email"),
        ("api", "email"),
        ("chat", "chat"),
        ("sms", "hotline"),
        ("phone", "hotline"),
    ],
)
def test_every_desk_channel_maps_to_a_calendar(desk_channel, calendar_channel):
    assert services.calendar_channel_for(desk_channel) == calendar_channel


def test_a_naive_instant_is_refused(technical):
    with pytest.raises(ValueError, match="has no time zone"):
        services.is_open(technical, "email", datetime(2026, 3, 9, 9, 0))


def test_a_changed_calendar_is_seen_at_once_despite_the_schedule_cache(provider_defaults):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from hotro.hours import services
    from hotro.hours.models import Calendar

    sunday_noon = datetime(2026, 11, 29, 12, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    assert services.is_open("sales", "email", sunday_noon) is False
    calendar = Calendar.objects.get(department__slug="sales", channel="email")
    calendar.always_open = True
    calendar.save()
    assert services.is_open("sales", "email", sunday_noon) is True

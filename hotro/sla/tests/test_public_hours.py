"""P8, P9, P12, P15: customers see who is open right now on each channel, and the public
``/hours/`` page lists every weekly calendar and the upcoming holidays."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from hotro.sla.tests.helpers import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def english_guest() -> Client:
    client = Client()
    client.cookies["hotro_language"] = "en"
    return client


def test_the_home_page_says_sales_is_closed_and_when_tickets_are_handled(clock, english_guest, provider_defaults):
    """P12: Saturday 12:00, Sales & Accounting has closed; tickets are handled from Monday 08:00."""
    clock.set(at(2026, 3, 7, 12, 0))
    page = english_guest.get(reverse("portal:home")).content.decode()
    assert "Sales &amp; Accounting is closed; tickets are handled from Monday 09/03 at 08:00." in page
    assert "open 24/7" in page  # Technical email and chat


def test_the_home_page_shows_the_technical_hotline_closed_on_a_holiday(clock, english_guest, provider_defaults):
    """P9: the Technical hotline excludes public holidays; email stays open."""
    clock.set(at(2026, 4, 30, 10, 0))
    page = english_guest.get(reverse("portal:home")).content.decode()
    assert 'data-channel="hotline">closed, opens Saturday 02/05 at 00:00' in page


def test_the_home_page_says_nothing_about_closing_during_working_hours(clock, english_guest, provider_defaults):
    clock.set(at(2026, 3, 9, 9, 0))
    page = english_guest.get(reverse("portal:home")).content.decode()
    assert "is closed; tickets are handled from" not in page
    assert "open until Monday 09/03 at 17:00" in page


def test_the_ticket_form_shows_each_departments_availability(clock, english_guest, provider_defaults):
    clock.set(at(2026, 3, 7, 12, 0))
    page = english_guest.get(reverse("portal:ticket_new")).content.decode()
    assert "Technical is open 24/7." in page
    assert "Sales &amp; Accounting is closed; tickets are handled from Monday 09/03 at 08:00." in page


def test_the_ticket_form_speaks_vietnamese_by_default(clock, provider_defaults):
    clock.set(at(2026, 3, 7, 12, 0))
    page = Client().get(reverse("portal:ticket_new")).content.decode()
    assert "08:00 Thứ Hai, 09/03" in page


def test_the_hours_page_lists_every_calendar_week_and_the_upcoming_holidays(clock, english_guest, provider_defaults):
    """P8/P9: weekly intervals per department and channel, then the holidays ahead (Tết 2026 in February)."""
    clock.set(at(2026, 2, 1, 9, 0))
    response = english_guest.get("/hours/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sales &amp; Accounting · Live chat" in page
    assert '<th scope="row">Saturday</th><td>08:00-11:30</td>' in page
    assert '<th scope="row">Sunday</th><td>closed</td>' in page
    assert "24/7/365." in page  # Technical email and chat
    assert "24/7, except public holidays and Tết." in page  # Technical hotline
    assert "16/02/2026" in page and "Lunar New Year" in page
    assert "01/01/2026" not in page  # past holidays are not "upcoming"


def test_the_hours_page_needs_no_account_and_accepts_only_reads(client, provider_defaults):
    assert client.get("/hours/").status_code == 200
    assert client.post("/hours/").status_code == 405

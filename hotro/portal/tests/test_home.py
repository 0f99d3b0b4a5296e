"""The home page: what the desk is, and which channel to use for what (P15)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_steers_customers_to_the_right_channel(english_guest, settings):
    """P15: tickets for technical problems, chat for quick questions, SMS to the hotline (no voice support)."""
    settings.HOTRO_HOTLINE = "+84 900 000 111"
    page = english_guest.get(reverse("portal:home")).content.decode()
    assert "For technical problems" in page
    assert "For quick questions and questions before you buy" in page
    assert "We do not give technical support by voice" in page
    assert "+84 900 000 111" in page
    assert 'id="support-hours"' in page


def test_it_offers_to_open_a_ticket_or_sign_in(english_guest):
    page = english_guest.get(reverse("portal:home")).content.decode()
    assert reverse("portal:ticket_new") in page
    assert reverse("accounts:login") in page


def test_a_signed_in_customer_gets_their_tickets_link(client_for, customer_a):
    page = client_for(customer_a).get(reverse("portal:home")).content.decode()
    assert reverse("portal:ticket_list") in page

"""Staff sessions end after the idle time (issue #14, finding 7); customers' sessions do not."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse
from django.utils.translation import gettext, override

from hotro.accounts import idle
from hotro.accounts.models import SignInEvent, SignInEventKind

pytestmark = pytest.mark.django_db

PAGE = "/console/search/"


def idle_for(client, seconds: int) -> None:
    session = client.session
    session[idle.SESSION_KEY] = int(time.time()) - seconds
    session.save()


def test_a_staff_session_idle_too_long_is_signed_out_and_sent_to_sign_in(tech_agent, client_for, settings):
    settings.HOTRO_STAFF_IDLE_MINUTES = 60
    client = client_for(tech_agent)
    client.cookies["hotro_language"] = "en"
    assert client.get(PAGE).status_code == 200
    idle_for(client, 61 * 60)
    response = client.get(PAGE)
    assert response.status_code == 302 and response["Location"] == f"{reverse('accounts:login')}?next={PAGE}"
    assert "_auth_user_id" not in client.session
    login_page = client.get(response["Location"]).content.decode()
    # Said in the agent's own language, the one their session had when it ended.
    with override(tech_agent.language or settings.LANGUAGE_CODE):
        expected = gettext("You were signed out after %(minutes)d minutes without activity. Please sign in again.")
    assert expected % {"minutes": 60} in login_page
    event = SignInEvent.objects.get(event=SignInEventKind.IDLE_EXPIRED)
    assert event.user == tech_agent


def test_activity_within_the_idle_time_keeps_the_session(tech_agent, client_for):
    client = client_for(tech_agent)
    client.get(PAGE)
    idle_for(client, 59 * 60)
    assert client.get(PAGE).status_code == 200
    assert int(time.time()) - client.session[idle.SESSION_KEY] < 5  # the stamp moved on
    assert client.get(PAGE).status_code == 200


def test_customers_are_not_signed_out_for_idling(customer_a, client_for):
    client = client_for(customer_a)
    client.get(reverse("portal:ticket_list"))
    idle_for(client, 24 * 3600)
    assert client.get(reverse("portal:ticket_list")).status_code == 200
    assert "_auth_user_id" in client.session


def test_zero_turns_the_timeout_off(tech_agent, client_for, settings):
    settings.HOTRO_STAFF_IDLE_MINUTES = 0
    client = client_for(tech_agent)
    idle_for(client, 24 * 3600)
    assert client.get(PAGE).status_code == 200


def test_an_htmx_request_is_told_to_load_the_sign_in_page(tech_agent, client_for):
    client = client_for(tech_agent)
    client.get(PAGE)
    idle_for(client, 2 * 24 * 3600)
    response = client.get(PAGE, HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Redirect"].startswith(reverse("accounts:login"))

"""The desk's own error pages (404, 403, 400, 500), in the visitor's language, and expired guest links
that offer a fresh one (sent to the ticket's own address, never shown)."""

from __future__ import annotations

import re
import time

import pytest
from django.core.cache import cache
from django.template.loader import get_template
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views import defaults

from hotro.accounts.services import get_or_create_contact
from hotro.core.outbound.testing import rendered
from hotro.desk import services
from hotro.desk.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def guest_ticket(technical):
    guest = get_or_create_contact("khach@example.com", name="Khách", language="en")
    ticket = services.open_ticket(requester=guest, department=technical, subject="Website lỗi 500", body="Từ sáng")
    return ticket, guest


@pytest.fixture
def expired_token(guest_ticket, settings, monkeypatch):
    ticket, guest = guest_ticket
    settings.HOTRO_GUEST_LINK_DAYS = 30
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now - 31 * 86400)
    token = services.guest_token(ticket, guest)
    monkeypatch.setattr(time, "time", lambda: now)
    return token


def test_an_unknown_guest_link_is_the_desks_own_404_in_the_visitors_language(settings, english_guest):
    settings.DEBUG = False
    response = english_guest.get("/t/not-a-real-token/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert '<header class="topbar">' in html and "Cloudmini · Support" in html
    assert "Page not found" in html and "Not Found</h1>" not in html


def test_a_revoked_guest_link_is_the_same_404_in_vietnamese(settings, guest_ticket, tech_agent):
    settings.DEBUG = False
    ticket, guest = guest_ticket
    token = services.guest_token(ticket, guest)
    services.revoke_guest_links(ticket, tech_agent)
    visitor = Client()
    visitor.cookies["hotro_language"] = "vi"
    response = visitor.get(reverse("portal:guest_ticket", args=[token]))
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="vi">' in html and '<header class="topbar">' in html
    assert "Website lỗi 500" not in html


@pytest.mark.parametrize("language", ["vi", "en"])
def test_500_and_400_render_without_a_request_or_a_database(language, django_assert_num_queries):
    with translation.override(language), django_assert_num_queries(0):
        for name in ("500.html", "400.html", "403_csrf.html"):
            html = get_template(name).render()
            assert f'<html lang="{language}">' in html
        response = defaults.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert b"Error 500" in response.content or "Lỗi 500".encode() in response.content


def test_a_forbidden_page_is_the_desks_own(english_guest):
    request = RequestFactory().get("/")
    request.user = None
    with translation.override("en"):
        html = get_template("403.html").render({"request": request})
    assert "Not allowed" in html


def test_an_expired_link_offers_to_send_a_fresh_one(english_guest, expired_token):
    response = english_guest.get(reverse("portal:guest_ticket", args=[expired_token]))
    assert response.status_code == 410
    html = response.content.decode()
    assert "This link has expired" in html
    assert "Website lỗi 500" not in html and "khach@example.com" not in html  # nothing of the ticket is shown
    assert f'action="{reverse("portal:guest_ticket_renew", args=[expired_token])}"' in html


def test_asking_sends_a_fresh_working_link_to_the_tickets_address_once(english_guest, guest_ticket, expired_token):
    ticket, _guest = guest_ticket
    url = reverse("portal:guest_ticket_renew", args=[expired_token])
    response = english_guest.post(url, follow=True)
    assert "a new one is on its way to the address this ticket is followed with" in response.content.decode()
    [mail] = rendered().filter(ticket=ticket, kind="desk/guest_link")
    assert mail.to == "khach@example.com"
    fresh = re.search(r"/t/([^/\s]+)/", mail.body_text).group(1)
    assert Client().get(reverse("portal:guest_ticket", args=[fresh])).status_code == 200
    assert AuditEvent.objects.filter(ticket=ticket, action="desk.ticket.guest_link_resent").count() == 1

    again = english_guest.post(url, follow=True)  # the same answer, and no second mail
    assert "a new one is on its way" in again.content.decode()
    assert rendered().filter(ticket=ticket, kind="desk/guest_link").count() == 1


def test_one_address_cannot_ask_for_links_without_end(english_guest, guest_ticket, expired_token, monkeypatch):
    from hotro.portal import ticket_views

    monkeypatch.setattr(ticket_views, "RENEWALS_PER_HOUR", 0)
    english_guest.post(reverse("portal:guest_ticket_renew", args=[expired_token]))
    assert not rendered().filter(kind="desk/guest_link").exists()


def test_a_revoked_expired_link_gets_nothing(english_guest, guest_ticket, expired_token, tech_agent):
    ticket, _guest = guest_ticket
    services.revoke_guest_links(ticket, tech_agent)
    assert english_guest.get(reverse("portal:guest_ticket", args=[expired_token])).status_code == 404
    assert english_guest.post(reverse("portal:guest_ticket_renew", args=[expired_token])).status_code == 404
    assert not rendered().filter(kind="desk/guest_link").exists()


def test_a_working_link_needs_no_renewal(english_guest, guest_ticket):
    ticket, guest = guest_ticket
    token = services.guest_token(ticket, guest)
    response = english_guest.post(reverse("portal:guest_ticket_renew", args=[token]))
    assert response.status_code == 302 and response["Location"] == reverse("portal:guest_ticket", args=[token])
    assert not rendered().filter(kind="desk/guest_link").exists()


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()

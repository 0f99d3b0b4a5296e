"""A guest follows their ticket through the signed link from the email (P1, P4): no account needed."""

import pytest
from django.urls import reverse

from hotro.accounts.services import get_or_create_contact
from hotro.desk import services
from hotro.desk.models import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def guest_ticket(technical):
    guest = get_or_create_contact("khach@example.com", name="Khách", language="en")
    ticket = services.open_ticket(requester=guest, department=technical, subject="Website lỗi 500", body="Từ sáng")
    return ticket, guest, services.guest_token(ticket, guest)


def test_the_link_shows_the_ticket_without_signing_in(english_guest, guest_ticket, tech_agent):
    ticket, _guest, token = guest_ticket
    services.add_internal_note(ticket, tech_agent, "Không nói với khách")
    page = english_guest.get(reverse("portal:guest_ticket", args=[token])).content.decode()
    assert "Website lỗi 500" in page
    assert "Từ sáng" in page
    assert "Không nói với khách" not in page
    assert reverse("portal:guest_ticket_reply", args=[token]) in page


def test_a_guest_reply_threads_into_the_ticket(english_guest, guest_ticket):
    ticket, guest, token = guest_ticket
    response = english_guest.post(reverse("portal:guest_ticket_reply", args=[token]), {"body": "Vẫn còn lỗi"})
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:guest_ticket", args=[token])
    reply = ticket.messages.order_by("-pk").first()
    assert reply.body_text == "Vẫn còn lỗi"
    assert reply.author_contact == guest


def test_a_guest_closes_and_reopens_through_the_link(english_guest, guest_ticket):
    ticket, _guest, token = guest_ticket
    english_guest.post(reverse("portal:guest_ticket_close", args=[token]))
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED
    english_guest.post(reverse("portal:guest_ticket_reopen", args=[token]))
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN


def test_a_bad_token_is_a_404_and_changes_nothing(english_guest, guest_ticket):
    ticket, _guest, token = guest_ticket
    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    assert english_guest.get(reverse("portal:guest_ticket", args=[tampered])).status_code == 404
    assert english_guest.get("/t/nonsense/").status_code == 404
    assert english_guest.post(reverse("portal:guest_ticket_reply", args=[tampered]), {"body": "x"}).status_code == 404
    assert english_guest.post(reverse("portal:guest_ticket_close", args=[tampered])).status_code == 404
    ticket.refresh_from_db()
    assert ticket.status == Status.NEW
    assert ticket.messages.count() == 1


def test_an_empty_guest_reply_gets_a_clear_message(english_guest, guest_ticket):
    ticket, _guest, token = guest_ticket
    response = english_guest.post(reverse("portal:guest_ticket_reply", args=[token]), {"body": ""})
    assert "The message is empty." in response.content.decode()
    assert ticket.messages.count() == 1


def test_guest_actions_are_post_only(english_guest, guest_ticket):
    ticket, _guest, token = guest_ticket
    assert english_guest.get(reverse("portal:guest_ticket_close", args=[token])).status_code == 405
    ticket.refresh_from_db()
    assert ticket.status == Status.NEW

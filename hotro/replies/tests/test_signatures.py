"""Signatures per department: under public replies (P3), never under internal notes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hotro.desk.models import Message
from hotro.replies import services as replies
from hotro.replies.services.signatures import SEPARATOR

SIGNATURE = "Lê Kỹ Thuật\nPhòng Kỹ thuật CloudMini"


@pytest.fixture
def signed_agent(tech_agent, technical):
    replies.set_signature(tech_agent, technical, SIGNATURE)
    return tech_agent


def test_a_public_reply_from_the_console_is_signed(client_for, signed_agent, contact_a, make_ticket):
    ticket = make_ticket(contact_a)
    response = client_for(signed_agent).post(
        reverse("console:reply", args=[ticket.number]), {"body": "Đã khởi động lại VPS.", "mode": "reply"}
    )
    assert response.status_code == 302
    reply = Message.objects.filter(ticket=ticket, internal=False, author_user=signed_agent).get()
    assert reply.body_text == "Đã khởi động lại VPS." + SEPARATOR + SIGNATURE


def test_an_internal_note_is_never_signed(client_for, signed_agent, contact_a, make_ticket):
    ticket = make_ticket(contact_a)
    client_for(signed_agent).post(reverse("console:note", args=[ticket.number]), {"body": "Kiểm tra log."})
    note = Message.objects.get(ticket=ticket, internal=True)
    assert note.body_text == "Kiểm tra log."


def test_the_signature_is_per_department(signed_agent, sales, technical):
    assert replies.signature_text(signed_agent, technical) == SIGNATURE
    assert replies.signature_text(signed_agent, sales) == ""
    assert replies.sign_reply("OK", signed_agent, sales) == "OK"


def test_a_reply_that_already_ends_with_the_signature_is_not_signed_twice():
    assert replies.signed("OK" + SEPARATOR + SIGNATURE, SIGNATURE) == "OK" + SEPARATOR + SIGNATURE


def test_the_ticket_page_previews_the_signature_under_the_reply_box(client_for, signed_agent, contact_a, make_ticket):
    ticket = make_ticket(contact_a)
    page = client_for(signed_agent).get(reverse("console:ticket", args=[ticket.number])).content.decode()
    assert 'id="signature-preview"' in page and "Phòng Kỹ thuật CloudMini" in page


def test_the_signatures_page_sets_and_clears_a_signature(client_for, tech_agent, technical):
    url = reverse("console:signatures")
    client = client_for(tech_agent)
    assert client.get(url).status_code == 200
    assert client.post(url, {f"dept_{technical.pk}": "  Lan\nCloudMini  "}).status_code == 302
    assert replies.signature_text(tech_agent, technical) == "Lan\nCloudMini"
    client.post(url, {f"dept_{technical.pk}": ""})
    assert replies.signature_text(tech_agent, technical) == ""


def test_a_too_long_signature_is_refused_and_changes_nothing(client_for, signed_agent, technical):
    response = client_for(signed_agent).post(reverse("console:signatures"), {f"dept_{technical.pk}": "x" * 1001})
    assert response.status_code == 400
    assert replies.signature_text(signed_agent, technical) == SIGNATURE

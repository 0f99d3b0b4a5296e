"""Secrets pasted into ordinary messages: flagged on arrival by every channel, shown to the agent as a warning,
and moved into the vault in one POST — the message is then redacted everywhere (text, HTML part, search,
the stored raw email, rendered outbox copies) and the move is audited."""

from __future__ import annotations

import base64
import hashlib

import pytest
from django.urls import reverse

from hotro.core.models import OutboundMessage
from hotro.core.outbound.testing import render_pending
from hotro.desk import search
from hotro.desk.models import AuditEvent, Channel, Message, Ticket
from hotro.desk.services import add_customer_reply, open_ticket_with_message, tickets_for_agent
from hotro.mail.models import InboundMail
from hotro.vault import crypto
from hotro.vault.models import Detection, DetectionStatus, Origin, Secret

pytestmark = pytest.mark.django_db

PASTED = "Chào anh, mật khẩu root là Abc@12345 nhé. Key AWS: AKIAIOSFODNN7EXAMPLE"


def move_url(message: Message) -> str:
    return reverse("console:vault_move", args=[message.ticket.number, message.pk])


@pytest.mark.parametrize("channel", [Channel.WEB, Channel.EMAIL, Channel.SMS, Channel.CHAT, Channel.API])
def test_a_secret_pasted_in_a_new_ticket_is_flagged_whatever_the_channel(contact_a, technical, channel):
    _ticket, message = open_ticket_with_message(
        requester=contact_a, department=technical, subject="Hỗ trợ", body=PASTED, channel=channel
    )
    detection = Detection.objects.get(message=message)
    assert detection.kinds == ["aws_key", "password"]
    assert "Abc@12345" not in str(detection.spans)  # offsets only


def test_a_reply_is_flagged_and_an_innocent_one_is_not(make_ticket, contact_a):
    ticket = make_ticket(contact_a)
    innocent = add_customer_reply(ticket, contact_a, "Tôi quên mật khẩu, làm sao đặt lại?", channel=Channel.EMAIL)
    pasted = add_customer_reply(ticket, contact_a, "password = S3cret!", channel=Channel.EMAIL)
    assert not Detection.objects.filter(message=innocent).exists()
    assert Detection.objects.filter(message=pasted).exists()
    assert not Detection.objects.filter(message=ticket.messages.first()).exists()


def test_the_agent_sees_a_warning_on_the_message_and_a_move_button(make_ticket, contact_a, client_for, tech_agent):
    ticket = make_ticket(contact_a, body=PASTED)
    message = ticket.messages.get()
    page = client_for(tech_agent).get(reverse("console:ticket", args=[ticket.number])).content.decode()
    assert 'class="vault-warning' in page
    assert move_url(message) in page


def test_moving_stores_the_values_redacts_the_message_and_search_and_is_audited(
    make_ticket, contact_a, client_for, tech_agent
):
    ticket = make_ticket(contact_a, body=PASTED)
    message = ticket.messages.get()
    agents = tickets_for_agent(tech_agent)
    assert search.matching(agents, "Abc@12345", include_notes=True).exists()  # found before the move

    response = client_for(tech_agent).post(move_url(message))

    assert response.status_code == 302
    message.refresh_from_db()
    assert "Abc@12345" not in message.body_text and "AKIAIOSFODNN7EXAMPLE" not in message.body_text
    assert message.body_text.startswith("Chào anh, mật khẩu root là ")
    assert not search.matching(agents, "Abc@12345", include_notes=True).exists()
    assert not search.matching(agents, "AKIAIOSFODNN7EXAMPLE", include_notes=True).exists()
    moved = Secret.objects.filter(ticket=ticket, origin=Origin.MOVED).order_by("pk")
    assert sorted(crypto.decrypt(s.ciphertext) for s in moved) == ["AKIAIOSFODNN7EXAMPLE", "Abc@12345"]
    assert Detection.objects.get(message=message).status == DetectionStatus.MOVED
    redacted = AuditEvent.objects.get(ticket=ticket, action="desk.message.redacted")
    assert redacted.actor_user == tech_agent and redacted.data["message"] == message.pk
    assert AuditEvent.objects.filter(ticket=ticket, action="vault.secret.moved").exists()
    assert "Abc@12345" not in str(list(AuditEvent.objects.values_list("data", flat=True)))
    # The customer's page shows the redacted words too.
    assert client_for(tech_agent).post(move_url(message)).status_code == 404  # nothing left to move


def test_the_html_part_the_stored_raw_email_and_rendered_outbox_copies_lose_the_secret(
    make_ticket, contact_a, client_for, tech_agent
):
    ticket = make_ticket(contact_a)
    Ticket.objects.filter(pk=ticket.pk).update(assignee=tech_agent)  # so the reply is mailed to the assignee
    ticket.refresh_from_db()
    message = add_customer_reply(
        ticket,
        contact_a,
        "mật khẩu root là Abc@12345",
        body_html="<p>mật khẩu root là <b>Abc@12345</b></p>",
        channel=Channel.EMAIL,
        email_message_id="<m1@example.vn>",
    )
    raw = (
        b"From: khach@example.vn\r\nSubject: Re: [CM]\r\nMessage-ID: <m1@example.vn>\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + base64.encodebytes("mật khẩu root là Abc@12345".encode())
    )
    mail = InboundMail.objects.create(
        raw=raw,
        size=len(raw),
        sha256=hashlib.sha256(raw).hexdigest(),
        source="pipe",
        ticket=ticket,
        ticket_message=message,
        message_id="m1@example.vn",
    )
    render_pending()
    assert OutboundMessage.objects.filter(body_text__contains="Abc@12345").exists()

    assert client_for(tech_agent).post(move_url(message)).status_code == 302

    message.refresh_from_db()
    assert "Abc@12345" not in message.body_html
    mail.refresh_from_db()
    assert b"X-Hotro-Redacted" in mail.raw_bytes
    assert base64.encodebytes("mật khẩu root là Abc@12345".encode()) not in mail.raw_bytes
    assert b"Message-ID: <m1@example.vn>" in mail.raw_bytes and b"base64" not in mail.raw_bytes
    assert mail.sha256 == hashlib.sha256(raw).hexdigest()  # a re-delivery is still recognised
    assert not OutboundMessage.objects.filter(body_text__contains="Abc@12345").exists()
    assert not OutboundMessage.objects.filter(body_html__contains="Abc@12345").exists()


def test_only_agents_of_the_department_may_move(make_ticket, contact_a, client_for, sales_agent, customer_a):
    ticket = make_ticket(contact_a, body=PASTED)
    message = ticket.messages.get()
    assert client_for(sales_agent).post(move_url(message)).status_code == 404
    assert client_for(customer_a).post(move_url(message)).status_code == 404
    assert client_for(sales_agent).get(move_url(message)).status_code in (404, 405)
    message.refresh_from_db()
    assert "Abc@12345" in message.body_text
    assert not Secret.objects.exists()


def test_without_a_key_nothing_is_moved_nor_redacted(settings, make_ticket, contact_a, client_for, tech_agent):
    ticket = make_ticket(contact_a, body=PASTED)
    message = ticket.messages.get()
    settings.HOTRO_VAULT_KEYS = []
    settings.DEBUG = False
    response = client_for(tech_agent).post(move_url(message))
    assert response.status_code == 302
    message.refresh_from_db()
    assert "Abc@12345" in message.body_text
    assert not Secret.objects.exists()
    assert not AuditEvent.objects.filter(action="desk.message.redacted").exists()

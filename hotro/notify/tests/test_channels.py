"""A ticket is answered on its own channel (P3, P7): one dispatcher, one link builder, any identity.

The SMS side is a recording sender (``hotro.core.outbound.testing``): no gateway runs here,
and the phone issue brings the real ones; what is checked is which channel and address the
desk chose, what the message says and that delivery goes through the shared outbox.
"""

from __future__ import annotations

import pytest
from django.core import mail

from hotro.accounts.services import get_or_create_contact, get_or_create_contact_by_phone
from hotro.core.models import OutboundMessage, OutboundStatus
from hotro.core.outbound.delivery import deliver_due
from hotro.core.outbound.testing import RecordingSmsSender
from hotro.desk import services
from hotro.desk.models import Channel, Ticket

SITE = "http://hotro.test"


@pytest.fixture(autouse=True)
def _sms_recorded(settings):
    settings.SITE_URL = SITE
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.HOTRO_OUTBOUND_SENDERS = {
        **settings.HOTRO_OUTBOUND_SENDERS,
        "sms": "hotro.core.outbound.testing.RecordingSmsSender",
    }
    RecordingSmsSender.sent.clear()
    RecordingSmsSender.failure = None
    yield
    RecordingSmsSender.sent.clear()
    RecordingSmsSender.failure = None


def open_by(contact, department, channel: str) -> Ticket:
    return services.open_ticket(
        requester=contact, department=department, subject="VPS mất mạng", body="VPS không ping được.", channel=channel
    )


def test_a_contact_known_only_by_phone_owns_a_ticket_and_is_answered_by_sms(technical, tech_agent, client_for):
    """P7: an SMS to the hotline becomes a ticket; the customer, who gave no email, is answered by SMS."""
    contact = get_or_create_contact_by_phone("096.929.75.79", name="Anh Minh")
    assert (contact.email, contact.phone) == ("", "+84969297579")
    ticket = open_by(contact, technical, Channel.SMS)

    response = client_for(tech_agent).post(
        f"/console/tickets/{ticket.number}/reply/", {"body": "Chúng tôi đã khởi động lại VPS."}
    )
    assert response.status_code in (200, 302)
    client_for(tech_agent).post(f"/console/tickets/{ticket.number}/note/", {"body": "SECRET-NOTE root=abc"})

    rows = list(OutboundMessage.objects.filter(ticket=ticket).order_by("pk"))
    assert [(r.channel, r.to, r.kind) for r in rows] == [
        ("sms", "+84969297579", "desk/ticket_opened"),
        ("sms", "+84969297579", "desk/agent_reply"),
    ]
    assert deliver_due() == 2
    ack, reply = RecordingSmsSender.sent
    assert ticket.number in ack.text and "đã nhận yêu cầu hỗ trợ" in ack.text  # the contact's language: vi
    assert "Chúng tôi đã khởi động lại VPS." in reply.text
    assert f"{SITE}/t/" in reply.text  # a guest link: the contact has no account
    assert all("SECRET-NOTE" not in sms.text for sms in RecordingSmsSender.sent)
    assert mail.outbox == []
    assert set(OutboundMessage.objects.values_list("status", flat=True)) == {OutboundStatus.SENT}


def test_an_sms_ticket_of_a_customer_with_an_email_is_still_answered_by_sms(technical, tech_agent):
    contact = get_or_create_contact("khach@example.com", phone="0969297579")
    ticket = open_by(contact, technical, Channel.SMS)
    services.add_agent_reply(ticket, tech_agent, "Đã xong.")
    assert set(OutboundMessage.objects.values_list("channel", "to")) == {("sms", "+84969297579")}


@pytest.mark.parametrize("channel", [Channel.EMAIL, Channel.WEB, Channel.CHAT])
def test_other_tickets_are_answered_by_email_when_an_address_is_known(technical, tech_agent, channel):
    """A chat-born ticket is answered by email when the visitor gave one (P5, P6)."""
    contact = get_or_create_contact("khach@example.com", phone="0969297579")
    ticket = open_by(contact, technical, channel)
    services.add_agent_reply(ticket, tech_agent, "Đã xong.")
    assert set(OutboundMessage.objects.values_list("channel", "to")) == {("email", "khach@example.com")}


def test_a_phone_only_contact_of_a_web_ticket_falls_back_to_sms(technical, tech_agent):
    contact = get_or_create_contact_by_phone("+84 96 929 7579")
    ticket = open_by(contact, technical, Channel.PHONE)
    services.add_agent_reply(ticket, tech_agent, "Đã xong.")
    assert set(OutboundMessage.objects.values_list("channel", "to")) == {("sms", "+84969297579")}


def test_a_gateway_outage_delays_sms_without_holding_up_email(technical, tech_agent):
    """Nothing is lost: an unreachable SMS service leaves its messages pending; mail still goes."""
    by_phone = open_by(get_or_create_contact_by_phone("0969297579"), technical, Channel.SMS)
    by_mail = open_by(get_or_create_contact("khach@example.com"), technical, Channel.EMAIL)
    RecordingSmsSender.failure = ConnectionRefusedError("gateway down")
    assert deliver_due() == 1
    assert [m.to for m in mail.outbox] == [["khach@example.com"]]
    sms = OutboundMessage.objects.get(ticket=by_phone)
    assert (sms.status, sms.attempts, sms.deferrals) == (OutboundStatus.PENDING, 0, 1)
    assert "gateway down" in sms.last_error
    assert OutboundMessage.objects.get(ticket=by_mail).status == OutboundStatus.SENT

    RecordingSmsSender.failure = None
    OutboundMessage.objects.filter(pk=sms.pk).update(next_attempt_at=sms.created_at)
    assert deliver_due() == 1
    assert [s.to for s in RecordingSmsSender.sent] == ["+84969297579"]


def test_a_contact_with_no_address_at_all_is_not_told_and_the_ticket_stands(technical, tech_agent):
    from hotro.accounts.services import get_or_create_contact_by_visitor

    visitor = get_or_create_contact_by_visitor("v-3f2a9c", name="Khách")
    ticket = open_by(visitor, technical, Channel.CHAT)
    services.add_agent_reply(ticket, tech_agent, "Bạn cho mình xin email nhé.")
    assert not OutboundMessage.objects.exists()
    assert ticket.messages.count() == 2

"""SMS to the hotline (P7) through the gateways' own HTTP shapes: signed webhooks in, REST API out."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest

from hotro.accounts.services import find_contact
from hotro.core.models import OutboundMessage, OutboundStatus
from hotro.desk import services
from hotro.desk.models import Channel, Status, Ticket
from hotro.phone.models import InboundSms, SmsOptOut, SmsStatus
from hotro.phone.signatures import signed_headers, twilio_signature

TOKEN = "twilio-test-token"
PUBLIC = "https://desk.example"
TWILIO = "/hooks/sms/twilio/"
GENERIC = "/hooks/sms/generic/"


@pytest.fixture(autouse=True)
def _gateways(settings, provider_defaults):
    settings.HOTRO_TWILIO_AUTH_TOKEN = TOKEN
    settings.HOTRO_PUBLIC_URL = PUBLIC
    settings.HOTRO_SMS_HMAC_SECRET = "generic-secret"


def twilio_post(client, path: str = TWILIO, *, signature: str | None = None, **form: str):
    signed = signature if signature is not None else twilio_signature(PUBLIC + path, list(form.items()), TOKEN)
    return client.post(
        path, urlencode(form), content_type="application/x-www-form-urlencoded", HTTP_X_TWILIO_SIGNATURE=signed
    )


SECRET = "generic-secret"


def signed(body: bytes, secret: str = SECRET, **kwargs: float) -> dict[str, str]:
    """``X-Hotro-Timestamp`` and ``X-Hotro-Signature`` as the test client takes them."""
    return {
        "HTTP_" + name.upper().replace("-", "_"): value
        for name, value in signed_headers(body, secret, **kwargs).items()
    }


def sms(client, body: str, *, sid: str = "SM1", sender: str = "0969 297 579"):
    return twilio_post(client, MessageSid=sid, From=sender, To="+84969297579", Body=body)


def test_an_sms_from_an_unknown_number_opens_a_sales_ticket_and_is_acknowledged_by_sms(client):
    """P7: SMS to the hotline are accepted; the hotline belongs to Sales & Accounting; P1: ask for an email."""
    response = sms(client, "Cho mình hỏi giá VPS 4GB?")
    assert response.status_code == 200 and b"<Response>" in response.content
    ticket = Ticket.objects.get()
    assert (ticket.channel, ticket.department.slug, ticket.subject) == (
        Channel.SMS,
        "sales",
        "Cho mình hỏi giá VPS 4GB?",
    )
    contact = ticket.requester
    assert (contact.phone, contact.email) == ("+84969297579", "")
    stored = InboundSms.objects.get()
    assert (stored.status, stored.ticket, stored.provider_id) == (SmsStatus.PROCESSED, ticket, "SM1")
    assert b"Body=" in stored.raw_bytes  # the request as received
    ack = OutboundMessage.objects.get(ticket=ticket)
    assert (ack.channel, ack.to, ack.kind) == ("sms", "+84969297579", "desk/ticket_opened")


def test_a_second_sms_joins_the_open_ticket_and_an_email_in_it_fills_in_the_contact(client):
    sms(client, "VPS của tôi bị treo", sid="SM1")
    sms(client, "email mình là minh@example.com nhé", sid="SM2")
    ticket = Ticket.objects.get()
    assert [m.body_text for m in ticket.messages.order_by("pk")] == [
        "VPS của tôi bị treo",
        "email mình là minh@example.com nhé",
    ]
    assert find_contact("email", "minh@example.com") == ticket.requester


def test_a_closed_ticket_is_not_joined(client, sales_agent):
    sms(client, "Hỏi về hoá đơn", sid="SM1")
    services.close_ticket(Ticket.objects.get(), sales_agent)
    sms(client, "Câu hỏi khác", sid="SM2")
    assert Ticket.objects.count() == 2


def test_the_same_delivery_twice_creates_nothing_twice(client):
    assert sms(client, "Xin chào", sid="SMdup").status_code == 200
    assert sms(client, "Xin chào", sid="SMdup").status_code == 200
    assert (InboundSms.objects.count(), Ticket.objects.count()) == (1, 1)


@pytest.mark.parametrize("signature", ["", "bm90LXRoZS1zaWduYXR1cmU=", "forged"])
def test_forged_or_unsigned_sms_get_403_and_store_nothing(client, signature):
    response = twilio_post(client, signature=signature, MessageSid="SM9", From="0969297579", Body="hi")
    assert response.status_code == 403
    assert not InboundSms.objects.exists() and not Ticket.objects.exists()


def test_a_signature_for_another_url_is_refused(client):
    form = {"MessageSid": "SM9", "From": "0969297579", "Body": "hi"}
    wrong = twilio_signature("https://other.example" + TWILIO, list(form.items()), TOKEN)
    assert twilio_post(client, signature=wrong, **form).status_code == 403
    assert not InboundSms.objects.exists()


def test_without_a_configured_token_everything_is_refused(client, settings):
    settings.HOTRO_TWILIO_AUTH_TOKEN = ""
    assert sms(client, "hi").status_code == 403


def test_a_signed_request_missing_fields_gets_400_and_stores_nothing(client):
    assert twilio_post(client, MessageSid="SM9", Body="no sender").status_code == 400
    assert not InboundSms.objects.exists()


@pytest.mark.parametrize("word", ["STOP", "Hủy", "tu chối"])
def test_stop_words_opt_the_number_out_and_no_sms_goes_to_it(client, word, sales_agent):
    sms(client, "Giá tên miền .vn?", sid="SM1")
    ticket = Ticket.objects.get()
    sms(client, word, sid="SM2")
    assert SmsOptOut.objects.filter(number="+84969297579").exists()
    assert InboundSms.objects.get(provider_id="SM2").status == SmsStatus.OPTED_OUT
    assert ticket.messages.count() == 1  # a keyword is not a message to the desk
    services.add_agent_reply(ticket, sales_agent, "Giá là 250.000đ/năm.")
    from hotro.core.outbound.delivery import deliver_due

    deliver_due()
    reply = OutboundMessage.objects.get(ticket=ticket, kind="desk/agent_reply")
    assert reply.status == OutboundStatus.FAILED and "STOP" in reply.last_error
    sms(client, "START", sid="SM3")
    assert not SmsOptOut.objects.exists()


def test_the_generic_gateway_is_signed_with_hmac_sha256(client):
    body = json.dumps({"id": "g-1", "from": "84969297579", "to": "+84969297579", "text": "Tư vấn hosting"}).encode()
    good = client.post(GENERIC, body, content_type="application/json", **signed(body))
    assert good.status_code == 204
    assert Ticket.objects.get().requester.phone == "+84969297579"
    forged = client.post(GENERIC, body, content_type="application/json", HTTP_X_HOTRO_SIGNATURE="0" * 64)
    assert forged.status_code == 403
    bad = b"{not json"
    malformed = client.post(GENERIC, bad, content_type="application/json", **signed(bad))
    assert malformed.status_code == 400
    assert InboundSms.objects.count() == 1


def test_a_failing_sms_is_kept_in_the_failed_list_and_retried(client, settings, admin_agent, client_for):
    settings.HOTRO_SMS_DEPARTMENT = "no-such-department"
    assert sms(client, "Hỏi giá", sid="SMf").status_code == 200  # the gateway must not deliver it again
    stored = InboundSms.objects.get()
    assert stored.status == SmsStatus.FAILED and "DeskError" in stored.error
    assert "Hỏi giá" in client_for(admin_agent).get("/console/failed/").content.decode()
    settings.HOTRO_SMS_DEPARTMENT = "sales"
    client_for(admin_agent).post(f"/console/failed/sms/{stored.pk}/retry/")
    stored.refresh_from_db()
    assert stored.status == SmsStatus.PROCESSED and Ticket.objects.count() == 1


def test_sms_tickets_are_seen_only_by_agents_of_their_department(client, client_for, sales_agent, tech_agent):
    sms(client, "Hỏi giá", sid="SM1")
    number = Ticket.objects.get().number
    assert client_for(sales_agent).get(f"/console/tickets/{number}/").status_code == 200
    assert client_for(tech_agent).get(f"/console/tickets/{number}/").status_code == 404
    assert Ticket.objects.get().status == Status.NEW


def test_an_sms_stored_but_never_processed_is_picked_up_by_the_scheduler(technical):
    """Nothing received is lost: the process died between storing and processing."""
    from datetime import timedelta

    from django.utils import timezone

    from hotro.phone.ingest import Received, process_received, store_sms

    stored, created = store_sms(Received("twilio", "SMlost", "0969297579", "+84969297579", "Còn đó không?", b"raw"))
    assert created and stored.status == SmsStatus.RECEIVED
    assert process_received() == 0  # fresh: left to the request that stored it
    InboundSms.objects.filter(pk=stored.pk).update(received_at=timezone.now() - timedelta(minutes=5))
    assert process_received() == 1
    stored.refresh_from_db()
    assert stored.status == SmsStatus.PROCESSED and stored.ticket.subject == "Còn đó không?"

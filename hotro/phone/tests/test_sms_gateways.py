"""SMS out through a gateway's own API, served by a local HTTP server that speaks it (no gateway runs here)."""

from __future__ import annotations

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode

import pytest

from hotro.accounts.services import get_or_create_contact_by_phone
from hotro.core.models import OutboundMessage, OutboundStatus
from hotro.core.outbound.delivery import deliver_due
from hotro.desk import services
from hotro.desk.models import Channel
from hotro.phone.signatures import generic_signature, twilio_signature


class FakeGateway:
    """Answers like Twilio's Messages API (or a generic JSON gateway); ``fail_first`` 5xx answers first."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, dict[str, str], bytes]] = []
        self.fail_first = 0
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                gateway.requests.append((self.path, dict(self.headers), body))
                if gateway.fail_first:
                    gateway.fail_first -= 1
                    self.send_response(503)
                    self.end_headers()
                    self.wfile.write(b'{"message": "busy"}')
                    return
                answer = {
                    "sid": f"SM{len(gateway.requests):032d}",
                    "id": f"g-{len(gateway.requests)}",
                    "status": "queued",
                }
                payload = json.dumps(answer).encode()
                self.send_response(201)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gateway():
    served = FakeGateway()
    yield served
    served.close()


@pytest.fixture
def sms_ticket(technical):
    contact = get_or_create_contact_by_phone("0969297579", name="Anh Minh")
    return services.open_ticket(
        requester=contact, department=technical, subject="VPS", body="VPS mất mạng", channel=Channel.SMS
    )


@pytest.fixture
def twilio(settings, gateway):
    settings.HOTRO_OUTBOUND_SENDERS = {**settings.HOTRO_OUTBOUND_SENDERS, "sms": "hotro.phone.gateways.TwilioSender"}
    settings.HOTRO_TWILIO_API_BASE = gateway.url
    settings.HOTRO_TWILIO_ACCOUNT_SID = "AC123"
    settings.HOTRO_TWILIO_AUTH_TOKEN = "tok"
    settings.HOTRO_PUBLIC_URL = "https://desk.example"
    return gateway


def make_due() -> None:
    OutboundMessage.objects.filter(status=OutboundStatus.PENDING).update(next_attempt_at="2000-01-01T00:00:00Z")


def test_an_agent_reply_goes_out_through_twilios_api_and_its_delivery_is_reported(
    twilio, sms_ticket, tech_agent, client
):
    services.add_agent_reply(sms_ticket, tech_agent, "Đã khởi động lại VPS.")
    assert deliver_due() == 2  # the acknowledgement and the reply
    path, headers, body = twilio.requests[-1]
    assert path == "/2010-04-01/Accounts/AC123/Messages.json"
    assert headers["Authorization"] == "Basic " + base64.b64encode(b"AC123:tok").decode()
    form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
    assert form["To"] == "+84969297579" and form["From"] == "+84969297579"
    assert "Đã khởi động lại VPS." in form["Body"]
    assert form["StatusCallback"] == "https://desk.example/hooks/sms/twilio/status/"
    reply = OutboundMessage.objects.get(kind="desk/agent_reply")
    assert reply.status == OutboundStatus.SENT and reply.provider_id.startswith("SM")

    report = {"MessageSid": reply.provider_id, "MessageStatus": "delivered"}
    signature = twilio_signature("https://desk.example/hooks/sms/twilio/status/", list(report.items()), "tok")
    response = client.post(
        "/hooks/sms/twilio/status/",
        urlencode(report),
        content_type="application/x-www-form-urlencoded",
        HTTP_X_TWILIO_SIGNATURE=signature,
    )
    assert response.status_code == 204
    reply.refresh_from_db()
    assert reply.delivery_status == "delivered"
    forged = client.post(
        "/hooks/sms/twilio/status/",
        urlencode({**report, "MessageStatus": "failed"}),
        content_type="application/x-www-form-urlencoded",
        HTTP_X_TWILIO_SIGNATURE=signature,
    )
    assert forged.status_code == 403
    reply.refresh_from_db()
    assert reply.delivery_status == "delivered"


def test_a_gateway_answering_5xx_is_waited_out_and_the_sms_sent_once(twilio, sms_ticket):
    twilio.fail_first = 2
    assert deliver_due() == 0
    row = OutboundMessage.objects.get()
    assert (row.status, row.attempts, row.deferrals) == (OutboundStatus.PENDING, 0, 1)
    assert "503" in row.last_error
    make_due()
    assert deliver_due() == 0
    make_due()
    assert deliver_due() == 1
    assert len(twilio.requests) == 3
    assert OutboundMessage.objects.get().status == OutboundStatus.SENT


def test_the_generic_gateway_gets_signed_json(settings, gateway, sms_ticket):
    settings.HOTRO_OUTBOUND_SENDERS = {
        **settings.HOTRO_OUTBOUND_SENDERS,
        "sms": "hotro.phone.gateways.GenericJsonSender",
    }
    settings.HOTRO_SMS_GENERIC_URL = gateway.url + "/send"
    settings.HOTRO_SMS_HMAC_SECRET = "s3cret"
    assert deliver_due() == 1
    path, headers, body = gateway.requests[-1]
    assert path == "/send" and headers["X-Hotro-Signature"] == generic_signature(
        body, "s3cret", headers["X-Hotro-Timestamp"]
    )
    sent = json.loads(body)
    assert sent["to"] == "+84969297579" and sms_ticket.number in sent["text"]
    assert OutboundMessage.objects.get().provider_id == "g-1"


def test_the_ticket_page_shows_what_became_of_each_sms_reply(twilio, sms_ticket, tech_agent, client, client_for):
    """P7: the agent sees per message whether the SMS went out and whether the gateway delivered it."""
    reply = services.add_agent_reply(sms_ticket, tech_agent, "Đã khởi động lại VPS.")
    agent = client_for(tech_agent)
    page = agent.get(f"/console/tickets/{sms_ticket.number}/").content.decode()
    article = page.split(f'id="message-{reply.pk}"')[1].split("</article>")[0]
    assert 'class="delivery' in article and "+84969297579" in article

    deliver_due()
    row = OutboundMessage.objects.get(ticket_message=reply)
    before = agent.get(f"/console/tickets/{sms_ticket.number}/").content.decode()
    report = {"MessageSid": row.provider_id, "MessageStatus": "delivered"}
    signature = twilio_signature("https://desk.example/hooks/sms/twilio/status/", list(report.items()), "tok")
    client.post(
        "/hooks/sms/twilio/status/",
        urlencode(report),
        content_type="application/x-www-form-urlencoded",
        HTTP_X_TWILIO_SIGNATURE=signature,
    )
    after = agent.get(f"/console/tickets/{sms_ticket.number}/").content.decode()
    assert "đã gửi đi" in before and "đã đến máy khách hàng" in after  # sent, then delivered (the agent reads vi)
    first = OutboundMessage.objects.get(kind="desk/ticket_opened")
    assert first.ticket_message is not None and first.ticket_message.pk != reply.pk

"""Outgoing webhooks against a real HTTP receiver on 127.0.0.1: signed, retried, logged, disabled when dead."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail

from hotro.api.models import WebhookDelivery, WebhookEvent, WebhookSubscription
from hotro.api.webhooks import signing
from hotro.core.models import OutboundMessage, OutboundStatus
from hotro.core.outbound.delivery import deliver
from hotro.desk import services

pytestmark = pytest.mark.django_db
SECRET = "whsec-test-only"


class Receiver:
    """A local endpoint that records each POST and answers with ``status``."""

    def __init__(self) -> None:
        self.requests: list[tuple[dict[str, str], bytes]] = []
        self.status = 200
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                self.send_response(receiver.status)
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/hotro"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def events(self) -> list[dict]:
        return [json.loads(body) for _headers, body in self.requests]


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.server.shutdown()
    server.server.server_close()


@pytest.fixture
def subscription(receiver) -> WebhookSubscription:
    return WebhookSubscription.objects.create(
        name="CRM", url=receiver.url, secret=SECRET, events=[e.value for e in WebhookEvent]
    )


def deliver_webhooks() -> None:
    for pk in (
        OutboundMessage.objects.filter(channel="webhook", status=OutboundStatus.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)
    ):
        deliver(pk)


def test_events_arrive_signed(subscription, receiver, make_ticket, contact_a, tech_agent):
    ticket = make_ticket(contact_a)
    services.assign(ticket, tech_agent, tech_agent)
    services.add_agent_reply(ticket, tech_agent, "Đã xử lý xong.")
    deliver_webhooks()
    events = [e["event"] for e in receiver.events()]
    assert events[0] == "ticket.opened"
    assert {"ticket.assigned", "ticket.status_changed", "message.added"} <= set(events)
    for headers, body in receiver.requests:
        assert signing.verify(SECRET, headers["X-Hotro-Signature"], body, now=int(time.time()))
        assert not signing.verify("wrong", headers["X-Hotro-Signature"], body, now=int(time.time()))
        assert headers["X-Hotro-Event"] == json.loads(body)["event"]
    opened = receiver.events()[0]
    assert opened["ticket"]["number"] == ticket.number and opened["message"]["body_text"].startswith("Máy chủ")
    assert WebhookDelivery.objects.filter(subscription=subscription, ok=True).count() == len(receiver.requests)


def test_internal_notes_are_never_sent(subscription, receiver, make_ticket, contact_a, tech_agent):
    ticket = make_ticket(contact_a)
    services.add_internal_note(ticket, tech_agent, "bí mật nội bộ")
    deliver_webhooks()
    assert all(b"b\\u00ed m\\u1eadt" not in body and "bí mật".encode() not in body for _h, body in receiver.requests)
    assert [e["event"] for e in receiver.events()] == ["ticket.opened"]


def test_only_subscribed_events_and_departments(receiver, make_ticket, contact_a, sales, technical):
    only_sales = WebhookSubscription.objects.create(
        name="billing", url=receiver.url, secret=SECRET, events=["ticket.opened"], all_departments=False
    )
    only_sales.departments.set([sales])
    make_ticket(contact_a, technical)
    make_ticket(contact_a, sales)
    deliver_webhooks()
    assert [e["ticket"]["department"] for e in receiver.events()] == ["sales"]


def test_a_failure_is_logged_and_retried_with_backoff(subscription, receiver, make_ticket, contact_a):
    receiver.status = 503
    make_ticket(contact_a)
    row = OutboundMessage.objects.get(channel="webhook")
    deliver(row.pk)
    row.refresh_from_db()
    assert row.status == OutboundStatus.PENDING and row.attempts == 1 and row.next_attempt_at > row.created_at
    log = WebhookDelivery.objects.get(subscription=subscription)
    assert (log.status_code, log.ok, log.error) == (503, False, "HTTP 503")
    # Retried later with the same id, and taken this time.
    receiver.status = 204
    OutboundMessage.objects.filter(pk=row.pk).update(next_attempt_at=row.created_at)
    deliver(row.pk)
    row.refresh_from_db()
    assert row.status == OutboundStatus.SENT
    ids = {e["id"] for e in receiver.events()}
    assert ids == {str(row.pk)}
    subscription.refresh_from_db()
    assert subscription.consecutive_failures == 0


def test_a_dead_receiver_is_disabled_and_the_admins_told(
    subscription, receiver, make_ticket, contact_a, admin_agent, settings
):
    settings.HOTRO_WEBHOOK_DISABLE_AFTER = 3
    receiver.status = 500
    for _ in range(3):
        make_ticket(contact_a)
    deliver_webhooks()
    subscription.refresh_from_db()
    assert not subscription.active and subscription.disabled_at is not None
    alert = OutboundMessage.objects.get(channel="email", kind="api/webhook_disabled")
    assert alert.to == admin_agent.email
    deliver(alert.pk)
    assert "CRM" in mail.outbox[-1].subject
    # Nothing more is sent to it.
    make_ticket(contact_a)
    deliver_webhooks()
    assert len(receiver.requests) == 3


def test_an_unreachable_receiver_counts_as_a_failure(subscription, make_ticket, contact_a):
    WebhookSubscription.objects.filter(pk=subscription.pk).update(url="http://127.0.0.1:9/nothing")
    make_ticket(contact_a)
    deliver_webhooks()
    log = WebhookDelivery.objects.get()
    assert log.status_code is None and log.error

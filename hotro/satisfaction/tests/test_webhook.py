"""``csat.received`` for the API's webhooks: one outbox row per subscription, in the rating's transaction."""

from __future__ import annotations

import json

from hotro.api.models import WebhookEvent, WebhookSubscription
from hotro.core.models import OutboundMessage
from hotro.core.outbound.testing import rendered
from hotro.satisfaction import services as satisfaction


def test_a_rating_is_announced_to_subscribers_of_csat_received(resolved_ticket, contact_a, tech_agent):
    WebhookSubscription.objects.create(
        name="CRM", url="http://127.0.0.1:9/hook", secret="s" * 32, events=[WebhookEvent.CSAT_RECEIVED.value]
    )
    WebhookSubscription.objects.create(
        name="Other", url="http://127.0.0.1:9/other", secret="s" * 32, events=[WebhookEvent.TICKET_OPENED.value]
    )
    satisfaction.rate(resolved_ticket, contact_a, "bad", "Chậm.")
    satisfaction.rate(resolved_ticket, contact_a, "okay")

    rows = list(rendered().filter(channel="webhook").order_by("pk"))
    assert [r.kind for r in rows] == ["csat.received", "csat.received"]
    first, second = (json.loads(r.body_text) for r in rows)
    assert first["ticket"]["number"] == resolved_ticket.number
    assert first["rating"]["score"] == "bad" and first["rating"]["comment"] == "Chậm."
    assert first["rating"]["agent"] == {"id": tech_agent.pk, "email": tech_agent.email}
    assert first["rating"]["department"] == "technical" and first["previous"] is None
    assert (second["rating"]["score"], second["previous"]) == ("okay", "bad")


def test_no_subscriber_no_row(resolved_ticket, contact_a):
    satisfaction.rate(resolved_ticket, contact_a, "good")
    assert not OutboundMessage.objects.filter(channel="webhook").exists()

"""The outbox's ``webhook`` channel: render the event's JSON once, sign and POST it on each attempt.

Retries and their backoff are the outbox's (``hotro.core.outbound.delivery``): every failure
counts as an attempt, so a receiver that is down is retried at 30 s, 1 min, 2 min … up to an
hour apart until ``HOTRO_OUTBOX_MAX_ATTEMPTS``. Each attempt is written to the subscription's
delivery log; ``HOTRO_WEBHOOK_DISABLE_AFTER`` failures in a row disable the subscription and
mail the administrators. Failures are never ``OSError``s to the outbox, so one dead receiver
does not make it skip every other subscription's deliveries for the rest of its run.
"""

from __future__ import annotations

import json
import logging
import time
import urllib.error
import urllib.request
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from hotro.accounts.models import Role, User
from hotro.api import schemas
from hotro.api.models import WebhookDelivery, WebhookSubscription
from hotro.api.webhooks import signing
from hotro.api.webhooks.subscriptions import CHANNEL, kept, subscription_pk
from hotro.core.models import OutboundMessage
from hotro.core.outbound import queue_outbound
from hotro.core.outbound.senders import Rendered
from hotro.desk.models import Message, Ticket

logger = logging.getLogger(__name__)
USER_AGENT = "Hotro-Webhooks/1"


class WebhookFailed(Exception):
    """The receiver did not take the event (an error status, a timeout, a refused connection)."""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirected POST would arrive as a GET without its body: report the 3xx as a failure instead."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def payload(message: OutboundMessage, context: dict[str, Any]) -> dict[str, Any]:
    """The event as receivers get it: the ticket in the API's shape, and the public message when there is one."""
    ticket: Ticket = context["ticket"]
    ticket = Ticket.objects.select_related("department", "category", "requester", "assignee").get(pk=ticket.pk)
    data = dict(context.get("data") or {})
    body: dict[str, Any] = {
        "id": str(message.pk),  # the same on every retry: receivers drop duplicates by it
        "event": message.kind,
        "occurred_at": context["occurred_at"].isoformat(),
        "ticket": schemas.ticket_out(ticket).model_dump(mode="json"),
    }
    message_pk = data.pop("message", None)
    if message_pk is not None:
        found = Message.objects.filter(pk=message_pk, ticket=ticket, internal=False).first()
        body["message"] = schemas.message_out(found).model_dump(mode="json") if found else None
    body.update(data)
    return body


class WebhookSender:
    def prepare(self, message: OutboundMessage, *, automatic: bool, reply_to_message_id: str) -> None:
        return None

    def render(self, message: OutboundMessage, context: dict[str, Any]) -> Rendered:
        return Rendered(subject=message.kind, text=json.dumps(payload(message, context), ensure_ascii=False))

    def session(self) -> AbstractContextManager[Any]:
        return nullcontext()

    def is_transient(self, error: Exception) -> bool:
        return False  # every failure counts: the subscription's own failure count decides when to stop

    def send(self, message: OutboundMessage, session: Any) -> str:
        pk = subscription_pk(message.to)
        subscription = WebhookSubscription.objects.filter(pk=pk, active=True).first() if pk is not None else None
        if subscription is None:
            raise WebhookFailed("The subscription was deleted or disabled.")
        body = message.body_text.encode()
        request = urllib.request.Request(  # noqa: S310 - an administrator's configured https/http URL
            subscription.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "User-Agent": USER_AGENT,
                "X-Hotro-Event": message.kind,
                "X-Hotro-Delivery": str(message.pk),
                signing.HEADER: signing.header_value(subscription.secret, int(time.time()), body),
            },
        )
        started = time.monotonic()
        status: int | None = None
        error = ""
        try:
            with _opener.open(request, timeout=settings.HOTRO_WEBHOOK_TIMEOUT) as response:
                status = response.status
        except urllib.error.HTTPError as refused:
            status = refused.code
        except (OSError, ValueError) as failed:  # URLError, timeouts, refused connections, a bad URL
            error = f"{type(failed).__name__}: {failed}"[:500]
        ok = status is not None and 200 <= status < 300
        WebhookDelivery.objects.create(
            subscription=subscription,
            outbound_id=message.pk,
            event=message.kind,
            status_code=status,
            ok=ok,
            error=error or ("" if ok else f"HTTP {status}"),
            duration_ms=int((time.monotonic() - started) * 1000),
        )
        if ok:
            if subscription.consecutive_failures:
                WebhookSubscription.objects.filter(pk=subscription.pk).update(consecutive_failures=0)
            return ""
        record_failure(subscription, error or f"HTTP {status}")
        raise WebhookFailed(error or f"HTTP {status}")


def record_failure(subscription: WebhookSubscription, error: str) -> bool:
    """Count a failure; the one that reaches the limit disables the subscription and alerts. True when it did."""
    WebhookSubscription.objects.filter(pk=subscription.pk).update(consecutive_failures=F("consecutive_failures") + 1)
    failures = WebhookSubscription.objects.values_list("consecutive_failures", flat=True).get(pk=subscription.pk)
    if failures < settings.HOTRO_WEBHOOK_DISABLE_AFTER:
        return False
    # Only one worker wins the switch, so the administrators get one mail.
    won = WebhookSubscription.objects.filter(pk=subscription.pk, active=True).update(
        active=False, disabled_at=timezone.now()
    )
    if not won:
        return False
    kept.changed()
    logger.error("Webhook subscription %s disabled after %s failures in a row", subscription.pk, failures)
    for admin in administrators():
        queue_outbound(
            channel="email",
            to=admin.email,
            kind="api/webhook_disabled",
            context={"subscription": subscription, "failures": failures, "last_error": error[:300]},
            language=admin.language,
            time_zone=admin.timezone,
        )
    return True


def administrators() -> list[User]:
    return list(
        User.objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(agent__role=Role.ADMIN, agent__active=True))
        .exclude(email="")
        .distinct()
    )


def suppressed_reason(to: str) -> str:
    """The outbox asks before each delivery: a disabled subscription's rows fail at once instead of retrying."""
    pk = subscription_pk(to)
    if pk is None or not WebhookSubscription.objects.filter(pk=pk, active=True).exists():
        return "the webhook subscription is disabled or deleted"
    return ""


__all__ = ["CHANNEL", "WebhookSender", "record_failure", "suppressed_reason"]

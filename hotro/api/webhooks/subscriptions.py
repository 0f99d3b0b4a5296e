"""Which subscriptions hear an event, and the outbox rows that tell them.

Subscriptions are read on every desk change, so each process keeps them (``Kept``, dropped
when one is saved). Queuing writes one small row per subscription in the desk's transaction:
the payload is built and signed by the worker (``sender``), never here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from hotro.api.models import WebhookSubscription
from hotro.core.kept import Kept
from hotro.core.outbound import queue_outbound
from hotro.desk.models import Ticket

CHANNEL = "webhook"
kept = Kept("api-webhook-subscriptions")


@dataclass(frozen=True)
class Listener:
    pk: int
    events: frozenset[str]
    departments: frozenset[int] | None  # None: every department


def _load() -> list[Listener]:
    rows = WebhookSubscription.objects.filter(active=True).prefetch_related("departments")
    return [
        Listener(
            pk=s.pk,
            events=frozenset(s.events),
            departments=None if s.all_departments else frozenset(d.pk for d in s.departments.all()),
        )
        for s in rows
    ]


def listeners(event: str, ticket: Ticket) -> list[Listener]:
    return [
        listener
        for listener in kept.get("active", _load)
        if event in listener.events and (listener.departments is None or ticket.department_id in listener.departments)
    ]


def address(subscription_pk: int) -> str:
    """The outbox row's ``to``: the subscription's id (its URL and secret are read when sending)."""
    return f"subscription:{subscription_pk}"


def subscription_pk(to: str) -> int | None:
    prefix, _sep, value = to.partition(":")
    return int(value) if prefix == "subscription" and value.isdigit() else None


def announce(event: str, ticket: Ticket, **data: Any) -> int:
    """Queue ``event`` about ``ticket`` for every subscription that wants it; returns how many rows."""
    found = listeners(event, ticket)
    for listener in found:
        queue_outbound(
            channel=CHANNEL,
            to=address(listener.pk),
            kind=event,
            context={"ticket": ticket, "occurred_at": timezone.now(), "data": data},
            language="en",
            ticket=ticket,
        )
    return len(found)

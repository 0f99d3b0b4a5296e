"""The desk's domain events (and the SLA's records) turned into webhook outbox rows; nothing else.

Receivers run inside the desk's transaction: they only write rows, so a receiver that is down
or slow can never hold up or roll back a change. Internal notes are never announced.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save

from hotro.api.models import WebhookEvent
from hotro.api.webhooks.subscriptions import announce
from hotro.desk import events
from hotro.desk.models import Message, Ticket
from hotro.satisfaction import events as satisfaction_events
from hotro.satisfaction.models import Rating
from hotro.sla.models import SlaEvent


def _user(user: Any) -> dict[str, Any] | None:
    return None if user is None else {"id": user.pk, "email": user.email}


def on_ticket_opened(sender: Any, *, ticket: Ticket, message: Message, **kwargs: Any) -> None:
    announce(WebhookEvent.TICKET_OPENED, ticket, message=message.pk)


def on_message_added(sender: Any, *, ticket: Ticket, message: Message, **kwargs: Any) -> None:
    if not message.internal:  # notes stay inside the desk
        announce(WebhookEvent.MESSAGE_ADDED, ticket, message=message.pk)


def on_status_changed(sender: Any, *, ticket: Ticket, previous: str, status: str, **kwargs: Any) -> None:
    announce(WebhookEvent.STATUS_CHANGED, ticket, previous=str(previous), status=str(status))


def on_ticket_assigned(sender: Any, *, ticket: Ticket, previous: Any, assignee: Any, **kwargs: Any) -> None:
    announce(WebhookEvent.ASSIGNED, ticket, previous=_user(previous), assignee=_user(assignee))


def on_sla_event(sender: Any, *, instance: SlaEvent, created: bool, **kwargs: Any) -> None:
    if not created:
        return
    event = WebhookEvent.SLA_BREACHED if instance.kind == "breached" else WebhookEvent.SLA_WARNING
    announce(event, instance.ticket, target=instance.target, due_at=instance.due_at.isoformat())


def on_rating_received(sender: Any, *, rating: Rating, ticket: Ticket, previous: str, **kwargs: Any) -> None:
    """``csat.received``: a customer's satisfaction answer, given or changed (``previous`` is the score before)."""
    announce(
        WebhookEvent.CSAT_RECEIVED,
        ticket,
        rating={
            "score": rating.score,
            "comment": rating.comment,
            "agent": _user(rating.agent),
            "department": rating.department.slug,
            "created_at": rating.created_at.isoformat(),
            "updated_at": rating.updated_at.isoformat(),
        },
        previous=previous or None,
    )


def connect() -> None:
    uid = "hotro.api.webhooks"
    events.ticket_opened.connect(on_ticket_opened, dispatch_uid=f"{uid}.opened")
    events.message_added.connect(on_message_added, dispatch_uid=f"{uid}.message")
    events.status_changed.connect(on_status_changed, dispatch_uid=f"{uid}.status")
    events.ticket_assigned.connect(on_ticket_assigned, dispatch_uid=f"{uid}.assigned")
    post_save.connect(on_sla_event, sender=SlaEvent, dispatch_uid=f"{uid}.sla")
    satisfaction_events.rating_received.connect(on_rating_received, dispatch_uid=f"{uid}.csat")

"""SLA receivers of the desk events (``hotro.desk.events``), so the desk never imports the SLA.

They run inside the desk service's transaction on the locked ticket (a ticket being
opened: before its row is written): due times commit or roll back with the change
that moved them.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from hotro.desk import events
from hotro.desk.models import AuthorKind, Message, Ticket
from hotro.sla import clock


def on_ticket_opening(sender: Any, *, ticket: Ticket, **kwargs: Any) -> None:
    """Due times computed before the ticket's INSERT, and written with it (nothing recorded yet)."""
    clock.start(ticket, recorded=set(), write=False)


def on_targets_changed(sender: Any, *, ticket: Ticket, **kwargs: Any) -> None:
    """A new priority or department brings other targets (and maybe another calendar)."""
    clock.start(ticket)


def on_message_added(sender: Any, *, ticket: Ticket, message: Message, **kwargs: Any) -> None:
    if message.internal:
        return  # a note is not a response: the customer never sees it
    if message.author_kind == AuthorKind.AGENT:
        clock.agent_replied(ticket)
    elif message.author_kind == AuthorKind.CUSTOMER:
        clock.customer_replied(ticket, message.created_at or timezone.now())


def on_status_changed(sender: Any, *, ticket: Ticket, previous: str, status: str, **kwargs: Any) -> None:
    was_stopped, is_stopped = previous in clock.STOPPED_STATUSES, status in clock.STOPPED_STATUSES
    if is_stopped and not was_stopped:
        clock.pause(ticket, timezone.now())
    elif was_stopped and not is_stopped:
        clock.resume(ticket, timezone.now())


def connect() -> None:
    """Called from ``SlaConfig.ready``; the dispatch uids keep a second call harmless."""
    events.ticket_opening.connect(on_ticket_opening, dispatch_uid="hotro.sla.ticket_opening")
    events.priority_changed.connect(on_targets_changed, dispatch_uid="hotro.sla.priority_changed")
    events.ticket_transferred.connect(on_targets_changed, dispatch_uid="hotro.sla.ticket_transferred")
    events.message_added.connect(on_message_added, dispatch_uid="hotro.sla.message_added")
    events.status_changed.connect(on_status_changed, dispatch_uid="hotro.sla.status_changed")

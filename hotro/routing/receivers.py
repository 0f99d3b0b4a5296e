"""Receivers of the desk's events (``hotro.desk.events``).

A new ticket is handed out *after* its opening commits: the choice reads presence and other
tickets and locks the department's pointer, which must not lengthen (or fail) the opening's own
transaction; an error there leaves the ticket in triage, where an agent takes it as before.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from hotro.desk import events
from hotro.desk.models import Ticket
from hotro.routing.models import RoutingMode
from hotro.routing.services import mode_of, route_ticket


def on_ticket_opened(sender: Any, *, ticket: Ticket, **kwargs: Any) -> None:
    if mode_of(ticket.department_id) == RoutingMode.MANUAL:
        return  # the policy's default (P2): nothing to do after commit either
    ticket_id = ticket.pk
    transaction.on_commit(lambda: route_ticket(ticket_id), robust=True)


def connect() -> None:
    """Called from ``RoutingConfig.ready``; the dispatch uid keeps a second call harmless."""
    events.ticket_opened.connect(on_ticket_opened, dispatch_uid="hotro.routing.ticket_opened")

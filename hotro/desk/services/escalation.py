"""Escalation: the system raises a ticket's priority or hands it to a supervisor.

The SLA decides *when* (a breach) and *what* (its policy); the change itself is a
desk change like any other, with its own row lock, audit events and domain events,
so notifications, SLA receivers and the history see an ordinary change by the system.
"""

from __future__ import annotations

from django.db import transaction

from hotro.accounts.models import User
from hotro.desk.models import Priority, Ticket
from hotro.desk.services.assignment import apply_assignee
from hotro.desk.services.audit import record
from hotro.desk.services.rules import locked
from hotro.desk.services.status import apply_priority


def escalate(
    ticket: Ticket, *, raise_priority: bool, supervisor: User | None, reason: str, action: str
) -> tuple[Ticket, list[str]]:
    """Raise the priority one step (an urgent ticket stays urgent) and/or assign ``supervisor``
    (unless they already have it). Returns the ticket as changed under the lock and what was
    done; when something was, one ``action`` audit event lists it."""
    with transaction.atomic():
        ticket = locked(ticket)
        done: list[str] = []
        raised = raise_priority and ticket.priority > Priority.URGENT
        if raised and apply_priority(ticket, Priority(ticket.priority - 1), None, reason=reason):
            done.append("priority_raised")
        if supervisor is not None and ticket.assignee_id != supervisor.pk:
            apply_assignee(ticket, supervisor, None, reason=reason)
            done.append("reassigned_to_supervisor")
        if done:
            record(action, ticket, None, actions=done, reason=reason)
    return ticket, done

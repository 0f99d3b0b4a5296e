"""Who else follows a ticket: the customers copied on it (CCs)."""

from __future__ import annotations

from django.db import transaction

from hotro.accounts.models import Contact
from hotro.desk import events
from hotro.desk.models import Ticket
from hotro.desk.services.audit import Actor, record
from hotro.desk.services.rules import locked


def add_cc(ticket: Ticket, contact: Contact, *, actor: Actor = None, reason: str = "") -> bool:
    """Copy ``contact`` on ``ticket`` (they see it and are told of replies); False when they already follow it.

    ``actor`` is who did it (``None``: the system, e.g. a channel that saw a new person write
    in the thread) and ``reason`` why, for the history. The row lock keeps two channels adding
    the same person at once from writing two audit events.
    """
    with transaction.atomic():
        ticket = locked(ticket)
        if ticket.requester_id == contact.pk or ticket.ccs.filter(pk=contact.pk).exists():
            return False
        ticket.ccs.add(contact)
        record("desk.ticket.cc_added", ticket, actor, contact=contact.pk, email=contact.email, reason=reason)
        events.cc_added.send(sender=Ticket, ticket=ticket, actor=actor, contact=contact, reason=reason)
    return True

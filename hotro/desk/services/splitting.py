"""Splitting one message out of a ticket into a new ticket (the customer raised a second problem).

Decisions: the message is *moved*, not copied (a message belongs to one thread; its attachments follow
it), so both threads together still hold every message once. The new ticket has the same requester,
CCs, department, category, priority and channel; its subject is the agent's or the old one. A ticket
keeps at least one message, and a merged ticket is not split. Both tickets record the split in their
history. The customer is not sent an acknowledgement (they wrote the message already): they hear of
the new ticket with its first reply.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hotro.accounts.models import User
from hotro.desk import events, search
from hotro.desk.errors import DeskError
from hotro.desk.models import Attachment, AuthorKind, Message, Ticket
from hotro.desk.services.audit import record
from hotro.desk.services.rules import locked, require_agent

MAX_SUBJECT = 250


def _subject(raw: str, fallback: str) -> str:
    subject = " ".join((raw or "").split()) or fallback
    if len(subject) > MAX_SUBJECT:
        raise DeskError(_("The subject is too long (at most 250 characters)."), field="subject", code="too_long")
    return subject


def split_message(message: Message, agent: User, *, subject: str = "") -> Ticket:
    """Move ``message`` out of its ticket into a new one; returns the new ticket."""
    with transaction.atomic():
        source = locked(message.ticket)
        require_agent(source, agent)
        if source.merged_into_id is not None:
            raise DeskError(_("A merged ticket cannot be split."), code="merged")
        message = Message.objects.select_for_update().get(pk=message.pk)
        if message.ticket_id != source.pk:
            raise DeskError(_("This message has moved to another ticket meanwhile."), code="moved")
        if not Message.objects.filter(ticket=source).exclude(pk=message.pk).exists():
            raise DeskError(_("A ticket keeps at least one message: this one cannot be split off."), code="only")
        ticket = _new_ticket(source, message, _subject(subject, source.subject))
        Message.objects.filter(pk=message.pk).update(ticket=ticket)
        Attachment.objects.filter(message=message).update(ticket=ticket)
        message.ticket = ticket
        source.save(update_fields=["updated_at"])
        record("desk.ticket.split", source, agent, message=message.pk, into=ticket.pk, number=ticket.number)
        record("desk.ticket.split_from", ticket, agent, message=message.pk, source=source.pk, number=source.number)
        search.rebuild([source.pk, ticket.pk])
        events.ticket_split.send(sender=Ticket, ticket=ticket, actor=agent, source=source, message=message)
    return ticket


def _new_ticket(source: Ticket, message: Message, subject: str) -> Ticket:
    """The new ticket's row, its SLA due times computed first (``ticket_opening``) as for any new ticket."""
    now = timezone.now()
    ticket = Ticket(
        created_at=now,
        subject=subject,
        department=source.department,
        category=source.category,
        priority=source.priority,
        serving_rank=source.serving_rank,
        channel=source.channel,
        requester=source.requester,
        requester_confirmed=source.requester_confirmed,
        last_customer_activity_at=message.created_at if message.author_kind == AuthorKind.CUSTOMER else None,
    )
    events.ticket_opening.send(sender=Ticket, ticket=ticket)
    ticket.save(force_insert=True)
    ccs = list(source.ccs.values_list("pk", flat=True))
    if ccs:
        ticket.ccs.add(*ccs)
    return ticket

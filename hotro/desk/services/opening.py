"""Opening a ticket — the one place every channel (portal, email, chat, SMS, API) creates one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypedDict, Unpack

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hotro.accounts.models import Contact, User
from hotro.desk import events, search
from hotro.desk.errors import DeskError
from hotro.desk.models import Category, Channel, Department, Message, Priority, Ticket
from hotro.desk.services.audit import record
from hotro.desk.services.content import UploadLike, check_attachments, clean_body
from hotro.desk.services.messages import write_message


def _check_choices(department: Department | None, category: Category | None, priority: int, channel: str) -> None:
    if department is None or not department.active:
        raise DeskError(_("Choose a department that accepts tickets."), field="department", code="bad_department")
    if category is not None and (category.department_id != department.pk or not category.active):
        raise DeskError(
            _("This category does not belong to the chosen department."), field="category", code="bad_category"
        )
    if priority not in Priority.values:
        raise DeskError(_("Unknown priority."), field="priority", code="unknown_priority")
    if channel not in Channel.values:
        raise DeskError(_("Unknown channel."), code="unknown_channel")


class OpeningOptions(TypedDict, total=False):
    """What a channel may say about a new ticket besides who, where, what: the defaults are a web ticket."""

    body_html: str
    category: Category | None
    priority: int
    channel: str
    attachments: Sequence[UploadLike]
    ccs: Sequence[Contact]
    opened_by: User | None  # the agent who logged it for the requester
    email_message_id: str
    requester_confirmed: bool  # False: nobody proved they hold the requester's address (confirm_requester)


def open_ticket(
    *, requester: Contact, department: Department | None, subject: str, body: str, **options: Unpack[OpeningOptions]
) -> Ticket:
    """P1: a ticket for ``requester`` in ``department``."""
    ticket, _message = open_ticket_with_message(
        requester=requester, department=department, subject=subject, body=body, **options
    )
    return ticket


def open_ticket_with_message(
    *,
    requester: Contact,
    department: Department | None,
    subject: str,
    body: str,
    body_html: str = "",
    category: Category | None = None,
    priority: int = Priority.NORMAL,
    channel: str = Channel.WEB,
    attachments: Sequence[UploadLike] = (),
    ccs: Sequence[Contact] = (),
    opened_by: User | None = None,
    email_message_id: str = "",
    requester_confirmed: bool = True,
) -> tuple[Ticket, Message]:
    """``open_ticket``, also returning the first message (for a channel that links its own record to it)."""
    subject = " ".join((subject or "").split())
    if not subject:
        raise DeskError(_("The subject is empty."), field="subject", code="empty_subject")
    if len(subject) > 250:
        raise DeskError(_("The subject is too long (at most 250 characters)."), field="subject", code="too_long")
    try:
        priority = int(priority)
    except (TypeError, ValueError):
        raise DeskError(_("Unknown priority."), field="priority", code="unknown_priority") from None
    _check_choices(department, category, priority, channel)
    clean = clean_body(body, body_html)
    check_attachments(attachments)
    assert department is not None
    # No savepoint of its own (two statements fewer for every ticket): every refusal above is
    # raised before the block, and a failure inside is the caller's failure too.
    with transaction.atomic(savepoint=False):
        now = timezone.now()
        ticket = Ticket(
            created_at=now,
            subject=subject,
            department=department,
            category=category,
            priority=priority,
            serving_rank=department.rank,
            channel=channel,
            requester=requester,
            requester_confirmed=requester_confirmed,
            last_customer_activity_at=now,
            # The first message is the requester's own, never an internal note.
            **search.opening_documents(requester, subject, clean.text),
        )
        events.ticket_opening.send(sender=Ticket, ticket=ticket)
        ticket.save(force_insert=True)
        copied = [c for c in ccs if c.pk != requester.pk]
        if copied:
            ticket.ccs.set(copied)
        message = write_message(
            ticket, requester, clean, channel=channel, attachments=attachments, email_message_id=email_message_id
        )
        actor: User | Contact = opened_by or requester
        record(
            "desk.ticket.opened",
            ticket,
            actor,
            department=department.slug,
            category=category.slug if category else None,
            priority=priority,
            channel=channel,
        )
        # ccs: the CC contacts the ticket was opened with, so receivers need not read them back.
        events.ticket_opened.send(sender=Ticket, ticket=ticket, actor=actor, message=message, ccs=copied)
    return ticket, message


def confirm_requester(ticket: Ticket) -> bool:
    """The requester's mailbox answered (its guest link was followed): the ticket joins their account's list.

    True when this call confirmed it; a ticket already confirmed is left alone (no second audit entry).
    """
    with transaction.atomic():
        confirmed = Ticket.objects.filter(pk=ticket.pk, requester_confirmed=False).update(requester_confirmed=True)
        if confirmed:
            record("desk.ticket.requester_confirmed", ticket, ticket.requester)
    ticket.requester_confirmed = True
    return bool(confirmed)

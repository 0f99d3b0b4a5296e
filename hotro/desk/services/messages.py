"""Adding messages to tickets: customer replies, agent replies, internal notes."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hotro.accounts.models import Contact, User
from hotro.desk import events, search
from hotro.desk.errors import DeskError
from hotro.desk.models import AuthorKind, Channel, Message, Status, Ticket
from hotro.desk.services.access import contact_can_see
from hotro.desk.services.audit import record
from hotro.desk.services.content import CleanBody, UploadLike, check_attachments, clean_body
from hotro.desk.services.rules import locked, reopen_window_open, require_agent
from hotro.desk.services.status import apply_status
from hotro.desk.state import can_move


def save_attachments(ticket: Ticket, message: Message, files: Sequence[UploadLike]) -> None:
    from hotro.desk.models import Attachment

    for upload in files:
        Attachment.objects.create(
            ticket=ticket,
            message=message,
            file=upload,
            filename=(upload.name or "file").rsplit("/", 1)[-1][:255],
            content_type=(getattr(upload, "content_type", "") or "application/octet-stream")[:120],
            size=upload.size or 0,
        )


def write_message(
    ticket: Ticket,
    author: User | Contact | None,
    clean: CleanBody,
    *,
    channel: str = Channel.WEB,
    attachments: Sequence[UploadLike] = (),
    internal: bool = False,
    email_message_id: str = "",
) -> Message:
    """The message row and its files; callers have validated, locked and will audit. No author: the system."""
    contact = author if isinstance(author, Contact) else None
    kind = AuthorKind.SYSTEM if author is None else AuthorKind.CUSTOMER if contact else AuthorKind.AGENT
    message = Message.objects.create(
        ticket=ticket,
        author_kind=kind,
        author_contact=contact,
        author_user=author if isinstance(author, User) else None,
        internal=internal,
        channel=channel,
        body_text=clean.text,
        body_html=clean.html,
        email_message_id=email_message_id,
    )
    save_attachments(ticket, message, attachments)
    return message


def add_customer_reply(
    ticket: Ticket,
    contact: Contact,
    body: str,
    *,
    body_html: str = "",
    attachments: Sequence[UploadLike] = (),
    channel: str = Channel.WEB,
    email_message_id: str = "",
) -> Message:
    """P4: the customer adds information to their own ticket; a resolved one reopens.

    A reply to a ticket merged into another goes to that one (the customer follows it too).
    """
    clean = clean_body(body, body_html)
    check_attachments(attachments)
    with transaction.atomic():
        ticket = locked(ticket, document=search.document_field(internal=False))
        if ticket.merged_into_id is not None:  # never a chain: the survivor is one step away
            ticket = locked(Ticket(pk=ticket.merged_into_id), document=search.document_field(internal=False))
        if not contact_can_see(contact, ticket):
            raise DeskError(_("You cannot reply to this ticket."), code="forbidden")
        if not reopen_window_open(ticket):
            raise DeskError(
                _("This ticket is closed and can no longer be reopened; please open a new ticket."),
                code="closed",
            )
        now = timezone.now()
        message = write_message(
            ticket, contact, clean, channel=channel, attachments=attachments, email_message_id=email_message_id
        )
        ticket.last_customer_activity_at = now
        ticket.save(update_fields=["last_customer_activity_at", "updated_at", *search.add_message(ticket, message)])
        record("desk.message.customer_reply", ticket, contact, message=message.pk, channel=channel)
        if ticket.status in (Status.PENDING, Status.RESOLVED, Status.CLOSED):
            apply_status(ticket, Status.OPEN, contact, reason="customer_reply")
        events.message_added.send(sender=Message, ticket=ticket, actor=contact, message=message)
    return message


def add_agent_reply(
    ticket: Ticket,
    agent: User,
    body: str,
    *,
    body_html: str = "",
    attachments: Sequence[UploadLike] = (),
    channel: str = Channel.WEB,
    new_status: str | None = None,
) -> Message:
    """A public reply: the customer sees it and is emailed (P3); the first one meets first response."""
    clean = clean_body(body, body_html)
    check_attachments(attachments)
    with transaction.atomic():
        ticket = locked(ticket, document=search.document_field(internal=False))
        require_agent(ticket, agent)
        target = new_status or (Status.OPEN if ticket.status in (Status.NEW, Status.RESOLVED) else None)
        if target and target != ticket.status and not can_move(ticket.status, target):
            raise DeskError(_("This status change is not allowed."), field="status", code="bad_transition")
        now = timezone.now()
        message = write_message(ticket, agent, clean, channel=channel, attachments=attachments)
        fields = ["last_agent_activity_at", "updated_at", *search.add_message(ticket, message)]
        ticket.last_agent_activity_at = now
        if ticket.first_response_at is None:
            ticket.first_response_at = now
            fields.append("first_response_at")
        ticket.save(update_fields=fields)
        record("desk.message.agent_reply", ticket, agent, message=message.pk, channel=channel)
        events.message_added.send(sender=Message, ticket=ticket, actor=agent, message=message)
        if target and target != ticket.status:
            apply_status(ticket, target, agent, reason="agent_reply")
    return message


def add_internal_note(
    ticket: Ticket,
    agent: User,
    body: str,
    *,
    attachments: Sequence[UploadLike] = (),
) -> Message:
    """Agents-only note; it changes no customer-facing timestamp and is never sent to customers."""
    clean = clean_body(body)
    check_attachments(attachments)
    return _add_note(ticket, agent, clean, attachments=attachments, action="desk.message.internal_note", data={})


def add_system_note(ticket: Ticket, text: str, *, action: str, channel: str = Channel.WEB, **data: object) -> Message:
    """An agents-only note written by the system for a channel (withheld attachments, bounces).

    ``action`` names the audit event (``mail.bounce.received``…) and ``data`` its details, so the
    history says what happened; the text is the system's own, so it is stored as written.
    """
    return _add_note(ticket, None, CleanBody(text=text, html=""), channel=channel, action=action, data=data)


def _add_note(
    ticket: Ticket,
    author: User | None,
    clean: CleanBody,
    *,
    action: str,
    data: dict[str, object],
    channel: str = Channel.WEB,
    attachments: Sequence[UploadLike] = (),
) -> Message:
    with transaction.atomic():
        ticket = locked(ticket, document=search.document_field(internal=True))
        if author is not None:
            require_agent(ticket, author)
        message = write_message(ticket, author, clean, channel=channel, attachments=attachments, internal=True)
        ticket.save(update_fields=["updated_at", *search.add_message(ticket, message)])
        record(action, ticket, author, message=message.pk, **data)
        events.message_added.send(sender=Message, ticket=ticket, actor=author, message=message)
    return message

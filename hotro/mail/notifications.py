"""Ticket notifications (P3): who gets which email when the desk changes.

Receivers of the signals in ``hotro.desk.events``; they run inside the
service's transaction, so each outbox row commits with its change.

Who is mailed:

- customers (the requester and every CC, each in their own language, each with
  their own link): acknowledgement when a ticket is opened (saying when it will
  be handled if it arrived while the department is closed, P12), every public agent
  reply (never an internal note), status changes to pending customer / resolved
  / closed. A customer who closes their own ticket still gets the closing mail:
  it confirms the action and tells them how to reopen. A change to "pending"
  that comes with an agent's reply sends no second mail: the reply is the
  question.
- the assignee: on assignment (unless they assigned it to themselves) and on
  every customer reply.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.functional import lazy

from hotro.accounts.models import Contact, User
from hotro.desk import events
from hotro.desk.models import AuditEvent, AuthorKind, Channel, Message, Status, Ticket
from hotro.desk.services import guest_token
from hotro.hours.display import format_opening
from hotro.hours.errors import HoursError
from hotro.hours.services import calendar_channel_for, describe_availability
from hotro.mail.intake.loops import acknowledgement_allowed
from hotro.mail.outbox import queue_mail

CUSTOMER_STATUSES = (Status.PENDING, Status.RESOLVED, Status.CLOSED)


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str
    language: str
    time_zone: str
    url: str


def portal_url(ticket: Ticket) -> str:
    return f"{settings.SITE_URL}/tickets/{ticket.number}/"


def guest_url(ticket: Ticket, contact: Contact) -> str:
    return f"{settings.SITE_URL}/t/{guest_token(ticket, contact)}/"


def console_url(ticket: Ticket) -> str:
    return f"{settings.SITE_URL}/console/tickets/{ticket.number}/"


def contact_recipient(ticket: Ticket, contact: Contact) -> Recipient:
    """A customer with an account follows the portal; a guest follows a signed link to this ticket."""
    user = contact.user
    if user is not None:
        return Recipient(contact.email, contact.display_name, user.language, user.timezone, portal_url(ticket))
    return Recipient(contact.email, contact.display_name, contact.language, "", guest_url(ticket, contact))


def customer_recipients(ticket: Ticket, ccs: Sequence[Contact] | None = None) -> Iterator[Recipient]:
    """The requester first, then the CCs; one mail per address.

    ``ccs`` is what the caller knows the CCs to be (a ticket just opened); an empty list spares the query.
    """
    seen: set[str] = set()
    copied = ticket.ccs.select_related("user").order_by("pk") if ccs is None or ccs else []
    for contact in [ticket.requester, *copied]:
        if contact.email in seen:
            continue
        seen.add(contact.email)
        yield contact_recipient(ticket, contact)


def agent_recipient(ticket: Ticket, user: User) -> Recipient | None:
    if not user.is_agent or not user.email:
        return None
    return Recipient(user.email, user.display_name, user.language, user.timezone, console_url(ticket))


def mail_customers(ticket: Ticket, template: str, context: dict[str, Any], *, reply_to_message_id: str = "") -> None:
    for recipient in customer_recipients(ticket):
        _queue(recipient, ticket, template, context, reply_to_message_id=reply_to_message_id)


def mail_agent(ticket: Ticket, user: User | None, template: str, context: dict[str, Any]) -> None:
    recipient = agent_recipient(ticket, user) if user is not None else None
    if recipient is not None:
        _queue(recipient, ticket, template, context)


def _queue(
    recipient: Recipient, ticket: Ticket, template: str, context: dict[str, Any], *, reply_to_message_id: str = ""
) -> None:
    queue_mail(
        to=recipient.email,
        template=template,
        context={**context, "ticket": ticket, "recipient_name": recipient.name, "ticket_url": recipient.url},
        language=recipient.language,
        ticket=ticket,
        reply_to_message_id=reply_to_message_id,
        time_zone=recipient.time_zone or None,
    )


def _public_attachments(message: Message) -> list[str]:
    return list(message.attachments.values_list("filename", flat=True))


def handled_from(ticket: Ticket) -> Any:
    """P12: when a ticket arrives while its department is closed, the opening at which it will be
    handled, formatted lazily so each recipient reads it in their own language; ``None`` when open."""
    try:
        channel = calendar_channel_for(ticket.channel)
        available = describe_availability(ticket.department, channel, ticket.created_at)
    except HoursError:
        return None  # no calendar configured: say nothing rather than guess
    if available.open or available.next_opening is None:
        return None
    return lazy(format_opening, str)(available.next_opening)


def on_ticket_opened(sender: Any, *, ticket: Ticket, actor: Any, message: Message, **kwargs: Any) -> None:
    context = {"message": message, "handled_from": handled_from(ticket)}
    for recipient in customer_recipients(ticket, kwargs.get("ccs")):
        # Mail-loop guard (RFC 3834): a ticket opened by email is acknowledged at most N times an hour per address.
        if message.channel == Channel.EMAIL and not acknowledgement_allowed(recipient.email):
            continue
        _queue(recipient, ticket, "desk/ticket_opened", context, reply_to_message_id=message.email_message_id)


def on_message_added(sender: Any, *, ticket: Ticket, actor: Any, message: Message, **kwargs: Any) -> None:
    if message.internal:
        return  # internal notes never reach a customer, by any channel
    if message.author_kind == AuthorKind.AGENT:
        mail_customers(ticket, "desk/agent_reply", {"message": message, "attachments": _public_attachments(message)})
    elif message.author_kind == AuthorKind.CUSTOMER:
        recipient = agent_recipient(ticket, ticket.assignee) if ticket.assignee is not None else None
        if recipient is not None:  # an unassigned ticket's reply mails nobody: no need to list its files
            context = {"message": message, "attachments": _public_attachments(message)}
            _queue(recipient, ticket, "desk/customer_reply", context)


def _status_came_with_reply(ticket: Ticket) -> bool:
    # apply_status writes its audit event right before sending the signal.
    last = AuditEvent.objects.filter(ticket=ticket, action="desk.ticket.status_changed").order_by("-id").first()
    return last is not None and (last.data or {}).get("reason") == "agent_reply"


def on_status_changed(sender: Any, *, ticket: Ticket, actor: Any, previous: str, status: str, **kwargs: Any) -> None:
    if status not in CUSTOMER_STATUSES:
        return
    if status == Status.PENDING and _status_came_with_reply(ticket):
        return
    mail_customers(ticket, "desk/status_changed", {"status": status, "previous": previous})


def on_ticket_assigned(sender: Any, *, ticket: Ticket, actor: Any, assignee: User | None, **kwargs: Any) -> None:
    if assignee is None or (isinstance(actor, User) and actor.pk == assignee.pk):
        return  # nobody to tell, or they did it themselves
    mail_agent(ticket, assignee, "desk/assigned", {"assigned_by": actor})


def connect() -> None:
    """Called from ``MailConfig.ready``; the dispatch uids keep a second call harmless."""
    events.ticket_opened.connect(on_ticket_opened, dispatch_uid="hotro.mail.ticket_opened")
    events.message_added.connect(on_message_added, dispatch_uid="hotro.mail.message_added")
    events.status_changed.connect(on_status_changed, dispatch_uid="hotro.mail.status_changed")
    events.ticket_assigned.connect(on_ticket_assigned, dispatch_uid="hotro.mail.ticket_assigned")

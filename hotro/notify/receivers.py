"""Ticket notifications (P3): who is told what when the desk changes, on which channel.

Receivers of the signals in ``hotro.desk.events``; they run inside the service's
transaction and write one small outbound row per recipient (``dispatch.send``), so
each commits with its change. Nothing is rendered here: the worker renders each
message in its recipient's language after commit.

Who is told:

- customers (the requester and every CC, each in their own language, each with
  their own link, on the ticket's channel — ``dispatch.route``): acknowledgement when a
  ticket is opened (saying when it will be handled if it arrived while the department is
  closed, P12; at most ``HOTRO_MAIL_ACK_LIMIT_PER_HOUR`` an hour per address, ``loops``),
  every public agent reply (never an internal note), status changes to pending customer /
  resolved / closed. A customer who closes their own ticket still gets
  the closing message: it confirms the action and tells them how to reopen. A change to
  "pending" that comes with an agent's reply sends no second message: the reply is the
  question.
- the assignee, by email: on assignment (unless they assigned it to themselves) and on
  every customer reply.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.conf import settings

from hotro.accounts.models import Contact, User
from hotro.core.outbound.context import Deferred
from hotro.desk import events
from hotro.desk.models import AuthorKind, Message, Status, Ticket
from hotro.hours.errors import HoursError
from hotro.hours.services import calendar_channel_for, describe_availability
from hotro.notify.dispatch import Recipient, agent_recipient, contact_recipient, send
from hotro.notify.loops import acknowledgement_allowed

CUSTOMER_STATUSES = (Status.PENDING, Status.RESOLVED, Status.CLOSED)


def customer_recipients(ticket: Ticket, ccs: Sequence[Contact] | None = None) -> Iterator[Recipient]:
    """The requester first, then the CCs; one message per address.

    ``ccs`` is what the caller knows the CCs to be (a ticket just opened); an empty list spares the query.
    """
    seen: set[str] = set()
    copied = ticket.ccs.select_related("user").order_by("pk") if ccs is None or ccs else []
    for contact in [ticket.requester, *copied]:
        recipient = contact_recipient(ticket, contact)
        if recipient is None or recipient.address in seen:
            continue
        seen.add(recipient.address)
        yield recipient


def tell_customers(ticket: Ticket, kind: str, context: dict[str, Any]) -> None:
    for recipient in customer_recipients(ticket):
        send(recipient, ticket, kind, context)


def tell_agent(ticket: Ticket, user: User | None, kind: str, context: dict[str, Any]) -> None:
    recipient = agent_recipient(ticket, user) if user is not None else None
    if recipient is not None:
        send(recipient, ticket, kind, context)


def _public_attachments(message: Message) -> list[str]:
    return list(message.attachments.values_list("filename", flat=True))


def handled_from(ticket: Ticket) -> Deferred | None:
    """P12: when a ticket arrives while its department is closed, the opening at which it will be
    handled, formatted when rendered so each recipient reads it in their own language; ``None`` when open."""
    try:
        channel = calendar_channel_for(ticket.channel)
        available = describe_availability(ticket.department, channel, ticket.created_at)
    except HoursError:
        return None  # no calendar configured: say nothing rather than guess
    if available.open or available.next_opening is None:
        return None
    return Deferred("hotro.hours.display:format_opening", (available.next_opening,))


def on_ticket_opened(sender: Any, *, ticket: Ticket, actor: Any, message: Message, **kwargs: Any) -> None:
    context = {"message": message, "handled_from": handled_from(ticket)}
    for recipient in customer_recipients(ticket, kwargs.get("ccs")):
        # At most N acknowledgements an hour per address, whatever the channel: a mail or SMS loop (RFC 3834)
        # is one reason, a stranger typing a victim's address into the portal's form another (issue 14).
        if not acknowledgement_allowed(recipient.address):
            continue
        send(recipient, ticket, "desk/ticket_opened", context, reply_to_message_id=message.email_message_id)


def on_message_added(sender: Any, *, ticket: Ticket, actor: Any, message: Message, **kwargs: Any) -> None:
    if message.internal:
        return  # internal notes never reach a customer, by any channel
    if message.author_kind == AuthorKind.AGENT:
        tell_customers(ticket, "desk/agent_reply", {"message": message, "attachments": _public_attachments(message)})
    elif message.author_kind == AuthorKind.CUSTOMER:
        recipient = agent_recipient(ticket, ticket.assignee) if ticket.assignee is not None else None
        if recipient is not None:  # an unassigned ticket's reply tells nobody: no need to list its files
            context = {"message": message, "attachments": _public_attachments(message)}
            send(recipient, ticket, "desk/customer_reply", context)


def on_status_changed(
    sender: Any, *, ticket: Ticket, actor: Any, previous: str, status: str, reason: str = "", **kwargs: Any
) -> None:
    if status not in CUSTOMER_STATUSES or reason == "merged":
        return  # a merged ticket's customers get one message about the merge (hotro.notify.merging)
    if status == Status.PENDING and reason == "agent_reply":
        return  # the reply itself is the question
    context: dict[str, Any] = {"status": status, "previous": previous}
    if status == Status.CLOSED:
        context["reopen_days"] = settings.HOTRO_REOPEN_CLOSED_DAYS  # the closing message names the window
    if status == Status.PENDING:
        tell_customers(ticket, "desk/status_changed", context)
        return
    # Resolved or closed: the requester's message also asks them to rate the support (hotro.satisfaction's
    # links, built when the mail is rendered); the CCs' does not: one answer per ticket, the requester's.
    requester = contact_recipient(ticket, ticket.requester)
    for recipient in customer_recipients(ticket):
        invite = requester is not None and recipient.address == requester.address
        send(recipient, ticket, "desk/status_changed", {**context, "invite_rating": invite})


def on_ticket_assigned(sender: Any, *, ticket: Ticket, actor: Any, assignee: User | None, **kwargs: Any) -> None:
    if assignee is None or (isinstance(actor, User) and actor.pk == assignee.pk):
        return  # nobody to tell, or they did it themselves
    tell_agent(ticket, assignee, "desk/assigned", {"assigned_by": actor})


def connect() -> None:
    """Called from ``NotifyConfig.ready``; the dispatch uids keep a second call harmless."""
    events.ticket_opened.connect(on_ticket_opened, dispatch_uid="hotro.notify.ticket_opened")
    events.message_added.connect(on_message_added, dispatch_uid="hotro.notify.message_added")
    events.status_changed.connect(on_status_changed, dispatch_uid="hotro.notify.status_changed")
    events.ticket_assigned.connect(on_ticket_assigned, dispatch_uid="hotro.notify.ticket_assigned")

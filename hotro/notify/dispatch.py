"""Which channel and address reach a person about a ticket: the one place that decides.

A ticket is answered on its own channel when the person can be reached there (an SMS
ticket by SMS to their phone), otherwise by email when an address is known (a chat-born
ticket), otherwise by SMS when only a phone number is; someone with none of these is
not told. Agents are told by email.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hotro.accounts.models import Contact, User
from hotro.core.outbound import queue_outbound
from hotro.core.outbound.context import Deferred
from hotro.desk.models import Channel, Ticket
from hotro.notify import links

EMAIL, SMS = "email", "sms"


@dataclass(frozen=True)
class Recipient:
    channel: str
    address: str
    name: str
    language: str
    time_zone: str
    url: Any  # a string, or a Deferred link built when the message is rendered


def route(ticket: Ticket, contact: Contact) -> tuple[str, str] | None:
    """(channel, address) for ``contact`` about ``ticket``, or None when they cannot be reached."""
    if ticket.channel == Channel.SMS and contact.phone:
        return SMS, contact.phone
    if contact.email:
        return EMAIL, contact.email
    if contact.phone:
        return SMS, contact.phone
    return None


def contact_recipient(ticket: Ticket, contact: Contact) -> Recipient | None:
    reached = route(ticket, contact)
    if reached is None:
        return None
    user = contact.user
    language = user.language if user is not None else contact.language
    time_zone = user.timezone if user is not None else ""
    url = Deferred("hotro.notify.links:customer_ticket_url", (ticket, contact))
    return Recipient(*reached, contact.display_name, language, time_zone, url)


def agent_recipient(ticket: Ticket, user: User) -> Recipient | None:
    if not user.is_agent or not user.email:
        return None
    return Recipient(EMAIL, user.email, user.display_name, user.language, user.timezone, links.agent_ticket_url(ticket))


def send(
    recipient: Recipient, ticket: Ticket, kind: str, context: dict[str, Any], *, reply_to_message_id: str = ""
) -> None:
    """Queue one message (rendered later by the channel's sender from ``kind``'s templates)."""
    full = {**context, "ticket": ticket, "recipient_name": recipient.name, "ticket_url": recipient.url}
    queue_outbound(
        channel=recipient.channel,
        to=recipient.address,
        kind=kind,
        context=full,
        language=recipient.language,
        time_zone=recipient.time_zone,
        ticket=ticket,
        reply_to_message_id=reply_to_message_id,
        message=context.get("message"),
    )

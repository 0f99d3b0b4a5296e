"""Links to a ticket for the people told about it (built on ``hotro.core.links``, no hard-coded paths)."""

from __future__ import annotations

from hotro.accounts.models import Contact
from hotro.core.links import absolute_url
from hotro.desk.models import Ticket
from hotro.desk.services import guest_token


def customer_ticket_url(ticket: Ticket, contact: Contact) -> str:
    """A customer with an account follows the portal; a guest follows a signed link to this ticket.

    Built when the message is rendered, so a link revoked in the meantime is not sent.
    """
    # An unconfirmed ticket is not in the account's list yet: its guest link is how the address's owner confirms it.
    if contact.user_id is not None and ticket.requester_confirmed:
        return absolute_url("portal:ticket_detail", ticket.number)
    return absolute_url("portal:guest_ticket", guest_token(ticket, contact))


def agent_ticket_url(ticket: Ticket) -> str:
    return absolute_url("console:ticket", ticket.number)

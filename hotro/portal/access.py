"""The portal's view of a ticket: how the customer reached it (account or guest link) and its URLs.

Who may see what is decided in ``hotro.desk.services`` (``access_ticket_as_account``,
``access_ticket_by_token``), as for every channel.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from hotro.accounts.current import signed_in_user
from hotro.accounts.models import Contact
from hotro.desk.models import Ticket
from hotro.desk.services import access_ticket_as_account, access_ticket_by_token, confirm_requester


@dataclass(frozen=True)
class PortalTicket:
    """A ticket as one customer may see it, and how they reached it (account or guest link)."""

    ticket: Ticket
    contact: Contact
    token: str = ""

    def url(self, action: str = "") -> str:
        if self.token:
            name = f"portal:guest_ticket_{action}" if action else "portal:guest_ticket"
            return reverse(name, args=[self.token])
        name = f"portal:ticket_{action}" if action else "portal:ticket_detail"
        return reverse(name, args=[self.ticket.number])


def ticket_for_request(request: HttpRequest, number: str) -> PortalTicket:
    """The signed-in customer's ticket ``number``; anything else is a 404."""
    ticket, contact = access_ticket_as_account(signed_in_user(request), number)
    return PortalTicket(ticket=ticket, contact=contact)


def ticket_for_token(token: str) -> PortalTicket:
    ticket, contact = access_ticket_by_token(token)
    if not ticket.requester_confirmed and contact.pk == ticket.requester_id:
        confirm_requester(ticket)  # following the mailed link proves the address: the account may list it now
    return PortalTicket(ticket=ticket, contact=contact, token=token)

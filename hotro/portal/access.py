"""Which tickets the person in front of the portal may see, on top of ``desk.services.access``.

An account sees tickets only once its address is proven: before the customer
follows the verification link, anyone could have signed up with someone else's
address. Tickets opened meanwhile are followed through the emailed guest link,
which only the mailbox's owner receives.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse

from hotro.accounts.models import Contact, User
from hotro.accounts.services import contact_for_user
from hotro.desk.models import Ticket
from hotro.desk.services import access_ticket_as_contact, access_ticket_by_token, tickets_for_contact


def visible_to_user(user: User, ticket: Ticket) -> bool:
    return user.email_verified


def tickets_for_user(user: User) -> QuerySet[Ticket]:
    if not user.email_verified:
        return Ticket.objects.none()
    return tickets_for_contact(contact_for_user(user))


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
    user = request.user
    assert isinstance(user, User)
    contact = contact_for_user(user)
    ticket = access_ticket_as_contact(contact, number)
    if not visible_to_user(user, ticket):
        raise Http404("No such ticket")
    return PortalTicket(ticket=ticket, contact=contact)


def ticket_for_token(token: str) -> PortalTicket:
    ticket, contact = access_ticket_by_token(token)
    return PortalTicket(ticket=ticket, contact=contact, token=token)

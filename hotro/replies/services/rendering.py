"""A canned response made ready for one ticket: the customer's language, the placeholders filled."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from hotro.accounts.models import User
from hotro.catalog.models import TicketService
from hotro.desk.models import Ticket
from hotro.replies.models import CannedResponse, customer_language
from hotro.replies.placeholders import substitute
from hotro.replies.services.hours_text import department_hours_text


def ticket_language(ticket: Ticket) -> str:
    """The language the customer reads: the requester's own (a contact's ``language``)."""
    return customer_language(ticket.requester.language)


def service_hostname(ticket: Ticket) -> str:
    """The hostname of the service (P14) the ticket is linked to, "" when none."""
    link = TicketService.objects.filter(ticket_id=ticket.pk).select_related("instance").first()
    return link.instance.hostname if link is not None else ""


def placeholder_values(ticket: Ticket, agent: User, language: str) -> dict[str, str]:
    """Every placeholder's value for this ticket, in ``language``; one query for the service, one or none
    for the calendar (kept per process by ``hotro.hours``)."""
    with translation.override(language):
        # A customer known only by an address or a number is greeted as the glossary says, not by that.
        customer = ticket.requester.name or _("valued customer")
    return {
        "customer_name": customer,
        "ticket_number": ticket.number,
        "department_hours": department_hours_text(ticket.department, language),
        "agent_name": agent.display_name,
        "service_hostname": service_hostname(ticket),
    }


def render_text(text: str, ticket: Ticket, agent: User, language: str | None = None) -> str:
    language = language or ticket_language(ticket)
    return substitute(text, placeholder_values(ticket, agent, language))


def render_response(response: CannedResponse, ticket: Ticket, agent: User) -> str:
    """The response's body in the customer's language with its placeholders filled, as plain text."""
    language = ticket_language(ticket)
    return render_text(response.body_for(language), ticket, agent, language)


def render_responses(responses: list[CannedResponse], ticket: Ticket, agent: User) -> list[tuple[CannedResponse, str]]:
    """Several responses for one ticket (the reply box's search): the placeholder values are read once."""
    language = ticket_language(ticket)
    values = placeholder_values(ticket, agent, language)
    return [(response, substitute(response.body_for(language), values)) for response in responses]

"""Which service a ticket is about (P14): named on the form, suggested from an email or SMS, set by an agent.

The desk never imports this app: a channel opens the ticket with ``hotro.desk.services.open_ticket``
and, in the same transaction, calls ``name_service``; the suggestion is written by a receiver of
the desk's ``ticket_opened`` event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from hotro.accounts.models import Contact, User
from hotro.catalog.errors import CatalogError
from hotro.catalog.models import Incident, Instance, InstanceStatus, ScopeFlag, TicketService
from hotro.catalog.services.instances import instances_of
from hotro.desk.models import ACTIVE_STATUSES, Ticket
from hotro.desk.services import agent_can_work_in, record_audit

# Hostnames and IPv4/IPv6 addresses as they appear in a customer's text (the candidates are
# then compared with the requester's own instances: nothing else is ever suggested).
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.:-]*[A-Za-z0-9]")


def name_service(ticket: Ticket, instance: Instance | None, contact: Contact) -> TicketService | None:
    """The customer named ``instance`` when opening ``ticket``: it must be one of their own active services.

    Called by the channel right after ``open_ticket``, inside its transaction, so a refusal
    here refuses the ticket too (the form shows the error, nothing is saved).
    """
    if instance is None:
        return None
    if instance.contact_id != contact.pk or instance.status != InstanceStatus.ACTIVE:
        raise CatalogError(_("Choose one of your active services."), field="service", code="bad_service")
    link, _created = TicketService.objects.update_or_create(
        ticket=ticket, defaults={"instance": instance, "confirmed": True, "suggested": False}
    )
    record_audit("catalog.ticket.service_named", ticket, contact, instance=instance.pk)
    return link


def candidates(text: str) -> set[str]:
    """Lower-cased words of ``text`` that could be a hostname or an IP address."""
    return {token.lower().rstrip(".") for token in _TOKEN.findall(text or "") if "." in token or ":" in token}


def match_instance(contact: Contact, text: str) -> Instance | None:
    """The requester's active instance whose hostname or address the text names (the first, when several)."""
    words = candidates(text)
    if not words:
        return None
    for instance in instances_of(contact):
        names = {instance.hostname, *instance.ip_list} - {""}
        if names & words:
            return instance
    return None


def suggest_service(ticket: Ticket, text: str) -> TicketService | None:
    """An email or SMS ticket naming one of the requester's servers gets it as a suggestion (a small row)."""
    instance = match_instance(ticket.requester, text)
    if instance is None:
        return None
    return TicketService.objects.create(ticket=ticket, instance=instance, confirmed=False, suggested=True)


def set_service(ticket: Ticket, instance: Instance, agent: User) -> TicketService:
    """An agent confirms the suggestion or picks the service; it must be the requester's."""
    if not agent_can_work_in(agent, ticket.department):
        raise CatalogError(_("You do not work in this ticket's department."), code="forbidden")
    if instance.contact_id != ticket.requester_id:
        raise CatalogError(_("This service belongs to another customer."), field="instance", code="bad_service")
    with transaction.atomic():
        link, _created = TicketService.objects.update_or_create(
            ticket=ticket, defaults={"instance": instance, "confirmed": True}
        )
        record_audit("catalog.ticket.service_set", ticket, agent, instance=instance.pk)
    return link


@dataclass
class ServicePanel:
    """What the console shows beside the thread: the service, its limits, status, related tickets, incidents."""

    link: TicketService | None
    choices: list[Instance]
    other_tickets: list[Ticket] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    flag: ScopeFlag | None = None

    @property
    def instance(self) -> Instance | None:
        return self.link.instance if self.link is not None else None


def service_panel(ticket: Ticket) -> ServicePanel:
    from hotro.catalog.services.incidents import incidents_of_ticket

    link = TicketService.objects.filter(ticket=ticket).select_related("instance__product").first()
    choices = list(Instance.objects.filter(contact_id=ticket.requester_id).select_related("product"))
    panel = ServicePanel(link=link, choices=choices, flag=ScopeFlag.objects.filter(ticket=ticket).first())
    if link is not None:
        panel.other_tickets = list(
            Ticket.objects.filter(
                service_link__instance=link.instance, requester_id=ticket.requester_id, status__in=ACTIVE_STATUSES
            )
            .exclude(pk=ticket.pk)
            .only("subject", "status", "created_at")
            .order_by("-created_at")[:10]
        )
    panel.incidents = incidents_of_ticket(ticket)
    return panel

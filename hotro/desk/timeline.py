"""The contact page's ticket entries: each ticket the customer opened or is copied on."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _

from hotro.accounts.models import Contact
from hotro.core.timeline import Departments, Entry
from hotro.desk.services import tickets_for_contact


def ticket_entries(contact: Contact, departments: Departments, limit: int) -> Iterator[Entry]:
    tickets = tickets_for_contact(contact).select_related("department")
    if departments is not None:
        tickets = tickets.filter(department_id__in=departments)
    for ticket in tickets.order_by("-created_at", "-pk")[:limit]:
        yield Entry(
            at=ticket.created_at,
            kind="ticket",
            label=_("Ticket by %(channel)s") % {"channel": ticket.get_channel_display()},
            text=ticket.subject,
            ticket_number=ticket.number,
            department=str(ticket.department.label),
            detail=ticket.get_status_display(),
        )

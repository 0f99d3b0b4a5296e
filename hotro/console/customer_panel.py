"""The customer panel beside a ticket's thread: who the requester is, how to reach them, what else they asked.

Only what the reading agent may see: the customer's other tickets in departments the agent does not work
in are counted, never named or linked (``agent_department_ids`` decides, as for every list). A failing
address is one a bounce marked (``Contact.email_failing_since``), for the requester and the CCs alike.
Five small queries, whatever the customer's history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q

from hotro.accounts.models import LANGUAGE_CHOICES, Contact, User
from hotro.desk.models import Ticket
from hotro.desk.services import agent_department_ids, tickets_for_contact

RECENT = 5


@dataclass(frozen=True)
class OtherTicket:
    number: str
    subject: str
    status: str  # the status's label
    status_value: str
    created_at: datetime


@dataclass(frozen=True)
class FailingAddress:
    address: str
    since: datetime


@dataclass(frozen=True)
class CustomerPanel:
    contact: Contact
    language: str  # the language they are written to in, by its name
    organisation: str
    has_account: bool
    recent: list[OtherTicket]  # at most RECENT, newest first, only the agent's departments
    other_count: int  # every other ticket of theirs, the agent's departments or not
    hidden_count: int  # of which in departments the agent does not work in
    failing: list[FailingAddress]


def customer_panel(ticket: Ticket, agent: User) -> CustomerPanel:
    contact = ticket.requester
    allowed = agent_department_ids(agent)
    others = tickets_for_contact(contact).exclude(pk=ticket.pk)
    visible = others if allowed is None else others.filter(department_id__in=allowed)
    rows = visible.only("pk", "subject", "status", "created_at").order_by("-created_at", "-pk")[:RECENT]
    recent = [OtherTicket(t.number, t.subject, t.get_status_display(), t.status, t.created_at) for t in rows]
    # Everything the agent may not open counts as hidden; nothing is hidden from an administrator.
    hidden = Count("pk", filter=~Q(department_id__in=allowed) if allowed is not None else Q(pk__in=[]))
    counts = others.order_by().aggregate(total=Count("pk"), hidden=hidden)
    other_count, hidden_count = counts["total"], counts["hidden"]
    user = User.objects.filter(pk=contact.user_id).only("language").first() if contact.user_id else None
    code = user.language if user is not None else contact.language
    organisation = contact.organisation.name if contact.organisation_id and contact.organisation else ""
    failing = [
        FailingAddress(c.email, c.email_failing_since)
        for c in Contact.objects.filter(Q(pk=contact.pk) | Q(cc_tickets=ticket))
        .filter(email_failing_since__isnull=False)
        .exclude(email="")
        .distinct()
        .order_by("pk")
        if c.email_failing_since is not None
    ]
    return CustomerPanel(
        contact=contact,
        language=dict(LANGUAGE_CHOICES).get(code, code),
        organisation=organisation,
        has_account=user is not None,
        recent=recent,
        other_count=other_count,
        hidden_count=hidden_count,
        failing=failing,
    )

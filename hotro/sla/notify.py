"""SLA mail to agents: a warning to whoever must act, a breach to the assignee and the supervisors."""

from __future__ import annotations

from hotro.accounts.models import User
from hotro.core.outbound.context import Deferred
from hotro.desk.models import Ticket
from hotro.mail.outbox import queue_mail
from hotro.notify.links import agent_ticket_url
from hotro.sla.models import EventKind
from hotro.sla.people import supervisors


def recipients(ticket: Ticket, kind: str) -> list[User]:
    """A warning goes to the assignee (to the supervisors while nobody has the ticket);
    a breach goes to the assignee and every supervisor of the department."""
    people: list[User] = [ticket.assignee] if ticket.assignee is not None else []
    if kind == EventKind.BREACHED or not people:
        people += supervisors(ticket.department)
    unique = {u.pk: u for u in people if u.is_active and u.email and u.is_agent}
    return list(unique.values())


def notify(ticket: Ticket, target: str, kind: str, due_at: object) -> int:
    """Queue one mail per recipient, in their language and time zone; returns how many."""
    people = recipients(ticket, kind)
    for user in people:
        queue_mail(
            to=user.email,
            template=f"sla/{kind}",
            context={
                "ticket": ticket,
                "target": Deferred("hotro.sla.models:target_label", (target,)),
                "due_at": due_at,
                "recipient_name": user.display_name,
                "ticket_url": agent_ticket_url(ticket),
            },
            language=user.language,
            ticket=ticket,
            time_zone=user.timezone or None,
        )
    return len(people)

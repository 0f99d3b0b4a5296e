"""Who is told what (in the console, and by email if they chose it), from the desk's events.

Receivers of ``hotro.desk.events`` and of the SLA's recorded events; they run inside the
change's transaction and write small rows only (``services.tell``).

- New ticket: every agent of its department.
- Customer reply (public, by the customer): the assignee; on an unassigned ticket, every agent
  of its department. Mailed here only when unassigned (an assignee is mailed by ``hotro.notify``).
- Assigned: the new assignee (mailed by ``hotro.notify``).
- SLA warning: the assignee; on an unassigned ticket, every agent of its department. Not mailed
  here to those the SLA's own mail reaches (the assignee, or the supervisors).

The agent who caused a change is never told about it.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save

from hotro.accounts.models import User
from hotro.alerts.models import Event
from hotro.alerts.services import department_agents, tell
from hotro.core.outbound.context import Deferred
from hotro.desk import events
from hotro.desk.models import AuthorKind, Message, Ticket
from hotro.sla.models import EventKind, SlaEvent
from hotro.sla.notify import recipients as sla_mail_recipients


def _name(actor: Any) -> str:
    return str(getattr(actor, "display_name", "") or "")


def on_ticket_opened(sender: Any, *, ticket: Ticket, actor: Any, message: Message, **kwargs: Any) -> None:
    data = {"subject": ticket.subject[:120], "actor": _name(actor or ticket.requester)}
    mail = {"message": message}
    tell(Event.NEW_TICKET, ticket, department_agents(ticket), actor=actor, data=data, mail=mail)


def on_message_added(sender: Any, *, ticket: Ticket, actor: Any, message: Message, **kwargs: Any) -> None:
    if message.internal or message.author_kind != AuthorKind.CUSTOMER:
        return
    data = {"actor": _name(actor) or message.author_name, "message": message.pk}
    if ticket.assignee is not None:
        tell(Event.CUSTOMER_REPLY, ticket, [ticket.assignee], actor=actor, data=data)  # mailed by hotro.notify
        return
    tell(Event.CUSTOMER_REPLY, ticket, department_agents(ticket), actor=actor, data=data, mail={"message": message})


def on_ticket_assigned(sender: Any, *, ticket: Ticket, actor: Any, assignee: User | None, **kwargs: Any) -> None:
    if assignee is None:
        return
    tell(Event.ASSIGNED, ticket, [assignee], actor=actor, data={"actor": _name(actor)})


def on_sla_event(sender: Any, *, instance: SlaEvent, created: bool, **kwargs: Any) -> None:
    if not created or instance.kind != EventKind.WARNING:
        return
    ticket = instance.ticket
    agents = [ticket.assignee] if ticket.assignee is not None else department_agents(ticket)
    already_mailed = [user.pk for user in sla_mail_recipients(ticket, instance.kind)]
    data = {"target": instance.target, "due_at": instance.due_at.isoformat()}
    mail = {"target": Deferred("hotro.sla.models:target_label", (instance.target,)), "due_at": instance.due_at}
    tell(Event.SLA_WARNING, ticket, agents, data=data, mail=mail, no_mail_to=already_mailed)


def connect() -> None:
    """Called from ``AlertsConfig.ready``; the dispatch uids keep a second call harmless."""
    events.ticket_opened.connect(on_ticket_opened, dispatch_uid="hotro.alerts.ticket_opened")
    events.message_added.connect(on_message_added, dispatch_uid="hotro.alerts.message_added")
    events.ticket_assigned.connect(on_ticket_assigned, dispatch_uid="hotro.alerts.ticket_assigned")
    post_save.connect(on_sla_event, sender=SlaEvent, dispatch_uid="hotro.alerts.sla_event")

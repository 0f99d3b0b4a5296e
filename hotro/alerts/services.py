"""Telling agents about new work: rows in the change's transaction, the bell and mail after it.

``tell`` is called by the receivers (``hotro.alerts.receivers``) inside a desk change's
transaction. It drops the agent who caused the change (nobody is told of their own action),
reads every recipient's choice for the event and department in one query, writes one row per
agent who wants it in the console and one outbound mail intent per agent who wants it by email
(``hotro.notify.dispatch``, rendered by the outbox worker in their language). Once the
transaction commits, each agent's open consoles get a ``notification`` frame with their new
unread count (``fan_out``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hotro.accounts.models import User
from hotro.alerts.models import Event, Notification
from hotro.alerts.preferences import EMAILED_HERE, choices_for
from hotro.desk.models import Ticket
from hotro.live.push import agent_group, send_now
from hotro.notify.dispatch import agent_recipient, send
from hotro.sla.models import Target

LIST_LIMIT = 50
BELL_CAP = 99  # the bell shows "99+" beyond this: it never counts a long backlog on every page


def department_agents(ticket: Ticket) -> list[User]:
    """The active agents who are members of the ticket's department."""
    return list(
        User.objects.filter(is_active=True, agent__active=True, agent__departments=ticket.department_id)
        .select_related("agent")
        .distinct()
    )


def tell(
    event: str,
    ticket: Ticket,
    agents: Iterable[User],
    *,
    actor: Any = None,
    data: dict[str, Any] | None = None,
    mail: dict[str, Any] | None = None,
    no_mail_to: Iterable[int] = (),
) -> list[Notification]:
    """Notify ``agents`` (but never ``actor``) of ``event`` on ``ticket``, each as they chose.

    ``data`` is kept with the row (JSON-safe: names, the SLA target); ``mail`` is the email's
    template context, for the events this app mails; ``no_mail_to`` are agents another part
    of the desk already mails about this very change.
    """
    actor_id = actor.pk if isinstance(actor, User) else None
    people = {agent.pk: agent for agent in agents if agent.pk != actor_id}
    if not people:
        return []
    chosen = choices_for(people, event, ticket.department_id)
    rows = [
        Notification(recipient_id=pk, event=event, ticket=ticket, data=data or {})
        for pk, choice in chosen.items()
        if choice.in_app
    ]
    created = Notification.objects.bulk_create(rows)
    if event in EMAILED_HERE and mail is not None:
        skipped = set(no_mail_to)
        for pk, choice in chosen.items():
            recipient = agent_recipient(ticket, people[pk]) if choice.email and pk not in skipped else None
            if recipient is not None:
                send(recipient, ticket, f"alerts/{event}", mail)
    ids = [row.pk for row in created if row.pk is not None]
    if ids:
        transaction.on_commit(lambda: fan_out(ids), robust=True)
    return created


def fan_out(ids: list[int]) -> None:
    """After commit: each recipient's consoles get the notification and their unread count."""
    rows = list(Notification.objects.filter(pk__in=ids).select_related("recipient", "ticket"))
    counts = unread_counts({row.recipient_id for row in rows})
    for row in rows:
        with translation.override(row.recipient.language or None):
            frame = {
                "type": "notification",
                "id": row.pk,
                "event": row.event,
                "ticket": row.ticket.number,
                "text": describe(row),
                "url": reverse("console:ticket", args=[row.ticket.number]),
                "unread": counts.get(row.recipient_id, 0),
            }
        send_now([agent_group(row.recipient_id)], frame)


def describe(row: Notification) -> str:
    """The notification in the active language (the reader's)."""
    number, data = row.ticket.number, row.data
    who = data.get("actor") or ""
    if row.event == Event.NEW_TICKET:
        return _("New ticket %(number)s: %(subject)s") % {"number": number, "subject": data.get("subject", "")}
    if row.event == Event.CUSTOMER_REPLY:
        return _("%(name)s replied on %(number)s") % {"name": who, "number": number}
    if row.event == Event.ASSIGNED:
        if who:
            return _("%(name)s assigned %(number)s to you") % {"name": who, "number": number}
        return _("%(number)s was assigned to you") % {"number": number}
    if row.event == Event.SLA_WARNING:
        target = data.get("target", "")
        label = str(Target(target).label) if target in Target.values else target
        return _("%(number)s is close to its SLA: %(target)s") % {"number": number, "target": label}
    return number


def unread_count(agent: User) -> int:
    return Notification.objects.filter(recipient=agent, read_at__isnull=True).count()


def unread_up_to(agent: User, cap: int = BELL_CAP) -> int:
    """The unread count up to ``cap + 1``: a LIMIT on the index, no COUNT over a backlog."""
    return len(
        Notification.objects.filter(recipient=agent, read_at__isnull=True).values_list("pk", flat=True)[: cap + 1]
    )


def unread_counts(agent_ids: Iterable[int]) -> dict[int, int]:
    rows = (
        Notification.objects.filter(recipient_id__in=list(agent_ids), read_at__isnull=True)
        .values("recipient_id")
        .annotate(n=Count("pk"))
    )
    return {row["recipient_id"]: row["n"] for row in rows}


def recent(agent: User, limit: int = LIST_LIMIT) -> list[Notification]:
    return list(Notification.objects.filter(recipient=agent).select_related("ticket")[:limit])


def mark_read(agent: User, ids: Iterable[int]) -> int:
    """Mark the agent's own notifications read; another agent's ids change nothing."""
    wanted = [pk for pk in ids if isinstance(pk, int)]
    updated = Notification.objects.filter(recipient=agent, pk__in=wanted, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    _push_count(agent)
    return updated


def mark_all_read(agent: User) -> int:
    updated = Notification.objects.filter(recipient=agent, read_at__isnull=True).update(read_at=timezone.now())
    _push_count(agent)
    return updated


def _push_count(agent: User) -> None:
    """The agent's other open consoles show the new count too."""
    count = unread_count(agent)
    transaction.on_commit(lambda: send_now([agent_group(agent.pk)], {"type": "unread", "unread": count}), robust=True)

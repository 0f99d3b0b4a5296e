"""What each agent chose to be told, per event and department, and the defaults for everything else.

In the console is on and email off unless the agent says otherwise: the bell is always
there, a mailbox fills up fast on a busy desk. Assignment mail is not ours to switch off: the
desk's notifications (``hotro.notify``) always mail an assignee, as they always mail SLA
warnings to the assignee (or the supervisors); this app mails only what nobody else does.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from hotro.accounts.models import User
from hotro.alerts.models import Event, Preference
from hotro.desk.models import Department

DEFAULT_IN_APP = True
DEFAULT_EMAIL = False
# The events this app mails (to those who chose it); the others are mailed by the desk's own notifications.
EMAILED_HERE = frozenset({Event.NEW_TICKET, Event.CUSTOMER_REPLY, Event.SLA_WARNING})


@dataclass(frozen=True)
class Choice:
    in_app: bool = DEFAULT_IN_APP
    email: bool = DEFAULT_EMAIL


def choices_for(agent_ids: Iterable[int], event: str, department_id: int) -> dict[int, Choice]:
    """Each agent's choice for ``event`` in the department (one query for all of them)."""
    ids = list(agent_ids)
    found = {
        agent_id: Choice(in_app, email)
        for agent_id, in_app, email in Preference.objects.filter(
            agent_id__in=ids, event=event, department_id=department_id
        ).values_list("agent_id", "in_app", "email")
    }
    return {agent_id: found.get(agent_id, Choice()) for agent_id in ids}


def member_departments(agent: User) -> list[Department]:
    """The departments an agent is a member of: what their notifications are about (an administrator
    sees every department but is told only about those they joined)."""
    return list(Department.objects.filter(agents__user=agent).order_by("rank", "slug"))


def table(agent: User) -> list[tuple[Department, list[tuple[str, Choice]]]]:
    """Every (department, event) of the agent with its current choice, for the preferences page."""
    departments = member_departments(agent)
    stored = {
        (p.department_id, p.event): Choice(p.in_app, p.email)
        for p in Preference.objects.filter(agent=agent, department__in=departments)
    }
    return [(d, [(event, stored.get((d.pk, event), Choice())) for event in Event.values]) for d in departments]


def save(agent: User, chosen: dict[tuple[int, str], Choice]) -> int:
    """Store the agent's choices for their own departments; anything else is ignored. Returns how many."""
    allowed = {d.pk for d in member_departments(agent)}
    saved = 0
    with transaction.atomic():
        for (department_id, event), choice in chosen.items():
            if department_id not in allowed or event not in Event.values:
                continue
            email = choice.email and event in EMAILED_HERE
            Preference.objects.update_or_create(
                agent=agent,
                event=event,
                department_id=department_id,
                defaults={"in_app": choice.in_app, "email": email},
            )
            saved += 1
    return saved

"""Automatic assignment of new tickets (P2 by the system): who is eligible, who is next, and the settings.

Eligible: active agents who are members of the ticket's department, online now
(``hotro.presence``: chose "online" and an open console showed life recently) and under their
capacity. Round-robin gives the ticket to the first eligible agent after the department's pointer
(by id, wrapping round); least-load to the one with the fewest active tickets, ties going to the one
whose last assignment is oldest (never assigned counts as oldest), then the lowest id.
No eligible agent: the ticket stays in triage.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _

from hotro.accounts.models import User
from hotro.core.kept import Kept
from hotro.desk import services as desk
from hotro.desk.models import ACTIVE_STATUSES, Department, Ticket
from hotro.presence.services import online_agent_ids
from hotro.routing.models import AgentCapacity, DepartmentRouting, RoutingMode

log = logging.getLogger(__name__)

# The audit trail's reason for each automatic assignment ("desk.ticket.assigned", data.reason).
REASONS = {RoutingMode.ROUND_ROBIN: "routing.round_robin", RoutingMode.LEAST_LOAD: "routing.least_load"}

_NEVER = datetime.min.replace(tzinfo=UTC)  # an agent never assigned has waited longest

# Read on every ticket opening; changed a few times a year (dropped at once in this process when saved).
modes = Kept("routing-modes")


class RoutingError(ValueError):
    """A setting the routing cannot take (an unknown mode, a negative capacity); the message is safe to show."""


def mode_of(department_id: int) -> str:
    """The department's mode, from the per-process copy (deciding whether to look at all)."""
    table = modes.get("all", lambda: dict(DepartmentRouting.objects.values_list("department_id", "mode")))
    return table.get(department_id, RoutingMode.MANUAL)


@dataclass(frozen=True)
class Candidate:
    user_id: int
    open_tickets: int
    last_assigned_at: datetime | None


def candidates(department: Department | int) -> list[Candidate]:
    """The department's active members who are online and under capacity, with their load, by id.

    Three queries: members with their active-ticket count and last assignment, their capacities, presence.
    """
    department_id = department if isinstance(department, int) else department.pk
    active = Q(assigned_tickets__status__in=[s.value for s in ACTIVE_STATUSES])
    members = (
        User.objects.filter(
            is_active=True,
            agent__active=True,
            agent__membership__department_id=department_id,
        )
        .annotate(
            open_tickets=Count("assigned_tickets", filter=active, distinct=True),
            last_assigned_at=Max("assigned_tickets__assigned_at"),
        )
        .order_by("pk")
        .values_list("pk", "open_tickets", "last_assigned_at")
    )
    rows = [Candidate(*row) for row in members]
    if not rows:
        return []
    limits = capacities([c.user_id for c in rows])
    online = online_agent_ids([c.user_id for c in rows])
    return [c for c in rows if c.user_id in online and (c.user_id not in limits or c.open_tickets < limits[c.user_id])]


def next_round_robin(eligible: list[Candidate], pointer: int | None) -> Candidate:
    """The first eligible agent after ``pointer`` by id, wrapping round to the first."""
    ordered = sorted(eligible, key=lambda c: c.user_id)
    if pointer is not None:
        for candidate in ordered:
            if candidate.user_id > pointer:
                return candidate
    return ordered[0]


def least_loaded(eligible: list[Candidate]) -> Candidate:
    """Fewest active tickets; then the longest since their last assignment (never: first); then lowest id."""
    return min(
        eligible,
        key=lambda c: (c.open_tickets, c.last_assigned_at or _NEVER, c.user_id),
    )


def route_ticket(ticket_id: int) -> User | None:
    """Hand a newly opened ticket to an agent as its department's mode says; the agent, or None (triage).

    Runs after the opening committed (or as a task): it locks the department's routing row, so tickets
    of one department are handed out one at a time and the pointer and the loads it reads are current.
    Safe to run twice: a ticket already assigned is left alone.
    """
    ticket = Ticket.objects.select_related("department").filter(pk=ticket_id).first()
    if ticket is None or ticket.assignee_id is not None or not ticket.is_active:
        return None
    with transaction.atomic():
        # of=self: the row alone is locked (PostgreSQL refuses FOR UPDATE on the nullable side of a join).
        setting = (
            DepartmentRouting.objects.select_for_update(of=("self",)).filter(department_id=ticket.department_id).first()
        )
        if setting is None or setting.mode == RoutingMode.MANUAL:
            return None
        eligible = candidates(ticket.department_id)
        if not eligible:
            log.info("routing: no eligible agent for %s in %s", ticket.number, ticket.department.slug)
            return None
        mode = RoutingMode(setting.mode)
        chosen = (
            next_round_robin(eligible, setting.last_agent_id)
            if mode == RoutingMode.ROUND_ROBIN
            else (least_loaded(eligible))
        )
        agent = User.objects.select_related("agent").get(pk=chosen.user_id)
        if desk.assign_automatically(ticket, agent, reason=REASONS[mode]) is None:
            return None  # taken, moved or closed meanwhile
        setting.last_agent = agent
        setting.save(update_fields=["last_agent", "updated_at"])
    return agent


# --- settings (the console's routing page) -----------------------------------------------------------


def set_mode(department: Department, mode: str) -> DepartmentRouting:
    if mode not in RoutingMode.values:
        raise RoutingError(_("Unknown assignment mode."))
    setting, _created = DepartmentRouting.objects.update_or_create(department=department, defaults={"mode": mode})
    return setting


def set_capacity(agent: User, max_open: int | None) -> None:
    """At most ``max_open`` active tickets for automatic assignment; ``None`` removes the limit."""
    if max_open is not None and not 0 <= max_open <= 1000:
        raise RoutingError(_("A capacity is a number of tickets from 0 to 1000."))
    if max_open is None:
        AgentCapacity.objects.filter(agent=agent).delete()
        return
    AgentCapacity.objects.update_or_create(agent=agent, defaults={"max_open": max_open})


def modes_by_department() -> dict[int, str]:
    return dict(DepartmentRouting.objects.values_list("department_id", "mode"))


def capacities(agent_ids: list[int]) -> dict[int, int]:
    """Each limited agent's capacity (agents without a limit are left out)."""
    rows = AgentCapacity.objects.filter(agent_id__in=agent_ids, max_open__isnull=False)
    return {agent_id: limit for agent_id, limit in rows.values_list("agent_id", "max_open") if limit is not None}

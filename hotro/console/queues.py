"""The querysets behind the console's lists: triage, my tickets, department queues.

Every list is ordered the same way, P11 first: technical requests before
billing/sales ones (department rank), then the nearest SLA due time, then
priority (urgent first), then age (oldest first) — ``hotro.sla.ordering``.
The queue can instead be sorted "overdue first" (due time alone).

Paging never counts the table: it fetches one row more than a page to know
whether there is a next one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from hotro.accounts.models import User
from hotro.desk import search
from hotro.desk.models import ACTIVE_STATUSES, Department, Status, Ticket
from hotro.desk.services import agent_department_ids, agent_departments, tickets_for_agent
from hotro.sla.ordering import in_queue_order, overdue_first

PAGE_SIZE = 50
MAX_PAGE = 10_000  # an offset beyond this is a typo or a crawler, not an agent
# Only the requester is joined: departments, categories and agents' names come from the lists
# each process keeps (``hotro.console.choices``), which saves three joins and 150 model objects a page.
ROW_RELATED = ("requester",)
# The columns a row shows (``hotro.console.rows``, the due badge), and nothing else: a page is
# 51 rows, and every extra column — above all the dozen timestamps of the ticket and of the joined
# people — is parsed for each of them. ORDER BY needs none of them selected.
ROW_FIELDS = (
    "subject",
    "priority",
    "status",
    "channel",
    "created_at",
    "sla_due_at",
    "sla_warn_at",
    "sla_paused_at",
    "department",  # the foreign keys' own columns only
    "category",
    "assignee",
    "requester__name",
    "requester__email",
)


@dataclass(frozen=True)
class Page:
    rows: list[Ticket]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def parse_page(raw: str | None) -> int:
    try:
        number = int(raw or 1)
    except ValueError:
        return 1
    return min(max(number, 1), MAX_PAGE)


def page_of(qs: QuerySet[Ticket], number: int, size: int = PAGE_SIZE) -> Page:
    """One page of rows, plus whether another follows; no COUNT(*) over the queue."""
    offset = (number - 1) * size
    rows = list(qs[offset : offset + size + 1])
    return Page(rows=rows[:size], number=number, has_next=len(rows) > size)


def row_columns(qs: QuerySet[Ticket]) -> QuerySet[Ticket]:
    """The columns every row shows, joined in so queries stay constant, and only those."""
    return qs.select_related(*ROW_RELATED).only(*ROW_RELATED, *ROW_FIELDS)


def served_order(qs: QuerySet[Ticket]) -> QuerySet[Ticket]:
    """P11 ordering of the rows a list shows (``row_columns``)."""
    return in_queue_order(row_columns(qs))


def departments_for(user: User) -> list[Department]:
    """The active departments whose tickets this agent sees, in serving order (tabs)."""
    if agent_department_ids(user) is None:
        return list(Department.objects.filter(active=True).order_by("rank", "slug"))
    return [department for department in agent_departments(user) if department.active]


def triage_tickets(user: User, department: Department | None = None) -> QuerySet[Ticket]:
    """P2: new tickets nobody has taken yet, in the agent's departments."""
    qs = tickets_for_agent(user).filter(status=Status.NEW, assignee__isnull=True)
    if department is not None:
        qs = qs.filter(department=department)
    return served_order(qs)


def my_tickets(user: User) -> QuerySet[Ticket]:
    return served_order(tickets_for_agent(user).filter(assignee=user, status__in=ACTIVE_STATUSES))


def queue_tickets(user: User, department: Department | None = None) -> QuerySet[Ticket]:
    qs = tickets_for_agent(user)
    if department is not None:
        qs = qs.filter(department=department)
    return served_order(qs)


def apply_filters(qs: QuerySet[Ticket], filters: Mapping[str, Any], user: User) -> QuerySet[Ticket]:
    """Narrow a queue by the cleaned filter form; an empty status means "every active status"."""
    status = filters.get("status")
    qs = qs.filter(status=status) if status else qs.filter(status__in=ACTIVE_STATUSES)
    if filters.get("priority"):
        qs = qs.filter(priority=int(filters["priority"]))
    if filters.get("channel"):
        qs = qs.filter(channel=filters["channel"])
    assignee = filters.get("assignee")
    if assignee == "me":
        qs = qs.filter(assignee=user)
    elif assignee == "none":
        qs = qs.filter(assignee__isnull=True)
    elif assignee:
        qs = qs.filter(assignee_id=int(assignee))
    if (filters.get("q") or "").strip():
        qs = search.matching(qs, filters["q"], include_notes=True)
    if filters.get("sort") == "due":
        qs = overdue_first(qs)
    return qs


def assignable_agents(department: Department) -> QuerySet[User]:
    """Who a ticket of ``department`` may be given to: its members, and administrators (they work anywhere)."""
    from hotro.accounts.models import Role

    return (
        User.objects.filter(agent__active=True)
        .filter(Q(agent__departments=department) | Q(agent__role=Role.ADMIN) | Q(is_superuser=True))
        .distinct()
        .order_by("full_name", "email")
    )

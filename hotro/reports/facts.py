"""A ticket's facts for the reports, computed from its own source rows.

``compute_facts(ids)`` reads, for a batch of tickets, the ticket rows, their public agent
replies, the out-of-scope answers (``catalog.ticket.out_of_scope`` audit events, which
``hotro.catalog`` records for reports), the SLA breaches and the ratings: a handful of
queries per batch, each by ticket id. Nothing here writes.

Durations are measured twice:

- wall-clock: the plain difference of the two instants;
- business time: the open hours of the ticket's calendar between them, with the SLA's own
  calendar choice (``hotro.sla.clock.ticket_schedule``) and the one business-time
  arithmetic (``hotro.hours.schedule.business_time_between``). For resolution the time
  the SLA clock spent paused waiting on the customer (``Ticket.sla_paused_seconds``) is
  left out, so the figure compares with the resolution targets. A ticket whose department
  has no calendar has no business time (it counts in the wall-clock figures only).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings

from hotro.catalog.services.scope import OUT_OF_SCOPE_ACTION
from hotro.desk.models import AuditEvent, AuthorKind, Message, Ticket
from hotro.hours import schedule as hours
from hotro.reports import buckets
from hotro.reports.models import SlaOutcome, TicketAgentDay, TicketFact
from hotro.sla.clock import ticket_schedule
from hotro.sla.models import EventKind, SlaEvent, Target

SATISFACTION_APP = "hotro.satisfaction"


def zone() -> ZoneInfo:
    """Report days are days in the desk's zone (Asia/Ho_Chi_Minh), whoever is looking."""
    return ZoneInfo(settings.TIME_ZONE)


def local_day(instant: datetime) -> date:
    return instant.astimezone(zone()).date()


def satisfaction_installed() -> bool:
    return apps.is_installed(SATISFACTION_APP)


def rating_model() -> Any:
    """``hotro.satisfaction.models.Rating`` when that app is installed, else ``None``."""
    return apps.get_model("satisfaction", "Rating") if satisfaction_installed() else None


@dataclass
class Computed:
    """The facts of one ticket and its per-agent reply rows (unsaved)."""

    fact: TicketFact
    agent_days: list[TicketAgentDay] = field(default_factory=list)


def _sla_outcome(at: datetime | None, due: datetime | None, breached: bool) -> str:
    if at is None or (due is None and not breached):
        return SlaOutcome.NONE
    return SlaOutcome.BREACHED if breached or (due is not None and at > due) else SlaOutcome.MET


def _business_seconds(schedule: hours.Schedule | None, start: datetime, end: datetime, paused: int = 0) -> int | None:
    if schedule is None:
        return None
    return max(0, int(hours.business_time_between(schedule, start, end).total_seconds()) - paused)


def _bucket(seconds: int | None) -> int | None:
    return None if seconds is None else buckets.index_of(seconds)


def fact_for(
    ticket: Ticket,
    replies: list[tuple[int, datetime]],
    out_of_scope_at: datetime | None,
    breaches: set[str],
    rating: Any | None,
) -> Computed:
    """Facts of one loaded ticket (with ``department``) from its public agent ``replies`` (author, time)."""
    schedule = ticket_schedule(ticket)
    created = ticket.created_at
    fact = TicketFact(
        ticket_id=ticket.pk,
        department_id=ticket.department_id,
        channel=ticket.channel,
        category_id=ticket.category_id or 0,
        priority=ticket.priority,
        assignee_id=ticket.assignee_id or 0,
        created_at=created,
        created_day=local_day(created),
    )
    first = ticket.first_response_at
    if first is not None:
        fact.first_response_day = local_day(first)
        fact.fr_wall_s = max(0, int((first - created).total_seconds()))
        fact.fr_business_s = _business_seconds(schedule, created, first)
        fact.fr_wall_bucket, fact.fr_business_bucket = _bucket(fact.fr_wall_s), _bucket(fact.fr_business_s)
        fact.fr_sla = _sla_outcome(first, ticket.first_response_due_at, Target.FIRST_RESPONSE in breaches)
    done = ticket.resolved_at or ticket.closed_at
    if done is not None:
        fact.done_at = done
        fact.resolved_day = local_day(done)
        fact.res_wall_s = max(0, int((done - created).total_seconds()))
        fact.res_business_s = _business_seconds(schedule, created, done, ticket.sla_paused_seconds)
        fact.res_wall_bucket, fact.res_business_bucket = _bucket(fact.res_wall_s), _bucket(fact.res_business_s)
        fact.res_sla = _sla_outcome(done, ticket.resolution_due_at, Target.RESOLUTION in breaches)
    if out_of_scope_at is not None:
        fact.out_of_scope_day = local_day(out_of_scope_at)
    if rating is not None:
        fact.rating = rating.score
        fact.rating_day = local_day(rating.created_at)
        fact.rating_department_id = rating.department_id or ticket.department_id
        fact.rating_agent_id = rating.agent_id or 0
    return Computed(fact, _agent_days(ticket, replies))


def _agent_days(ticket: Ticket, replies: list[tuple[int, datetime]]) -> list[TicketAgentDay]:
    rows: dict[tuple[date, int], TicketAgentDay] = {}
    for position, (agent_id, at) in enumerate(sorted(replies, key=lambda r: r[1])):
        key = (local_day(at), agent_id)
        row = rows.get(key)
        if row is None:
            row = rows[key] = TicketAgentDay(
                ticket_id=ticket.pk,
                day=key[0],
                agent_id=agent_id,
                department_id=ticket.department_id,
                channel=ticket.channel,
            )
        row.replies += 1
        row.first_response = row.first_response or position == 0
    return list(rows.values())


def compute_facts(ticket_ids: Iterable[int]) -> dict[int, Computed]:
    """Facts of the tickets that still exist, by id (a deleted ticket is simply absent)."""
    ids = sorted(set(ticket_ids))
    if not ids:
        return {}
    tickets = list(Ticket.objects.filter(pk__in=ids).select_related("department"))
    replies: dict[int, list[tuple[int, datetime]]] = defaultdict(list)
    public_agent_replies = Message.objects.filter(
        ticket_id__in=ids, author_kind=AuthorKind.AGENT, internal=False, author_user__isnull=False
    ).values_list("ticket_id", "author_user_id", "created_at")
    for ticket_id, agent_id, at in public_agent_replies:
        replies[ticket_id].append((agent_id, at))
    out_of_scope: dict[int, datetime] = {}
    for ticket_id, at in (
        AuditEvent.objects.filter(ticket_id__in=ids, action=OUT_OF_SCOPE_ACTION)
        .order_by("created_at", "id")
        .values_list("ticket_id", "created_at")
    ):
        out_of_scope[ticket_id] = at  # the latest answer wins
    breaches: dict[int, set[str]] = defaultdict(set)
    for ticket_id, target in SlaEvent.objects.filter(ticket_id__in=ids, kind=EventKind.BREACHED).values_list(
        "ticket_id", "target"
    ):
        breaches[ticket_id].add(target)
    Rating = rating_model()
    ratings = {r.ticket_id: r for r in Rating.objects.filter(ticket_id__in=ids)} if Rating is not None else {}
    return {
        t.pk: fact_for(t, replies.get(t.pk, []), out_of_scope.get(t.pk), breaches.get(t.pk, set()), ratings.get(t.pk))
        for t in tickets
    }


DAY_FIELDS = ("created_day", "first_response_day", "resolved_day", "out_of_scope_day", "rating_day")


def fact_days(fact: TicketFact | Mapping[str, Any]) -> set[date]:
    """Every day whose rollup rows this fact counts in (ticket rows, agent rows, CSAT rows)."""
    values = (
        [fact.get(name) for name in DAY_FIELDS]
        if isinstance(fact, Mapping)
        else [getattr(fact, name) for name in DAY_FIELDS]
    )
    return {day for day in values if day is not None}

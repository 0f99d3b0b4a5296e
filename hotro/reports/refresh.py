"""Keeping the rollups up to date: the scheduler's job, and what ``rebuild_reports`` reuses.

The job (``refresh``, in ``hotro.core.scheduler.JOBS``) takes the ``DirtyTicket`` marks the
desk's receivers wrote, recomputes those tickets' facts from their source rows
(``facts.compute_facts``), and re-sums every day the old or new facts count in. It also
refreshes today's backlog snapshot every few minutes.

Why it stays correct:

- Marks are deleted by id once processed, and only the ids that were read: a mark
  committed while the job runs (even by a transaction that started earlier) stays for the
  next run, and the job reads each ticket after reading its marks, so no change is missed.
- A day is re-summed from all the facts that count in it, not patched with deltas, so a
  run repeated, interrupted (one transaction per batch) or raced by ``rebuild_reports``
  ends with the same rows as a rebuild.
- Each batch holds a lock on the ``RollupState`` row (``SKIP LOCKED``: a second scheduler
  skips rather than waits), so two processes never write a ticket's facts from readings
  taken in the opposite order.

Why it stays cheap: the marks are tiny INSERTs inside the desk's transactions; a batch
costs a handful of queries by ticket id (the thread index for messages), plus about six
grouped queries per batch of days over the facts' day indexes; page views read only the
rollups.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from hotro.desk.models import ACTIVE_Q, Ticket
from hotro.reports import buckets
from hotro.reports.facts import DAY_FIELDS, compute_facts, fact_days, local_day, zone
from hotro.reports.models import (
    COUNTERS,
    DIMENSIONS,
    HISTOGRAM_FIELDS,
    DailyAgentStats,
    DailyBacklog,
    DailyCsat,
    DailyTicketStats,
    DailyVolume,
    DirtyTicket,
    MonthlyTicketStats,
    RollupState,
    SlaOutcome,
    TicketAgentDay,
    TicketFact,
)

logger = logging.getLogger(__name__)

STATE = "rollups"
BATCH = 500  # tickets per transaction
MAX_BATCHES = 40  # per run: a burst of 20,000 changes is caught up over a few runs
DAY_CHUNK = 31  # days re-summed per round of grouped queries
BACKLOG_EVERY = timedelta(minutes=5)
TICKET_DIMS = DIMENSIONS


# --- locking -----------------------------------------------------------------------------------


def _lock() -> RollupState | None:
    """The state row, locked for this transaction; ``None`` when another process holds it."""
    RollupState.objects.get_or_create(name=STATE)
    return RollupState.objects.select_for_update(skip_locked=True).filter(name=STATE).first()


# --- facts -------------------------------------------------------------------------------------


def apply_tickets(ticket_ids: Iterable[int]) -> set[date]:
    """Recompute and store the facts of these tickets; returns every day whose sums may have moved."""
    ids = sorted(set(ticket_ids))
    if not ids:
        return set()
    days: set[date] = set()
    for row in TicketFact.objects.filter(ticket_id__in=ids).values_list(*DAY_FIELDS):
        days |= {day for day in row if day is not None}
    days |= set(TicketAgentDay.objects.filter(ticket_id__in=ids).values_list("day", flat=True).distinct())
    computed = compute_facts(ids)
    TicketFact.objects.filter(ticket_id__in=ids).delete()
    TicketAgentDay.objects.filter(ticket_id__in=ids).delete()
    TicketFact.objects.bulk_create([c.fact for c in computed.values()], batch_size=500)
    TicketAgentDay.objects.bulk_create([row for c in computed.values() for row in c.agent_days], batch_size=500)
    for c in computed.values():
        days |= fact_days(c.fact)
        days |= {row.day for row in c.agent_days}
    return days


# --- re-summing days -------------------------------------------------------------------------


def _chunks(days: Iterable[date], size: int = DAY_CHUNK) -> Iterator[list[date]]:
    ordered = sorted(set(days))
    for i in range(0, len(ordered), size):
        yield ordered[i : i + size]


def _histogram(prefix: str, bucket_field: str) -> dict[str, Count]:
    return {buckets.column(prefix, i): Count("ticket_id", filter=Q(**{bucket_field: i})) for i in range(buckets.COUNT)}


def _ticket_rows(days: list[date]) -> list[DailyTicketStats]:
    rows: dict[tuple[Any, ...], DailyTicketStats] = {}

    def row(day: date, values: dict[str, Any]) -> DailyTicketStats:
        key = (day, *(values[d] for d in TICKET_DIMS))
        if key not in rows:
            rows[key] = DailyTicketStats(day=day, **{d: values[d] for d in TICKET_DIMS})
        return rows[key]

    facts = TicketFact.objects.order_by()
    for values in facts.filter(created_day__in=days).values("created_day", *TICKET_DIMS).annotate(n=Count("ticket_id")):
        row(values["created_day"], values).opened = values["n"]
    first = {
        "n": Count("ticket_id"),
        "business": Sum("fr_business_s"),
        "wall": Sum("fr_wall_s"),
        "met": Count("ticket_id", filter=Q(fr_sla=SlaOutcome.MET)),
        "breached": Count("ticket_id", filter=Q(fr_sla=SlaOutcome.BREACHED)),
        **_histogram(buckets.FIRST_RESPONSE_BUSINESS, "fr_business_bucket"),
        **_histogram(buckets.FIRST_RESPONSE_WALL, "fr_wall_bucket"),
    }
    for values in (
        facts.filter(first_response_day__in=days).values("first_response_day", *TICKET_DIMS).annotate(**first)
    ):
        target = row(values["first_response_day"], values)
        target.first_responses = values["n"]
        target.fr_business_s, target.fr_wall_s = values["business"] or 0, values["wall"] or 0
        target.fr_met, target.fr_breached = values["met"], values["breached"]
        for name in (*buckets.columns(buckets.FIRST_RESPONSE_BUSINESS), *buckets.columns(buckets.FIRST_RESPONSE_WALL)):
            setattr(target, name, values[name])
    resolved = {
        "n": Count("ticket_id"),
        "business": Sum("res_business_s"),
        "wall": Sum("res_wall_s"),
        "met": Count("ticket_id", filter=Q(res_sla=SlaOutcome.MET)),
        "breached": Count("ticket_id", filter=Q(res_sla=SlaOutcome.BREACHED)),
        **_histogram(buckets.RESOLUTION_BUSINESS, "res_business_bucket"),
        **_histogram(buckets.RESOLUTION_WALL, "res_wall_bucket"),
    }
    for values in facts.filter(resolved_day__in=days).values("resolved_day", *TICKET_DIMS).annotate(**resolved):
        target = row(values["resolved_day"], values)
        target.resolved = values["n"]
        target.res_business_s, target.res_wall_s = values["business"] or 0, values["wall"] or 0
        target.res_met, target.res_breached = values["met"], values["breached"]
        for name in (*buckets.columns(buckets.RESOLUTION_BUSINESS), *buckets.columns(buckets.RESOLUTION_WALL)):
            setattr(target, name, values[name])
    for values in (
        facts.filter(out_of_scope_day__in=days).values("out_of_scope_day", *TICKET_DIMS).annotate(n=Count("ticket_id"))
    ):
        row(values["out_of_scope_day"], values).out_of_scope = values["n"]
    return list(rows.values())


def _agent_rows(days: list[date]) -> list[DailyAgentStats]:
    grouped = (
        TicketAgentDay.objects.filter(day__in=days)
        .order_by()
        .values("day", "agent_id", "department_id", "channel")
        .annotate(replies=Sum("replies"), tickets=Count("id"), first=Count("id", filter=Q(first_response=True)))
    )
    return [
        DailyAgentStats(
            day=v["day"],
            agent_id=v["agent_id"],
            department_id=v["department_id"],
            channel=v["channel"],
            replies=v["replies"] or 0,
            tickets=v["tickets"],
            first_responses=v["first"],
        )
        for v in grouped
    ]


def _csat_rows(days: list[date]) -> list[DailyCsat]:
    grouped = (
        TicketFact.objects.filter(rating_day__in=days)
        .exclude(rating="")
        .order_by()
        .values("rating_day", "rating_department_id", "channel", "rating_agent_id")
        .annotate(
            good=Count("ticket_id", filter=Q(rating="good")),
            okay=Count("ticket_id", filter=Q(rating="okay")),
            bad=Count("ticket_id", filter=Q(rating="bad")),
        )
    )
    return [
        DailyCsat(
            day=v["rating_day"],
            department_id=v["rating_department_id"],
            channel=v["channel"],
            agent_id=v["rating_agent_id"],
            good=v["good"],
            okay=v["okay"],
            bad=v["bad"],
        )
        for v in grouped
    ]


def month_of(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return (month + timedelta(days=32)).replace(day=1)


def resum_months(months: Iterable[date]) -> None:
    """Replace the monthly ticket rows of these months by sums over their daily rows."""
    fields = (*COUNTERS, *HISTOGRAM_FIELDS)
    for month in sorted(set(months)):
        grouped = (
            DailyTicketStats.objects.filter(day__gte=month, day__lt=next_month(month))
            .order_by()
            .values(*DIMENSIONS)
            .annotate(**{f"sum_{name}": Sum(name) for name in fields})
        )
        rows = [
            MonthlyTicketStats(
                month=month,
                **{name: v[name] for name in DIMENSIONS},
                **{name: v[f"sum_{name}"] or 0 for name in fields},
            )
            for v in grouped
        ]
        MonthlyTicketStats.objects.filter(month=month).delete()
        MonthlyTicketStats.objects.bulk_create(rows, batch_size=500)


def resum_volume(days: list[date]) -> None:
    """The day series rows of these days, from their ticket rows."""
    grouped = (
        DailyTicketStats.objects.filter(day__in=days)
        .order_by()
        .values("day", "department_id", "channel")
        .annotate(n_opened=Sum("opened"), n_resolved=Sum("resolved"))
    )
    rows = [
        DailyVolume(
            day=v["day"],
            department_id=v["department_id"],
            channel=v["channel"],
            opened=v["n_opened"] or 0,
            resolved=v["n_resolved"] or 0,
        )
        for v in grouped
    ]
    DailyVolume.objects.filter(day__in=days).delete()
    DailyVolume.objects.bulk_create(rows, batch_size=500)


def resum_days(days: Iterable[date]) -> None:
    """Replace the ticket, agent and CSAT rollup rows of these days by sums over the facts (and their months)."""
    days = set(days)
    for chunk in _chunks(days):
        DailyTicketStats.objects.filter(day__in=chunk).delete()
        DailyTicketStats.objects.bulk_create(_ticket_rows(chunk), batch_size=500)
        resum_volume(chunk)
        DailyAgentStats.objects.filter(day__in=chunk).delete()
        DailyAgentStats.objects.bulk_create(_agent_rows(chunk), batch_size=500)
        DailyCsat.objects.filter(day__in=chunk).delete()
        DailyCsat.objects.bulk_create(_csat_rows(chunk), batch_size=500)
    resum_months(month_of(day) for day in days)


# --- backlog -----------------------------------------------------------------------------------


def snapshot_backlog(now: datetime | None = None) -> int:
    """Today's backlog from the live tickets (the queues' partial indexes serve ``status IN active``)."""
    now = now or timezone.now()
    ages = [now - timedelta(seconds=edge) for edge in buckets.AGE_EDGES]
    annotations: dict[str, Count] = {"n": Count("id")}
    for i in range(buckets.AGE_COUNT):
        newer_than = Q(created_at__gt=ages[i]) if i < len(ages) else Q()
        older_than = Q(created_at__lte=ages[i - 1]) if i > 0 else Q()
        annotations[buckets.age_column(i)] = Count("id", filter=newer_than & older_than)
    grouped = (
        Ticket.objects.filter(ACTIVE_Q)
        .order_by()
        .values("department_id", "channel", "priority", "assignee_id")
        .annotate(**annotations)
    )
    day = local_day(now)
    rows = [
        DailyBacklog(
            day=day,
            department_id=v["department_id"],
            channel=v["channel"],
            priority=v["priority"],
            assignee_id=v["assignee_id"] or 0,
            open_tickets=v["n"],
            **{name: v[name] for name in buckets.age_columns()},
        )
        for v in grouped
    ]
    DailyBacklog.objects.filter(day=day).delete()
    DailyBacklog.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def day_end(day: date) -> datetime:
    """The first instant after ``day`` in the desk's zone."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone())


def backlog_history(first: date, last: date) -> int:
    """Backlog at the end of each day in [first, last] reconstructed from the facts (for rebuilds).

    A ticket counts as open at the end of day D when it was created by then and not yet
    resolved or closed; it is counted with its current department, channel, priority and
    assignee, and a ticket reopened since counts from its creation to its last resolution
    only. The live snapshots the job takes each day are the exact record; this fills
    history a fresh installation never snapshotted.
    """
    written = 0
    month = first
    while month <= last:
        until = min(last, month + timedelta(days=DAY_CHUNK - 1))
        counts: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0] * (1 + buckets.AGE_COUNT))
        facts = (
            TicketFact.objects.filter(created_day__lte=until)
            .filter(Q(done_at__isnull=True) | Q(done_at__gte=day_end(month - timedelta(days=1))))
            .values_list("department_id", "channel", "priority", "assignee_id", "created_at", "created_day", "done_at")
        )
        for department_id, channel, priority, assignee_id, created_at, created_day, done_at in facts.iterator(2000):
            stop = until if done_at is None else min(until, local_day(done_at) - timedelta(days=1))
            day = max(created_day, month)
            while day <= stop:
                age = (day_end(day) - created_at).total_seconds()
                cell = counts[(day, department_id, channel, priority, assignee_id)]
                cell[0] += 1
                cell[1 + buckets.index_of(age, buckets.AGE_EDGES)] += 1
                day += timedelta(days=1)
        rows = [
            DailyBacklog(
                day=key[0],
                department_id=key[1],
                channel=key[2],
                priority=key[3],
                assignee_id=key[4],
                open_tickets=cell[0],
                **{buckets.age_column(i): cell[1 + i] for i in range(buckets.AGE_COUNT)},
            )
            for key, cell in counts.items()
        ]
        DailyBacklog.objects.filter(day__gte=month, day__lte=until).delete()
        DailyBacklog.objects.bulk_create(rows, batch_size=1000)
        written += len(rows)
        month = until + timedelta(days=1)
    return written


# --- the job -----------------------------------------------------------------------------------


def refresh_batch(batch: int = BATCH) -> int | None:
    """One transaction: process up to ``batch`` marks. ``None`` when another process holds the lock."""
    with transaction.atomic():
        if _lock() is None:
            return None
        marks = list(DirtyTicket.objects.order_by("id").values_list("id", "ticket_id", "day")[:batch])
        if not marks:
            return 0
        days = apply_tickets(ticket_id for _id, ticket_id, _day in marks)
        days |= {day for _id, _ticket, day in marks}
        resum_days(days)
        DirtyTicket.objects.filter(id__in=[mark_id for mark_id, _t, _d in marks]).delete()
        return len(marks)


def refresh_backlog_if_due(now: datetime | None = None) -> bool:
    now = now or timezone.now()
    with transaction.atomic():
        state = _lock()
        if state is None:
            return False
        last = state.backlog_at
        if last is not None and now - last < BACKLOG_EVERY and local_day(last) == local_day(now):
            return False
        snapshot_backlog(now)
        state.backlog_at = now
        state.save(update_fields=["backlog_at"])
        return True


def refresh() -> int:
    """The scheduler's job: catch up with the marks (bounded per run), then the backlog snapshot."""
    processed = 0
    for _ in range(MAX_BATCHES):
        done = refresh_batch()
        if not done:
            break
        processed += done
    refresh_backlog_if_due()
    RollupState.objects.filter(name=STATE).update(refreshed_at=timezone.now())
    if processed:
        logger.info("reports: %s ticket changes folded into the rollups", processed)
    return processed

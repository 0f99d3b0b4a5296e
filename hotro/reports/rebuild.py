"""``rebuild_reports``: every rollup recomputed from the source rows, with the job's own functions.

A full rebuild empties the reports' tables, recomputes every ticket's facts in batches
(each batch a transaction holding the job's lock, so the job can run alongside), re-sums
every day, reconstructs the backlog of past days from the facts and takes today's
snapshot. ``since`` limits it to the tickets touched on or after that day (``updated_at``,
the facts counting on those days, ratings given since) and re-sums the days from then on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone

from hotro.desk.models import Ticket
from hotro.reports.facts import local_day, rating_model, zone
from hotro.reports.models import (
    DailyAgentStats,
    DailyBacklog,
    DailyCsat,
    DailyTicketStats,
    DailyVolume,
    DirtyTicket,
    MonthlyTicketStats,
    TicketAgentDay,
    TicketFact,
)
from hotro.reports.refresh import _lock, apply_tickets, backlog_history, resum_days, snapshot_backlog

BATCH = 1000


@dataclass
class RebuildReport:
    tickets: int = 0
    days: int = 0
    backlog_rows: int = 0


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone())


def _touched_since(since: date) -> list[int]:
    start = _day_start(since)
    ids = set(Ticket.objects.filter(updated_at__gte=start).values_list("pk", flat=True))
    recent = (
        Q(created_day__gte=since)
        | Q(first_response_day__gte=since)
        | Q(resolved_day__gte=since)
        | Q(out_of_scope_day__gte=since)
        | Q(rating_day__gte=since)
    )
    ids |= set(TicketFact.objects.filter(recent).values_list("ticket_id", flat=True))
    Rating = rating_model()
    if Rating is not None:
        ids |= set(Rating.objects.filter(updated_at__gte=start).values_list("ticket_id", flat=True))
    return sorted(ids)


def _clear_everything() -> None:
    with transaction.atomic():
        _lock()
        rollups = (DailyTicketStats, MonthlyTicketStats, DailyVolume, DailyAgentStats, DailyCsat, DailyBacklog)
        for model in (TicketFact, TicketAgentDay, *rollups):
            model.objects.all().delete()


def rebuild(since: date | None = None, *, log: Callable[[str], None] = lambda _line: None) -> RebuildReport:
    """Recompute the reports; see the module's docstring. Returns what was done."""
    report = RebuildReport()
    now = timezone.now()
    today = local_day(now)
    seen_marks = list(DirtyTicket.objects.values_list("id", flat=True))  # what this rebuild covers
    if since is None:
        _clear_everything()
        ids = list(Ticket.objects.order_by("pk").values_list("pk", flat=True))
    else:
        ids = _touched_since(since)
    log(f"recomputing the facts of {len(ids):,} tickets")
    for i in range(0, len(ids), BATCH):
        with transaction.atomic():
            _lock()
            apply_tickets(ids[i : i + BATCH])
        report.tickets += len(ids[i : i + BATCH])
    first = since
    if first is None:
        oldest = TicketFact.objects.aggregate(first=Min("created_day"))["first"]
        first = oldest or today
    days = [first + timedelta(days=n) for n in range((today - first).days + 1)]
    log(f"re-summing {len(days):,} days from {first}")
    with transaction.atomic():
        _lock()
        resum_days(days)
        if first < today:
            report.backlog_rows = backlog_history(first, today - timedelta(days=1))
        report.backlog_rows += snapshot_backlog(now)
        DirtyTicket.objects.filter(id__in=seen_marks).delete()
    report.days = len(days)
    return report

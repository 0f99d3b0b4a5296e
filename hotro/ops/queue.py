"""How deep the task queue is and how long its oldest task has waited (the database backend's table).

Other backends (RQ on Redis) have their own monitoring; for them this answers ``None``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Min, Q
from django.utils import timezone

DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"


@dataclass(frozen=True)
class Depth:
    queue: str
    ready: int  # waiting to be run now
    running: int
    oldest_age: float | None  # seconds the oldest ready task has waited since it was due


def uses_database_queue() -> bool:
    return any(str(config.get("BACKEND")) == DATABASE_BACKEND for config in settings.TASKS.values())


def depths() -> list[Depth] | None:
    """One aggregate over the queue's unfinished rows (the READY partial index and few RUNNING rows)."""
    if not uses_database_queue():
        return None
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult, get_date_max

    now = timezone.now()
    # A task without run_after is stored with the largest date: due since it was enqueued.
    unscheduled = Q(status=TaskResultStatus.READY) & Q(run_after=get_date_max())
    scheduled = Q(status=TaskResultStatus.READY) & Q(run_after__lte=now)
    rows = (
        DBTaskResult.objects.filter(status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING])
        .values("queue_name")
        .annotate(
            ready=Count("id", filter=unscheduled | scheduled),
            running=Count("id", filter=Q(status=TaskResultStatus.RUNNING)),
            oldest_enqueued=Min("enqueued_at", filter=unscheduled),
            oldest_due=Min("run_after", filter=scheduled),
        )
        .order_by("queue_name")
    )
    result = []
    for row in rows:
        since = [moment for moment in (row["oldest_enqueued"], row["oldest_due"]) if moment is not None]
        age = (now - min(since)).total_seconds() if since else None
        result.append(Depth(row["queue_name"], row["ready"], row["running"], age))
    return result

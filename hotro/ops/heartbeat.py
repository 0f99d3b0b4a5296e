"""Writing and reading heartbeats (``hotro.ops.models.Heartbeat``).

``tick`` is a scheduler job (``hotro.core.scheduler.JOBS``): running it proves a scheduler is
alive, and the probe task it enqueues proves, when a worker runs it, that the task queue is
being worked. A probe is enqueued only once the previous one was answered (or is long lost),
so a dead worker does not fill the queue with probes.
"""

from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta

from django.utils import timezone

from hotro.ops.models import Heartbeat

SCHEDULER = "scheduler"
WORKER = "worker"
PROBE = "worker-probe"  # when the last probe task was enqueued
PROBE_LOST_AFTER = timedelta(minutes=10)  # enqueue another even if the last one was never answered


def where() -> str:
    return f"{socket.gethostname()} pid {os.getpid()}"


def beat(component: str, at: datetime | None = None) -> None:
    """Record that ``component`` is alive now: one upsert, no read."""
    Heartbeat.objects.update_or_create(
        component=component, defaults={"seen_at": at or timezone.now(), "where": where()}
    )


def last_seen() -> dict[str, Heartbeat]:
    return {row.component: row for row in Heartbeat.objects.all()}


def tick() -> None:
    """Scheduler job: the scheduler's heartbeat, and a probe for the workers when the last one came back."""
    now = timezone.now()
    beat(SCHEDULER, now)
    beats = last_seen()
    probe, worker = beats.get(PROBE), beats.get(WORKER)
    answered = probe is None or (worker is not None and worker.seen_at >= probe.seen_at)
    lost = probe is not None and probe.seen_at <= now - PROBE_LOST_AFTER
    if answered or lost:
        from hotro.ops.tasks import worker_probe

        beat(PROBE, now)
        worker_probe.enqueue()

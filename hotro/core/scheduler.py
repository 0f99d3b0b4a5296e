"""Periodic work: one list of jobs, claimed row by row so several schedulers never double-fire.

A job runs when its row's ``next_run_at`` has passed and this scheduler wins the
conditional UPDATE that pushes it forward. Job functions are plain functions that
tests call directly; heavy ones enqueue tasks instead of working inline.
"""

from __future__ import annotations

import logging
import traceback
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string

from hotro.core.models import ScheduledJob

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    every: timedelta
    function: str  # dotted path to a callable taking no arguments


JOBS: list[Job] = [
    # Every channel's outbox (email, SMS): retries, and rows whose worker died.
    Job("outbound.deliver_due", timedelta(seconds=20), "hotro.core.outbound.delivery.deliver_due"),
    Job("sla.scan_due", timedelta(seconds=60), "hotro.sla.scan.scan_due"),
    Job("mail.poll_mailboxes", timedelta(seconds=30), "hotro.mail.imap.poll_mailboxes"),
    Job("mail.process_received", timedelta(minutes=2), "hotro.mail.intake.sweep.process_received"),
    Job("mail.alert_admins", timedelta(minutes=5), "hotro.mail.health.alert_admins_of_failing_mailboxes"),
    Job("phone.process_received", timedelta(minutes=2), "hotro.phone.ingest.process_received"),
    Job("desk.remove_orphan_files", timedelta(days=1), "hotro.desk.orphans.remove_orphan_files"),
    Job("vault.destroy_expired", timedelta(hours=1), "hotro.vault.services.destroy_expired"),  # closed tickets' secrets
    Job("api.prune_idempotency", timedelta(hours=1), "hotro.api.idempotency.prune"),  # answers kept for retries
    Job("reports.refresh", timedelta(seconds=60), "hotro.reports.refresh.refresh"),  # dirty tickets → rollups
    # The scheduler's heartbeat, and a probe task whose run is the workers' (the status page, doctor).
    Job("ops.heartbeat", timedelta(seconds=60), "hotro.ops.heartbeat.tick"),
]


def claim(job: Job) -> bool:
    """Take this job's turn if it is due; False when another scheduler has it or it is not due."""
    now = timezone.now()
    try:
        with transaction.atomic():
            ScheduledJob.objects.get_or_create(name=job.name, defaults={"next_run_at": now})
    except IntegrityError:  # another scheduler created the row at the same moment
        pass
    won = ScheduledJob.objects.filter(name=job.name, next_run_at__lte=now).update(
        next_run_at=now + job.every, last_started_at=now
    )
    return won == 1


def run_due_jobs(jobs: list[Job] | None = None) -> list[str]:
    """Run every due job once; returns the names of those this process ran."""
    ran = []
    for job in jobs if jobs is not None else JOBS:
        if not claim(job):
            continue
        error = ""
        try:
            import_string(job.function)()
        except Exception:
            error = traceback.format_exc(limit=5)
            logger.exception("scheduled job %s failed", job.name)
        ScheduledJob.objects.filter(name=job.name).update(
            last_finished_at=timezone.now(), last_error=error, runs=F("runs") + 1
        )
        ran.append(job.name)
    return ran

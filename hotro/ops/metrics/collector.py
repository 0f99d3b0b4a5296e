"""Gauges computed when Prometheus scrapes: backlogs and ages read from the database.

They describe shared state (the outbox, the queue, the tickets), not one process, so they
are read at scrape time by whichever process answers, never kept in process memory; this
also makes them right in multi-process mode without any gauge mode. Each family is one
aggregate over rows an index already narrows to the unfinished ones (pending mail, ready
tasks, active tickets), so a scrape costs a handful of small queries however large the
tables grow. Terminal states that only ever grow (processed mail, sent messages) are not
counted: Prometheus wants backlogs, and ``rate()`` of the request counters shows traffic.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from datetime import datetime

from django.db.models import Count, Min, Q
from django.utils import timezone
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from hotro.core import inbound
from hotro.core.models import InboundState, OutboundMessage, OutboundStatus, ScheduledJob
from hotro.desk.models import ACTIVE_Q, Ticket
from hotro.mail.models import Mailbox
from hotro.ops import heartbeat, queue

logger = logging.getLogger(__name__)


def _age(now: datetime, moment: datetime | None) -> float:
    return (now - moment).total_seconds() if moment else 0.0


def inbound_metrics(now: datetime) -> Iterator[Metric]:
    counts = GaugeMetricFamily(
        "hotro_inbound_items",
        "Stored inbound items not processed yet or failed, by channel.",
        labels=["channel", "status"],
    )
    lag = GaugeMetricFamily(
        "hotro_inbound_lag_seconds", "Age of the oldest received but unprocessed item (0: none).", labels=["channel"]
    )
    for channel in inbound.channels():
        rows = (
            channel.model._default_manager.filter(status__in=[InboundState.RECEIVED, InboundState.FAILED])
            .values("status")
            .annotate(n=Count("pk"), oldest=Min("received_at"))
        )
        by_status = {row["status"]: row for row in rows}
        for status in (InboundState.RECEIVED, InboundState.FAILED):
            counts.add_metric([channel.key, status.value], by_status.get(status.value, {}).get("n", 0))
        lag.add_metric([channel.key], _age(now, by_status.get(InboundState.RECEIVED.value, {}).get("oldest")))
    yield counts
    yield lag


def outbox_metrics(now: datetime) -> Iterator[Metric]:
    backlog = GaugeMetricFamily(
        "hotro_outbound_messages",
        "Outgoing messages waiting, being sent or failed, by channel.",
        labels=["channel", "status"],
    )
    oldest = GaugeMetricFamily(
        "hotro_outbound_oldest_pending_seconds", "Age of the oldest message waiting to be sent.", labels=["channel"]
    )
    rows = (
        OutboundMessage.objects.filter(
            status__in=[OutboundStatus.PENDING, OutboundStatus.SENDING, OutboundStatus.FAILED]
        )
        .values("channel", "status")
        .annotate(n=Count("id"), oldest=Min("created_at"))
    )
    oldest_by_channel: dict[str, datetime] = {}
    for row in rows:
        backlog.add_metric([row["channel"], row["status"]], row["n"])
        if row["status"] == OutboundStatus.PENDING:
            oldest_by_channel[row["channel"]] = row["oldest"]
    for channel, moment in sorted(oldest_by_channel.items()):
        oldest.add_metric([channel], _age(now, moment))
    yield backlog
    yield oldest


def task_metrics() -> Iterator[Metric]:
    depths = queue.depths()
    if depths is None:
        return
    ready = GaugeMetricFamily("hotro_task_queue_ready", "Tasks due and waiting for a worker.", labels=["queue"])
    running = GaugeMetricFamily("hotro_task_queue_running", "Tasks a worker is running.", labels=["queue"])
    age = GaugeMetricFamily(
        "hotro_task_queue_oldest_seconds", "How long the oldest due task has waited (0: none).", labels=["queue"]
    )
    for depth in depths:
        ready.add_metric([depth.queue], depth.ready)
        running.add_metric([depth.queue], depth.running)
        age.add_metric([depth.queue], depth.oldest_age or 0.0)
    yield ready
    yield running
    yield age


def ticket_metrics(now: datetime) -> Iterator[Metric]:
    open_tickets = GaugeMetricFamily(
        "hotro_open_tickets", "Active tickets by department and status.", labels=["department", "status"]
    )
    rows = Ticket.objects.filter(ACTIVE_Q).values("department__slug", "status").annotate(n=Count("id"))
    for row in rows:
        open_tickets.add_metric([row["department__slug"], row["status"]], row["n"])
    yield open_tickets
    # Running clocks only: a paused ticket (waiting on the customer) is neither warned nor breached.
    sla = GaugeMetricFamily("hotro_sla_tickets", "Active tickets past their SLA warning or due time.", labels=["state"])
    counts = Ticket.objects.filter(ACTIVE_Q, sla_paused_at__isnull=True).aggregate(
        breached=Count("id", filter=Q(sla_due_at__lte=now)),
        warning=Count("id", filter=Q(sla_warn_at__lte=now) & Q(sla_due_at__gt=now)),
    )
    sla.add_metric(["warning"], counts["warning"])
    sla.add_metric(["breached"], counts["breached"])
    yield sla


def background_metrics(now: datetime) -> Iterator[Metric]:
    jobs = GaugeMetricFamily(
        "hotro_scheduler_job_last_finished_timestamp_seconds", "When each periodic job last finished.", labels=["job"]
    )
    job_ok = GaugeMetricFamily(
        "hotro_scheduler_job_last_run_ok", "1 when the job's last run succeeded.", labels=["job"]
    )
    for job in ScheduledJob.objects.order_by("name"):
        if job.last_finished_at:
            jobs.add_metric([job.name], job.last_finished_at.timestamp())
        job_ok.add_metric([job.name], 0 if job.last_error else 1)
    yield jobs
    yield job_ok
    beats = GaugeMetricFamily(
        "hotro_heartbeat_age_seconds", "Seconds since each background component was last seen.", labels=["component"]
    )
    for component, row in sorted(heartbeat.last_seen().items()):
        beats.add_metric([component], _age(now, row.seen_at))
    yield beats
    failing = GaugeMetricFamily("hotro_mailbox_failing", "1 while an active IMAP mailbox fails.", labels=["mailbox"])
    for name, failing_since in Mailbox.objects.filter(active=True).values_list("name", "failing_since"):
        failing.add_metric([name], 1 if failing_since else 0)
    yield failing


class DeskCollector(Collector):
    """Every scrape-time gauge; a database error is reported as a metric, not as a failed scrape."""

    def collect(self) -> Iterator[Metric]:
        started, now = time.monotonic(), timezone.now()
        error = 0
        try:
            # Gathered first, so a failure half-way yields no partial families.
            families = [
                *inbound_metrics(now),
                *outbox_metrics(now),
                *task_metrics(),
                *ticket_metrics(now),
                *background_metrics(now),
            ]
        except Exception:
            logger.exception("metrics: reading the database failed")
            families, error = [], 1
        yield from families
        yield GaugeMetricFamily("hotro_scrape_error", "1 when the database could not be read for this scrape.", error)
        yield GaugeMetricFamily(
            "hotro_scrape_duration_seconds", "Time spent reading the gauges.", time.monotonic() - started
        )

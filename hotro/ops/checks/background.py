"""The checks of work done away from requests: scheduler, task workers, the queue, the outbox, intake."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hotro.core import inbound
from hotro.core.models import InboundState, OutboundMessage, OutboundStatus, ScheduledJob
from hotro.ops import heartbeat, queue
from hotro.ops.checks import Result, register

SCHEDULER_STALE = timedelta(minutes=3)  # its heartbeat job runs every minute
WORKER_STALE = timedelta(minutes=5)  # a probe every minute, answered in seconds by a live worker
QUEUE_STALE = timedelta(minutes=10)
OUTBOX_STALE = timedelta(minutes=30)  # retries back off; half an hour waiting means an outage
INBOUND_STALE = timedelta(minutes=10)  # the scheduler's sweep takes up anything older than 2 minutes


def _age(seconds: float) -> str:
    minutes = int(seconds // 60)
    return f"{minutes // 60} h {minutes % 60} min" if minutes >= 60 else f"{minutes} min {int(seconds % 60)} s"


def _heartbeat(component: str, stale: timedelta) -> Result:
    row = heartbeat.last_seen().get(component)
    if row is None:
        return Result(component, False, "never seen")
    age = (timezone.now() - row.seen_at).total_seconds()
    return Result(component, row.seen_at >= timezone.now() - stale, f"{_age(age)} ago on {row.where}", row.seen_at)


@register(
    "scheduler",
    _("Scheduler"),
    _(
        "No scheduler has run for minutes: mailboxes are not polled, SLAs not scanned, retries not sent. "
        "Start it: 'systemctl start hotro-scheduler' (or 'python manage.py scheduler'), and read its log."
    ),
)
def scheduler() -> Result:
    return _heartbeat(heartbeat.SCHEDULER, SCHEDULER_STALE)


@register(
    "scheduled_jobs",
    _("Scheduled jobs"),
    _("A periodic job failed on its last run: read its error in the admin (Scheduled jobs) and the scheduler's log."),
)
def scheduled_jobs() -> Result:
    jobs = list(ScheduledJob.objects.order_by("name"))
    failing = [job.name for job in jobs if job.last_error]
    last = max((job.last_finished_at for job in jobs if job.last_finished_at), default=None)
    if failing:
        return Result("scheduled_jobs", False, "last run failed: " + ", ".join(failing), last)
    return Result("scheduled_jobs", True, f"{len(jobs)} jobs, none failing", last)


@register(
    "worker",
    _("Task workers"),
    _(
        "No task worker has taken work for minutes: mail is not sent and incoming mail waits. "
        "Start them: 'systemctl start hotro-worker' (or 'python manage.py db_worker'). "
        "If the scheduler is red too, start it first: it sends the workers' probe."
    ),
)
def worker() -> Result:
    return _heartbeat(heartbeat.WORKER, WORKER_STALE)


@register(
    "task_queue",
    _("Task queue"),
    _("Tasks wait too long: start more workers, or look in their log for a task that blocks them."),
)
def task_queue() -> Result:
    depths = queue.depths()
    if depths is None:
        return Result("task_queue", True, "not a database queue: see the queue's own monitoring")
    waiting = sum(depth.ready for depth in depths)
    oldest = max((depth.oldest_age for depth in depths if depth.oldest_age is not None), default=None)
    if oldest is None:
        return Result("task_queue", True, "empty")
    ok = oldest <= QUEUE_STALE.total_seconds()
    return Result("task_queue", ok, f"{waiting} waiting, the oldest for {_age(oldest)}")


@register(
    "outbox",
    _("Outbox"),
    _(
        "Messages wait to be sent: the mail server or SMS gateway refuses or cannot be reached. "
        "Run 'python manage.py doctor' to test SMTP, and read the messages' last error in the admin."
    ),
)
def outbox() -> list[Result]:
    now = timezone.now()
    rows = (
        OutboundMessage.objects.filter(status__in=[OutboundStatus.PENDING, OutboundStatus.SENDING])
        .values("channel")
        .annotate(waiting=Count("id"), oldest=Min("created_at"))
        .order_by("channel")
    )
    failed = dict(
        OutboundMessage.objects.filter(status=OutboundStatus.FAILED)
        .values("channel")
        .annotate(n=Count("id"))
        .values_list("channel", "n")
    )
    results = []
    for row in rows:
        age = (now - row["oldest"]).total_seconds()
        detail = f"{row['waiting']} waiting, the oldest for {_age(age)}; {failed.get(row['channel'], 0)} failed"
        results.append(Result(f"outbox:{row['channel']}", age <= OUTBOX_STALE.total_seconds(), detail))
    if not results:
        results.append(Result("outbox", True, f"nothing waiting; {sum(failed.values())} failed in all"))
    return results


@register(
    "inbound",
    _("Incoming items"),
    _(
        "Received items are not processed: check the task workers and the scheduler; items that failed are on "
        "the console's Failed items page, where they can be retried once the cause is fixed."
    ),
)
def inbound_items() -> list[Result]:
    now = timezone.now()
    results = []
    for channel in inbound.channels():
        manager = channel.model._default_manager
        oldest = manager.filter(status=InboundState.RECEIVED).aggregate(oldest=Min("received_at"))["oldest"]
        failed = manager.filter(status=InboundState.FAILED).count()
        lag = (now - oldest).total_seconds() if oldest else 0.0
        detail = f"{failed} failed; " + (f"oldest unprocessed {_age(lag)} old" if oldest else "none unprocessed")
        ok = not failed and lag <= INBOUND_STALE.total_seconds()
        results.append(Result(f"inbound:{channel.key}", ok, detail))
    return results

"""Background tasks of the core: they take ids and are safe to run twice."""

from __future__ import annotations

from django_tasks import task

from hotro.core.outbound import delivery


@task()
def deliver_outbound(message_id: int) -> bool:
    """Deliver one outbound row; a row another worker holds, or one already sent, is left alone."""
    return delivery.deliver(message_id)


@task()
def deliver_due_outbound(limit: int = 100) -> int:
    """What the scheduler enqueues periodically: retries, and rows whose worker died."""
    return delivery.deliver_due(limit)

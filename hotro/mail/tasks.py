"""Background tasks of the mail app; they take ids and are safe to run twice."""

from __future__ import annotations

from django_tasks import task

from hotro.mail import delivery


@task()
def deliver_outbox_message(message_id: int) -> bool:
    """Deliver one outbox row; a row another worker holds, or one already sent, is left alone."""
    return delivery.deliver(message_id)


@task()
def deliver_due_outbox(limit: int = 100) -> int:
    """What the scheduler enqueues periodically: retries, and rows whose worker died."""
    return delivery.deliver_due(limit)


@task()
def process_inbound_mail(inbound_id: int) -> str:
    """Turn one stored raw email into desk changes; a row already processed is left alone."""
    from hotro.mail.intake.process import process_inbound

    return process_inbound(inbound_id).mail.status


@task()
def process_received_mail(limit: int = 100) -> int:
    """The sweep: rows still ``received`` (their task was lost) are processed now."""
    from hotro.mail.intake.sweep import process_received

    return process_received(limit)

"""Background tasks of the mail app; they take ids and are safe to run twice."""

from __future__ import annotations

from django_tasks import task

from hotro.core.outbound import delivery


@task()
def deliver_outbox_message(message_id: int) -> bool:
    """Tasks queued before the outbox moved to ``hotro.core`` (``deliver_outbound`` since)."""
    return delivery.deliver(message_id)


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

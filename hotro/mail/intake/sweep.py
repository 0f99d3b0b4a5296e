"""The scheduler's safety net: mail stored but never processed (the queue was down) is processed here."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from hotro.mail.intake.process import process_inbound
from hotro.mail.models import InboundMail, InboundStatus

GRACE = timedelta(minutes=2)  # leave fresh rows to the task enqueued for them


def process_received(limit: int = 100) -> int:
    cutoff = timezone.now() - GRACE
    pks = list(
        InboundMail.objects.filter(status=InboundStatus.RECEIVED, received_at__lte=cutoff)
        .order_by("received_at")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in pks:
        process_inbound(pk)
    return len(pks)

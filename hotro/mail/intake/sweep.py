"""The scheduler's safety net: mail stored but never processed (the queue was down) is processed here."""

from __future__ import annotations

from datetime import timedelta

from hotro.core import inbound
from hotro.mail.intake.process import process_inbound
from hotro.mail.models import InboundMail

GRACE = timedelta(minutes=2)  # leave fresh rows to the task enqueued for them


def process_received(limit: int = 100) -> int:
    return inbound.process_received(InboundMail, process_inbound, limit=limit, grace=GRACE)

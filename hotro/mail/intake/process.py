"""Step two of intake: a stored raw message becomes a ticket, a reply, a bounce note, or nothing.

``process_inbound`` is safe to run twice (a row already handled is left
alone) and never lets an exception escape: a message that cannot be
processed is marked ``failed`` with the error, stays in the admin's failed
list, and ``retry_inbound`` runs it again once the fault is fixed. The desk
work runs in a savepoint, so a failure half-way leaves no half-made ticket.
"""

from __future__ import annotations

import logging
import traceback
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from hotro.desk.models import Message, Ticket
from hotro.mail.inbound import ParsedMail
from hotro.mail.intake import desk
from hotro.mail.intake.plan import APPENDED, BOUNCE, CREATED, DUPLICATE, FAILED, IGNORED, Plan, parse, plan
from hotro.mail.models import InboundMail, InboundStatus

logger = logging.getLogger(__name__)

STATUS_FOR = {
    CREATED: InboundStatus.PROCESSED,
    APPENDED: InboundStatus.PROCESSED,
    DUPLICATE: InboundStatus.DUPLICATE,
    IGNORED: InboundStatus.IGNORED,
    BOUNCE: InboundStatus.BOUNCE,
}


class IntakeError(Exception):
    """A message the pipeline cannot turn into anything; it goes to the failed list."""


@dataclass(frozen=True)
class Result:
    mail: InboundMail
    parsed: ParsedMail | None


def process_inbound(pk: int, *, retry: bool = False) -> Result:
    """Process one stored message; ``retry`` also takes a ``failed`` one. Never raises for bad mail."""
    with transaction.atomic():
        mail = InboundMail.objects.select_for_update().get(pk=pk)
        allowed = (InboundStatus.RECEIVED, InboundStatus.FAILED) if retry else (InboundStatus.RECEIVED,)
        if mail.status not in allowed:
            return Result(mail, None)  # handled already (a second delivery of the task)
        mail.attempts += 1
        parsed: ParsedMail | None = None
        try:
            parsed = parse(mail.raw_bytes)
            with transaction.atomic():
                _apply(mail, parsed)
        except Exception as exc:
            logger.warning("inbound mail %s failed", mail.pk, exc_info=True)
            mail.status = InboundStatus.FAILED
            mail.outcome = FAILED
            mail.reason = f"{type(exc).__name__}: {exc}"[:255]
            mail.error = traceback.format_exc(limit=8)
            mail.ticket = None
            mail.ticket_message = None
        else:
            mail.error = ""
        mail.processed_at = timezone.now()
        mail.save(
            update_fields=[
                "status",
                "outcome",
                "reason",
                "error",
                "attempts",
                "ticket",
                "ticket_message",
                "processed_at",
            ]
        )
    return Result(mail, parsed)


def retry_inbound(pk: int) -> Result:
    """Reprocess a failed message (the admin's "retry" action)."""
    return process_inbound(pk, retry=True)


def _apply(mail: InboundMail, parsed: ParsedMail) -> None:
    if parsed.unparseable:
        raise IntakeError("the message is empty or unreadable")
    decided = plan(parsed, mail.raw_bytes, department=mail.department, exclude_pk=mail.pk)
    if decided.status == FAILED:
        raise IntakeError(decided.reason or "cannot be processed")
    ticket, message = _act(decided, parsed)
    mail.status = STATUS_FOR[decided.status]
    mail.outcome = decided.status
    mail.reason = (decided.reason or "")[:255]
    mail.ticket = ticket
    mail.ticket_message = message


def _act(decided: Plan, parsed: ParsedMail) -> tuple[Ticket | None, Message | None]:
    message_id = (parsed.message_id or "")[:255]
    if decided.status == CREATED:
        return desk.open_from_mail(parsed, decided.department, message_id)
    if decided.status == APPENDED:
        assert decided.ticket is not None
        message = desk.append_from_mail(parsed, decided.ticket, message_id, as_cc=decided.add_sender_as_cc)
        return decided.ticket, message
    if decided.status == BOUNCE:
        bounced_to = decided.bounced.to if decided.bounced else ""
        return decided.ticket, desk.record_bounce(parsed, decided.ticket, bounced_to)
    return decided.ticket, None  # duplicate or ignored: nothing to write

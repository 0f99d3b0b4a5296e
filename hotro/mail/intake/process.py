"""Step two of intake: a stored raw message becomes a ticket, a reply, a bounce note, or nothing.

``process_inbound`` is safe to run twice (a row already handled is left
alone) and never lets an exception escape: a message that cannot be
processed is marked ``failed`` with the error, stays in the admin's failed
list, and ``retry_inbound`` runs it again once the fault is fixed. A failure
half-way rolls the whole transaction back, so it leaves no half-made ticket;
the failure is then recorded in a second one.
"""

from __future__ import annotations

import logging
import traceback
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from hotro.desk.models import Message, Ticket
from hotro.desk.services import departments
from hotro.mail.inbound import ParsedMail
from hotro.mail.intake import desk
from hotro.mail.intake.plan import APPENDED, BOUNCE, CREATED, DUPLICATE, FAILED, HELD, IGNORED, Plan, parse, plan
from hotro.mail.models import InboundMail, InboundSource, InboundStatus

logger = logging.getLogger(__name__)

STATUS_FOR = {
    CREATED: InboundStatus.PROCESSED,
    APPENDED: InboundStatus.PROCESSED,
    HELD: InboundStatus.PROCESSED,
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
    allowed = (InboundStatus.RECEIVED, InboundStatus.FAILED) if retry else (InboundStatus.RECEIVED,)
    try:
        with transaction.atomic():
            # Only what processing reads; the rest of the row loads if a caller asks for it.
            mail = InboundMail.objects.select_for_update().only(*_READ).get(pk=pk)
            if mail.status not in allowed:
                return Result(mail, None)  # handled already (a second delivery of the task)
            attempts = mail.attempts
            parsed: ParsedMail | None = None
            try:
                parsed = parse(mail.raw_bytes)
                _apply(mail, parsed)
            except Exception as exc:
                # Leaving the block rolls back whatever the desk wrote; the failure is recorded below.
                raise _Failed(attempts, parsed, f"{type(exc).__name__}: {exc}", traceback.format_exc(limit=8)) from exc
            mail.attempts = attempts + 1
            mail.error = ""
            _save(mail)
        return Result(mail, parsed)
    except _Failed as failed:
        logger.warning("inbound mail %s failed", pk, exc_info=failed.__cause__)
        return _record_failure(pk, allowed, failed)


_READ = ("id", "raw", "status", "attempts", "department_id", "source")


class _Failed(Exception):
    """Carries a processing failure out of the transaction it rolls back."""

    def __init__(self, attempts: int, parsed: ParsedMail | None, reason: str, error: str) -> None:
        super().__init__(reason)
        self.attempts, self.parsed, self.reason, self.error = attempts, parsed, reason, error


def _record_failure(pk: int, allowed: tuple[str, ...], failed: _Failed) -> Result:
    """Put the message on the failed list, unless another worker handled it since the rollback."""
    with transaction.atomic():
        mail = InboundMail.objects.select_for_update().get(pk=pk)
        if mail.status not in allowed or mail.attempts != failed.attempts:
            return Result(mail, failed.parsed)
        mail.attempts += 1
        mail.status = InboundStatus.FAILED
        mail.outcome = FAILED
        mail.reason = failed.reason[:255]
        mail.error = failed.error
        mail.ticket = None
        mail.ticket_message = None
        _save(mail)
    return Result(mail, failed.parsed)


def _save(mail: InboundMail) -> None:
    mail.processed_at = timezone.now()
    fields = ["status", "outcome", "reason", "error", "attempts", "ticket", "ticket_message", "processed_at"]
    mail.save(update_fields=fields)


def retry_inbound(pk: int) -> Result:
    """Reprocess a failed message (the admin's "retry" action)."""
    return process_inbound(pk, retry=True)


def _apply(mail: InboundMail, parsed: ParsedMail) -> None:
    if parsed.unparseable:
        raise IntakeError("the message is empty or unreadable")
    department = departments.by_id(mail.department_id)
    # DKIM signs the bytes as sent: a webhook's message was re-serialised on the way, so it is not checked
    # (trust the provider's Authentication-Results through HOTRO_MAIL_TRUSTED_AUTHSERV_IDS instead).
    signed = b"" if mail.source == InboundSource.WEBHOOK else mail.raw_bytes
    decided = plan(parsed, signed, department=department, exclude_pk=mail.pk)
    if decided.status == FAILED:
        raise IntakeError(decided.reason or "cannot be processed")
    ticket, message = _act(decided, parsed, mail.pk)
    mail.status = STATUS_FOR[decided.status]
    mail.outcome = decided.status
    mail.reason = (decided.reason or "")[:255]
    mail.ticket = ticket
    mail.ticket_message = message


def _act(decided: Plan, parsed: ParsedMail, pk: int) -> tuple[Ticket | None, Message | None]:
    message_id = (parsed.message_id or "")[:255]
    if decided.status == CREATED:
        return desk.open_from_mail(parsed, decided.department, message_id)
    if decided.status == APPENDED:
        assert decided.ticket is not None
        message = desk.append_from_mail(parsed, decided.ticket, message_id, as_cc=decided.add_sender_as_cc)
        return decided.ticket, message
    if decided.status == HELD:
        assert decided.ticket is not None
        return decided.ticket, desk.hold_unverified(parsed, decided.ticket, pk)
    if decided.status == BOUNCE:
        assert decided.bounced is not None
        return decided.ticket, desk.record_bounce(parsed, decided.ticket, decided.bounced.to)
    return decided.ticket, None  # duplicate or ignored: nothing to write

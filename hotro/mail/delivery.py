"""Delivering outbox rows over Django's mail backend, with claims, leases and backoff.

Every step is safe to run twice and on several workers at once: a row is
claimed with one conditional UPDATE (pending and due, or sending with an
expired lease → sending with a fresh lease and a new claim token), and only
the holder of the current token may mark it sent or schedule its retry.
"""

from __future__ import annotations

import logging
import random
import smtplib
import time
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db.models import F, Q
from django.utils import timezone

from hotro.mail.models import OutboxMessage, OutboxStatus

logger = logging.getLogger(__name__)

# Mails whose body is a credential (a verification or password-reset link): emptied once sent.
SECRET_KINDS = frozenset({"accounts/verify_email", "accounts/password_reset"})
LEASE = timedelta(minutes=5)  # far longer than one SMTP exchange (EMAIL_TIMEOUT is seconds)
BACKOFF_BASE_SECONDS = 30
BACKOFF_CAP_SECONDS = 3600


def backoff(attempts: int) -> timedelta:
    """30 s · 2^(n-1), capped at an hour, with up to 10 % jitter so retries of an outage spread out."""
    seconds = min(BACKOFF_BASE_SECONDS * 2 ** max(attempts - 1, 0), BACKOFF_CAP_SECONDS)
    return timedelta(seconds=seconds * (1 + random.random() / 10))  # noqa: S311 (jitter, not security)


def _claimable(now: datetime) -> Q:
    due = Q(status=OutboxStatus.PENDING, next_attempt_at__lte=now)
    abandoned = Q(status=OutboxStatus.SENDING, claimed_until__lt=now)
    return due | abandoned


def claim(message_pk: int) -> str | None:
    """Take the row for one delivery attempt; returns the claim token, or None if someone else has it."""
    now = timezone.now()
    token = uuid.uuid4().hex
    won = (
        OutboxMessage.objects.filter(_claimable(now), pk=message_pk)
        .filter(attempts__lt=settings.HOTRO_OUTBOX_MAX_ATTEMPTS)
        .update(
            status=OutboxStatus.SENDING,
            claimed_until=now + LEASE,
            claim_token=token,
            attempts=F("attempts") + 1,
        )
    )
    return token if won else None


def build_email(message: OutboxMessage, connection: BaseEmailBackend | None = None) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
        headers=dict(message.headers),
        connection=connection,
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    return email


def is_transient(error: Exception) -> bool:
    """The server was unreachable or said "later" (4xx): an outage, not a verdict on this message."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _text in error.recipients.values()]
        return bool(codes) and all(400 <= code < 500 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    return isinstance(error, (OSError, smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError))


def _record_failure(message: OutboxMessage, token: str, error: Exception) -> None:
    """Schedule the retry. An outage (see ``is_transient``) does not use up the attempts:
    the row waits, at most an hour between tries, for up to HOTRO_OUTBOX_GIVE_UP_HOURS;
    a refusal (5xx) counts, and after HOTRO_OUTBOX_MAX_ATTEMPTS the row is failed."""
    now = timezone.now()
    attempts = message.attempts  # already counted by the claim
    transient = is_transient(error)
    if transient:
        too_old = now - message.created_at > timedelta(hours=settings.HOTRO_OUTBOX_GIVE_UP_HOURS)
        give_up = too_old
        counted = F("attempts") if too_old else F("attempts") - 1
        wait = backoff(message.deferrals + 1)
    else:
        give_up = attempts >= settings.HOTRO_OUTBOX_MAX_ATTEMPTS
        counted = F("attempts")
        wait = backoff(attempts)
    OutboxMessage.objects.filter(pk=message.pk, claim_token=token).update(
        status=OutboxStatus.FAILED if give_up else OutboxStatus.PENDING,
        attempts=counted,
        deferrals=F("deferrals") + (1 if transient else 0),
        next_attempt_at=now + wait,
        last_error=f"{type(error).__name__}: {error}"[:2000],
        claimed_until=None,
        claim_token="",
    )
    log = logger.error if give_up else logger.warning
    log("Outbox message %s to %s failed (attempt %s): %s", message.pk, message.to, attempts, error)


class ServerUnavailable(Exception):
    """Raised to a batch when the mail server is unreachable: the rest of the batch waits too."""


def deliver(message_pk: int, connection: BaseEmailBackend | None = None, *, in_batch: bool = False) -> bool:
    """Claim, send and mark one row. True when this call sent it."""
    token = claim(message_pk)
    if token is None:
        return False
    message = OutboxMessage.objects.get(pk=message_pk)
    conn = connection or get_connection(fail_silently=False)
    try:
        build_email(message, conn).send(fail_silently=False)
    except Exception as error:
        if connection is not None:
            connection.close()  # a broken session must not poison the next message; send() reopens
        _record_failure(message, token, error)
        if in_batch and isinstance(error, (OSError, smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError)):
            raise ServerUnavailable from error
        return False
    sent = {"status": OutboxStatus.SENT, "sent_at": timezone.now(), "last_error": "", "claimed_until": None}
    if message.kind in SECRET_KINDS:
        # Sign-in links must not stay readable in the database (and the admin) once delivered.
        sent |= {"body_text": "", "body_html": ""}
    OutboxMessage.objects.filter(pk=message_pk, claim_token=token).update(claim_token="", **sent)
    return True


def _give_up_on_exhausted(now: datetime) -> None:
    """Rows whose worker died on their last allowed attempt: nothing will claim them again, so say so."""
    OutboxMessage.objects.filter(_claimable(now), attempts__gte=settings.HOTRO_OUTBOX_MAX_ATTEMPTS).update(
        status=OutboxStatus.FAILED,
        claimed_until=None,
        claim_token="",
        last_error="Gave up: the worker stopped during the last attempt.",
    )


def deliver_due(limit: int = 100, budget_seconds: float = 20.0) -> int:
    """Deliver every due row (and rows whose lease expired), at most ``limit``; returns how many were sent.

    The scheduler calls this periodically; it is what makes an SMTP outage or a
    crashed worker lose nothing. It stops at the first sign that the server is
    unreachable and after ``budget_seconds``, so an outage never holds up the
    scheduler's other jobs (SLA scans, mailbox polls) for long.
    """
    now = timezone.now()
    _give_up_on_exhausted(now)
    due = list(
        OutboxMessage.objects.filter(_claimable(now))
        .order_by("next_attempt_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    if not due:
        return 0
    connection = get_connection(fail_silently=False)
    sent = 0
    deadline = time.monotonic() + budget_seconds
    try:
        for pk in due:
            sent += deliver(pk, connection, in_batch=True)
            if time.monotonic() > deadline:
                break
    except ServerUnavailable:
        logger.warning("Outbox: the mail server is unreachable; %s due messages wait for the next run", len(due))
    finally:
        connection.close()
    return sent


def retry_now(queryset) -> int:  # type: ignore[no-untyped-def]
    """Make failed or waiting rows due at once (admin action); sent rows are left alone."""
    return queryset.filter(status__in=[OutboxStatus.PENDING, OutboxStatus.FAILED]).update(
        status=OutboxStatus.PENDING, next_attempt_at=timezone.now(), attempts=0
    )

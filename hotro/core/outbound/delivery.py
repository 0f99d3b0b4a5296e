"""Delivering outbound rows through their channel's sender, with claims, leases and backoff.

Every step is safe to run twice and on several workers at once: a row is claimed with
one conditional UPDATE (pending and due, or sending with an expired lease → sending
with a fresh lease and a new claim token), and only the holder of the current token may
mark it sent or schedule its retry. A row is rendered by the worker that first claims
it; a rendering error (a broken template, a ticket since deleted) counts as a failed
attempt and is retried like a refusal, so fixing the template sends the message.
"""

from __future__ import annotations

import logging
import random
import time
import uuid
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import F, Q, QuerySet
from django.utils import timezone, translation

from hotro.core.models import OutboundMessage, OutboundStatus
from hotro.core.outbound.context import thaw
from hotro.core.outbound.senders import Sender, sender_for, suppressed

logger = logging.getLogger(__name__)

# Messages whose body is a credential (a verification or password-reset link): emptied once sent.
SECRET_KINDS = frozenset({"accounts/verify_email", "accounts/password_reset"})
LEASE = timedelta(minutes=5)  # far longer than one SMTP or HTTP exchange
BACKOFF_BASE_SECONDS = 30
BACKOFF_CAP_SECONDS = 3600


def backoff(attempts: int) -> timedelta:
    """30 s · 2^(n-1), capped at an hour, with up to 10 % jitter so retries of an outage spread out."""
    seconds = min(BACKOFF_BASE_SECONDS * 2 ** max(attempts - 1, 0), BACKOFF_CAP_SECONDS)
    return timedelta(seconds=seconds * (1 + random.random() / 10))  # noqa: S311 (jitter, not security)


def _claimable(now: datetime) -> Q:
    due = Q(status=OutboundStatus.PENDING, next_attempt_at__lte=now)
    abandoned = Q(status=OutboundStatus.SENDING, claimed_until__lt=now)
    return due | abandoned


def claim(message_pk: int) -> str | None:
    """Take the row for one delivery attempt; returns the claim token, or None if someone else has it."""
    now = timezone.now()
    token = uuid.uuid4().hex
    won = (
        OutboundMessage.objects.filter(_claimable(now), pk=message_pk)
        .filter(attempts__lt=settings.HOTRO_OUTBOX_MAX_ATTEMPTS)
        .update(
            status=OutboundStatus.SENDING,
            claimed_until=now + LEASE,
            claim_token=token,
            attempts=F("attempts") + 1,
        )
    )
    return token if won else None


def render(message: OutboundMessage, sender: Sender | None = None) -> None:
    """Fill in the row's words from its template and context, in the recipient's language and clock.

    Done once: a retried delivery sends the same words. Raises what the template raises.
    """
    if message.rendered_at is not None:
        return
    sender = sender or sender_for(message.channel)
    with translation.override(message.language), timezone.override(message.time_zone or settings.TIME_ZONE):
        context = {
            **thaw(message.context),
            "site_url": settings.SITE_URL,
            "provider_name": settings.HOTRO_PROVIDER_NAME,
            "language": message.language,
        }
        words = sender.render(message, context)
    message.subject, message.body_text, message.body_html = words.subject[:500], words.text, words.html
    message.rendered_at = timezone.now()
    OutboundMessage.objects.filter(pk=message.pk).update(
        subject=message.subject,
        body_text=message.body_text,
        body_html=message.body_html,
        rendered_at=message.rendered_at,
    )


def _record_failure(message: OutboundMessage, token: str, error: Exception, *, transient: bool = False) -> None:
    """Schedule the retry. An outage (the sender's ``is_transient``) does not use up the attempts:
    the row waits, at most an hour between tries, for up to HOTRO_OUTBOX_GIVE_UP_HOURS; a refusal
    or a rendering error counts, and after HOTRO_OUTBOX_MAX_ATTEMPTS the row is failed."""
    now = timezone.now()
    attempts = message.attempts  # already counted by the claim
    if transient:
        too_old = now - message.created_at > timedelta(hours=settings.HOTRO_OUTBOX_GIVE_UP_HOURS)
        give_up = too_old
        counted = F("attempts") if too_old else F("attempts") - 1
        wait = backoff(message.deferrals + 1)
    else:
        give_up = attempts >= settings.HOTRO_OUTBOX_MAX_ATTEMPTS
        counted = F("attempts")
        wait = backoff(attempts)
    OutboundMessage.objects.filter(pk=message.pk, claim_token=token).update(
        status=OutboundStatus.FAILED if give_up else OutboundStatus.PENDING,
        attempts=counted,
        deferrals=F("deferrals") + (1 if transient else 0),
        next_attempt_at=now + wait,
        last_error=f"{type(error).__name__}: {error}"[:2000],
        claimed_until=None,
        claim_token="",
    )
    log = logger.error if give_up else logger.warning
    log(
        "Outbound %s message %s to %s failed (attempt %s): %s", message.channel, message.pk, message.to, attempts, error
    )


class ServiceUnavailable(Exception):
    """Raised to a batch when a channel's service is unreachable: its other messages wait too."""


def deliver(message_pk: int, session: Any = None, *, in_batch: bool = False) -> bool:
    """Claim, render (the first time), send and mark one row. True when this call sent it."""
    token = claim(message_pk)
    if token is None:
        return False
    message = OutboundMessage.objects.get(pk=message_pk)
    sender = sender_for(message.channel)
    try:
        render(message, sender)
    except Exception as error:
        logger.exception("Outbound message %s could not be rendered", message_pk)
        _record_failure(message, token, error, transient=False)
        return False
    reason = suppressed(message.channel, message.to)
    if reason:  # the address must get nothing (an opt-out): failed at once, never retried
        OutboundMessage.objects.filter(pk=message_pk, claim_token=token).update(
            status=OutboundStatus.FAILED, last_error=f"Suppressed: {reason}"[:2000], claimed_until=None, claim_token=""
        )
        return False
    try:
        if session is None:
            with sender.session() as own:
                provider_id = sender.send(message, own)
        else:
            provider_id = sender.send(message, session)
    except Exception as error:
        transient = sender.is_transient(error)
        _record_failure(message, token, error, transient=transient)
        if in_batch and isinstance(error, OSError):  # network-level (smtplib's errors are OSErrors too)
            raise ServiceUnavailable(message.channel) from error
        return False
    sent: dict[str, Any] = {
        "status": OutboundStatus.SENT,
        "sent_at": timezone.now(),
        "last_error": "",
        "claimed_until": None,
        "provider_id": provider_id[:255],
    }
    if message.kind in SECRET_KINDS:
        # Sign-in links must not stay readable in the database (and the admin) once delivered.
        sent |= {"body_text": "", "body_html": "", "context": {}}
    OutboundMessage.objects.filter(pk=message_pk, claim_token=token).update(claim_token="", **sent)
    return True


def _give_up_on_exhausted(now: datetime) -> None:
    """Rows whose worker died on their last allowed attempt: nothing will claim them again, so say so."""
    OutboundMessage.objects.filter(_claimable(now), attempts__gte=settings.HOTRO_OUTBOX_MAX_ATTEMPTS).update(
        status=OutboundStatus.FAILED,
        claimed_until=None,
        claim_token="",
        last_error="Gave up: the worker stopped during the last attempt.",
    )


def deliver_due(limit: int = 100, budget_seconds: float = 20.0) -> int:
    """Deliver every due row (and rows whose lease expired), at most ``limit``; returns how many were sent.

    The scheduler calls this periodically; it is what makes an outage or a crashed worker
    lose nothing. A channel whose service is unreachable is skipped for the rest of the run
    (its messages wait; the others go), and the run stops after ``budget_seconds`` so an
    outage never holds up the scheduler's other jobs for long.
    """
    now = timezone.now()
    _give_up_on_exhausted(now)
    due = list(
        OutboundMessage.objects.filter(_claimable(now))
        .order_by("next_attempt_at", "id")
        .values_list("pk", "channel")[:limit]
    )
    sent = 0
    deadline = time.monotonic() + budget_seconds
    sessions: dict[str, Any] = {}
    managers: list[Any] = []
    down: set[str] = set()
    try:
        for pk, channel in due:
            if channel in down:
                continue
            if channel not in sessions:
                manager = sender_for(channel).session()
                sessions[channel] = manager.__enter__()
                managers.append(manager)
            try:
                sent += deliver(pk, sessions[channel], in_batch=True)
            except ServiceUnavailable:
                logger.warning("Outbound: the %s service is unreachable; its due messages wait", channel)
                down.add(channel)
            if time.monotonic() > deadline:
                break
    finally:
        for manager in managers:
            manager.__exit__(None, None, None)
    return sent


def retry_now(queryset: QuerySet[OutboundMessage]) -> int:
    """Make failed or waiting rows due at once (admin action); sent rows are left alone."""
    return queryset.filter(status__in=[OutboundStatus.PENDING, OutboundStatus.FAILED]).update(
        status=OutboundStatus.PENDING, next_attempt_at=timezone.now(), attempts=0
    )

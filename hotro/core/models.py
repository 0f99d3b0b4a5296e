"""Rows every app shares: the scheduler's job locks, the outbox of every channel, and the shape
of every channel's stored inbound items."""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _


class ScheduledJob(models.Model):
    """When a periodic job last ran and may next run; the row is the lock between schedulers."""

    name = models.CharField(max_length=100, primary_key=True)
    next_run_at = models.DateTimeField()
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    runs = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return self.name


class OutboundStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class OutboundMessage(models.Model):
    """One message to one address on one channel: the intent, then the words, then the delivery.

    Written in the transaction of the change that caused it, so a message exists exactly
    when its change committed; an outage delays it instead of losing it. ``context`` is the
    intent (template ids and values, ``hotro.core.outbound.context``); the worker renders it
    into ``subject`` / ``body_text`` / ``body_html`` once (``rendered_at``) and sends it.
    """

    channel = models.CharField(_("channel"), max_length=16, default="email")
    to = models.CharField(_("to"), max_length=254)
    from_email = models.CharField(_("from"), max_length=254, blank=True)
    kind = models.CharField(_("template"), max_length=100)
    context = models.JSONField(_("template context"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=8)
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)
    subject = models.CharField(_("subject"), max_length=500, blank=True)
    body_text = models.TextField(_("text body"), blank=True)
    body_html = models.TextField(_("HTML body"), blank=True)
    rendered_at = models.DateTimeField(_("rendered"), null=True, blank=True)
    # Email: extra headers as sent (Message-ID, In-Reply-To, References, Auto-Submitted, Reply-To).
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    # Email: generated once at creation, so a retried delivery carries the same id and the
    # recipient's server can drop duplicates. Other channels have none.
    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True, null=True, blank=True)
    # What the provider called it (an SMS gateway's message id), for its delivery reports.
    provider_id = models.CharField(_("provider id"), max_length=255, blank=True, db_index=True)
    # The provider's last delivery report (SMS: queued, sent, delivered, undelivered, failed).
    delivery_status = models.CharField(_("delivery"), max_length=20, blank=True)
    delivery_updated_at = models.DateTimeField(_("delivery reported"), null=True, blank=True)
    ticket = models.ForeignKey(
        "desk.Ticket", null=True, blank=True, on_delete=models.SET_NULL, related_name="outbox_messages"
    )
    # The ticket message this one carries (an agent's reply), so the thread can show its delivery.
    ticket_message = models.ForeignKey(
        "desk.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="outbound_messages"
    )
    status = models.CharField(_("status"), max_length=8, choices=OutboundStatus.choices, default=OutboundStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # Tries that met an unreachable server or a "later": they wait and do not use up ``attempts``.
    deferrals = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"))
    # The current claim: a worker owns the row until ``claimed_until``; after
    # that another worker may take it over (the first one crashed).
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        indexes = [
            # Retry scan: WHERE status='pending' AND next_attempt_at <= now ORDER BY next_attempt_at
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx"),
            # Lease expiry: WHERE status='sending' AND claimed_until < now
            models.Index(fields=["status", "claimed_until"], name="outbox_lease_idx"),
            # Automatic-message rate limit, for every ticket opened by a channel (hotro.notify.loops):
            # WHERE UPPER("to") = UPPER(?) AND kind = ? AND created_at >= ?; without it, a scan of the outbox.
            models.Index(Upper("to"), "kind", "created_at", name="outbox_ack_rate_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject or self.kind}"


class InboundState(models.TextChoices):
    """The states every stored inbound item goes through; a channel may add its own (mail: bounce…)."""

    RECEIVED = "received", _("Received, not processed yet")
    PROCESSED = "processed", _("Processed")
    FAILED = "failed", _("Failed")


class StoredInbound(models.Model):
    """What a channel received, kept before it is processed (DESIGN: nothing received is lost).

    Every inbound channel (email, SMS, webhooks) stores its raw payload in a model of this
    shape first, with a unique de-duplication key of its own (a content hash, or the
    provider's message id), then processes it; a failure leaves the item
    ``failed`` with its error, in the console's failed list (``hotro.core.inbound``) until
    an administrator retries it.
    """

    raw = models.BinaryField(_("raw message"))
    size = models.PositiveIntegerField(_("size"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=InboundState.choices, default=InboundState.RECEIVED)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def raw_bytes(self) -> bytes:
        return bytes(self.raw)

    @property
    def sender(self) -> str:
        """Who sent it, as the failed list shows it."""
        return ""

    @property
    def summary(self) -> str:
        """A line saying what it is (a subject, the start of a text), for the failed list."""
        return ""

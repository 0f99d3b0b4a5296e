"""The transactional outbox: every outgoing email is a row first, a delivery second.

A row is written in the same transaction as the change that caused it, so a
mail exists exactly when its change committed, and an SMTP outage delays mail
instead of losing it. Delivery (``hotro.mail.delivery``) claims rows with a
conditional UPDATE and a lease, so several workers never send a row twice.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class OutboxMessage(models.Model):
    to = models.CharField(_("to"), max_length=254)
    from_email = models.CharField(_("from"), max_length=254)
    subject = models.CharField(_("subject"), max_length=500)
    body_text = models.TextField(_("text body"))
    body_html = models.TextField(_("HTML body"), blank=True)
    # Extra headers as sent: Message-ID, In-Reply-To, References, Auto-Submitted, Reply-To.
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    # Generated once at creation, so a retried delivery carries the same id and
    # the recipient's server can drop duplicates.
    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    ticket = models.ForeignKey(
        "desk.Ticket", null=True, blank=True, on_delete=models.SET_NULL, related_name="outbox_messages"
    )
    kind = models.CharField(_("template"), max_length=100)
    language = models.CharField(_("language"), max_length=8)
    status = models.CharField(_("status"), max_length=8, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
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
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        indexes = [
            # Retry scan: WHERE status='pending' AND next_attempt_at <= now ORDER BY next_attempt_at
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx"),
            # Lease expiry: WHERE status='sending' AND claimed_until < now
            models.Index(fields=["status", "claimed_until"], name="outbox_lease_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"

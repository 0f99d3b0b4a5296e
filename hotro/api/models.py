"""API tokens, the responses kept for ``Idempotency-Key``, and outgoing webhook subscriptions.

A token's secret is never stored: only its public prefix (to find the row) and a SHA-256
of the whole token (to check it). Tokens carry 256 bits of randomness, so a fast hash is
enough; a slow password hash would only slow every API request down.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    TICKETS_READ = "tickets:read", _("Read tickets")
    TICKETS_WRITE = "tickets:write", _("Write tickets")
    CONTACTS = "contacts", _("Customers")
    SERVICES = "services", _("Services")
    ADMIN = "admin", _("Administration")


class TokenKind(models.TextChoices):
    PERSONAL = "personal", _("Personal (an agent's)")
    INTEGRATION = "integration", _("Integration")


class ApiToken(models.Model):
    """A bearer token. It acts as ``user`` (an agent: the desk's rules apply to it as to that person);
    an integration token is further bound to ``departments`` unless ``all_departments``."""

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=12, choices=TokenKind.choices, default=TokenKind.PERSONAL)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("acts as")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    prefix = models.CharField(max_length=16, unique=True, editable=False)  # the part before the secret, shown
    token_hash = models.CharField(max_length=64, editable=False)  # hex SHA-256 of the whole token
    scopes = models.JSONField(_("scopes"), default=list)
    all_departments = models.BooleanField(_("all departments"), default=False)
    departments = models.ManyToManyField("desk.Department", blank=True, related_name="+", verbose_name=_("departments"))
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        now = timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes


class IdempotentResponse(models.Model):
    """The answer to a POST sent with ``Idempotency-Key``, kept so a retry gets it again instead of a duplicate.

    Written in the same transaction as the change it answers: a request that failed left neither.
    """

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)  # method, path and body: the same key with another body is refused
    status_code = models.PositiveSmallIntegerField()
    body = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["token", "key"], name="api_idempotency_key_once")]
        indexes = [
            # Pruning: WHERE created_at < now - retention
            models.Index(fields=["created_at"], name="api_idempotency_age_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.key} → {self.status_code}"


class WebhookEvent(models.TextChoices):
    TICKET_OPENED = "ticket.opened", _("Ticket opened")
    MESSAGE_ADDED = "message.added", _("Public message added")
    STATUS_CHANGED = "ticket.status_changed", _("Status changed")
    ASSIGNED = "ticket.assigned", _("Assigned")
    SLA_WARNING = "sla.warning", _("SLA warning")
    SLA_BREACHED = "sla.breached", _("SLA breached")
    CSAT_RECEIVED = "csat.received", _("Satisfaction rating received")


class WebhookSubscription(models.Model):
    """An endpoint that is told about desk events, signed with ``secret`` (docs/api.md)."""

    name = models.CharField(_("name"), max_length=120)
    url = models.URLField(_("URL"), max_length=500)
    secret = models.CharField(
        _("signing secret"), max_length=128, help_text=_("Shared with the receiver, which checks each signature.")
    )
    events = models.JSONField(_("events"), default=list)
    all_departments = models.BooleanField(_("all departments"), default=True)
    departments = models.ManyToManyField("desk.Department", blank=True, related_name="+", verbose_name=_("departments"))
    active = models.BooleanField(_("active"), default=True)
    consecutive_failures = models.PositiveIntegerField(_("consecutive failures"), default=0)
    disabled_at = models.DateTimeField(_("disabled automatically"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")

    def __str__(self) -> str:
        return self.name


class WebhookDelivery(models.Model):
    """One attempt to deliver one event to one subscription: the subscription's delivery log."""

    subscription = models.ForeignKey(WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries")
    outbound_id = models.PositiveBigIntegerField(_("outbox row"))  # also the payload's "id": the same on retries
    event = models.CharField(_("event"), max_length=40)
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    ok = models.BooleanField(_("delivered"), default=False)
    error = models.CharField(_("error"), max_length=500, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    created_at = models.DateTimeField(_("attempted"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [
            # The log of one subscription: WHERE subscription=? ORDER BY created_at DESC
            models.Index(fields=["subscription", "-created_at"], name="api_delivery_log_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.subscription_id} ({self.status_code or self.error})"

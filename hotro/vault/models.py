"""The vault's rows: encrypted secrets beside their ticket, and the secrets spotted in ordinary messages.

No plaintext is ever stored here: ``Secret.ciphertext`` is a Fernet token (``hotro.vault.crypto``) and a
``Detection`` keeps only where in the message the suspicious text sits and what it looks like.
State changes go through ``hotro.vault.services``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Origin(models.TextChoices):
    FIELD = "field", _("Sent in the secret field")
    MOVED = "moved", _("Moved from a message")


class Secret(models.Model):
    """One secret of a ticket. Once destroyed, the row stays as a tombstone: ``ciphertext`` is empty and
    ``destroyed_at`` says when, so the ticket still shows that a secret was there."""

    ticket = models.ForeignKey("desk.Ticket", on_delete=models.CASCADE, related_name="vault_secrets")
    # The message it came with (the secret field's) or was moved out of; the thread shows it there.
    message = models.ForeignKey(
        "desk.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="vault_secrets"
    )
    origin = models.CharField(_("origin"), max_length=8, choices=Origin.choices)
    # What it looked like when moved from a message (hotro.vault.detection kinds: "password", "aws_key"…).
    kind = models.CharField(_("kind"), max_length=32, blank=True)
    ciphertext = models.TextField(blank=True, editable=False)
    added_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_by_contact = models.ForeignKey(
        "accounts.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    destroyed_at = models.DateTimeField(_("destroyed"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("secret")
        verbose_name_plural = _("secrets")
        indexes = [
            # Destruction job: WHERE destroyed_at IS NULL AND ticket closed long enough (joined on ticket_id).
            models.Index(
                fields=["ticket"], name="vault_secret_live_idx", condition=models.Q(destroyed_at__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return f"secret {self.pk} of ticket {self.ticket_id}"

    @property
    def destroyed(self) -> bool:
        return self.destroyed_at is not None


class DetectionStatus(models.TextChoices):
    OPEN = "open", _("Waiting for an agent")
    MOVED = "moved", _("Moved to the vault")


class Detection(models.Model):
    """A message that looks like it carries a password, a private key or an API token.

    Written by the receivers of the desk's events as the message arrives; ``spans`` are character
    offsets in ``Message.body_text`` and ``kinds`` what each one looked like — never the text itself.
    """

    message = models.OneToOneField("desk.Message", on_delete=models.CASCADE, related_name="vault_detection")
    ticket = models.ForeignKey("desk.Ticket", on_delete=models.CASCADE, related_name="vault_detections")
    kinds = models.JSONField(default=list)
    spans = models.JSONField(default=list)
    status = models.CharField(max_length=8, choices=DetectionStatus.choices, default=DetectionStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            # The ticket page: WHERE ticket_id=? AND status='open'
            models.Index(fields=["ticket", "status"], name="vault_detection_ticket_idx"),
        ]

    def __str__(self) -> str:
        return f"detection on message {self.message_id}"

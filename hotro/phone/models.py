"""SMS as received (stored before processing) and the numbers that asked for no more SMS."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hotro.core.models import InboundState, StoredInbound


class SmsStatus(models.TextChoices):
    RECEIVED = InboundState.RECEIVED.value, InboundState.RECEIVED.label
    PROCESSED = InboundState.PROCESSED.value, InboundState.PROCESSED.label
    FAILED = InboundState.FAILED.value, InboundState.FAILED.label
    OPTED_OUT = "opted_out", _("Opt-out (STOP) recorded")


class InboundSms(StoredInbound):
    """One SMS to the hotline, as the gateway posted it (``raw``: the request body, byte for byte).

    ``(provider, provider_id)`` is unique: a gateway that delivers the same message twice
    (it retries until it gets a 2xx) finds the row it stored the first time.
    """

    provider = models.CharField(_("gateway"), max_length=20)
    provider_id = models.CharField(_("gateway message id"), max_length=100)
    from_number = models.CharField(_("from"), max_length=20)
    to_number = models.CharField(_("to"), max_length=20, blank=True)
    body = models.TextField(_("text"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=SmsStatus.choices, default=SmsStatus.RECEIVED)
    ticket = models.ForeignKey(
        "desk.Ticket", null=True, blank=True, on_delete=models.SET_NULL, related_name="inbound_sms"
    )
    ticket_message = models.ForeignKey(
        "desk.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="inbound_sms"
    )

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("incoming SMS")
        verbose_name_plural = _("incoming SMS")
        constraints = [models.UniqueConstraint(fields=["provider", "provider_id"], name="sms_provider_id_unique")]
        indexes = [models.Index(fields=["status", "received_at"], name="sms_status_idx")]

    def __str__(self) -> str:
        return f"{self.from_number}: {self.body[:40]}"

    @property
    def sender(self) -> str:
        return self.from_number

    @property
    def summary(self) -> str:
        return self.body[:120]


class SmsOptOut(models.Model):
    """A number that sent STOP (HUY, TU CHOI): no SMS goes to it until it sends START."""

    number = models.CharField(_("number"), max_length=20, unique=True)
    keyword = models.CharField(_("keyword"), max_length=20)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("SMS opt-out")
        verbose_name_plural = _("SMS opt-outs")

    def __str__(self) -> str:
        return self.number


class CallDirection(models.TextChoices):
    INBOUND = "in", _("Incoming")
    OUTBOUND = "out", _("Outgoing")


class CallOutcome(models.TextChoices):
    ANSWERED = "answered", _("Answered the question")
    ASKED_FOR_TICKET = "asked_ticket", _("Asked to open a ticket")
    CONVERTED = "converted", _("Converted to a ticket")
    MISSED = "missed", _("Missed")


class Call(models.Model):
    """One call on the hotline, as an agent logged it (P7: no technical support by voice)."""

    number = models.CharField(_("number"), max_length=20)
    direction = models.CharField(_("direction"), max_length=3, choices=CallDirection.choices, default="in")
    department = models.ForeignKey("desk.Department", on_delete=models.PROTECT, verbose_name=_("department"))
    duration_seconds = models.PositiveIntegerField(_("duration (seconds)"), default=0)
    outcome = models.CharField(_("outcome"), max_length=12, choices=CallOutcome.choices)
    notes = models.TextField(_("notes"), blank=True)
    contact = models.ForeignKey("accounts.Contact", null=True, blank=True, on_delete=models.SET_NULL)
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    ticket = models.ForeignKey("desk.Ticket", null=True, blank=True, on_delete=models.SET_NULL, related_name="calls")
    created_at = models.DateTimeField(_("logged"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        indexes = [models.Index(fields=["department", "-created_at"], name="call_department_idx")]

    def __str__(self) -> str:
        return f"{self.number} ({self.get_outcome_display()})"


class CallEvent(StoredInbound):
    """A PBX's call event (ringing, answered, ended) as posted, stored before it is processed."""

    provider_id = models.CharField(_("event id"), max_length=100, unique=True)
    event = models.CharField(_("event"), max_length=10)
    caller = models.CharField(_("caller"), max_length=20)
    callee = models.CharField(_("callee"), max_length=20, blank=True)
    call = models.ForeignKey(Call, null=True, blank=True, on_delete=models.SET_NULL, related_name="events")

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("call event")
        verbose_name_plural = _("call events")

    def __str__(self) -> str:
        return f"{self.caller}: {self.event}"

    @property
    def sender(self) -> str:
        return self.caller

    @property
    def summary(self) -> str:
        return self.event

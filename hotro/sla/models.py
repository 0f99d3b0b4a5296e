"""SLA policies (targets per department and priority) and the record of warnings and breaches.

The due times themselves live on the ticket (``Ticket.*_due_at``), written by
``hotro.sla.receivers`` from the desk events; the arithmetic is in ``compute.py``.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hotro.desk.models import Priority


class Target(models.TextChoices):
    FIRST_RESPONSE = "first_response", _("First response")
    NEXT_RESPONSE = "next_response", _("Next response")
    RESOLUTION = "resolution", _("Resolution")


class EventKind(models.TextChoices):
    WARNING = "warning", _("Warning")
    BREACHED = "breached", _("Breached")


class SlaPolicy(models.Model):
    """Targets in minutes of the department's business time (its ticket calendar), per priority (P10).

    Minutes of *business* time: for Sales & Accounting 540 minutes is one working
    day (08:00-17:00), whatever the wall clock does overnight or over a weekend.
    """

    department = models.ForeignKey(
        "desk.Department", on_delete=models.CASCADE, related_name="sla_policies", verbose_name=_("department")
    )
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices)
    first_response_minutes = models.PositiveIntegerField(
        _("first response (minutes)"), validators=[MinValueValidator(1)]
    )
    next_response_minutes = models.PositiveIntegerField(
        _("next response (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("After a customer's reply, the agent's next reply is due within this time. Empty: no target."),
    )
    resolution_minutes = models.PositiveIntegerField(
        _("resolution (minutes)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    warn_at_percent = models.PositiveSmallIntegerField(
        _("warn at (percent of the target)"), default=75, validators=[MinValueValidator(1), MaxValueValidator(99)]
    )
    escalate_raise_priority = models.BooleanField(_("on breach, raise the priority one step"), default=False)
    escalate_to_supervisor = models.BooleanField(
        _("on breach, reassign to a supervisor"),
        default=False,
        help_text=_("The department's first active supervisor takes the ticket."),
    )

    class Meta:
        ordering = ["department__rank", "priority"]
        constraints = [
            models.UniqueConstraint(fields=["department", "priority"], name="sla_policy_per_priority"),
        ]
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")

    def __str__(self) -> str:
        return f"{self.department} · {self.get_priority_display()}"

    def target(self, target: str) -> timedelta | None:
        minutes = {
            Target.FIRST_RESPONSE: self.first_response_minutes,
            Target.NEXT_RESPONSE: self.next_response_minutes,
            Target.RESOLUTION: self.resolution_minutes,
        }[Target(target)]
        return timedelta(minutes=minutes) if minutes else None


class SlaEvent(models.Model):
    """A warning or breach of one target of one ticket; recorded once (the scan may run twice)."""

    ticket = models.ForeignKey("desk.Ticket", on_delete=models.CASCADE, related_name="sla_events")
    target = models.CharField(_("target"), max_length=16, choices=Target.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=EventKind.choices)
    due_at = models.DateTimeField(_("due"))
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["ticket", "target", "kind"], name="sla_event_once"),
        ]
        verbose_name = _("SLA event")
        verbose_name_plural = _("SLA events")

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.target} {self.kind}"


def target_label(target: str) -> str:
    """A target's name in the active language (for messages rendered after the fact)."""
    return str(Target(target).label)

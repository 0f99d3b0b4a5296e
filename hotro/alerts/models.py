"""Agent notifications: one small row per agent told, and what each agent chose to be told.

A row is written inside the desk change's transaction (by ``hotro.alerts.receivers``); its
words are made when it is shown, in the reader's language, from ``event`` and ``data``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    NEW_TICKET = "new_ticket", _("New ticket in my department")
    CUSTOMER_REPLY = "customer_reply", _("Customer reply on an unassigned ticket or one of mine")
    ASSIGNED = "assigned", _("Ticket assigned to me")
    SLA_WARNING = "sla_warning", _("SLA warning on one of my tickets or an unassigned one")


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("agent")
    )
    event = models.CharField(_("event"), max_length=20, choices=Event.choices)
    ticket = models.ForeignKey("desk.Ticket", on_delete=models.CASCADE, related_name="+", verbose_name=_("ticket"))
    data = models.JSONField(default=dict, blank=True)  # who did it, the SLA target: JSON-safe values
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            # The bell on every console page: WHERE recipient_id = %s AND read_at IS NULL (a count).
            models.Index(fields=["recipient", "read_at"], name="alert_unread_idx"),
            # The list page: WHERE recipient_id = %s ORDER BY id DESC LIMIT 50.
            models.Index(fields=["recipient", "-id"], name="alert_list_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.event} {self.ticket_id}"


class Preference(models.Model):
    """One agent's choice for one event in one department; no row means the defaults
    (``DEFAULT_IN_APP``, ``DEFAULT_EMAIL`` in ``hotro.alerts.preferences``)."""

    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_preferences", verbose_name=_("agent")
    )
    event = models.CharField(_("event"), max_length=20, choices=Event.choices)
    department = models.ForeignKey("desk.Department", on_delete=models.CASCADE, verbose_name=_("department"))
    in_app = models.BooleanField(_("in the console"), default=True)
    email = models.BooleanField(_("by email"), default=False)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["agent", "event", "department"], name="alert_preference_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.agent_id} {self.event} {self.department_id}"

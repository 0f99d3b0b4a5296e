"""Automatic assignment settings: a mode per department, a capacity per agent, the round-robin pointer.

Manual triage (P2: the receiving team assigns) is the default; a department may instead hand each
new ticket to one of its agents who are online and under their capacity, in turn (round-robin) or to
the least loaded. ``hotro.routing.services`` does it after the opening commits.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RoutingMode(models.TextChoices):
    MANUAL = "manual", _("Manual triage")
    ROUND_ROBIN = "round_robin", _("Round-robin")
    LEAST_LOAD = "least_load", _("Least open tickets")


class DepartmentRouting(models.Model):
    """How a department's new tickets are assigned. A department without a row is in manual triage.

    ``last_agent`` is the round-robin pointer: the agent who got the last ticket; the next one goes to the
    first eligible agent after them (by id). The row is locked while a ticket is handed out, so two
    tickets opened at once never go to the same agent by a race.
    """

    department = models.OneToOneField(
        "desk.Department", on_delete=models.CASCADE, related_name="routing", verbose_name=_("department")
    )
    mode = models.CharField(_("assignment"), max_length=16, choices=RoutingMode.choices, default=RoutingMode.MANUAL)
    last_agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("department routing")
        verbose_name_plural = _("department routing")

    def __str__(self) -> str:
        return f"{self.department}: {self.mode}"


class AgentCapacity(models.Model):
    """At most ``max_open`` active tickets (new, open, pending, on hold) assigned to the agent, in all
    departments together, before automatic assignment passes them over; no row (or empty) means no limit.
    Agents may still take or be given more by hand."""

    agent = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="routing_capacity", verbose_name=_("agent")
    )
    max_open = models.PositiveSmallIntegerField(_("maximum open tickets"), null=True, blank=True)

    class Meta:
        verbose_name = _("agent capacity")
        verbose_name_plural = _("agent capacities")

    def __str__(self) -> str:
        return f"{self.agent}: {self.max_open}"

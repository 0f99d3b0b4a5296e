"""Whether an agent is at the desk now: what they chose, and when an open console last showed life.

Presence is read by automatic assignment (only agents who are online get work) and shown in the
console; it belongs to no channel, so the desk's routing may read it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Presence(models.TextChoices):
    ONLINE = "online", _("Online")
    AWAY = "away", _("Away")
    OFFLINE = "offline", _("Offline")


class AgentStatus(models.Model):
    """One row per agent, updated in place.

    ``seen_at`` is refreshed by an open console (its socket's heartbeat, or a page view) rather
    than counted up and down per socket: a process that dies never leaves an agent "online".
    """

    agent = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="presence", verbose_name=_("agent")
    )
    chosen = models.CharField(_("chosen status"), max_length=8, choices=Presence.choices, default=Presence.ONLINE)
    seen_at = models.DateTimeField(_("last seen"), null=True, blank=True)

    class Meta:
        verbose_name = _("agent presence")
        verbose_name_plural = _("agent presence")

    def __str__(self) -> str:
        return f"{self.agent}: {self.chosen}"

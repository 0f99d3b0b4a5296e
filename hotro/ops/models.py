"""Heartbeats: when each background component last showed it was alive.

The scheduler writes its own on every tick of the heartbeat job, and a task worker writes
the worker's when it runs the probe task that job enqueues, so a green worker heartbeat
means "tasks are being taken from the queue", not merely "a process exists".
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """One row per component (``scheduler``, ``worker``); updated in place, never grows."""

    component = models.CharField(_("component"), max_length=50, primary_key=True)
    seen_at = models.DateTimeField(_("last seen"))
    # Where it was seen (host and process id), for the status page: which machine to look at.
    where = models.CharField(_("where"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self) -> str:
        return f"{self.component} @ {self.seen_at:%Y-%m-%d %H:%M:%S}"

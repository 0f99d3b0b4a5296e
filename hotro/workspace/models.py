"""What an agent keeps for themselves in the console; nobody else reads it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SavedView(models.Model):
    """A list page with its filters, under a name of the agent's choosing ("VPS urgent, unassigned").

    Stored as the page's path and query string (``/console/queue/technical/`` and ``priority=1``), so a
    view opens exactly what the agent saw, and a filter added to a page later needs no change here.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_views")
    name = models.CharField(_("name"), max_length=60)
    path = models.CharField(max_length=200)
    query = models.CharField(max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("saved view")
        verbose_name_plural = _("saved views")
        # The console menu: WHERE owner = ? ORDER BY name (the unique constraint's index serves it).
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="saved_view_name_per_owner")]

    def __str__(self) -> str:
        return self.name

    @property
    def url(self) -> str:
        return f"{self.path}?{self.query}" if self.query else self.path

"""A customer's satisfaction rating of a resolved ticket: one per ticket, changeable for a few days.

Rows are written by ``hotro.satisfaction.services`` only. ``agent`` and ``department`` are copied
when the ticket is first rated, so reports count the rating for who handled it then, whatever
happens to the ticket later (reassigned, transferred).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Score(models.TextChoices):
    GOOD = "good", _("Good")
    OKAY = "okay", _("Okay")
    BAD = "bad", _("Bad")


# Faces beside the words, for a choice made at a glance (the words stay: screen readers, plain-text mail).
FACES = {Score.GOOD: "😊", Score.OKAY: "😐", Score.BAD: "😞"}


def choices() -> list[tuple[str, str, str]]:
    """(value, label, face) per score, best first, in the active language."""
    return [(str(score.value), str(score.label), FACES[score]) for score in Score]


class Rating(models.Model):
    ticket = models.OneToOneField(
        "desk.Ticket", on_delete=models.CASCADE, related_name="rating", verbose_name=_("ticket")
    )
    score = models.CharField(_("score"), max_length=8, choices=Score.choices)
    comment = models.TextField(_("comment"), blank=True)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("agent"),
    )
    department = models.ForeignKey(
        "desk.Department", on_delete=models.PROTECT, related_name="+", verbose_name=_("department")
    )
    # The ticket an agent opened to follow a bad rating up; one per rating (a second click opens nothing).
    follow_up = models.ForeignKey(
        "desk.Ticket",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("follow-up ticket"),
    )
    # The first answer's time: the change window counts from it (HOTRO_CSAT_CHANGE_DAYS).
    created_at = models.DateTimeField(_("rated"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("satisfaction rating")
        verbose_name_plural = _("satisfaction ratings")
        indexes = [
            # Reports per department and period: WHERE department=? AND created_at BETWEEN ? AND ?
            models.Index(fields=["department", "created_at"], name="rating_department_idx"),
            # Reports per agent and period: WHERE agent=? AND created_at BETWEEN ? AND ?
            models.Index(fields=["agent", "created_at"], name="rating_agent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.score}"

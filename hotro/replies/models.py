"""Canned responses, macros and agents' signatures: what makes an answer faster to write.

A canned response belongs either to a department (shared by its agents, kept by its
supervisors) or to one agent (personal, seen by nobody else). Each has a Vietnamese and
an English body; the customer's language picks one when it is inserted. Bodies are
user-written text with ``{{ name }}`` placeholders from a fixed list (``placeholders.py``),
never templates of Django's engine.

State changes go through ``hotro.replies.services``; nothing here writes on its own.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from hotro.desk.models import Priority, Status
from hotro.replies.errors import RepliesError


class CannedResponse(models.Model):
    title = models.CharField(_("title"), max_length=120)
    # Exactly one of the two is set (the constraint below): shared by a department, or one agent's own.
    department = models.ForeignKey(
        "desk.Department",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="canned_responses",
        verbose_name=_("department"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="canned_responses",
        verbose_name=_("owner"),
    )
    body_vi = models.TextField(_("text (Vietnamese)"))
    body_en = models.TextField(_("text (English)"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("canned response")
        verbose_name_plural = _("canned responses")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(department__isnull=False, owner__isnull=True)
                    | models.Q(department__isnull=True, owner__isnull=False)
                ),
                name="canned_response_department_xor_owner",
            )
        ]
        indexes = [
            # The reply box's search: WHERE department IN (mine) OR owner = me ORDER BY title
            models.Index(fields=["department", "title"], name="canned_department_idx"),
            models.Index(fields=["owner", "title"], name="canned_owner_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        """Unknown placeholders are refused here too (the admin's forms call this)."""
        from hotro.replies.services.responses import check_placeholders

        for field in ("body_vi", "body_en"):
            try:
                check_placeholders(getattr(self, field), field)
            except RepliesError as error:
                raise ValidationError({field: str(error)}) from None

    @property
    def is_personal(self) -> bool:
        return self.owner_id is not None

    def body_for(self, language: str) -> str:
        """The body in ``language`` ("vi" or "en"); the other one when that one is empty."""
        first, second = (self.body_en, self.body_vi) if language.startswith("en") else (self.body_vi, self.body_en)
        return first or second


class AssigneeChoice(models.TextChoices):
    LEAVE = "", _("Leave the assignee")
    ME = "me", _("The agent applying the macro")
    AGENT = "agent", _("A named agent")


class Macro(models.Model):
    """A canned response plus changes to the ticket, applied in one action by an agent of ``department``."""

    name = models.CharField(_("name"), max_length=120)
    department = models.ForeignKey(
        "desk.Department", on_delete=models.CASCADE, related_name="macros", verbose_name=_("department")
    )
    response = models.ForeignKey(
        CannedResponse,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="macros",
        verbose_name=_("reply sent to the customer"),
    )
    status = models.CharField(_("then set status"), max_length=16, choices=Status.choices, blank=True)
    priority = models.PositiveSmallIntegerField(_("set priority"), choices=Priority.choices, null=True, blank=True)
    category = models.ForeignKey(
        "desk.Category", null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("set category")
    )
    assign = models.CharField(
        _("assignee"), max_length=8, choices=AssigneeChoice.choices, blank=True, default=AssigneeChoice.LEAVE
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("agent to assign"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("macro")
        verbose_name_plural = _("macros")

    def __str__(self) -> str:
        return self.name


class Signature(models.Model):
    """An agent's signature under their public replies in one department (notes are never signed)."""

    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signatures", verbose_name=_("agent")
    )
    department = models.ForeignKey(
        "desk.Department", on_delete=models.CASCADE, related_name="+", verbose_name=_("department")
    )
    text = models.TextField(_("signature"), max_length=1000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [models.UniqueConstraint(fields=["agent", "department"], name="signature_per_department")]

    def __str__(self) -> str:
        return f"{self.agent} @ {self.department_id}"


def customer_language(language: str | None) -> str:
    """ "vi" or "en" for a contact's stored language; anything else reads Vietnamese, the desk's default."""
    code = (language or "").split("-")[0]
    return code if code in ("vi", "en") else "vi"


def active_language() -> str:
    return customer_language(translation.get_language())

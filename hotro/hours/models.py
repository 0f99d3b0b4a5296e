"""Business-hours calendars per department and channel (P8), and holiday changes (P9).

These rows are configuration; the arithmetic lives in ``schedule.py`` and the
questions are asked through ``services.py``.
"""

from __future__ import annotations

import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from hotro.hours.fields import MinuteOfDayField, format_minute


class CalendarChannel(models.TextChoices):
    """The policy's three channels; tickets and email share one calendar."""

    EMAIL = "email", _("Email and tickets")
    CHAT = "chat", _("Live chat")
    HOTLINE = "hotline", _("Hotline")


class Weekday(models.IntegerChoices):
    # Same numbering as date.weekday().
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


def validate_timezone(name: str) -> None:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(_("Unknown time zone: %(name)s"), params={"name": name}, code="invalid") from None


class Calendar(models.Model):
    department = models.ForeignKey(
        "desk.Department", on_delete=models.CASCADE, related_name="calendars", verbose_name=_("department")
    )
    channel = models.CharField(_("channel"), max_length=8, choices=CalendarChannel.choices)
    always_open = models.BooleanField(
        _("always open"), default=False, help_text=_("Open around the clock; the weekly hours are ignored.")
    )
    closed_on_holidays = models.BooleanField(
        _("closed on public holidays"),
        default=True,
        help_text=_("Closed on Vietnam's public holidays and Tết, and on the days off added in Holiday changes."),
    )
    timezone = models.CharField(
        _("time zone"), max_length=64, default="Asia/Ho_Chi_Minh", validators=[validate_timezone]
    )

    class Meta:
        ordering = ["department__rank", "channel"]
        constraints = [models.UniqueConstraint(fields=["department", "channel"], name="calendar_per_channel")]
        verbose_name = _("business-hours calendar")
        verbose_name_plural = _("business-hours calendars")

    def __str__(self) -> str:
        return f"{self.department} · {self.get_channel_display()}"


class OpeningInterval(models.Model):
    """One opening on one weekday, ``[start, end)`` in minutes; several per day are allowed."""

    calendar = models.ForeignKey(Calendar, on_delete=models.CASCADE, related_name="intervals")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    start_minute = MinuteOfDayField(_("opens at"), help_text=_("HH:MM, 00:00 to 23:59"))
    end_minute = MinuteOfDayField(_("closes at"), help_text=_("HH:MM, up to 24:00 (midnight at the end of the day)"))

    class Meta:
        ordering = ["weekday", "start_minute"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_minute__lt=models.F("end_minute"), end_minute__lte=24 * 60),
                name="interval_start_before_end",
            )
        ]
        verbose_name = _("opening interval")
        verbose_name_plural = _("opening intervals")

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {format_minute(self.start_minute)}-{format_minute(self.end_minute)}"

    def clean(self) -> None:
        if self.start_minute is not None and self.end_minute is not None and self.start_minute >= self.end_minute:
            raise ValidationError({"end_minute": _("The closing time must be after the opening time.")})


class OverrideKind(models.TextChoices):
    ADD = "add", _("Day off (add a holiday)")
    REMOVE = "remove", _("Working day (remove a public holiday)")


class HolidayOverride(models.Model):
    """A change to the public-holiday list: a bridge day or company day off, or a holiday worked.

    A row for one department wins over a row for all departments on the same date.
    Only calendars "closed on public holidays" are affected.
    """

    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=8, choices=OverrideKind.choices, default=OverrideKind.ADD)
    name = models.CharField(_("name (Vietnamese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    department = models.ForeignKey(
        "desk.Department",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="holiday_overrides",
        verbose_name=_("department"),
        help_text=_("Leave empty for all departments."),
    )

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["date", "department"],
                condition=models.Q(department__isnull=False),
                name="holiday_override_per_department",
            ),
            models.UniqueConstraint(
                fields=["date"], condition=models.Q(department__isnull=True), name="holiday_override_global"
            ),
        ]
        verbose_name = _("holiday change")
        verbose_name_plural = _("holiday changes")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.label}"

    @property
    def label(self) -> str:
        return self.name_en if translation.get_language() == "en" and self.name_en else self.name

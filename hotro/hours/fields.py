"""A wall-clock minute of the day (0-1440), stored as an integer, edited as "HH:MM".

Opening intervals need an end of day that is unambiguous: ``time(0, 0)`` would
mean both "midnight at the start" and "midnight at the end". Minutes since
midnight make 24:00 simply 1440, and admins still type "08:00" or "24:00".
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

MINUTES_PER_DAY = 24 * 60
_CLOCK_RE = re.compile(r"^\s*(\d{1,2})(?::|h)(\d{2})\s*$")


def format_minute(minute: int) -> str:
    """1440 → "24:00", 510 → "08:30"."""
    return f"{minute // 60:02d}:{minute % 60:02d}"


def parse_minute(text: str) -> int:
    """ "08:30" (or the Vietnamese "08h30") → 510; "24:00" → 1440. Raises ValueError otherwise."""
    match = _CLOCK_RE.match(text)
    if not match:
        raise ValueError(text)
    hours, minutes = int(match.group(1)), int(match.group(2))
    if minutes >= 60 or hours * 60 + minutes > MINUTES_PER_DAY:
        raise ValueError(text)
    return hours * 60 + minutes


class ClockTimeFormField(forms.CharField):
    default_error_messages = {"invalid": _("Enter a time between 00:00 and 24:00, e.g. 08:00 or 17:30.")}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"placeholder": "08:00", "size": 6, "maxlength": 5}))
        kwargs.pop("max_length", None)  # the cleaned value is an int: a length validator would choke on it
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        return format_minute(value) if isinstance(value, int) else value

    # A CharField (stripping, empty values) that cleans to a minute: an int, where CharField's says str.
    def to_python(self, value: Any) -> int | None:  # type: ignore[override]  # int, not CharField's str
        text = super().to_python(value)
        if text is None or text in self.empty_values:
            return None
        try:
            return parse_minute(text)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class MinuteOfDayField(models.PositiveSmallIntegerField):
    """Minutes since local midnight, 0 to 1440 inclusive."""

    default_validators = [MinValueValidator(0), MaxValueValidator(MINUTES_PER_DAY)]

    def formfield(
        self,
        form_class: type[forms.Field] | None = None,
        choices_form_class: type[forms.ChoiceField] | None = None,
        **kwargs: Any,
    ) -> forms.Field | None:
        # Skip IntegerField.formfield: it would hand min_value/max_value to a CharField.
        return models.Field.formfield(
            self, form_class=form_class or ClockTimeFormField, choices_form_class=choices_form_class, **kwargs
        )

"""Small helpers every app's forms and views share: typed fields, and a service's error on a form."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Protocol, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

FieldT = TypeVar("FieldT", bound=forms.Field)


class FieldError(Protocol):
    """A domain error naming the form field at fault, if any (``DeskError``, ``AccountError``)."""

    @property
    def field(self) -> str | None: ...

    @property
    def message(self) -> str | Promise: ...


def field_of(form: forms.BaseForm, name: str, kind: type[FieldT]) -> FieldT:
    """``form.fields[name]`` as the field class it was declared with (``Form.fields`` holds plain ``Field``)."""
    field = form.fields[name]
    if not isinstance(field, kind):
        raise TypeError(f"{type(form).__name__}.{name} is a {type(field).__name__}, not a {kind.__name__}")
    return field


def add_service_error(form: forms.BaseForm, error: FieldError, *, renamed: Mapping[str, str] | None = None) -> None:
    """Attach a service's error to the form field it names, or to the whole form when the form has no such field.

    ``renamed`` maps a service's argument to the form field that holds it when their names differ.
    """
    field = error.field
    if field is not None and renamed:
        field = renamed.get(field, field)
    form.add_error(field if field in form.fields else None, str(error.message))


class DayField(forms.DateField):
    """A date the desk can turn into a moment of that day in any time zone (a search's start, a token's expiry).

    ``0001-01-01`` or ``9999-12-31`` are valid dates, but their midnight (or the next day's) moved
    to UTC falls outside what Python and the database hold: a 500 instead of an empty result.
    """

    earliest, latest = dt.date(1900, 1, 1), dt.date(9999, 12, 1)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value and not self.earliest <= value <= self.latest:
            raise ValidationError(
                _("Choose a date between %(earliest)s and %(latest)s.")
                % {
                    "earliest": date_format(self.earliest, "SHORT_DATE_FORMAT"),
                    "latest": date_format(self.latest, "SHORT_DATE_FORMAT"),
                },
                code="out_of_range",
            )

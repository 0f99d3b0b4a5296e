"""Small helpers every app's forms and views share: typed fields, and a service's error on a form."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol, TypeVar

from django import forms
from django.utils.functional import Promise

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

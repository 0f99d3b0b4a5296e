"""Portal forms. They only parse input: the desk services decide what is allowed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from hotro.core.forms import field_of
from hotro.desk.models import Category, Department, Priority


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """``<input type=file multiple>``: cleans to a list (Django 5.2 has no built-in field for it)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class TicketForm(forms.Form):
    """P1: department, category, priority, subject, message and files; the requester never comes from here."""

    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.filter(active=True),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Choose the department your request is for."),
            "invalid_choice": _("Choose a department that accepts tickets."),
        },
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.filter(active=True, department__active=True).select_related("department"),
        required=False,
        error_messages={"invalid_choice": _("This category does not exist; choose one from the list.")},
    )
    priority = forms.TypedChoiceField(
        label=_("Priority"), choices=Priority.choices, coerce=int, initial=Priority.NORMAL
    )
    subject = forms.CharField(label=_("Subject"), max_length=250)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea, strip=True)
    attachments = MultipleFileField(label=_("Attachments"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].error_messages["required"] = _("The message is empty.")
        self.fields["subject"].error_messages["required"] = _("The subject is empty.")

    def category_groups(self) -> list[tuple[Department, Sequence[Category]]]:
        """Categories grouped by department, for the ``<optgroup>`` list."""
        groups: dict[int, tuple[Department, list[Category]]] = {}
        categories = field_of(self, "category", forms.ModelChoiceField).queryset
        assert categories is not None  # the field is declared with one
        for category in categories:
            groups.setdefault(category.department_id, (category.department, []))[1].append(category)
        return list(groups.values())


class GuestTicketForm(TicketForm):
    """A visitor without an account gives the email address the desk will answer (P1: mandatory)."""

    email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("We send every update of your ticket to this address."),
        error_messages={"required": _("Enter your email address: we answer by email.")},
    )
    name = forms.CharField(label=_("Your name"), max_length=200, required=False)

    field_order = ["email", "name"]


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Your reply"), widget=forms.Textarea, strip=True)
    attachments = MultipleFileField(label=_("Attachments"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].error_messages["required"] = _("The message is empty.")

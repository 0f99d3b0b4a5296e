"""Portal forms. They only parse input: the desk services decide what is allowed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from hotro.accounts.addresses import DeliverableEmailField
from hotro.catalog.models import Instance
from hotro.core.forms import field_of
from hotro.desk.models import Category, Department, Priority
from hotro.desk.services import DeskError, check_attachments
from hotro.vault.forms import SecretField

SUBJECT_MAX_LENGTH = 250


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


def customer_priorities() -> list[tuple[int, Any]]:
    """The priorities customers may choose (``HOTRO_CUSTOMER_PRIORITIES``), most urgent first."""
    allowed = {Priority.from_slug(slug) for slug in settings.HOTRO_CUSTOMER_PRIORITIES}
    return [(value, label) for value, label in Priority.choices if value in allowed]


def granted_priority(wished: int) -> int:
    """The priority a new ticket gets for the customer's ``wished`` one: the wish when customers may
    choose it, else the next less urgent one they may (the least urgent they may, when the wish is below
    them all); the receiving team decides the rest (P2)."""
    allowed = [value for value, _label in customer_priorities()]
    if wished in allowed:
        return wished
    below = [value for value in allowed if value > wished]  # a lower number is more urgent
    return min(below) if below else max(allowed)


class DescribedErrors:
    """Each field in error points ``aria-describedby`` at its help text and its error list
    (rendered as ``<div id="{auto_id}_error">``), so a screen reader reads why it was refused."""

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        form: forms.BaseForm = self  # type: ignore[assignment]
        for name in form.errors:
            if name not in form.fields:
                continue
            bound, attrs = form[name], form.fields[name].widget.attrs
            ids = attrs.get("aria-describedby", "").split() or (
                [f"{bound.auto_id}_helptext"] if bound.help_text else []
            )
            attrs["aria-describedby"] = " ".join([*ids, f"{bound.auto_id}_error"])
            attrs["aria-invalid"] = "true"


class TicketForm(DescribedErrors, forms.Form):
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
    # Any priority is a valid wish; the list offers only what customers may choose (customer_priorities),
    # and a wish above them is noted for triage (granted_priority, P2).
    priority = forms.TypedChoiceField(
        label=_("Priority"), choices=Priority.choices, coerce=int, initial=Priority.NORMAL
    )
    # P14: which of the customer's services the ticket is about; the view gives the signed-in
    # customer's own active services (hotro.catalog), a guest none.
    service = forms.ModelChoiceField(
        label=_("Service"),
        queryset=Instance.objects.none(),
        required=False,
        empty_label=_("— not about one service —"),
        error_messages={"invalid_choice": _("Choose one of your active services.")},
    )
    subject = forms.CharField(label=_("Subject"), max_length=SUBJECT_MAX_LENGTH)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea, strip=True)
    # A root password, an API key: kept encrypted in the ticket's vault (hotro.vault), never in the message.
    secret = SecretField()
    attachments = MultipleFileField(label=_("Attachments"))

    def __init__(self, *args: Any, services: QuerySet[Instance] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if services is not None:
            field_of(self, "service", forms.ModelChoiceField).queryset = services
        offered = customer_priorities()
        self.fields["priority"].widget.choices = offered
        if Priority.NORMAL not in dict(offered):
            self.fields["priority"].initial = offered[-1][0]  # the least urgent offered
        self.fields["body"].error_messages["required"] = _("The message is empty.")
        self.fields["subject"].error_messages["required"] = _("The subject is empty.")
        # The template shows a character counter and the attachment limits under these two.
        self.fields["subject"].widget.attrs["aria-describedby"] = f"{self['subject'].auto_id}_counter"
        self.fields["attachments"].widget.attrs["aria-describedby"] = f"{self['attachments'].auto_id}_helptext"

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

    email = DeliverableEmailField(
        label=_("Your email address"),
        help_text=_("We send every update of your ticket to this address."),
        error_messages={"required": _("Enter your email address: we answer by email.")},
    )
    name = forms.CharField(label=_("Your name"), max_length=200, required=False)

    field_order = ["email", "name"]


class ReplyForm(DescribedErrors, forms.Form):
    body = forms.CharField(label=_("Your reply"), widget=forms.Textarea, strip=True)
    secret = SecretField()
    attachments = MultipleFileField(label=_("Attachments"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].error_messages["required"] = _("The message is empty.")


def files_to_attach_again(files: Sequence[Any]) -> list[str]:
    """The names of the acceptable files of a form sent back with an error.

    A browser never keeps a chosen file when the page comes back, so the customer is told
    which ones to choose again (the refused ones have their own error on the field).
    """
    names = []
    for upload in files:
        try:
            check_attachments([upload])
        except DeskError:
            continue
        names.append(upload.name or "")
    return [name for name in names if name]

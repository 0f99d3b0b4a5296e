"""Console forms. They check shape and choices; the desk services check the rules.

Choice fields are limited to what the agent may pick (legal status targets,
agents of the ticket's department, departments that exist), so forged input is
rejected here with a clear message before any service is called.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from hotro.accounts.models import User
from hotro.console import choices
from hotro.console.queues import assignable_agents
from hotro.console.widgets import Select, TextInput
from hotro.core.forms import DayField, field_of
from hotro.desk.models import Category, Channel, Department, Priority, Status, Ticket
from hotro.desk.services import allowed_targets
from hotro.vault.forms import SecretField


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; Django's FileField cleans only one (docs: "Uploading multiple files")."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        cleaned = single(data, initial)
        return [cleaned] if cleaned else []


class ListedChoiceIterator(forms.models.ModelChoiceIterator):
    """The choices read with one plain query, kept for the form's lifetime.

    Django's iterator reads them with ``QuerySet.iterator()``, which on PostgreSQL is a
    server-side cursor: DECLARE, FETCH and CLOSE, three round trips for a dozen rows.
    """

    def __iter__(self) -> Any:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class ModelChoiceField(forms.ModelChoiceField):
    iterator = ListedChoiceIterator


class AgentChoiceField(ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


REPLY_STATUS_CHOICES = [
    ("", _("Leave the status")),
    (Status.PENDING.value, Status.PENDING.label),
    (Status.ON_HOLD.value, Status.ON_HOLD.label),
    (Status.RESOLVED.value, Status.RESOLVED.label),
]


class ComposeForm(forms.Form):
    """One compose box, two modes: a public reply (emailed) or an internal note (agents only)."""

    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=settings.HOTRO_MESSAGE_MAX_CHARS,
    )
    attachments = MultipleFileField(label=_("Attachments"), required=False)
    # Kept encrypted in the ticket's vault (hotro.vault), never in the message, its email or search.
    secret = SecretField(
        help_text=_(
            "Kept encrypted in the ticket's vault, never emailed: with a reply the customer can reveal it on "
            "the ticket page, with a note only agents can."
        )
    )
    then_status = forms.ChoiceField(
        label=_("Then set status"),
        choices=REPLY_STATUS_CHOICES,
        required=False,
        widget=Select,
        error_messages={"invalid_choice": _("This status change is not allowed.")},
    )


class AssignForm(forms.Form):
    assignee = AgentChoiceField(
        label=_("Assign to"),
        queryset=User.objects.none(),
        widget=Select,
        error_messages={"invalid_choice": _("This agent does not work in the ticket's department.")},
    )

    def __init__(self, *args: Any, ticket: Ticket, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = field_of(self, "assignee", forms.ModelChoiceField)
        field.queryset = assignable_agents(ticket.department)
        # Shown from the per-process list; a submitted choice is still checked against the queryset.
        field.widget.choices = [("", field.empty_label), *choices.assignable_agents(ticket.department_id)]
        if ticket.assignee_id:
            self.fields["assignee"].initial = ticket.assignee_id


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        widget=Select,
        error_messages={"invalid_choice": _("This status change is not allowed.")},
    )

    def __init__(self, *args: Any, ticket: Ticket, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The ticket's own status comes first and is selected: the box says what the ticket is now.
        current = Status(ticket.status)
        field_of(self, "status", forms.ChoiceField).choices = [
            (current.value, _("%(status)s (current)") % {"status": current.label}),
            *[(s.value, s.label) for s in allowed_targets(ticket.status)],
        ]
        self.fields["status"].initial = current.value


class PriorityForm(forms.Form):
    priority = forms.TypedChoiceField(
        label=_("Priority"),
        choices=Priority.choices,
        coerce=int,
        widget=Select,
        error_messages={"invalid_choice": _("Unknown priority.")},
    )


class TransferForm(forms.Form):
    department = ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.none(),
        widget=Select,
        error_messages={"invalid_choice": _("Choose a department that accepts tickets.")},
    )
    category = ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.none(),
        widget=Select,
        required=False,
        error_messages={"invalid_choice": _("Unknown category.")},
    )

    def __init__(self, *args: Any, ticket: Ticket, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        departments = Department.objects.filter(active=True).exclude(pk=ticket.department_id).order_by("rank")
        department_field = field_of(self, "department", forms.ModelChoiceField)
        department_field.queryset = departments
        categories = Category.objects.filter(active=True, department__in=departments).select_related("department")
        category_field = field_of(self, "category", forms.ModelChoiceField)
        category_field.queryset = categories
        # Shown from the per-process lists; a submitted choice is still checked against the querysets.
        targets = [d for d in choices.departments() if d.active and d.pk != ticket.department_id]
        department_field.widget.choices = [
            ("", department_field.empty_label),
            *[(d.pk, d.label) for d in targets],
        ]
        target_ids = {d.pk for d in targets}
        category_field.widget.choices = [
            ("", category_field.empty_label),
            *[
                (c.pk, f"{c.department.label} · {c.label}")
                for c in choices.categories()
                if c.active and c.department_id in target_ids
            ],
        ]


class QueueFilterForm(forms.Form):
    """The GET filters of a queue; an invalid value is reported and ignored, never an error page."""

    status = forms.ChoiceField(label=_("Status"), required=False, widget=Select)
    priority = forms.ChoiceField(label=_("Priority"), required=False, widget=Select)
    channel = forms.ChoiceField(label=_("Channel"), required=False, widget=Select)
    assignee = forms.ChoiceField(label=_("Assignee"), required=False, widget=Select)
    q = forms.CharField(label=_("Search"), required=False, max_length=250, widget=TextInput)
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        widget=Select,
        choices=[("", _("Technical first, then due")), ("due", _("Overdue first"))],
    )

    def __init__(self, *args: Any, agents: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "status", forms.ChoiceField).choices = [("", _("All active")), *Status.choices]
        field_of(self, "priority", forms.ChoiceField).choices = [("", _("Any priority")), *Priority.choices]
        field_of(self, "channel", forms.ChoiceField).choices = [("", _("Any channel")), *Channel.choices]
        field_of(self, "assignee", forms.ChoiceField).choices = [
            ("", _("Anyone")),
            ("me", _("Me")),
            ("none", _("Unassigned")),
            *[(str(pk), name) for pk, name in agents],
        ]
        self.fields["q"].widget.attrs.update({"type": "search", "placeholder": _("Subject or number")})

    def filters(self) -> dict[str, Any]:
        """The valid filters only: a bad field is dropped so the rest of the queue still shows."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


class SearchForm(forms.Form):
    """The GET parameters of the search page; like the queue filters, a bad value is reported and ignored."""

    q = forms.CharField(label=_("Search"), required=False, max_length=250, widget=TextInput)
    department = forms.ChoiceField(label=_("Department"), required=False, widget=Select)
    status = forms.ChoiceField(label=_("Status"), required=False, widget=Select)
    channel = forms.ChoiceField(label=_("Channel"), required=False, widget=Select)
    assignee = forms.ChoiceField(label=_("Assignee"), required=False, widget=Select)

    def __init__(self, *args: Any, departments: list[Department], agents: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # "from" and "to" are Python keywords, so these two are added here rather than declared.
        self.fields["from"] = DayField(label=_("Opened from"), required=False)
        self.fields["to"] = DayField(label=_("Opened until"), required=False)
        for name in ("from", "to"):
            self.fields[name].widget.input_type = "date"
        self.departments = {d.slug: d for d in departments}
        field_of(self, "department", forms.ChoiceField).choices = [
            ("", _("All my departments")),
            *[(d.slug, d.label) for d in departments],
        ]
        field_of(self, "status", forms.ChoiceField).choices = [("", _("Any status")), *Status.choices]
        field_of(self, "channel", forms.ChoiceField).choices = [("", _("Any channel")), *Channel.choices]
        field_of(self, "assignee", forms.ChoiceField).choices = [
            ("", _("Anyone")),
            ("me", _("Me")),
            ("none", _("Unassigned")),
            *[(str(pk), name) for pk, name in agents],
        ]
        self.fields["q"].widget.attrs.update(
            {"type": "search", "placeholder": _('Words, "a phrase", number, name, email or phone'), "autofocus": True}
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and start > end:
            self.add_error("to", _("The end date is before the start date."))
        return cleaned

    def valid_values(self) -> dict[str, Any]:
        """The valid fields only: a bad one is dropped so the rest of the search still runs."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}

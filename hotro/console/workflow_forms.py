"""Forms of working together: merge, split, link, tags, bulk actions. They check shape and resolve
numbers through ``access_ticket_as_agent`` (a ticket the agent may not see is "not found", as
everywhere); the desk services check the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from hotro.accounts.models import User
from hotro.console import choices
from hotro.console.widgets import Select, TextInput
from hotro.core.forms import field_of
from hotro.desk.models import Department, LinkKind, Priority, Status, Ticket
from hotro.desk.services import access_ticket_as_agent


class TicketNumberField(forms.CharField):
    """A ticket number the agent may see, cleaned to the ``Ticket`` (``set_agent`` before validation)."""

    agent: User | None = None

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("widget", TextInput(attrs={"placeholder": "CM-000123", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Ticket | None:  # a Ticket, not the text
        text = super().clean(value).strip().removeprefix("#")
        if not text:
            return None  # not required and left empty
        assert self.agent is not None
        try:
            return access_ticket_as_agent(self.agent, text)
        except Http404:
            raise forms.ValidationError(
                _("No ticket %(number)s in your departments.") % {"number": text}, code="not_found"
            ) from None


class TicketIdsField(forms.Field):
    """The ``tickets`` checkboxes of a list: ids (the service checks how many, and access)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[int]:
        if not value:
            return []
        try:
            ids = sorted({int(item) for item in value})
        except (TypeError, ValueError):
            raise forms.ValidationError(_("Unknown ticket."), code="invalid") from None
        return ids

    def validate(self, value: Any) -> None:
        if self.required and not value:
            raise forms.ValidationError(_("Select at least one ticket."), code="required")


class _AgentForm(forms.Form):
    def __init__(self, *args: Any, agent: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, TicketNumberField):
                field.agent = agent


class MergeForm(_AgentForm):
    target = TicketNumberField(label=_("Merge this ticket into"))
    other_requester = forms.BooleanField(
        label=_("The requesters differ: let this ticket's customer read the whole merged conversation"),
        required=False,
    )


class SplitForm(forms.Form):
    message = forms.TypedChoiceField(label=_("Message"), coerce=int, widget=Select)
    subject = forms.CharField(label=_("Subject of the new ticket"), required=False, max_length=250, widget=TextInput)

    def __init__(self, *args: Any, message_choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "message", forms.ChoiceField).choices = message_choices


class LinkForm(_AgentForm):
    kind = forms.ChoiceField(label=_("This ticket is"), choices=LinkKind.choices, widget=Select)
    other = TicketNumberField(label=_("Ticket"))


class TagForm(forms.Form):
    tag = forms.CharField(label=_("Tag"), max_length=60, widget=TextInput(attrs={"autocomplete": "off"}))


BULK_ACTIONS = [
    ("assign", _("Assign to")),
    ("status", _("Set status")),
    ("priority", _("Set priority")),
    ("transfer", _("Transfer to")),
    ("merge", _("Merge into")),
    ("tag", _("Add tag")),
]


class BulkForm(_AgentForm):
    """The list pages' action bar: the selected tickets, one action, and that action's value."""

    tickets = TicketIdsField(label=_("Tickets"))
    action = forms.ChoiceField(label=_("Action"), choices=BULK_ACTIONS, widget=Select)
    assignee = forms.TypedChoiceField(label=_("Assign to"), coerce=int, required=False, widget=Select)
    status = forms.ChoiceField(label=_("Set status"), required=False, widget=Select)
    priority = forms.TypedChoiceField(label=_("Set priority"), coerce=int, required=False, widget=Select)
    department = forms.ModelChoiceField(
        label=_("Transfer to"), queryset=Department.objects.filter(active=True), required=False, widget=Select
    )
    target = TicketNumberField(label=_("Merge into"), required=False)
    other_requester = forms.BooleanField(label=_("Merge even where the requesters differ"), required=False)
    tag = forms.CharField(label=_("Add tag"), required=False, max_length=60, widget=TextInput)

    def __init__(self, *args: Any, agent: User, department_ids: frozenset[int], **kwargs: Any) -> None:
        super().__init__(*args, agent=agent, **kwargs)
        self.agents = choices.agents_in(department_ids)
        field_of(self, "assignee", forms.ChoiceField).choices = [("", "—"), *self.agents]
        field_of(self, "status", forms.ChoiceField).choices = [("", "—"), *Status.choices]
        field_of(self, "priority", forms.ChoiceField).choices = [("", "—"), *Priority.choices]
        department_field = field_of(self, "department", forms.ModelChoiceField)
        department_field.widget.choices = [("", "—"), *[(d.pk, d.label) for d in choices.departments() if d.active]]

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        action = cleaned.get("action")
        needed = {"assign": "assignee", "transfer": "department", "merge": "target"}.get(action or "", action)
        if needed and needed in self.fields and cleaned.get(needed) in (None, ""):
            self.add_error(needed, _("Choose a value for this action."))
        if action == "assign" and cleaned.get("assignee"):
            cleaned["assignee"] = User.objects.filter(pk=cleaned["assignee"]).first()
        return cleaned

    def value(self) -> Any:
        """The chosen action's value, as ``apply_in_bulk`` takes it."""
        data = self.cleaned_data
        match data["action"]:
            case "assign":
                return data["assignee"]
            case "transfer":
                return data["department"]
            case "merge":
                return data["target"]
            case name:
                return data[name]

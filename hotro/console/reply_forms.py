"""Forms of the canned-response, macro, signature and routing pages.

They offer only what the agent may pick (their own responses, the departments they supervise);
the rules themselves (placeholders, same department) are checked by ``hotro.replies.services``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hotro.accounts.models import User
from hotro.console.queues import assignable_agents
from hotro.core.forms import field_of
from hotro.desk.models import Category, Department, Priority, Status
from hotro.replies.models import AssigneeChoice, CannedResponse
from hotro.replies.placeholders import PLACEHOLDERS
from hotro.routing.models import RoutingMode

PERSONAL = "personal"


class ResponseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: CannedResponse) -> str:
        assert obj.department is not None  # only shared responses are offered
        return f"{obj.department.label} · {obj.title}"


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Category) -> str:
        return f"{obj.department.label} · {obj.label}"


class AgentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


def placeholder_help() -> str:
    return str(_("Placeholders: %(list)s.")) % {
        "list": "; ".join("{{ %s }}: %s" % (name, text) for name, text in PLACEHOLDERS.items())  # noqa: UP031
    }


class ResponseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    scope = forms.ChoiceField(label=_("Who may use it"))
    body_vi = forms.CharField(label=_("Text (Vietnamese)"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10000)
    body_en = forms.CharField(label=_("Text (English)"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10000)

    def __init__(self, *args: Any, departments: list[Department], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.departments = {str(d.pk): d for d in departments}
        field_of(self, "scope", forms.ChoiceField).choices = [
            (PERSONAL, _("Only me (personal)")),
            *[(str(d.pk), _("Everyone in %(department)s") % {"department": d.label}) for d in departments],
        ]
        help_text = placeholder_help()
        self.fields["body_vi"].help_text = help_text
        self.fields["body_en"].help_text = help_text

    def department(self) -> Department | None:
        scope = self.cleaned_data["scope"]
        return None if scope == PERSONAL else self.departments[scope]


class MacroForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none())
    response = ResponseChoiceField(
        label=_("Reply sent to the customer"),
        queryset=CannedResponse.objects.none(),
        required=False,
        help_text=_("A shared response of the macro's department; it is signed and sent as a public reply."),
    )
    status = forms.ChoiceField(label=_("Then set status"), required=False)
    priority = forms.TypedChoiceField(label=_("Set priority"), required=False, coerce=int, empty_value=None)
    category = CategoryChoiceField(label=_("Set category"), queryset=Category.objects.none(), required=False)
    assign = forms.ChoiceField(label=_("Assignee"), choices=AssigneeChoice.choices, required=False)
    assignee = AgentChoiceField(label=_("Agent to assign"), queryset=User.objects.none(), required=False)

    def __init__(self, *args: Any, departments: list[Department], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = [d.pk for d in departments]
        field_of(self, "department", forms.ModelChoiceField).queryset = Department.objects.filter(pk__in=ids)
        response_field = field_of(self, "response", forms.ModelChoiceField)
        response_field.queryset = CannedResponse.objects.filter(department_id__in=ids).select_related("department")
        field_of(self, "status", forms.ChoiceField).choices = [("", _("Leave the status")), *Status.choices]
        field_of(self, "priority", forms.TypedChoiceField).choices = [("", _("Leave the priority")), *Priority.choices]
        category_field = field_of(self, "category", forms.ModelChoiceField)
        category_field.queryset = Category.objects.filter(department_id__in=ids, active=True).select_related(
            "department"
        )
        agents = User.objects.none()
        for department in departments:
            agents = agents | assignable_agents(department)
        assignee_field = field_of(self, "assignee", forms.ModelChoiceField)
        assignee_field.queryset = agents.distinct()


class SignatureForm(forms.Form):
    """One text per department the agent works in; fields are named ``dept_<id>``."""

    def __init__(self, *args: Any, departments: list[Department], initial_texts: dict[int, str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.departments = departments
        for department in departments:
            self.fields[f"dept_{department.pk}"] = forms.CharField(
                label=department.label,
                required=False,
                max_length=1000,
                initial=initial_texts.get(department.pk, ""),
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def texts(self) -> list[tuple[Department, str]]:
        return [(d, self.cleaned_data.get(f"dept_{d.pk}", "")) for d in self.departments]


class RoutingForm(forms.Form):
    """The mode of each department the user keeps (fields ``mode_<id>``) and the capacity of their agents
    (fields ``cap_<user id>``, empty for no limit)."""

    def __init__(
        self,
        *args: Any,
        departments: list[Department],
        modes: dict[int, str],
        agents: list[User],
        capacities: dict[int, int],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.departments = departments
        self.agents = agents
        for department in departments:
            self.fields[f"mode_{department.pk}"] = forms.ChoiceField(
                label=department.label,
                choices=RoutingMode.choices,
                initial=modes.get(department.pk, RoutingMode.MANUAL),
            )
        for agent in agents:
            self.fields[f"cap_{agent.pk}"] = forms.IntegerField(
                label=agent.display_name,
                required=False,
                min_value=0,
                max_value=1000,
                initial=capacities.get(agent.pk),
            )

    def mode_fields(self) -> list[forms.BoundField]:
        return [self[f"mode_{d.pk}"] for d in self.departments]

    def capacity_fields(self) -> list[forms.BoundField]:
        return [self[f"cap_{a.pk}"] for a in self.agents]

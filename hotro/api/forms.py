"""The console's form for a new API token."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hotro.api.models import Scope, TokenKind
from hotro.core.forms import DayField
from hotro.desk.models import Department


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120, help_text=_("What uses it, e.g. “billing sync”."))
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple, initial=[Scope.TICKETS_READ]
    )
    expires_at = DayField(label=_("Expires on"), required=False, help_text=_("Empty: never."))
    kind = forms.ChoiceField(label=_("Kind"), choices=TokenKind.choices, initial=TokenKind.PERSONAL)
    departments = forms.ModelMultipleChoiceField(
        label=_("Departments (integrations)"),
        queryset=Department.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    all_departments = forms.BooleanField(label=_("All departments (integrations)"), required=False)

    def __init__(self, *args: Any, may_integrate: bool, departments: list[Department], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["departments"].queryset = Department.objects.filter(pk__in=[d.pk for d in departments])  # type: ignore[attr-defined]
        if not may_integrate:  # only administrators make integration tokens
            for name in ("kind", "departments", "all_departments"):
                del self.fields[name]

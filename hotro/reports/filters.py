"""The report pages' filters: period, department, channel, and day or week, validated.

The department choice is limited to what the reader may see (the console passes them:
every department for an administrator, their own for a supervisor), so naming another
department is a form error, never a leak.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hotro.core.forms import field_of
from hotro.desk.models import Channel, Department
from hotro.reports.queries import Selection

DEFAULT_DAYS = 30
MAX_DAYS = 3 * 366 + 1  # three years: what the desk keeps at hand; longer asks for a CSV per year
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReportFilterForm(forms.Form):
    start = forms.DateField(label=_("First day"), required=False, widget=DATE_INPUT)
    end = forms.DateField(label=_("Last day"), required=False, widget=DATE_INPUT)
    department = forms.ChoiceField(label=_("Department"), required=False)
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    grain = forms.ChoiceField(
        label=_("Group by"), required=False, choices=[("day", _("Day")), ("week", _("Week"))], initial="day"
    )

    def __init__(self, data: Any, *, departments: Sequence[Department], today: date, everything: bool) -> None:
        super().__init__(data)
        self.today = today
        self.everything = everything  # the reader sees every department (an administrator)
        self.departments = {d.slug: d for d in departments}
        everyone = _("All departments") if everything else _("All my departments")
        field_of(self, "department", forms.ChoiceField).choices = [
            ("", everyone),
            *((d.slug, d.label) for d in departments),
        ]
        field_of(self, "channel", forms.ChoiceField).choices = [("", _("All channels")), *Channel.choices]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        end = data.get("end") or self.today
        start = data.get("start") or end - timedelta(days=DEFAULT_DAYS - 1)
        if "start" in self.errors or "end" in self.errors:
            return data
        if start > end:
            raise forms.ValidationError(_("The period must start before it ends."), code="reversed")
        if (end - start).days + 1 > MAX_DAYS:
            raise forms.ValidationError(
                _("Choose a period of at most %(days)s days.") % {"days": MAX_DAYS}, code="too_long"
            )
        data["start"], data["end"] = start, end
        data["grain"] = data.get("grain") or "day"
        return data

    def selection(self) -> Selection:
        """The validated selection; only after ``is_valid()``."""
        data = self.cleaned_data
        chosen = self.departments.get(data.get("department") or "")
        if chosen is not None:
            departments: frozenset[int] | None = frozenset({chosen.pk})
        elif self.everything:
            departments = None
        else:
            departments = frozenset(d.pk for d in self.departments.values())
        return Selection(data["start"], data["end"], departments, data.get("channel") or "")

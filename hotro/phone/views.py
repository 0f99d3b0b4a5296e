"""The hotline's call log, a staff page beside the console: log a call in one form, see recent calls."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hotro.accounts.current import agent_required, signed_in_agent
from hotro.accounts.services import AccountError
from hotro.core.forms import add_service_error
from hotro.desk.services import DeskError, agent_department_ids, agent_departments
from hotro.phone.calls import log_call
from hotro.phone.models import Call, CallDirection, CallOutcome


class CallForm(forms.Form):
    number = forms.CharField(label=gettext_lazy("Phone number"), max_length=30)
    department = forms.TypedChoiceField(label=gettext_lazy("Department"), coerce=int)
    direction = forms.ChoiceField(label=gettext_lazy("Direction"), choices=CallDirection.choices)
    outcome = forms.ChoiceField(label=gettext_lazy("Outcome"), choices=CallOutcome.choices)
    duration_minutes = forms.IntegerField(label=gettext_lazy("Minutes"), min_value=0, max_value=600, initial=0)
    subject = forms.CharField(label=gettext_lazy("Ticket subject"), max_length=250, required=False)
    notes = forms.CharField(label=gettext_lazy("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: object, departments: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]  # Form's own untyped signature
        field = self.fields["department"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = departments


@agent_required
def calls(request: HttpRequest) -> HttpResponse:
    agent = signed_in_agent(request)
    departments = agent_departments(agent)
    choices = [(d.pk, str(d.label)) for d in departments]
    form = CallForm(request.POST or None, departments=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        department = next(d for d in departments if d.pk == data["department"])
        try:
            call = log_call(
                agent,
                number=data["number"],
                department=department,
                direction=data["direction"],
                outcome=data["outcome"],
                duration_seconds=data["duration_minutes"] * 60,
                notes=data["notes"],
                subject=data["subject"],
            )
        except (DeskError, AccountError) as error:
            add_service_error(form, error, renamed={"phone": "number"})
        else:
            if call.ticket is not None:
                messages.success(request, _("Call logged; ticket %(number)s opened.") % {"number": call.ticket.number})
                return redirect("console:ticket", call.ticket.number)
            messages.success(request, _("Call logged."))
            return redirect("phone:calls")
    allowed = agent_department_ids(agent)
    recent = Call.objects.select_related("department", "agent", "ticket").order_by("-created_at")
    if allowed is not None:
        recent = recent.filter(department_id__in=allowed)
    return render(request, "phone/calls.html", {"section": "calls", "form": form, "calls": recent[:50]})

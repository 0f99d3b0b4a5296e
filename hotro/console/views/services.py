"""The ticket page's service panel (P14) and the "out of scope" action (P13): thin adapters over
``hotro.catalog.services``; the catalogue decides what is allowed."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hotro.catalog import services as catalog
from hotro.catalog.models import Instance
from hotro.console.access import agent_required, signed_in_agent
from hotro.desk.services import DeskError, access_ticket_as_agent


class OutOfScopeForm(forms.Form):
    body = forms.CharField(label=gettext_lazy("Answer to the customer"), widget=forms.Textarea(attrs={"rows": 16}))


@agent_required
@require_POST
def set_service(request: HttpRequest, number: str) -> HttpResponse:
    """Confirm the suggested service, or pick another of the requester's."""
    agent = signed_in_agent(request)
    ticket = access_ticket_as_agent(agent, number)
    instance = Instance.objects.filter(pk=request.POST.get("instance") or 0, contact_id=ticket.requester_id).first()
    if instance is None:
        messages.error(request, _("Choose one of the customer's services."))
    else:
        try:
            catalog.set_service(ticket, instance, agent)
        except catalog.CatalogError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("The ticket is about %(service)s.") % {"service": instance.name})
    return redirect("console:ticket", number=ticket.number)


@agent_required
def out_of_scope(request: HttpRequest, number: str) -> HttpResponse:
    """GET: the scope answer in the customer's language, to edit. POST: send it and resolve the ticket."""
    agent = signed_in_agent(request)
    ticket = access_ticket_as_agent(agent, number)
    form = OutOfScopeForm(request.POST or None, initial={"body": catalog.out_of_scope_answer(ticket)})
    if request.method == "POST" and form.is_valid():
        try:
            catalog.resolve_out_of_scope(ticket, agent, form.cleaned_data["body"])
        except (catalog.CatalogError, DeskError) as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("The scope answer is sent and the ticket is resolved."))
            return redirect("console:ticket", number=ticket.number)
    status = 400 if form.is_bound else 200
    return render(request, "console/out_of_scope.html", {"ticket": ticket, "form": form}, status=status)

"""Mass incidents in the console: the list, declaring one, its page (suggested tickets to link, public
updates). Thin adapters over ``hotro.catalog.services``; delivering the updates is a background task."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from hotro.catalog import services as catalog
from hotro.catalog.models import Incident, IncidentStatus, Instance, Product
from hotro.console.access import agent_required, signed_in_agent
from hotro.core.forms import add_service_error
from hotro.desk.models import Ticket
from hotro.desk.services import tickets_for_agent


class UpdateForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=IncidentStatus.choices)
    body = forms.CharField(label=gettext_lazy("Update (Vietnamese)"), widget=forms.Textarea(attrs={"rows": 4}))
    body_en = forms.CharField(label=gettext_lazy("Update (English)"), widget=forms.Textarea(attrs={"rows": 4}))
    resolve_tickets = forms.BooleanField(
        label=gettext_lazy("Resolve the linked tickets with this message (only when resolving)"), required=False
    )


class DeclareForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title (Vietnamese)"), max_length=200)
    title_en = forms.CharField(label=gettext_lazy("Title (English)"), max_length=200)
    is_global = forms.BooleanField(label=gettext_lazy("Affects every customer"), required=False)
    products = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Affected products"),
        queryset=Product.objects.filter(active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    regions = forms.CharField(
        label=gettext_lazy("Affected regions"),
        required=False,
        help_text=gettext_lazy("Region codes as on the services, separated by spaces (HN1 HCM2)."),
    )
    instances = forms.CharField(
        label=gettext_lazy("Affected services"),
        required=False,
        help_text=gettext_lazy("External ids, hostnames or IP addresses, separated by spaces."),
    )
    body = forms.CharField(label=gettext_lazy("First update (Vietnamese)"), widget=forms.Textarea(attrs={"rows": 4}))
    body_en = forms.CharField(label=gettext_lazy("First update (English)"), widget=forms.Textarea(attrs={"rows": 4}))

    def clean_instances(self) -> list[Instance]:
        words = self.cleaned_data["instances"].split()
        found = list(
            Instance.objects.filter(external_id__in=words)
            | Instance.objects.filter(hostname__in=[w.lower() for w in words])
            | Instance.objects.filter(ip_addresses__in=words)
        )
        known = {i.external_id for i in found} | {i.hostname for i in found} | {ip for i in found for ip in i.ip_list}
        unknown = [w for w in words if w not in known and w.lower() not in known]
        if unknown:
            raise forms.ValidationError(_("Unknown services: %(list)s") % {"list": ", ".join(unknown)})
        return found


@agent_required
@require_safe
def incident_list(request: HttpRequest) -> HttpResponse:
    incidents = Incident.objects.order_by("-created_at")[:100]
    return render(request, "console/incidents.html", {"section": "incidents", "incidents": incidents})


@agent_required
def incident_new(request: HttpRequest) -> HttpResponse:
    agent = signed_in_agent(request)
    form = DeclareForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            incident = catalog.declare_incident(
                agent,
                title=data["title"],
                title_en=data["title_en"],
                body=data["body"],
                body_en=data["body_en"],
                is_global=data["is_global"],
                products=data["products"],
                regions=data["regions"],
                instances=data["instances"],
            )
        except catalog.CatalogError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The incident is declared."))
            return redirect("console:incident", pk=incident.pk)
    status = 400 if form.is_bound else 200
    return render(request, "console/incident_new.html", {"section": "incidents", "form": form}, status=status)


def _page(request: HttpRequest, incident: Incident, update_form: UpdateForm | None = None, status: int = 200) -> Any:
    agent = signed_in_agent(request)
    links = incident.links.select_related("ticket__requester", "last_update").order_by("-created_at")[:200]
    context = {
        "section": "incidents",
        "incident": incident,
        "updates": incident.updates.select_related("author").order_by("-created_at"),
        "links": links,
        "linked_count": incident.links.count(),
        "suggested": catalog.suggested_tickets(incident) if incident.is_open else [],
        "update_form": update_form or UpdateForm(initial={"status": incident.status}),
        "agent": agent,
    }
    return render(request, "console/incident.html", context, status=status)


@agent_required
@require_safe
def incident_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, get_object_or_404(Incident, pk=pk))


@agent_required
@require_POST
def incident_update(request: HttpRequest, pk: int) -> HttpResponse:
    agent = signed_in_agent(request)
    incident = get_object_or_404(Incident, pk=pk)
    form = UpdateForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            catalog.post_update(
                incident,
                agent,
                status=data["status"],
                body=data["body"],
                body_en=data["body_en"],
                resolve_tickets=data["resolve_tickets"],
            )
        except catalog.CatalogError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The update is posted; the linked tickets receive it in the background."))
            return redirect("console:incident", pk=incident.pk)
    return _page(request, incident, form, status=400)


@agent_required
@require_POST
def incident_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Link the tickets the agent ticked among the suggestions (only tickets the agent may see)."""
    agent = signed_in_agent(request)
    incident = get_object_or_404(Incident, pk=pk)
    ids = [int(v) for v in request.POST.getlist("ticket") if v.isdigit()][:500]
    tickets: list[Ticket] = list(tickets_for_agent(agent).filter(pk__in=ids).select_related("department"))
    try:
        linked = catalog.link_tickets(incident, tickets, agent)
    except catalog.CatalogError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("%(count)s tickets linked.") % {"count": linked})
    return redirect("console:incident", pk=incident.pk)

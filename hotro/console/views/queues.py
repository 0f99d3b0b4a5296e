"""Triage, my tickets and department queues: read-only lists, filtered with GET and htmx."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from hotro.console import choices, queues
from hotro.console.access import HtmxRequest, agent_required, signed_in_agent
from hotro.console.forms import QueueFilterForm
from hotro.console.rows import RowContext
from hotro.console.views.bulk import bulk_form
from hotro.desk.models import Department


@agent_required
def home(request: HttpRequest) -> HttpResponse:
    return redirect("console:triage")


def _pick_department(departments: list[Department], slug: str | None) -> Department | None:
    """The department named by ``slug`` among the agent's own; any other slug is a 404."""
    if not slug:
        return None
    for department in departments:
        if department.slug == slug:
            return department
    raise Http404("No such department")


def _render_list(request: HtmxRequest, context: dict[str, Any]) -> HttpResponse:
    """The whole page, or only the list fragment when htmx asks for it (filters, paging)."""
    params = request.GET.copy()
    params.pop("page", None)
    context["query_string"] = params.urlencode()
    context["page"] = queues.page_of(context.pop("tickets"), queues.parse_page(request.GET.get("page")))
    context["row_context"] = RowContext.from_request(request)
    context["bulk_form"] = bulk_form(request)  # the action bar and the rows' checkboxes
    fragment = request.htmx and not request.htmx.history_restore_request and request.htmx.target == "queue-list"
    template = "console/_queue_list.html" if fragment else "console/queue.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response


@agent_required
def triage(request: HtmxRequest) -> HttpResponse:
    """P2: new, unassigned tickets of my departments; claim one from its row."""
    agent = signed_in_agent(request)
    departments = queues.departments_for(agent)
    department = _pick_department(departments, request.GET.get("department"))
    tabs = [(None, _("All my departments"), reverse("console:triage"), department is None)] + [
        (d, d.label, f"{reverse('console:triage')}?department={d.slug}", department == d) for d in departments
    ]
    context = {
        "section": "triage",
        "title": _("Triage"),
        "tabs": tabs,
        "tickets": queues.triage_tickets(agent, department),
        "show_claim": True,
        "empty_text": _("Nothing to triage: every new ticket has been taken."),
    }
    return _render_list(request, context)


@agent_required
def mine(request: HtmxRequest) -> HttpResponse:
    context = {
        "section": "mine",
        "title": _("Assigned to me"),
        "tickets": queues.my_tickets(signed_in_agent(request)),
        "empty_text": _("No active ticket is assigned to you."),
    }
    return _render_list(request, context)


@agent_required
def queue(request: HtmxRequest, slug: str | None = None) -> HttpResponse:
    """Active tickets, technical first (P11), then priority, then age; filterable."""
    agent = signed_in_agent(request)
    departments = queues.departments_for(agent)
    department = _pick_department(departments, slug)
    agents = choices.agents_in(frozenset(d.pk for d in ([department] if department else departments)))
    form = QueueFilterForm(request.GET, agents=agents)
    tickets = queues.apply_filters(queues.queue_tickets(agent, department), form.filters(), agent)
    tabs = [(None, _("All my departments"), reverse("console:queue"), department is None)] + [
        (d, d.label, reverse("console:queue_department", args=[d.slug]), department == d) for d in departments
    ]
    context = {
        "section": "queue",
        "title": department.label if department else _("All my departments"),
        "tabs": tabs,
        "filter_form": form,
        "tickets": tickets,
        "empty_text": _("No ticket matches these filters."),
    }
    return _render_list(request, context)

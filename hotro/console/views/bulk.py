"""The list pages' action bar: one action on the selected tickets, through ``apply_in_bulk``.

Tickets the agent may not work on are skipped and named in the message; so is each ticket a
service refused (a status move not allowed from where it is). Back to the list the agent came from.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from hotro.console import queues
from hotro.console.access import agent_required, signed_in_agent
from hotro.console.workflow_forms import BulkForm
from hotro.desk.services import DeskError, apply_in_bulk

MAX_SKIPPED_SHOWN = 10


def _list_url(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("console:queue")


def bulk_form(request: HttpRequest) -> BulkForm:
    """The action bar's form for the signed-in agent (empty on a list page, bound on POST)."""
    agent = signed_in_agent(request)
    department_ids = frozenset(d.pk for d in queues.departments_for(agent))
    data = request.POST if request.method == "POST" else None
    return BulkForm(data, agent=agent, department_ids=department_ids)


@agent_required
@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    agent = signed_in_agent(request)
    form = bulk_form(request)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(_list_url(request))
    data = form.cleaned_data
    try:
        outcome = apply_in_bulk(
            agent, data["tickets"], data["action"], form.value(), other_requester=data["other_requester"]
        )
    except DeskError as error:
        messages.error(request, str(error.message))
        return redirect(_list_url(request))
    if outcome.done:
        count = len(outcome.done)
        messages.success(
            request,
            ngettext("Done for %(count)d ticket: %(numbers)s.", "Done for %(count)d tickets: %(numbers)s.", count)
            % {"count": count, "numbers": ", ".join(outcome.done)},
        )
    if outcome.skipped:
        shown = "; ".join(f"{number}: {reason}" for number, reason in outcome.skipped[:MAX_SKIPPED_SHOWN])
        count = len(outcome.skipped)
        messages.warning(
            request,
            ngettext("Skipped %(count)d ticket — %(details)s", "Skipped %(count)d tickets — %(details)s", count)
            % {"count": count, "details": shown},
        )
    return redirect(_list_url(request))

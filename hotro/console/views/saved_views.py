"""Saved views ("my filters"): an agent keeps a list page with its filters under a name (hotro.workspace).

The save form sits on every ticket list and sends the page's own path and query string; the views
then appear in the console menu. Each agent sees and deletes only their own.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hotro.console.access import agent_required, signed_in_agent
from hotro.workspace import services
from hotro.workspace.services import WorkspaceError


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(fallback)


@agent_required
@require_POST
def save_view(request: HttpRequest) -> HttpResponse:
    agent = signed_in_agent(request)
    path = request.POST.get("path", "")
    query = request.POST.get("query", "")
    try:
        view = services.save_view(agent, request.POST.get("name", ""), path, query)
    except WorkspaceError as error:
        messages.error(request, error.message)
        return _back(request, reverse("console:queue"))
    messages.success(request, _("Saved as “%(name)s”; it is in the menu.") % {"name": view.name})
    return redirect(view.url)


@agent_required
@require_POST
def delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    if not services.delete_view(signed_in_agent(request), pk):
        raise Http404("No such view")
    messages.success(request, _("The saved view was deleted."))
    return _back(request, reverse("console:queue"))

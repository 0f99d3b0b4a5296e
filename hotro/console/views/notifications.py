"""The agent's notifications (the bell's list, mark read), their preferences, and their presence.

Thin: each view reads its input, calls ``hotro.alerts`` or ``hotro.presence`` for the agent
signed in, and redirects or renders. An agent only ever reads and changes their own.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hotro.alerts import preferences
from hotro.alerts import services as alerts
from hotro.alerts.models import Event
from hotro.console.access import agent_required, signed_in_agent
from hotro.presence import services as presence
from hotro.presence.models import Presence
from hotro.presence.services import PresenceError


@agent_required
def notification_list(request: HttpRequest) -> HttpResponse:
    agent = signed_in_agent(request)
    rows = [(row, alerts.describe(row)) for row in alerts.recent(agent)]
    context = {"section": "notifications", "rows": rows, "unread": sum(1 for row, _text in rows if not row.read_at)}
    return render(request, "console/notifications.html", context)


def _ids(request: HttpRequest) -> list[int] | None:
    """The ids posted (``id``, repeated); None when one is not a number."""
    try:
        return [int(value) for value in request.POST.getlist("id")]
    except ValueError:
        return None


@agent_required
@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    ids = _ids(request)
    if not ids:
        return HttpResponseBadRequest(_("Choose the notifications to mark as read."))
    alerts.mark_read(signed_in_agent(request), ids)
    return redirect(_next_url(request, "console:notifications"))


@agent_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = alerts.mark_all_read(signed_in_agent(request))
    if count:
        messages.success(request, _("Every notification is marked as read."))
    return redirect("console:notifications")


@agent_required
def notification_preferences(request: HttpRequest) -> HttpResponse:
    """Per department and event: in the console, by email. The form posts every box of the page."""
    agent = signed_in_agent(request)
    table = preferences.table(agent)
    if request.method == "POST":
        chosen = {
            (department.pk, event): preferences.Choice(
                in_app=f"app-{department.pk}-{event}" in request.POST,
                email=f"mail-{department.pk}-{event}" in request.POST,
            )
            for department, rows in table
            for event, _choice in rows
        }
        preferences.save(agent, chosen)
        messages.success(request, _("Your notification preferences are saved."))
        return redirect("console:notification_preferences")
    rows = [
        (department, [(event, Event(event).label, choice, event in preferences.EMAILED_HERE) for event, choice in rows])
        for department, rows in table
    ]
    return render(request, "console/notification_preferences.html", {"section": "notifications", "table": rows})


@agent_required
@require_POST
def set_presence(request: HttpRequest) -> HttpResponse:
    """Online, away or offline, from the console's header (the live socket offers the same)."""
    agent = signed_in_agent(request)
    try:
        status = presence.choose(agent.pk, request.POST.get("presence", ""))
    except PresenceError:
        return HttpResponseBadRequest(_("Choose online, away or offline."))
    presence.seen(agent.pk)
    messages.success(request, _("Your status: %(status)s.") % {"status": Presence(status).label})
    return redirect(_next_url(request, "console:home"))


def _next_url(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    from django.urls import reverse

    return reverse(fallback)

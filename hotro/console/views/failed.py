"""What every channel received and could not process, for administrators, with a retry.

The items themselves (raw mail, SMS payloads) are the channels'; this page lists the
failed ones of every registered channel (``hotro.core.inbound``) and retries one.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hotro.accounts.models import User
from hotro.console.access import agent_required, signed_in_agent
from hotro.core import inbound


def _administrator(request: HttpRequest) -> User:
    """Administrators only: an agent of one department must not read every channel's raw traffic."""
    agent = signed_in_agent(request)
    if not agent.agent.is_admin:
        raise Http404("Not an administrator")
    return agent


@require_GET
@agent_required
def failed_list(request: HttpRequest) -> HttpResponse:
    _administrator(request)
    sections = [(channel, inbound.failed(channel)) for channel in inbound.channels()]
    return render(request, "console/failed.html", {"section": "failed", "sections": sections})


@require_POST
@agent_required
def retry(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    _administrator(request)
    try:
        item = inbound.retry(key, pk)
    except inbound.NotRetryable:
        messages.warning(request, _("This item is no longer in the failed list."))
        return redirect("console:failed")
    if item.status == "failed":
        messages.error(request, _("It failed again: %(error)s") % {"error": item.error.splitlines()[0][:300]})
    else:
        messages.success(request, _("Processed again."))
    return redirect("console:failed")

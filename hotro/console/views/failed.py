"""What every channel received, for administrators and supervisors: the failed items with a retry,
and the intake log (the latest items whatever became of them), as two tabs of one page.

The items themselves (raw mail, SMS payloads) are the channels'; this page lists those of every
registered channel (``hotro.core.inbound``) and retries a failed one.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hotro.accounts.models import User
from hotro.console.access import agent_required, sees_failed_items, signed_in_agent
from hotro.core import inbound

LOG_LENGTH = 100  # items per channel on the log tab


def _overseer(request: HttpRequest) -> User:
    agent = signed_in_agent(request)
    if not sees_failed_items(agent):
        raise Http404("Not an administrator or supervisor")
    return agent


@require_GET
@agent_required
def failed_list(request: HttpRequest) -> HttpResponse:
    _overseer(request)
    tab = "log" if request.GET.get("tab") == "log" else "failed"
    if tab == "log":
        sections = [(channel, inbound.recent(channel, LOG_LENGTH)) for channel in inbound.channels()]
    else:
        sections = [(channel, inbound.failed(channel)) for channel in inbound.channels()]
    return render(request, "console/failed.html", {"section": "failed", "tab": tab, "sections": sections})


@require_POST
@agent_required
def retry(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    _overseer(request)
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

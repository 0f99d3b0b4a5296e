"""The system status page for administrators: each part of the desk, its last sign of life, and what to do
when it is red. The checks are hotro.ops's (the same as ``manage.py doctor`` without the slow network ones)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from hotro.console.access import agent_required, sees_system_status, signed_in_agent
from hotro.ops.checks import run_all


@never_cache
@require_GET
@agent_required
def status_page(request: HttpRequest) -> HttpResponse:
    if not sees_system_status(signed_in_agent(request)):
        raise Http404("Not an administrator")  # an agent of one department has no business here
    results = run_all(deep=False)
    failing = [result for result in results if not result.ok]
    return render(request, "console/status.html", {"section": "status", "results": results, "failing": failing})

"""The operator's endpoints: liveness, readiness and metrics. Unauthenticated (metrics: token or address)."""

from __future__ import annotations

import time

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST

from hotro.ops import health
from hotro.ops.metrics import exposition

_started = time.time()


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """The process answers: nothing else is looked at (a database outage must not get every process restarted)."""
    return JsonResponse({"status": "ok", "uptime_seconds": round(time.time() - _started, 1)})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    ready, probes = health.readiness()
    response = JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": probes}, status=200 if ready else 503
    )
    # Django logs every 5xx as an error; readiness logs its own changes (hotro.ops.health) instead.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    if not exposition.enabled():
        raise Http404("Metrics are not enabled")
    if not exposition.may_read(request):
        return HttpResponse("Forbidden\n", status=403, content_type="text/plain")
    return HttpResponse(exposition.render(), content_type=CONTENT_TYPE_LATEST)

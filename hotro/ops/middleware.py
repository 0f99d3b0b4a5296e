"""One middleware for every request: its id, its metrics and its log line.

It stands first in ``MIDDLEWARE`` so the time measured covers the whole stack (sessions,
authentication) and the answers other middleware give on their own (a CSRF 403, a redirect)
are counted and logged too. The health endpoints are answered here, before the rest of the
stack: a load balancer probing by IP address must not meet the ``ALLOWED_HOSTS`` check or a
session lookup, and probes, polling every few seconds, would drown the metrics and the logs.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

from hotro.ops import views
from hotro.ops.logs import accept_request_id, request_id
from hotro.ops.metrics.instruments import NO_VIEW, observe

logger = logging.getLogger("hotro.request")

QUIET_VIEWS = frozenset({"ops:healthz", "ops:readyz", "ops:metrics"})
PROBES: dict[str, Callable[[HttpRequest], HttpResponseBase]] = {"/healthz": views.healthz, "/readyz": views.readyz}


class RequestMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        probe = PROBES.get(request.path_info)
        if probe is not None:
            return probe(request)
        rid = accept_request_id(request.headers.get("X-Request-ID")) or uuid.uuid4().hex
        token = request_id.set(rid)
        request.META["HOTRO_REQUEST_ID"] = rid
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            seconds = time.perf_counter() - started
            response.headers["X-Request-ID"] = rid
            match = getattr(request, "resolver_match", None)
            view = match.view_name if match is not None and match.view_name else NO_VIEW
            # Guest links and password resets carry their key in the path: log the route instead.
            path = f"/{match.route}" if match is not None and "token" in match.kwargs else request.path
            if view not in QUIET_VIEWS:
                observe(view, request.method or "", response.status_code, seconds)
                logger.info(
                    "%s %s %s %.1f ms",
                    request.method,
                    path,
                    response.status_code,
                    seconds * 1000,
                    extra={
                        "method": request.method,
                        "path": path,
                        "view": view,
                        "status": response.status_code,
                        "duration_ms": round(seconds * 1000, 1),
                        "user_id": getattr(getattr(request, "user", None), "pk", None),
                    },
                )
            return response
        finally:
            request_id.reset(token)

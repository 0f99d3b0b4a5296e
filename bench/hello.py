"""The baseline: a bare Django "hello" view behind Hotro's full middleware stack, with no database access.

Served exactly like Hotro (same ASGI server, same workers, same settings but for the
URLconf, see ``bench.hello_settings``), its request rate is the ceiling this stack
reaches on this machine; every Hotro page is reported as a fraction of it.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("hello", content_type="text/plain")


urlpatterns = [path("hello/", hello)]

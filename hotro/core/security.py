"""Security headers Django 5.2 does not set itself: a Content-Security-Policy on every HTML page.

The desk serves no inline script (every script is a file under /static/), so the policy
(``HOTRO_CONTENT_SECURITY_POLICY``) limits scripts to its own origin; styles may also be
inline (the chat widget styles its own shadow root). Frames are refused as X-Frame-Options
does, and forms post only to the desk.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = settings.HOTRO_CONTENT_SECURITY_POLICY

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.policy and response.get("Content-Type", "").startswith("text/html"):
            response.headers.setdefault("Content-Security-Policy", self.policy)
        return response

"""Staff sessions end after ``HOTRO_STAFF_IDLE_MINUTES`` without a request (the security review's finding 7).

A staff console left open on an unattended desk is a way into every customer's tickets. Each staff
request stamps the session (at most once a minute, to spare session writes); a request that comes
after a longer silence signs the session out and is sent to sign in again, with a message saying
why. Customers' sessions are left alone. 0 turns the timeout off.

Live-chat sockets are not requests: an open chat socket does not keep the session alive, and one
already open is not closed by the timeout (its next page load is).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.translation import gettext as _

from hotro.accounts.models import SignInEventKind
from hotro.accounts.signin_audit import LOGOUT_REASON_ATTRIBUTE
from hotro.accounts.staff import is_staff_account

SESSION_KEY = "hotro_last_seen"
STAMP_EVERY_SECONDS = 60


def idle_limit_seconds() -> int:
    return max(0, int(settings.HOTRO_STAFF_IDLE_MINUTES)) * 60


class StaffIdleTimeoutMiddleware:
    """After the session, auth and messages middleware: it reads the user and may leave a message."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        limit = idle_limit_seconds()
        if limit and is_staff_account(getattr(request, "user", None)):
            now = int(time.time())
            last = request.session.get(SESSION_KEY)
            if isinstance(last, int) and now - last > limit:
                return self._expire(request)
            if not isinstance(last, int) or now - last >= STAMP_EVERY_SECONDS:
                request.session[SESSION_KEY] = now
        return self.get_response(request)

    def _expire(self, request: HttpRequest) -> HttpResponseBase:
        setattr(request, LOGOUT_REASON_ATTRIBUTE, SignInEventKind.IDLE_EXPIRED)
        logout(request)
        minutes = idle_limit_seconds() // 60
        messages.info(
            request,
            _("You were signed out after %(minutes)d minutes without activity. Please sign in again.")
            % {"minutes": minutes},
        )
        response: HttpResponseBase = redirect_to_login(request.get_full_path())
        if request.headers.get("HX-Request"):
            # htmx would swap the sign-in page into a fragment: ask it to load the page instead.
            htmx = HttpResponse(status=204)
            htmx["HX-Redirect"] = response["Location"]
            response = htmx
        return response

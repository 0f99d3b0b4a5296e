"""Sign-in lockout (django-axes): who is counted, and what a locked-out visitor is told.

Ten wrong passwords for one account, or from one address, within the cool-off window
lock that account (or address) out of every sign-in form, the admin's included, until the
window has passed since the last failure; the right password is refused meanwhile.
Attempts live in the database, so every server process sees the same count.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from hotro.accounts.forms import SignInForm
from hotro.accounts.models import normalise_email


def username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The account an attempt was for, as sign-in matches it (addresses are case-insensitive)."""
    raw = (credentials or {}).get("username") or request.POST.get("username", "")
    return normalise_email(str(raw))


def locked_out(
    request: HttpRequest, credentials: dict[str, Any] | None = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """The sign-in page again, saying why and for how long; no session is started."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    form = SignInForm(request, initial={"username": username(request, credentials)})
    message = _(
        "Too many failed sign-ins for this account or from your network. For your safety, signing in is "
        "blocked for %(minutes)d minutes; try again later or reset your password."
    ) % {"minutes": minutes}
    return render(request, "accounts/login.html", {"form": form, "next": "", "locked_out": message}, status=429)

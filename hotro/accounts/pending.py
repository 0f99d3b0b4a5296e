"""A sign-in halfway done: the right password was given, the second factor not yet.

Nothing is signed in until the code step succeeds: the session only remembers who is signing in,
with which backend, where to go next, and the password's session hash (so a password changed
meanwhile voids it). It lasts ``PENDING_SECONDS``; the code step then starts over at the password.
Test clients' ``force_login`` and ``login`` never pass through here: they sign in directly, as before.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib.auth import login
from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.crypto import constant_time_compare

from hotro.accounts.models import User

SESSION_KEY = "hotro_signin_pending"
PENDING_SECONDS = 10 * 60


def landing_url(user: object) -> str:
    """Where a sign-in without ``next`` lands: agents in the console, everyone else in the portal."""
    if getattr(user, "is_agent", False):
        return reverse("console:home")
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def begin(request: HttpRequest, user: User, next_url: str) -> None:
    """Remember who gave the right password; a fresh session key, so a planted cookie learns nothing."""
    request.session.cycle_key()
    request.session[SESSION_KEY] = {
        "user": user.pk,
        "backend": getattr(user, "backend", ""),
        "next": next_url,
        "at": int(time.time()),
        "hash": user.get_session_auth_hash(),
    }


def _state(request: HttpRequest) -> dict[str, Any] | None:
    state = request.session.get(SESSION_KEY)
    if not isinstance(state, dict) or int(time.time()) - int(state.get("at", 0)) > PENDING_SECONDS:
        return None
    return state


def pending_user(request: HttpRequest) -> User | None:
    """The account halfway through signing in on this session, or None (none, expired, or changed since)."""
    state = _state(request)
    if state is None:
        return None
    user_id = state.get("user")
    if not isinstance(user_id, int):
        return None
    user = User.objects.select_related("agent").filter(pk=user_id, is_active=True).first()
    if user is None or not constant_time_compare(user.get_session_auth_hash(), str(state.get("hash", ""))):
        return None
    return user


def finish(request: HttpRequest, user: User) -> str:
    """The second factor is done: sign in for real (Django's ``login``, which the audit and axes hear)."""
    state = _state(request) or {}
    request.session.pop(SESSION_KEY, None)
    login(request, user, backend=state.get("backend") or None)
    return str(state.get("next") or "") or landing_url(user)


def abandon(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)

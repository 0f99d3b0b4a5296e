"""The account in front of a view, typed: ``request.user`` is a ``User`` or an ``AnonymousUser``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from hotro.accounts.models import User


def signed_in_user(request: HttpRequest) -> User:
    """The account behind a ``login_required`` view, which has already sent anonymous visitors to sign in.

    Called from a view without that decorator, an anonymous visitor is refused (403).
    """
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied("Not signed in")
    return user

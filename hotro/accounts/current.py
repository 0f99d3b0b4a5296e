"""The account in front of a view, typed: ``request.user`` is a ``User`` or an ``AnonymousUser``.

Also the agents' door every staff page uses (console, call log, admin-only lists): anonymous
visitors are sent to sign in; a signed-in customer gets a 404, the same answer as for a page
that does not exist, so staff pages do not advertise themselves to customers.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponseBase

from hotro.accounts.models import User
from hotro.desk.services import is_agent


def signed_in_user(request: HttpRequest) -> User:
    """The account behind a ``login_required`` view, which has already sent anonymous visitors to sign in.

    Called from a view without that decorator, an anonymous visitor is refused (403).
    """
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied("Not signed in")
    return user


View = Callable[..., HttpResponseBase]


def agent_required(view: View) -> View:
    """Wrap a staff view: sign-in redirect for anonymous users, 404 for non-agents."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_agent(request.user):
            raise Http404("Not an agent")
        return view(request, *args, **kwargs)

    return wrapper


def signed_in_agent(request: HttpRequest) -> User:
    """The agent behind a view wrapped in ``agent_required``, typed as the ``User`` it is.

    The wrapper has already turned everyone else away; a view called without it answers
    a non-agent as the wrapper does, with a 404.
    """
    user = request.user
    if not isinstance(user, User) or not is_agent(user):
        raise Http404("Not an agent")
    return user

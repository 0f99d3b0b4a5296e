"""The console's door: only signed-in agents get through.

Anonymous visitors are sent to sign in; a signed-in customer gets a 404, the
same answer as for a ticket that does not exist, so the console does not
advertise itself to customers.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponseBase
from django_htmx.middleware import HtmxDetails

from hotro.accounts.models import User
from hotro.desk.services import is_agent

View = Callable[..., HttpResponseBase]


class HtmxRequest(HttpRequest):
    """A request as ``HtmxMiddleware`` leaves it, for views that read ``request.htmx``."""

    htmx: HtmxDetails


def agent_required(view: View) -> View:
    """Wrap a console view: sign-in redirect for anonymous users, 404 for non-agents."""

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

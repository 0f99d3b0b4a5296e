"""Staff pages of the API: an agent's own tokens (create, revoke) and the browsable API docs.

The tokens page sits in the console's frame and menu, but lives here: the console channel and
the API channel do not import each other.
"""

from __future__ import annotations

from datetime import datetime, time
from functools import partial

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from ninja.openapi.views import openapi_view

from hotro.accounts.current import agent_required, signed_in_agent
from hotro.accounts.models import User
from hotro.api import tokens
from hotro.api.api import api
from hotro.api.forms import TokenForm
from hotro.api.models import ApiToken, TokenKind
from hotro.desk.models import Department
from hotro.desk.services import agent_can_work_in

# Swagger UI for signed-in agents; customers get a 404 and visitors the sign-in page.
docs = never_cache(require_GET(agent_required(partial(openapi_view, api=api))))


@never_cache
@agent_required
def token_list(request: HttpRequest) -> HttpResponse:
    """The agent's tokens, and the form for a new one; the new secret is shown once, on this answer only."""
    user = signed_in_agent(request)
    may_integrate = user.agent.is_admin
    departments = _departments_for(user)
    form = TokenForm(request.POST or None, may_integrate=may_integrate, departments=departments)
    secret = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        expires = data.get("expires_at")
        try:
            created = tokens.create_token(
                name=data["name"],
                user=user,
                scopes=data["scopes"],
                kind=data.get("kind") or TokenKind.PERSONAL,
                departments=list(data.get("departments") or []),
                all_departments=bool(data.get("all_departments")),
                expires_at=timezone.make_aware(datetime.combine(expires, time(23, 59, 59))) if expires else None,
                created_by=user,
            )
        except tokens.TokenError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            secret = created.secret
            form = TokenForm(may_integrate=may_integrate, departments=departments)
    return render(
        request,
        "api/tokens.html",
        {"section": "api_tokens", "tokens": tokens.tokens_of(user), "form": form, "secret": secret},
    )


def _departments_for(user: User) -> list[Department]:
    """An administrator binds an integration to any active department (they work in all)."""
    return [d for d in Department.objects.filter(active=True) if agent_can_work_in(user, d)]


@require_POST
@agent_required
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_agent(request)
    token = get_object_or_404(ApiToken, pk=pk)
    try:
        tokens.revoke(token, user)
    except tokens.TokenError:
        raise Http404("Not your token") from None
    messages.success(request, _("The token %(name)s no longer works.") % {"name": token.name})
    return redirect("api_tokens:list")

"""The customer reveals a secret an agent sent them (hotro.vault), from the ticket page or a guest link.

POST only, with the secret's id in the body; the answer shows the value once and is never cached
(``Cache-Control: no-store``); the vault audits each reveal. A customer's own secrets, internal notes'
secrets and other tickets' are a 404: customers never read back what they sent.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from hotro.portal.access import PortalTicket, ticket_for_request, ticket_for_token
from hotro.portal.ticket_views import offers_fresh_link
from hotro.vault import services as vault


def _reveal(request: HttpRequest, item: PortalTicket) -> HttpResponse:
    raw = request.POST.get("secret", "")
    if not raw.isdigit() or len(raw) > 12:
        return render(
            request,
            "vault/portal_refused.html",
            {"error": _("Choose a secret to reveal."), "back_url": item.url()},
            status=400,
        )
    try:
        value = vault.reveal_to_customer(item.ticket, item.contact, int(raw))
    except vault.VaultError as error:
        if error.code == "not_found":
            raise Http404("No such secret") from None
        messages.error(request, str(error.message))
        return redirect(item.url())
    context = {"ticket": item.ticket, "value": value, "back_url": item.url()}
    response = render(request, "vault/portal_revealed.html", context)
    response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
    response["Pragma"] = "no-cache"
    return response


@never_cache
@login_required
@require_POST
def ticket_secret(request: HttpRequest, number: str) -> HttpResponse:
    return _reveal(request, ticket_for_request(request, number))


@never_cache
@require_POST
@offers_fresh_link
def guest_ticket_secret(request: HttpRequest, token: str) -> HttpResponse:
    return _reveal(request, ticket_for_token(token))

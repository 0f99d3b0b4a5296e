"""The ticket page's vault actions: reveal a secret, move a secret spotted in a message into the vault.

Both are POST. A reveal answers with the value once, in a page that no cache or browser history keeps
(``Cache-Control: no-store``); the vault writes the audit event the ticket's history shows. An agent of
another department is refused with a 403, a customer (not an agent) gets the console's 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from hotro.console.access import agent_required, signed_in_agent
from hotro.desk.services import access_ticket_as_agent
from hotro.vault import services as vault

_STATUS = {"not_found": 404, "forbidden": 403, "destroyed": 410}


@never_cache
@agent_required
@require_POST
def reveal(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    try:
        ticket, value = vault.reveal_to_agent(signed_in_agent(request), number, pk)
    except vault.VaultError as error:
        if error.code == "not_found":
            raise Http404("No such secret") from None
        status = _STATUS.get(error.code, 503)  # no key, or a key that no longer opens it: the operator's to fix
        context = {"error": error.message, "number": number, "back_url": reverse("console:ticket", args=[number])}
        return render(request, "vault/refused.html", context, status=status)
    response = render(request, "vault/revealed.html", {"ticket": ticket, "value": value, "secret_pk": pk})
    response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
    response["Pragma"] = "no-cache"
    return response


@agent_required
@require_POST
def move(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    """Move what was spotted in message ``pk`` into the vault; the message is redacted everywhere."""
    agent = signed_in_agent(request)
    ticket = access_ticket_as_agent(agent, number)
    try:
        moved = vault.move_to_vault(ticket, pk, agent)
    except vault.VaultError as error:
        if error.code == "not_found":
            raise Http404("Nothing to move") from None
        messages.error(request, str(error.message))
        return redirect("console:ticket", number=ticket.number)
    text = ngettext(
        "%(count)s secret moved to the vault; the message is redacted.",
        "%(count)s secrets moved to the vault; the message is redacted.",
        len(moved),
    )
    messages.success(request, text % {"count": len(moved)})
    return redirect(reverse("console:ticket", args=[ticket.number]) + "#vault")

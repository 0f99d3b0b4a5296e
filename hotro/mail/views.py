"""Agents download the original of an inbound email (the full text, headers, every attachment),
and accept an email held because its sender failed authentication."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from hotro.accounts.current import signed_in_user
from hotro.accounts.models import User
from hotro.desk.services import agent_department_ids, is_agent
from hotro.mail.intake.held import HeldMailError, accept_held
from hotro.mail.intake.plan import HELD, parse
from hotro.mail.models import InboundMail


def can_read_raw(user: User, mail: InboundMail) -> bool:
    """Agents of the ticket's department; mail that made no ticket (failed, ignored): administrators only."""
    if user.is_superuser:
        return True
    if not is_agent(user):
        return False
    allowed = agent_department_ids(user)
    if allowed is None:
        return True
    department_id = mail.ticket.department_id if mail.ticket is not None else None
    return department_id is not None and department_id in allowed


@require_GET
@login_required
def raw_message(request: HttpRequest, pk: int) -> HttpResponse:
    mail = InboundMail.objects.select_related("ticket").filter(pk=pk).first()
    if mail is None or not can_read_raw(signed_in_user(request), mail):
        raise Http404("No such message")
    response = HttpResponse(mail.raw_bytes, content_type="message/rfc822")
    response["Content-Disposition"] = f'attachment; filename="inbound-{mail.pk}.eml"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_http_methods(["GET", "POST"])
@login_required
def held_message(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the held email and its authentication results; POST: accept it as the customer's reply."""
    user = signed_in_user(request)
    mail = InboundMail.objects.select_related("ticket").filter(pk=pk, ticket__isnull=False).first()
    if mail is None or not is_agent(user) or not can_read_raw(user, mail):
        raise Http404("No such message")
    assert mail.ticket is not None
    if request.method == "POST":
        try:
            accept_held(mail.pk, user)
        except HeldMailError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The email was added as the customer's reply."))
        return redirect("console:ticket", mail.ticket.number)
    parsed = parse(mail.raw_bytes)
    context = {"mail": mail, "parsed": parsed, "ticket": mail.ticket, "waiting": mail.outcome == HELD}
    return render(request, "mail/held.html", context)

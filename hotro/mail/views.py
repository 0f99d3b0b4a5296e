"""Agents download the original of an inbound email (the full text, headers, every attachment)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from hotro.accounts.current import signed_in_user
from hotro.accounts.models import User
from hotro.desk.services import agent_department_ids, is_agent
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

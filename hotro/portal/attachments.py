"""Serving attachments, only to people who may see the ticket.

Files are always sent as downloads (``application/octet-stream``, ``nosniff``,
a sandboxing CSP) so an uploaded HTML or SVG file can never run as a page of
the site. Anyone not allowed gets the same 404 as for a missing file.
"""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET

from hotro.accounts.models import Contact, User
from hotro.desk.models import Attachment
from hotro.desk.services import access_ticket_by_token
from hotro.desk.services.access import agent_can_work_in, contact_can_see, is_agent
from hotro.portal.access import visible_to_user


def may_download(request: HttpRequest, attachment: Attachment) -> bool:
    user = request.user
    ticket = attachment.ticket
    if is_agent(user) and agent_can_work_in(user, ticket.department):  # type: ignore[arg-type]
        return True
    if attachment.message.internal:
        return False  # internal notes never reach a customer, whatever link they hold
    token = request.GET.get("t", "")
    if token:
        try:
            token_ticket, _contact = access_ticket_by_token(token)
        except Http404:
            return False
        return token_ticket.pk == ticket.pk
    if isinstance(user, User) and user.is_authenticated:
        contact = Contact.objects.filter(user=user).first()
        return contact is not None and contact_can_see(contact, ticket) and visible_to_user(user, ticket)
    return False


@require_GET
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    item = Attachment.objects.select_related("ticket__department", "message").filter(pk=pk).first()
    if item is None or not may_download(request, item):
        raise Http404("No such file")
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("No such file") from None
    response = FileResponse(handle, as_attachment=True, filename=item.filename, content_type="application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response

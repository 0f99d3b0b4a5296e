"""Agents' downloads of a ticket's files, internal notes' included, in the departments they work in."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET

from hotro.console.access import agent_required, signed_in_agent
from hotro.core.downloads import download
from hotro.desk.models import Attachment
from hotro.desk.services import may_download


@require_GET
@agent_required
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    item = Attachment.objects.select_related("ticket__department", "message").filter(pk=pk).first()
    if item is None or not may_download(signed_in_agent(request), item):
        raise Http404("No such file")
    return download(item.file, item.filename)

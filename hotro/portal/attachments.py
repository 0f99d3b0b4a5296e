"""Serving attachments, only to people who may see the ticket.

Files are always sent as downloads (``application/octet-stream``, ``nosniff``,
a sandboxing CSP) so an uploaded HTML or SVG file can never run as a page of
the site. Anyone not allowed gets the same 404 as for a missing file.
"""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET

from hotro.desk.models import Attachment
from hotro.desk.services import may_download


@require_GET
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    item = Attachment.objects.select_related("ticket__department", "message").filter(pk=pk).first()
    if item is None or not may_download(request.user, item, request.GET.get("t", "")):
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

"""Customers' downloads of a ticket's files (signed in, or through a guest link's ``?t=``).

Who may download is decided by ``may_download`` (``hotro.desk.services``); anyone not
allowed gets the same 404 as for a missing file. Files go out as safe downloads
(``hotro.core.downloads``).
"""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET

from hotro.core.downloads import download
from hotro.desk.models import Attachment
from hotro.desk.services import may_download


@require_GET
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    item = Attachment.objects.select_related("ticket__department", "message").filter(pk=pk).first()
    if item is None or not may_download(request.user, item, request.GET.get("t", "")):
        raise Http404("No such file")
    return download(item.file, item.filename)

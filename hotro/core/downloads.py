"""Serving a stored file as a download that can never run as a page of the site.

Always ``application/octet-stream`` with ``nosniff`` and a sandboxing CSP, so an uploaded
HTML or SVG file is saved, not shown; never cached by a shared proxy.
"""

from __future__ import annotations

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404


def download(file: FieldFile, filename: str) -> FileResponse:
    """The file as an attachment; a file missing from storage is a 404 like a file never uploaded."""
    try:
        handle = file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("No such file") from None
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type="application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response

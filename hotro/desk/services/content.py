"""Validation and cleaning of what people write and attach, before anything is saved."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import PurePath
from typing import Protocol

import nh3
from django.conf import settings
from django.db.models import Sum
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from hotro.accounts.models import Contact
from hotro.core.text import html_to_text
from hotro.desk.errors import DeskError
from hotro.desk.models import Attachment


class UploadLike(Protocol):
    """What the desk reads of a file: Django's uploads, and the channels' own files (mail attachments)."""

    @property
    def name(self) -> str | None: ...

    @property
    def size(self) -> int | None: ...

    @property
    def content_type(self) -> str: ...

    def read(self, n: int = -1) -> bytes: ...


@dataclass(frozen=True)
class CleanBody:
    text: str
    html: str


def clean_body(text: str, body_html: str = "") -> CleanBody:
    """Reject empty or oversized messages; sanitise HTML (scripts, handlers and styles go)."""
    safe_html = nh3.clean(body_html, link_rel="noopener noreferrer nofollow") if body_html else ""
    text = (text or "").replace("\r\n", "\n").strip()
    if not text and safe_html:
        text = html_to_text(safe_html)
    if not text:
        raise DeskError(_("The message is empty."), field="body", code="empty")
    if len(text) > settings.HOTRO_MESSAGE_MAX_CHARS:
        raise DeskError(
            _("The message is too long (at most %(limit)s characters).") % {"limit": settings.HOTRO_MESSAGE_MAX_CHARS},
            field="body",
            code="too_long",
        )
    return CleanBody(text=text, html=safe_html)


def file_types(name: str) -> set[str]:
    """Every extension of ``name`` as Windows reads it, lower case, without the dot.

    Windows drops trailing dots and spaces, so ``evil.exe.`` and ``evil.exe `` open as
    ``evil.exe``; a stray space or invisible character between the parts is dropped too, and
    what follows a colon (an NTFS stream, ``evil.exe::$DATA``) is read as one more part.
    """
    name = unicodedata.normalize("NFKC", name).replace(":", ".")
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip(" .").casefold()
    return {part.strip() for part in name.split(".")[1:] if part.strip()}


def check_upload_quota(contact: Contact, files: Sequence[UploadLike]) -> None:
    """Refuse files that would take ``contact`` past their upload allowance of the last 24 hours."""
    incoming = sum(upload.size or 0 for upload in files)
    if not incoming:
        return
    limit = settings.HOTRO_ATTACHMENT_DAILY_BYTES_PER_CUSTOMER
    since = timezone.now() - timedelta(days=1)
    used = (
        Attachment.objects.filter(message__author_contact=contact, created_at__gte=since).aggregate(total=Sum("size"))[
            "total"
        ]
        or 0
    )
    if used + incoming > limit:
        raise DeskError(
            _(
                "These files would take you past your upload allowance of %(limit)s a day; "
                "attach fewer or smaller files, or try again tomorrow."
            )
            % {"limit": filesizeformat(limit)},
            field="attachments",
            code="quota",
        )


def check_attachments(files: Sequence[UploadLike], *, uploader: Contact | None = None) -> None:
    """Apply the size, count and type limits from settings to every file, before saving any.

    With ``uploader`` (a customer sending files through the portal), also their daily allowance.
    """
    if len(files) > settings.HOTRO_ATTACHMENT_MAX_COUNT:
        raise DeskError(
            _("Too many attachments (at most %(limit)s).") % {"limit": settings.HOTRO_ATTACHMENT_MAX_COUNT},
            field="attachments",
            code="too_many",
        )
    forbidden = {ext.lower().strip(" .") for ext in settings.HOTRO_ATTACHMENT_FORBIDDEN_EXTENSIONS}
    for upload in files:
        name = PurePath(upload.name or "").name
        if not name:
            raise DeskError(_("An attachment has no file name."), field="attachments", code="no_name")
        if file_types(name) & forbidden:
            raise DeskError(
                _("Files of this type cannot be attached: %(name)s") % {"name": name},
                field="attachments",
                code="forbidden_type",
            )
        if (upload.size or 0) > settings.HOTRO_ATTACHMENT_MAX_BYTES:
            raise DeskError(
                _("%(name)s is too large (at most %(limit)s).")
                % {"name": name, "limit": filesizeformat(settings.HOTRO_ATTACHMENT_MAX_BYTES)},
                field="attachments",
                code="too_large",
            )
    if uploader is not None:
        check_upload_quota(uploader, files)

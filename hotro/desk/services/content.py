"""Validation and cleaning of what people write and attach, before anything is saved."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Protocol

import nh3
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from hotro.core.text import html_to_text
from hotro.desk.errors import DeskError


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


def check_attachments(files: Sequence[UploadLike]) -> None:
    """Apply the size, count and type limits from settings to every file, before saving any."""
    if len(files) > settings.HOTRO_ATTACHMENT_MAX_COUNT:
        raise DeskError(
            _("Too many attachments (at most %(limit)s).") % {"limit": settings.HOTRO_ATTACHMENT_MAX_COUNT},
            field="attachments",
            code="too_many",
        )
    forbidden = {ext.lower().lstrip(".") for ext in settings.HOTRO_ATTACHMENT_FORBIDDEN_EXTENSIONS}
    for upload in files:
        name = PurePath(upload.name or "").name
        if not name:
            raise DeskError(_("An attachment has no file name."), field="attachments", code="no_name")
        suffixes = {s.lower().lstrip(".") for s in PurePath(name).suffixes}
        if suffixes & forbidden:
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

"""Raw RFC 5322 bytes to a ``ParsedMail``: pure, no database, never raises.

The mail ingest step stores the raw bytes first and then calls
``parse_message``; whatever the bytes are, it gets a result back, with the
trouble it met listed in ``defects``, so nothing received is lost to a
traceback (DESIGN: "Nothing received is lost").
"""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.message import Message
from email.parser import BytesParser
from email.utils import collapse_rfc2231_value

from django.utils.translation import gettext

from hotro.core.text import html_to_text

from .charsets import collapse_whitespace, decode_bytes, decode_header_text
from .classify import auto_reply_reason, bounce_info, no_auto_reply_reason
from .headers import POLICY, addresses, decoded, message_ids, parse_date, raw, raw_all, rejected_addresses
from .html import sanitize_html
from .reply import DEFAULT_LANGUAGES, extract_reply, extract_reply_html

WITHHELD_TOO_LARGE = "too_large"
WITHHELD_TOO_MANY = "too_many"

_ENVELOPE_HEADERS = ("Delivered-To", "X-Original-To", "Envelope-To")
_MAX_DEPTH = 30  # nesting deeper than this is an attack, not a mail
_EXTENSIONS = {
    "message/rfc822": ".eml",
    "text/plain": ".txt",
    "text/html": ".html",
    "text/calendar": ".ics",
    "application/pgp-signature": ".asc",
    "application/ms-tnef": ".dat",
    "message/delivery-status": ".txt",
    "text/rfc822-headers": ".txt",
    "message/rfc822-headers": ".txt",
    "application/octet-stream": ".bin",
    "image/jpeg": ".jpg",
}


@dataclass(frozen=True)
class ParsedAttachment:
    """One attachment; ``content`` is None when it was withheld (``withheld_reason`` says why)."""

    filename: str
    content_type: str
    size: int
    content: bytes | None
    content_id: str | None = None
    inline: bool = False
    withheld_reason: str | None = None

    @property
    def withheld_message(self) -> str:
        """The reason in words for agents (translated); "" when the attachment was kept."""
        if self.withheld_reason == WITHHELD_TOO_LARGE:
            return gettext("Not kept: the file is larger than the attachment size limit.")
        if self.withheld_reason == WITHHELD_TOO_MANY:
            return gettext("Not kept: the message has more attachments than the limit.")
        return ""


@dataclass(frozen=True)
class ParsedMail:
    """Everything the ingest step needs from one inbound message."""

    message_id: str | None = None
    in_reply_to: str | None = None
    references: list[str] = field(default_factory=list)
    from_email: str | None = None
    from_name: str | None = None
    to: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    reply_to: str | None = None
    # Which header gave ``from_email``: "From", or "Sender"/"Reply-To" when the mail had no From.
    sender_header: str | None = None
    # A From that names no valid address (``<power quadrant system@example.com>``), as written:
    # ``from_email`` is then None, never a guess at part of it.
    invalid_sender: str | None = None
    # Delivered-To, X-Original-To, Envelope-To: where the MTA delivered it (a plus address, an alias).
    envelope_to: list[str] = field(default_factory=list)
    # Every Authentication-Results header as written, topmost first; trusted or not is intake's call.
    authentication_results: list[str] = field(default_factory=list)
    subject: str = ""
    date: datetime | None = None
    body_text: str = ""
    body_html: str = ""
    reply_text: str = ""
    attachments: list[ParsedAttachment] = field(default_factory=list)
    is_auto_reply: bool = False
    auto_reply_reason: str | None = None
    # A human mail we must not answer automatically (lists, bulk, X-Auto-Response-Suppress).
    no_auto_reply_reason: str | None = None
    is_bounce: bool = False
    original_message_id: str | None = None
    failed_recipients: list[str] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)
    unparseable: bool = False

    def as_check_dict(self) -> dict:
        """The fields the ``mail_ingest`` checking interface reports."""
        return {
            "message_id": self.message_id,
            "from_email": self.from_email,
            "from_name": self.from_name,
            "subject": self.subject,
            "body_text": self.body_text,
            "reply_text": self.reply_text,
            "attachments": [attachment.filename for attachment in self.attachments],
        }


def parse_message(
    raw_bytes: bytes,
    *,
    max_attachment_bytes: int,
    max_attachments: int,
    languages: tuple[str, ...] = DEFAULT_LANGUAGES,
) -> ParsedMail:
    """Parse one raw message. Never raises; problems are listed in ``defects``."""
    if not isinstance(raw_bytes, bytes | bytearray) or not bytes(raw_bytes).strip():
        return ParsedMail(unparseable=True, defects=["empty message"])
    raw_bytes = bytes(raw_bytes)
    defects: list[str] = []
    raw_bytes, rejoined = rejoin_broken_folds(raw_bytes)
    if rejoined:
        defects.append(f"{rejoined} header line(s) without leading whitespace read as continuations")
    try:
        msg = BytesParser(policy=POLICY).parsebytes(raw_bytes)
    except Exception as exc:  # the parser is tolerant; this is belt and braces
        defects.append(f"parser failed: {type(exc).__name__}")
        text = decode_bytes(raw_bytes).text
        return ParsedMail(body_text=text, reply_text=extract_reply(text, languages), defects=defects)
    fields = _header_fields(msg, defects)
    body = _Body(max_attachment_bytes=max_attachment_bytes, max_attachments=max_attachments, defects=defects)
    try:
        body.visit(msg, depth=0)
    except Exception as exc:  # keep whatever was gathered so far
        defects.append(f"body walk stopped: {type(exc).__name__}: {exc}")
    fields.update(body.result(languages))
    fields.update(_classification(msg, defects))
    defects.extend(_email_defects(msg))
    return ParsedMail(**fields, defects=defects)


_HEADER_END = re.compile(rb"\r?\n\r?\n")
# A header field's start as real mail writes it: a name, a colon (RFC 5322 allows more, nobody uses it).
_FIELD_START = re.compile(rb"[A-Za-z0-9][A-Za-z0-9_.-]*[ \t]*:")


def rejoin_broken_folds(raw_bytes: bytes) -> tuple[bytes, int]:
    """Header lines that lost their folding whitespace, indented again; and how many there were.

    A continuation line without its leading space (a broken ``X-…-Tracker`` header of a
    real Outlook mail) makes the parser end the header block there, and From, Subject and
    everything after it fall into the body. A line of the header block that is no field,
    with real fields after it, is such a continuation. A stray line after the last field is
    left alone: that is a body without the blank line before it, which the parser handles.
    """
    end = _HEADER_END.search(raw_bytes)
    head = raw_bytes[: end.start() + 1] if end else raw_bytes
    lines = head.splitlines(keepends=True)
    fields = [i for i, line in enumerate(lines) if _FIELD_START.match(line)]
    if not fields:
        return raw_bytes, 0
    last = fields[-1]
    broken = [i for i in range(1, last) if lines[i][:1] not in (b" ", b"\t") and not _FIELD_START.match(lines[i])]
    if not broken:
        return raw_bytes, 0
    for i in broken:
        lines[i] = b" " + lines[i]
    return b"".join(lines) + raw_bytes[len(head) :], len(broken)


def _sender(msg: Message, defects: list[str]) -> tuple[list[tuple[str, str]], str | None, str | None]:
    """(addresses, the header they came from, a From that names no valid address as written).

    A mail without From is answered at its Reply-To, as other desks do (and the ticket says so);
    a From that names an address we cannot read is never replaced by a guess.
    """
    for header in ("From", "Sender"):
        found = addresses(msg, header)
        if found:
            return found, header, None
    written = decoded(msg, "From")
    if rejected_addresses(raw(msg, "From")):
        defects.append("invalid From address")
        return [], None, written
    reply_to = addresses(msg, "Reply-To")
    if reply_to:
        defects.append("no usable From address; sender taken from Reply-To")
        return reply_to, "Reply-To", None
    defects.append("no usable From address")
    return [], None, None


def _header_fields(msg: Message, defects: list[str]) -> dict:
    try:
        sender, sender_header, invalid_sender = _sender(msg, defects)
        reply_to = addresses(msg, "Reply-To")
        date_raw = raw(msg, "Date")
        date = parse_date(date_raw)
        if date_raw and date is None:
            defects.append("unreadable Date header")
        ids = message_ids(raw(msg, "Message-ID"))
        return {
            "message_id": ids[0] if ids else None,
            "in_reply_to": next(iter(message_ids(raw(msg, "In-Reply-To"))), None),
            "references": message_ids(" ".join(raw_all(msg, "References"))),
            "from_email": sender[0][1] if sender else None,
            "from_name": (sender[0][0] or None) if sender else None,
            "to": [address for _, address in addresses(msg, "To")],
            "cc": [address for _, address in addresses(msg, "Cc")],
            "reply_to": reply_to[0][1] if reply_to else None,
            "sender_header": sender_header,
            "invalid_sender": invalid_sender,
            "envelope_to": [a for header in _ENVELOPE_HEADERS for _, a in addresses(msg, header)],
            "authentication_results": raw_all(msg, "Authentication-Results"),
            "subject": decoded(msg, "Subject"),
            "date": date,
        }
    except Exception as exc:
        defects.append(f"headers unreadable: {type(exc).__name__}")
        return {}


def _classification(msg: Message, defects: list[str]) -> dict:
    try:
        bounce = bounce_info(msg)
        reason = auto_reply_reason(msg)
        quiet = no_auto_reply_reason(msg)
    except Exception as exc:
        defects.append(f"classification failed: {type(exc).__name__}")
        return {}
    return {
        "is_auto_reply": reason is not None,
        "auto_reply_reason": reason,
        "no_auto_reply_reason": quiet,
        "is_bounce": bounce.is_bounce,
        "original_message_id": bounce.original_message_id,
        "failed_recipients": bounce.failed_recipients,
    }


def _email_defects(msg: Message) -> list[str]:
    found: list[str] = []
    try:
        for part in msg.walk():
            for defect in getattr(part, "defects", []):
                name = type(defect).__name__
                if name not in found:
                    found.append(name)
    except Exception:  # noqa: S110 - defects are a courtesy
        pass
    return found


class _Body:
    """Walks the MIME tree, gathering text, HTML and attachments in reading order."""

    def __init__(self, *, max_attachment_bytes: int, max_attachments: int, defects: list[str]) -> None:
        self.max_bytes = max_attachment_bytes
        self.max_count = max_attachments
        self.defects = defects
        self.texts: list[str] = []
        self.htmls: list[str] = []
        self.forwarded: list[str] = []
        self.attachments: list[ParsedAttachment] = []

    def visit(self, part: Message, *, depth: int) -> None:
        if depth > _MAX_DEPTH:
            self.defects.append("MIME nesting too deep; inner parts skipped")
            return
        kind = _content_type(part)
        payload = _payload(part)
        if kind == "message/rfc822":
            self._attached_message(part, payload, depth)
            return
        if part.is_multipart() and isinstance(payload, list):
            for child in payload:
                if isinstance(child, Message):
                    self.visit(child, depth=depth + 1)
            return
        disposition = (_safe_str(lambda: part.get_content_disposition()) or "").lower()
        filename = _filename(part)
        is_body_candidate = disposition != "attachment" and not filename
        if kind.startswith("multipart/"):
            kind = "text/plain"  # a multipart without a usable boundary: read its bytes as text
        if is_body_candidate and kind in {"text/plain", "text/html"}:
            text = self._decode_text(part, kind)
            (self.texts if kind == "text/plain" else self.htmls).append(text)
            return
        self._attachment(part, kind, filename, disposition)

    def _decode_text(self, part: Message, kind: str) -> str:
        data = _content_bytes(part)
        charset = _param(part, "charset")
        result = decode_bytes(data, charset)
        if result.guessed:
            self.defects.append(f"{kind} declared charset {charset or 'none'!r}; read as {result.charset}")
        return result.text.replace("\r\n", "\n").replace("\r", "\n")

    def _attached_message(self, part: Message, payload: object, depth: int) -> None:
        inner = payload[0] if isinstance(payload, list) and payload else None
        if not isinstance(inner, Message):
            self._attachment(part, "message/rfc822", _filename(part), "attachment")
            return
        subject = decoded(inner, "Subject")
        sender = decoded(inner, "From")
        nested = _Body(max_attachment_bytes=self.max_bytes, max_attachments=self.max_count, defects=[])
        try:
            nested.visit(inner, depth=depth + 1)
        except Exception as exc:
            self.defects.append(f"attached message unreadable: {type(exc).__name__}")
        text = nested.main_text()
        header = "\n".join(
            line
            for line in (
                "---------- " + gettext("Attached message") + " ----------",
                f"From: {sender}" if sender else "",
                f"Date: {decoded(inner, 'Date')}" if raw(inner, "Date") else "",
                f"Subject: {subject}" if subject else "",
            )
            if line
        )
        self.forwarded.append(f"{header}\n\n{text}".strip())
        name = _filename(part) or _described_name(part, kind="message/rfc822") or _safe_name(subject, ".eml")
        self._attachment(part, "message/rfc822", name, "attachment")

    def _attachment(self, part: Message, kind: str, filename: str, disposition: str) -> None:
        index = len(self.attachments) + 1
        data = _content_bytes(part)
        name = filename or _described_name(part, kind) or f"part-{index}{_extension(kind)}"
        content_id = (_safe_str(lambda: raw(part, "Content-ID")) or "").strip().strip("<>") or None
        inline = disposition == "inline" or (disposition != "attachment" and content_id is not None)
        reason = None
        if index > self.max_count:
            reason = WITHHELD_TOO_MANY
        elif len(data) > self.max_bytes:
            reason = WITHHELD_TOO_LARGE
        self.attachments.append(
            ParsedAttachment(
                filename=name,
                content_type=kind,
                size=len(data),
                content=None if reason else data,
                content_id=content_id,
                inline=inline,
                withheld_reason=reason,
            )
        )

    def main_text(self) -> str:
        if any(text.strip() for text in self.texts):
            return "\n\n".join(text.strip("\n") for text in self.texts if text.strip())
        return "\n\n".join(html_to_text(html) for html in self.htmls if html.strip())

    def result(self, languages: tuple[str, ...]) -> dict:
        main = self.main_text()
        has_plain = any(text.strip() for text in self.texts)
        if has_plain or not self.htmls:
            reply = extract_reply(main, languages)
        else:
            reply = extract_reply_html("\n".join(self.htmls), languages)
        body = "\n\n".join(piece for piece in [main, *self.forwarded] if piece)
        return {
            "body_text": body,
            "body_html": sanitize_html("\n".join(self.htmls)) if self.htmls else "",
            "reply_text": reply,
            "attachments": self.attachments,
        }


# -- small, defensive accessors ------------------------------------------------


def _content_type(part: Message) -> str:
    kind = _safe_str(lambda: part.get_content_type()) or "text/plain"
    return kind.lower()


def _payload(part: Message) -> object:
    try:
        return part.get_payload()
    except Exception:
        return None


def _content_bytes(part: Message) -> bytes:
    """Decoded bytes of a leaf part; message/* parts are serialised back to bytes."""
    try:
        payload = part.get_payload()
        if isinstance(payload, list):
            return b"".join(_as_bytes(item) for item in payload if isinstance(item, Message))
        data = part.get_payload(decode=True)
        if isinstance(data, bytes):
            return data
    except Exception:  # noqa: S110 - fall through to the raw text
        pass
    payload = _payload(part)
    if isinstance(payload, str):
        return payload.encode("utf-8", "surrogateescape")
    return b""


# Headers written back as they came, never refolded: folding a MIME parameter whose name is longer
# than a line loops forever in the standard library (Python 3.11's ``_fold_mime_parameters``), and an
# attached message is better kept as written anyway. Text output refolds every header holding raw
# 8-bit bytes whatever ``refold_source`` says, so its fallback folds the old way (compat32, which
# has no such loop), without a line length.
_AS_WRITTEN = policy.default.clone(linesep="\n", refold_source="none")
_AS_TEXT = policy.compat32.clone(linesep="\n", max_line_length=None)


def _as_bytes(msg: Message) -> bytes:
    try:
        return msg.as_bytes(policy=_AS_WRITTEN)
    except Exception:
        try:
            return msg.as_string(policy=_AS_TEXT).encode("utf-8", "surrogateescape")
        except Exception:
            return b""


def _param(part: Message, name: str, header: str = "content-type") -> str | None:
    try:
        value = part.get_param(name, header=header)
    except Exception:
        return None
    if isinstance(value, tuple):
        try:
            value = collapse_rfc2231_value(value, errors="replace", fallback_charset="utf-8")
        except Exception:
            value = str(value[-1])
    return value if isinstance(value, str) else None


def _filename(part: Message) -> str:
    """The declared file name, decoded (RFC 2231 or 2047, raw 8-bit) and stripped of any path."""
    value = _param(part, "filename", "content-disposition") or _param(part, "name")
    if not value:
        return ""
    return _safe_name(decode_header_text(value), "")


def _described_name(part: Message, kind: str) -> str:
    """A part without a file name named by its Content-Description ("Undelivered Message.eml")."""
    description = _safe_str(lambda: decoded(part, "Content-Description")) or ""
    return _safe_name(description[:150], _extension(kind)) if description.strip() else ""


def _safe_name(name: str, default_extension: str) -> str:
    name = collapse_whitespace(name)
    name = re.split(r"[\\/]", name)[-1]
    name = re.sub(r"[\x00-\x1f\x7f<>:\"|?*]", "_", name).strip(" .")
    if not name:
        return ""
    if default_extension and not name.lower().endswith(default_extension):
        name = name[:150] + default_extension
    return name[:200]


def _extension(kind: str) -> str:
    return _EXTENSIONS.get(kind) or mimetypes.guess_extension(kind, strict=False) or ".bin"


def _safe_str(func: Callable[[], object]) -> str | None:
    try:
        value = func()
    except Exception:
        return None
    return value if isinstance(value, str) else None


__all__ = [
    "WITHHELD_TOO_LARGE",
    "WITHHELD_TOO_MANY",
    "ParsedAttachment",
    "ParsedMail",
    "parse_message",
]

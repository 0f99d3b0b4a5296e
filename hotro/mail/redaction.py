"""A redacted ticket message's stored originals: the raw email loses its body.

When the desk redacts a message (``hotro.desk.events.message_redacted``: a secret moved to the vault),
the inbound email it came from is still stored whole (``InboundMail.raw``), and agents can download it
(``mail:raw_message``). The secret may sit in any part of it, in any transfer encoding (base64,
quoted-printable, an HTML part, an attached file), so searching the bytes cannot prove it gone. The stored
original therefore keeps its headers and loses its body; an ``X-Hotro-Redacted`` header says why. The
ticket keeps the message's redacted text and its attachments (stored apart), and the de-duplication
hash is kept, so the same mail delivered again is still recognised and not turned into a new reply.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.db.models import Q

from hotro.desk.models import Message, Ticket
from hotro.mail.models import InboundMail

REDACTED_HEADER = b"X-Hotro-Redacted: body removed, a secret in it was moved to the credential vault"
NOTE = (
    b"The body of this email was removed from the desk's copy because it held a secret\r\n"
    b"(a password, a key or a token), now kept in the credential vault of its ticket.\r\n"
)
# MIME headers that described the body removed; the rest (From, Subject, Received, ...) stays.
_BODY_HEADERS = re.compile(rb"^(content-[a-z-]+|mime-version)\s*:", re.IGNORECASE)
_HEADERS_END = re.compile(rb"\r?\n\r?\n")


def without_body(raw: bytes, texts: Sequence[str]) -> bytes:
    """``raw``'s headers (the texts replaced in them too), a note of what happened, and a plain-text body."""
    end = _HEADERS_END.search(raw)
    head = raw[: end.start()] if end else raw
    kept: list[bytes] = []
    skipping = False
    for line in head.splitlines():
        if line[:1] in (b" ", b"\t"):  # a folded header's continuation goes with its header
            if not skipping:
                kept.append(line)
            continue
        skipping = bool(_BODY_HEADERS.match(line))
        if not skipping:
            kept.append(line)
    headers = b"\r\n".join(kept)
    for text in texts:
        headers = headers.replace(text.encode("utf-8"), b"[...]")
    extra = [REDACTED_HEADER, b"MIME-Version: 1.0", b"Content-Type: text/plain; charset=us-ascii"]
    return b"\r\n".join([headers, *extra]) + b"\r\n\r\n" + NOTE


def on_message_redacted(sender: Any, *, ticket: Ticket, message: Message, texts: Sequence[str], **kwargs: Any) -> None:
    """Strip the body of every stored copy of the email ``message`` came from (duplicates included)."""
    copies = Q(ticket_message=message)
    if message.email_message_id:
        copies |= Q(ticket=ticket, message_id=message.email_message_id.strip().strip("<>")) | Q(
            ticket=ticket, message_id=message.email_message_id
        )
    for mail in InboundMail.objects.filter(copies):
        stripped = without_body(mail.raw_bytes, texts)
        InboundMail.objects.filter(pk=mail.pk).update(raw=stripped, size=len(stripped))


def connect() -> None:
    """Called from ``MailConfig.ready``; the dispatch uid keeps a second call harmless."""
    from hotro.desk import events

    events.message_redacted.connect(on_message_redacted, dispatch_uid="hotro.mail.message_redacted")

"""Helpers for the intake tests: raw messages built like real clients build them, and the pipe command."""

from __future__ import annotations

import io
import json
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from django.core.management import call_command
from django.utils import timezone


def raw_mail(
    *,
    sender: str = "Khách Hàng <khach@example.net>",
    to: str = "support@cloudmini.example",
    subject: str = "VPS không khởi động được",
    body: str = "Máy chủ VPS của tôi không khởi động được từ sáng nay.\n",
    message_id: str | None = None,
    in_reply_to: str | None = None,
    references: str | None = None,
    headers: dict[str, str] | None = None,
    attachments: list[tuple[str, bytes, str]] = (),  # type: ignore[assignment]
) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = format_datetime(timezone.now())
    msg["Message-ID"] = message_id or make_msgid(domain="example.net")
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
    if references:
        msg["References"] = references
    for name, value in (headers or {}).items():
        msg[name] = value
    msg.set_content(body)
    for filename, content, kind in attachments:
        maintype, subtype = kind.split("/", 1)
        msg.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
    return msg.as_bytes()


def ingest(tmp_path: Path, *messages: bytes, args: tuple[str, ...] = ()) -> list[dict]:
    """Run ``mail_ingest`` over the messages (written to files) and return its JSON lines."""
    paths = []
    for index, raw in enumerate(messages):
        path = tmp_path / f"mail-{index}-{len(list(tmp_path.iterdir()))}.eml"
        path.write_bytes(raw)
        paths.append(str(path))
    return run_command(*args, *paths)


def run_command(*args: str) -> list[dict]:
    out = io.StringIO()
    call_command("mail_ingest", *args, stdout=out)
    return [json.loads(line) for line in out.getvalue().split("\n") if line.strip()]

"""The ``mail_ingest`` report: one JSON-ready dict per message, the same shape whatever happened."""

from __future__ import annotations

import json
from typing import Any

from hotro.mail.inbound import ParsedMail
from hotro.mail.intake.plan import DUPLICATE, FAILED, Plan
from hotro.mail.intake.process import Result


def empty_fields() -> dict[str, Any]:
    return {
        "message_id": None,
        "from_email": None,
        "from_name": None,
        "subject": "",
        "body_text": "",
        "reply_text": "",
        "attachments": [],
    }


def line(file: str, status: str, ticket: str | None, parsed: ParsedMail | None, reason: str | None) -> dict[str, Any]:
    """``{"file", "status", "ticket", <parsed fields>, "reason"}``; parsed fields filled when parsed."""
    return {
        "file": file,
        "status": status,
        "ticket": ticket,
        **(parsed.as_check_dict() if parsed is not None else empty_fields()),
        "reason": reason or None,
    }


def from_result(file: str, result: Result, parsed: ParsedMail, *, created: bool) -> dict[str, Any]:
    mail = result.mail
    if not created:  # the same bytes were stored before
        status, reason = DUPLICATE, "the same message was received before"
    else:
        status, reason = mail.outcome or FAILED, mail.reason
    ticket = mail.ticket.number if mail.ticket is not None else None
    return line(file, status, ticket, parsed, reason)


def from_plan(file: str, decided: Plan, parsed: ParsedMail) -> dict[str, Any]:
    ticket = decided.ticket.number if decided.ticket is not None else None
    return line(file, decided.status, ticket, parsed, decided.reason)


# Characters JSON leaves raw that line-splitting readers (Python's splitlines, JavaScript) treat as newlines.
_LINE_BREAKS = {0x85: "\\u0085", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def to_json_line(report: dict[str, Any]) -> str:
    """One line of JSON, readable (Vietnamese stays as typed) and safe for any line-based reader."""
    text = json.dumps(report, ensure_ascii=False).translate(_LINE_BREAKS)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: only the escaped form is valid UTF-8
        return json.dumps(report)
    return text

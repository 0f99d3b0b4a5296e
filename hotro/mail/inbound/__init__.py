"""Inbound email, the parsing half: raw bytes in, a ``ParsedMail`` out, no database.

``mail.ingest`` (a later step) stores the raw message, calls ``parse_message``
and hands the result to the desk services.
"""

from .parse import WITHHELD_TOO_LARGE, WITHHELD_TOO_MANY, ParsedAttachment, ParsedMail, parse_message
from .reply import extract_reply, extract_reply_html

__all__ = [
    "WITHHELD_TOO_LARGE",
    "WITHHELD_TOO_MANY",
    "ParsedAttachment",
    "ParsedMail",
    "extract_reply",
    "extract_reply_html",
    "parse_message",
]

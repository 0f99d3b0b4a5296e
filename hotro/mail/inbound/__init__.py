"""Inbound email, the parsing half: raw bytes in, a ``ParsedMail`` out, no database.

``hotro.mail.intake`` stores the raw message first (``store``), then calls
``parse_message`` and hands the result to the desk services (``process``).
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

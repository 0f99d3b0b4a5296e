"""Reading headers without trusting them.

The modern ``email`` policy parses a header when it is read, and its parsers
raise on some malformed values. We read the raw values (``raw_items``) and decode
them ourselves, so a broken ``From`` or ``Date`` becomes a defect, not a crash.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime

from .charsets import collapse_whitespace, decode_header_text

_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*")
_MSG_ID = re.compile(r"<([^<>\s]+)>")


def raw_all(msg: Message, name: str) -> list[str]:
    """Every raw value of header ``name`` (case-insensitive), as stored by the parser."""
    wanted = name.lower()
    values: list[str] = []
    try:
        items = msg.raw_items()
    except Exception:
        return values
    for key, value in items:
        if isinstance(key, str) and key.lower() == wanted:
            values.append(value if isinstance(value, str) else str(value))
    return values


def raw(msg: Message, name: str) -> str | None:
    """The first raw value of header ``name``, or None when absent."""
    values = raw_all(msg, name)
    return values[0] if values else None


def decoded(msg: Message, name: str) -> str:
    """The first value of ``name`` decoded (RFC 2047, raw 8-bit) on one line; "" when absent."""
    return collapse_whitespace(decode_header_text(raw(msg, name)))


def addresses(msg: Message, name: str) -> list[tuple[str, str]]:
    """(display name, lower-cased address) pairs of every ``name`` header, invalid ones skipped."""
    result: list[tuple[str, str]] = []
    for value in raw_all(msg, name):
        result.extend(parse_addresses(value))
    return result


def parse_addresses(value: str) -> list[tuple[str, str]]:
    """Addresses in one raw header value; falls back to a pattern search when the grammar fails."""
    unfolded = re.sub(r"\r?\n[ \t]*", " ", value)
    pairs: list[tuple[str, str]] = []
    try:
        parsed = getaddresses([unfolded])
    except Exception:  # the stdlib address parser has raised on junk before
        parsed = []
    for display, address in parsed:
        address = decode_header_text(address).strip().strip("<>").lower()
        if "@" not in address or not _ADDRESS.fullmatch(address):
            continue
        pairs.append((collapse_whitespace(decode_header_text(display)).strip("\"' "), address))
    if not pairs:
        text = decode_header_text(unfolded)
        for address in _ADDRESS.findall(text):
            pairs.append(("", address.lower()))
    return pairs


def message_ids(value: str | None) -> list[str]:
    """Message-IDs in a header value, in order, each as ``<id>``; a bare id without brackets is kept."""
    if not value:
        return []
    found = [f"<{m}>" for m in _MSG_ID.findall(value)]
    if found:
        return found
    bare = value.strip().split()
    return [f"<{bare[0]}>"] if bare and "@" in bare[0] else []


def parse_date(value: str | None) -> datetime | None:
    """An aware datetime; a date without zone (or ``-0000``) is taken as UTC; junk gives None."""
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(collapse_whitespace(value))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed

"""Reading headers without trusting them.

The modern ``email`` policy parses a header when it is read, and its parsers
raise on some malformed values. We read the raw values (``raw_items``) and decode
them ourselves, so a broken ``From`` or ``Date`` becomes a defect, not a crash.

What we do read through the policy (Content-Type, Content-Disposition,
Content-Transfer-Encoding, via ``get_content_type``, ``get_param`` and
``get_payload(decode=True)``) is parsed once per distinct value: see ``POLICY``.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.message import Message
from email.policy import EmailPolicy
from email.utils import getaddresses, parsedate_to_datetime
from functools import lru_cache
from typing import Any

from .charsets import collapse_whitespace, decode_header_text

_LINESEP = re.compile(r"\n|\r")


class _ParseOncePolicy(EmailPolicy):
    """``email.policy.default``, except that a header value is parsed once, not at every read.

    The default policy builds a new header object from the raw value each time a
    header is read, and the accessors of ``Message`` read Content-Type several
    times per part (type, parameters, charset, multipart check); that parsing
    was most of the cost of ``parse_message``. Header objects are immutable, so
    the same (name, value) can share one; the values repeat across messages too
    (``text/plain; charset="utf-8"``), hence a process-wide LRU, bounded.
    """

    def header_fetch_parse(self, name: str, value: Any) -> Any:
        if hasattr(value, "name"):
            return value
        return _header_object(self.header_factory, name, value)


@lru_cache(maxsize=2048)
def _header_object(factory: Any, name: str, value: str) -> Any:
    # What EmailPolicy.header_fetch_parse does, once per distinct value.
    unfolded = "".join(_LINESEP.split(value))
    # The standard library's header parsers raise on some hostile values, and a raise while the
    # parser reads Content-Type ends the whole message's parse: From and Subject are lost with it
    # (found by fuzz/mail_parser.py --strict). A NUL in an RFC 2231 charset (``name*=utf\x00''x``)
    # raises ValueError, a header ending in ``name*`` IndexError. So, plainer readings in turn:
    # without NUL (it means nothing in a header), then without the parameters.
    for reading in (unfolded, unfolded.replace("\x00", ""), unfolded.partition(";")[0]):
        try:
            return factory(name, reading)
        except Exception:  # noqa: S112 - the next, plainer reading
            continue
    return factory(name, "")


POLICY = _ParseOncePolicy()

_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*")
_MSG_ID = re.compile(r"<([^<>\s]+)>")


def raw_all(msg: Message, name: str) -> list[str]:
    """Every raw value of header ``name`` (case-insensitive), as stored by the parser."""
    return list(_raw_index(msg).get(name.lower(), ()))


_INDEX_ATTRIBUTE = "_hotro_raw_headers"


def _raw_index(msg: Message) -> dict[str, list[str]]:
    """The message's raw header values by lower-cased name, built at the first read.

    A message is asked for some twenty headers (sender, threading, the classifiers'
    markers), each of which used to be a scan of every header. Parsed messages are
    only read, never changed, so the index is kept on the message object.
    """
    index = msg.__dict__.get(_INDEX_ATTRIBUTE)
    if index is not None:
        return index
    index = {}
    try:
        for key, value in msg.raw_items():
            if isinstance(key, str):
                index.setdefault(key.lower(), []).append(value if isinstance(value, str) else str(value))
    except Exception:  # noqa: S110 - an unreadable header list reads as no headers
        pass
    msg.__dict__[_INDEX_ATTRIBUTE] = index
    return index


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
    """Addresses in one raw header value; falls back to a pattern search when the grammar fails.

    The pattern search never picks a piece of an address the grammar did find but refused:
    ``<power quadrant system@example.com>`` is no address, and ``system@example.com`` is
    someone else's (see ``rejected_addresses``).
    """
    unfolded = re.sub(r"\r?\n[ \t]*", " ", value)
    pairs: list[tuple[str, str]] = []
    refused: list[str] = []
    for display, address in _grammar(unfolded):
        address = decode_header_text(address).strip().strip("<>").lower()
        if "@" not in address or not _ADDRESS.fullmatch(address):
            if "@" in address:
                refused.append(address)
            continue
        pairs.append((collapse_whitespace(decode_header_text(display)).strip("\"' "), address))
    if not pairs:
        text = decode_header_text(unfolded)
        refused += [group.strip().lower() for group in _BRACKETED.findall(text) if "@" in group]
        for found in _ADDRESS.finditer(text):
            address = found.group().lower()
            if any(address in bad for bad in refused):
                continue  # a tail of a refused address: a guess at someone else's mailbox
            pairs.append(("", address))
    return pairs


def rejected_addresses(value: str | None) -> list[str]:
    """What a header value offers as an address but is none (``power quadrant system@example.com``), as written."""
    if not value or parse_addresses(value):
        return []
    unfolded = decode_header_text(re.sub(r"\r?\n[ \t]*", " ", value))
    found = [group.strip() for group in _BRACKETED.findall(unfolded) if "@" in group]
    found += [address.strip() for _display, address in _grammar(unfolded) if "@" in address]
    return list(dict.fromkeys(found))


_BRACKETED = re.compile(r"<([^<>]*)>")


def _grammar(unfolded: str) -> list[tuple[str, str]]:
    try:
        return getaddresses([unfolded])
    except Exception:  # the stdlib address parser has raised on junk before
        return []


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

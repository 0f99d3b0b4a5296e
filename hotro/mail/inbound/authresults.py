"""Whether a message's sender authenticated, as our own mail server recorded it (RFC 8601).

Anyone can write an ``Authentication-Results`` header into a mail; only the one our MTA adds
(named by its ``authserv-id``, after stripping any it received) says something. ``verdict``
reads the topmost header from a trusted authserv-id and answers "fail", "pass" or None (no
trusted header: nothing is known, and intake behaves as before).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

PASS = "pass"  # noqa: S105 - an authentication result, not a password
FAIL = "fail"

_COMMENT = re.compile(r"\([^()]*\)")
_RESULT = re.compile(r"^\s*([a-z0-9_-]+)(?:/\d+)?\s*=\s*([a-z]+)", re.IGNORECASE)


def results(header: str) -> tuple[str, dict[str, list[str]]]:
    """``(authserv-id, {method: [result, …]})`` of one header value; methods and results lower-cased."""
    text = header
    for _ in range(5):  # nested comments, at most this deep
        text = _COMMENT.sub(" ", text)
    head, _sep, rest = text.partition(";")
    words = head.split()
    authserv_id = words[0].lower() if words else ""
    found: dict[str, list[str]] = {}
    for clause in rest.split(";"):
        match = _RESULT.match(clause)
        if match:
            found.setdefault(match.group(1).lower(), []).append(match.group(2).lower())
    return authserv_id, found


def verdict(headers: Iterable[str], trusted_ids: Iterable[str]) -> str | None:
    """ "fail" when DMARC failed, or SPF failed with no DKIM pass and no DMARC pass; "pass"
    otherwise; None when no header comes from a trusted authserv-id."""
    trusted = {value.strip().lower() for value in trusted_ids if value.strip()}
    if not trusted:
        return None
    for header in headers:
        authserv_id, found = results(header)
        if authserv_id not in trusted:
            continue
        dmarc, spf, dkim = found.get("dmarc", []), found.get("spf", []), found.get("dkim", [])
        if PASS in dmarc:
            return PASS
        if FAIL in dmarc:
            return FAIL
        if FAIL in spf and PASS not in dkim:
            return FAIL
        return PASS
    return None

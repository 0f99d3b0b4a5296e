"""The webhook signature: HMAC-SHA256 over ``timestamp + "." + body``, sent as ``X-Hotro-Signature: t=…,v1=…``.

The timestamp is inside the signed text so a receiver can refuse replays of an old request
(we advise five minutes); ``v1`` names the scheme so a later one can be added beside it.
"""

from __future__ import annotations

import hashlib
import hmac

HEADER = "X-Hotro-Signature"


def signature(secret: str, timestamp: int, body: bytes) -> str:
    signed = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def header_value(secret: str, timestamp: int, body: bytes) -> str:
    return f"t={timestamp},v1={signature(secret, timestamp, body)}"


def verify(secret: str, header: str, body: bytes, *, now: int, tolerance: int = 300) -> bool:
    """What a receiver does (and what the tests do): parse, check the age, compare in constant time."""
    parts = dict(item.split("=", 1) for item in header.split(",") if "=" in item)
    try:
        timestamp = int(parts.get("t", ""))
    except ValueError:
        return False
    if abs(now - timestamp) > tolerance:
        return False
    return hmac.compare_digest(signature(secret, timestamp, body), parts.get("v1", ""))

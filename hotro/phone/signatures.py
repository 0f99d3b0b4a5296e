"""Webhook signatures of the SMS gateways, as each publishes its algorithm."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable


def twilio_signature(url: str, params: Iterable[tuple[str, str]], auth_token: str) -> str:
    """Twilio's ``X-Twilio-Signature``: base64 HMAC-SHA1, keyed with the auth token, of the full
    URL followed by every POST parameter's name and value, sorted by name."""
    payload = url + "".join(f"{name}{value}" for name, value in sorted(params, key=lambda item: item[0]))
    digest = hmac.new(auth_token.encode(), payload.encode("utf-8"), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


def generic_signature(body: bytes, secret: str) -> str:
    """Hex HMAC-SHA256 of the raw body (``X-Hotro-Signature``)."""
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def matches(expected: str, given: str) -> bool:
    return bool(given) and hmac.compare_digest(expected.encode(), given.strip().encode())

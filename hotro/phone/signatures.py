"""Webhook signatures of the SMS gateways and the PBX, as each publishes its algorithm.

Our own scheme (``X-Hotro-Signature``) signs ``timestamp + "." + body`` with the time in
``X-Hotro-Timestamp`` (Unix seconds): a request older or newer than the window, or one whose
signature was seen before, is a replay. The body-only signature (no timestamp), the shape local
gateways are documented to send, is accepted while ``HOTRO_WEBHOOK_LEGACY_SIGNATURES`` is on (the
default): replaying one stores nothing, because the message or event id it carries is
de-duplicated, and it is not refused as "seen" so that a gateway's retry of a request that failed
half-way still gets through.
Twilio's signature has no time in it; its ``MessageSid`` de-duplication makes a replay harmless.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.cache import cache

SIGNATURE_HEADER = "X-Hotro-Signature"
TIMESTAMP_HEADER = "X-Hotro-Timestamp"


def twilio_signature(url: str, params: Iterable[tuple[str, str]], auth_token: str) -> str:
    """Twilio's ``X-Twilio-Signature``: base64 HMAC-SHA1, keyed with the auth token, of the full
    URL followed by every POST parameter's name and value, sorted by name."""
    payload = url + "".join(f"{name}{value}" for name, value in sorted(params, key=lambda item: item[0]))
    digest = hmac.new(auth_token.encode(), payload.encode("utf-8"), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


def generic_signature(body: bytes, secret: str, timestamp: str | None = None) -> str:
    """Hex HMAC-SHA256 of ``timestamp + "." + body``; of the body alone when ``timestamp`` is None (legacy)."""
    payload = body if timestamp is None else timestamp.encode("ascii") + b"." + body
    return hmac.new(secret.encode(), payload, hashlib.sha256).hexdigest()


def signed_headers(body: bytes, secret: str, *, now: float | None = None) -> dict[str, str]:
    """The two headers a request we send (or a test) carries."""
    timestamp = str(int(time.time() if now is None else now))
    return {TIMESTAMP_HEADER: timestamp, SIGNATURE_HEADER: generic_signature(body, secret, timestamp)}


def generic_signed(body: bytes, headers: Mapping[str, str], secret: str, *, scope: str) -> bool:
    """True for a fresh, correctly signed request seen for the first time (``scope``: which webhook).

    ``headers`` is ``request.headers``. The signature is remembered for the window (in the cache,
    shared by every process when it is Redis), so the same request sent again is refused.
    """
    given, timestamp = headers.get(SIGNATURE_HEADER, ""), headers.get(TIMESTAMP_HEADER, "").strip()
    if not secret or not given:
        return False
    if not timestamp:
        return bool(settings.HOTRO_WEBHOOK_LEGACY_SIGNATURES) and matches(generic_signature(body, secret), given)
    if not timestamp.isascii() or not timestamp.isdigit() or not fresh(int(timestamp)):
        return False
    if not matches(generic_signature(body, secret, timestamp), given):
        return False
    return first_use(scope, given.strip().lower())


def fresh(timestamp: int, *, now: float | None = None) -> bool:
    """Within ``HOTRO_WEBHOOK_MAX_AGE_SECONDS`` of now, either way (clocks drift)."""
    current = time.time() if now is None else now
    return abs(current - timestamp) <= settings.HOTRO_WEBHOOK_MAX_AGE_SECONDS


def first_use(scope: str, value: str) -> bool:
    """Remember ``value`` for the window; False when it was seen already (``cache.add`` is atomic)."""
    key = "webhook-seen:" + scope + ":" + hashlib.sha256(value.encode()).hexdigest()
    # Twice the window: a value stays refused as long as its timestamp could still pass as fresh.
    return cache.add(key, 1, timeout=2 * settings.HOTRO_WEBHOOK_MAX_AGE_SECONDS)


def matches(expected: str, given: str) -> bool:
    return bool(given) and hmac.compare_digest(expected.encode(), given.strip().encode())

"""SMS gateways as outbox senders: a Twilio-compatible REST API and a generic signed JSON API.

Both render with the text sender (``sms/<kind>.txt``) and tell an outage (no answer,
a 5xx, a 429) from a refusal (another 4xx), so the outbox waits
out the first and counts the second.
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from django.conf import settings

from hotro.core.models import OutboundMessage
from hotro.core.outbound.senders import TextSender
from hotro.phone.signatures import signed_headers


class GatewayError(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(f"HTTP {status}: {detail[:300]}")
        self.status = status


def _post(request: urllib.request.Request) -> dict[str, Any]:
    try:
        with urllib.request.urlopen(request, timeout=settings.HOTRO_SMS_TIMEOUT) as response:  # noqa: S310 - our configured gateway
            return dict(json.loads(response.read() or b"{}"))
    except urllib.error.HTTPError as error:
        raise GatewayError(error.code, error.read().decode("utf-8", "replace")) from None


class GatewaySender(TextSender):
    def send(self, message: OutboundMessage, session: Any) -> str:
        return self.post(message)

    def post(self, message: OutboundMessage) -> str:
        raise NotImplementedError

    def is_transient(self, error: Exception) -> bool:
        if isinstance(error, GatewayError):
            return error.status >= 500 or error.status == 429
        return isinstance(error, OSError)


class TwilioSender(GatewaySender):
    """Twilio's Messages API (or a compatible one at ``HOTRO_TWILIO_API_BASE``), with status callbacks."""

    def post(self, message: OutboundMessage) -> str:
        account = settings.HOTRO_TWILIO_ACCOUNT_SID
        url = f"{settings.HOTRO_TWILIO_API_BASE.rstrip('/')}/2010-04-01/Accounts/{account}/Messages.json"
        form = {
            "To": message.to,
            "From": settings.HOTRO_SMS_FROM,
            "Body": message.body_text,
            "StatusCallback": absolute_public("/hooks/sms/twilio/status/"),
        }
        credentials = base64.b64encode(f"{account}:{settings.HOTRO_TWILIO_AUTH_TOKEN}".encode()).decode()
        request = urllib.request.Request(  # noqa: S310 - our configured gateway
            url,
            data=urllib.parse.urlencode(form).encode(),
            headers={"Authorization": f"Basic {credentials}", "Content-Type": "application/x-www-form-urlencoded"},
            method="POST",
        )
        return str(_post(request).get("sid", ""))


class GenericJsonSender(GatewaySender):
    """A local gateway's JSON API: ``{"to", "from", "text"}`` signed like its webhooks."""

    def post(self, message: OutboundMessage) -> str:
        body = json.dumps(
            {"to": message.to, "from": settings.HOTRO_SMS_FROM, "text": message.body_text, "reference": message.pk}
        ).encode()
        request = urllib.request.Request(  # noqa: S310 - our configured gateway
            settings.HOTRO_SMS_GENERIC_URL,
            data=body,
            headers={"Content-Type": "application/json", **signed_headers(body, settings.HOTRO_SMS_HMAC_SECRET)},
            method="POST",
        )
        return str(_post(request).get("id", ""))


def absolute_public(path: str) -> str:
    """The address gateways call us back at (``HOTRO_PUBLIC_URL``; links for people use ``SITE_URL``)."""
    return settings.HOTRO_PUBLIC_URL.rstrip("/") + path


__all__ = ["GenericJsonSender", "TwilioSender", "absolute_public"]

"""Gateways post here: inbound SMS and delivery reports, each checked against its signature first.

A forged, unsigned, stale or replayed request gets 403 and stores nothing (``signatures``);
a signed one that lacks what an SMS needs gets 400. A valid SMS is stored (de-duplicated by the gateway's id) and
processed at once; its failure is the failed list's business, so the gateway still gets
its 2xx and does not deliver it again.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from hotro.core.models import OutboundMessage
from hotro.phone.call_events import EVENTS, PostedEvent, process_event, store_event
from hotro.phone.gateways import absolute_public
from hotro.phone.ingest import Received, process_sms, store_sms
from hotro.phone.signatures import generic_signed, matches, twilio_signature

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'
TWILIO_STATUSES = {"queued", "sending", "sent", "delivered", "undelivered", "failed", "read"}


def _twilio_signed(request: HttpRequest) -> bool:
    token = settings.HOTRO_TWILIO_AUTH_TOKEN
    if not token:
        return False  # nothing can be verified: refuse everything rather than trust anyone
    params = [(name, value) for name in request.POST for value in request.POST.getlist(name)]
    expected = twilio_signature(absolute_public(request.path), params, token)
    return matches(expected, request.headers.get("X-Twilio-Signature", ""))


def _accept(received: Received) -> None:
    sms, created = store_sms(received)
    if created:
        process_sms(sms.pk)


@csrf_exempt
@require_POST
def twilio_inbound(request: HttpRequest) -> HttpResponse:
    raw = request.body  # read before the form, which would consume the stream
    if not _twilio_signed(request):
        return HttpResponseForbidden("Bad signature")
    sid, sender, body = request.POST.get("MessageSid", ""), request.POST.get("From", ""), request.POST.get("Body")
    if not sid or not sender or body is None:
        return HttpResponseBadRequest("MessageSid, From and Body are required")
    _accept(Received("twilio", sid, sender, request.POST.get("To", ""), body, raw))
    return HttpResponse(EMPTY_TWIML, content_type="text/xml")


@csrf_exempt
@require_POST
def twilio_status(request: HttpRequest) -> HttpResponse:
    """A delivery report for an SMS we sent: queued, sent, delivered, undelivered, failed."""
    if not _twilio_signed(request):
        return HttpResponseForbidden("Bad signature")
    sid, status = request.POST.get("MessageSid", ""), request.POST.get("MessageStatus", "")
    if not sid or status not in TWILIO_STATUSES:
        return HttpResponseBadRequest("MessageSid and a known MessageStatus are required")
    record_delivery(sid, status)
    return HttpResponse(status=204)


def record_delivery(provider_id: str, status: str) -> int:
    return OutboundMessage.objects.filter(channel="sms", provider_id=provider_id).update(
        delivery_status=status, delivery_updated_at=timezone.now()
    )


def _generic_payload(request: HttpRequest) -> dict[str, Any] | None:
    if not generic_signed(request.body, request.headers, settings.HOTRO_SMS_HMAC_SECRET, scope="sms"):
        return None
    try:
        payload = json.loads(request.body)
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: "[[[[…" nested too deep
        return {}
    return payload if isinstance(payload, dict) else {}


@csrf_exempt
@require_POST
def call_event(request: HttpRequest) -> HttpResponse:
    """A PBX's call event: ``{"id", "event": ringing|answered|ended, "caller", "callee", "duration", "answered"}``."""
    if not generic_signed(request.body, request.headers, settings.HOTRO_CALL_HMAC_SECRET, scope="calls"):
        return HttpResponseForbidden("Bad signature")
    try:
        payload = json.loads(request.body)
        duration = int(payload.get("duration") or 0)
    # RecursionError: "[[[[…" nested too deep; OverflowError: a duration of 1e999 (JSON's Infinity).
    except (ValueError, TypeError, AttributeError, UnicodeDecodeError, RecursionError, OverflowError):
        return HttpResponseBadRequest("a JSON object is required")
    sid, event, caller = payload.get("id"), payload.get("event"), payload.get("caller")
    callee = payload.get("callee")
    known_event = isinstance(event, str) and event in EVENTS  # a list or an object is no event (nor hashable)
    if not (isinstance(sid, str) and sid and known_event and isinstance(caller, str) and caller):
        return HttpResponseBadRequest("id, event (ringing, answered or ended) and caller are required")
    posted = PostedEvent(
        sid,
        event,
        caller,
        callee if isinstance(callee, str) else "",
        duration,
        bool(payload.get("answered")),
        request.body,
    )
    stored, created = store_event(posted)
    if created:
        process_event(stored.pk)
    return HttpResponse(status=204)


@csrf_exempt
@require_POST
def generic_inbound(request: HttpRequest) -> HttpResponse:
    """A local gateway's JSON (field names in ``HOTRO_SMS_GENERIC_FIELDS``): an SMS, or a delivery report."""
    payload = _generic_payload(request)
    if payload is None:
        return HttpResponseForbidden("Bad signature")
    names = settings.HOTRO_SMS_GENERIC_FIELDS
    values = {key: payload.get(name) for key, name in names.items()}
    if values.get("status") and values.get("id"):
        status = values["status"]
        # The gateway's own word for the state (delivered, failed, …): kept as sent, so it must fit its column.
        if not isinstance(status, str) or len(status) > 20 or "\x00" in status:
            return HttpResponseBadRequest("status must be a short text")
        record_delivery(str(values["id"]), status)
        return HttpResponse(status=204)
    sid, sender, text, to = values.get("id"), values.get("from"), values.get("text"), values.get("to")
    if not (isinstance(sid, str) and sid and isinstance(sender, str) and sender and isinstance(text, str)):
        return HttpResponseBadRequest("id, from and text are required")
    _accept(Received("generic", sid, sender, to if isinstance(to, str) else "", text, request.body))
    return HttpResponse(status=204)

"""Inbound mail from an email service provider's webhook (django-anymail).

Anymail's views check the provider's signature or the HTTP basic auth from
``ANYMAIL`` settings before any signal is sent; a forged call is answered 400
and reaches nothing here. The receiver only stores the raw message: the same
pipeline as the pipe and IMAP does the rest after commit.

Mailgun signs ``timestamp + token`` but Anymail checks neither the time nor reuse: a captured
request could be sent again, days later. ``_mailgun_fresh`` refuses (403) a signed request
timestamped outside ``HOTRO_WEBHOOK_MAX_AGE_SECONDS`` or whose token was seen before (kept in
the cache for the window: Redis when there is one, so every process sees it).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from typing import Any

from anymail.signals import inbound
from anymail.webhooks.mailgun import MailgunInboundWebhookView
from anymail.webhooks.postmark import PostmarkInboundWebhookView
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from hotro.mail.intake.store import store_raw
from hotro.mail.models import InboundSource

logger = logging.getLogger(__name__)


class UnreadableContent(SuspiciousOperation):
    """An authenticated webhook whose content is no message Anymail can read: answered 400, nothing stored."""


def _readable(view_class: type[Any]) -> type[Any]:
    """Anymail's view, with whatever its parser raises on content it cannot read (bad JSON, a list
    where an object belongs, a missing field, a header with a line break...) turned into a 400
    instead of a 500. Only the parsing is covered: storing the message is not, its errors stay errors."""

    class Readable(view_class):
        def parse_events(self, request: HttpRequest) -> Any:
            form = request.content_type in ("multipart/form-data", "application/x-www-form-urlencoded")
            announced = request.POST.get("attachment-count", "") if form else ""  # Mailgun's parsed form
            if announced.strip().isdigit() and int(announced) > settings.DATA_UPLOAD_MAX_NUMBER_FILES:
                # Anymail looks for every one it is told of: a billion would keep a worker busy for minutes.
                raise UnreadableContent("More attachments announced than a request may carry")
            try:
                return super().parse_events(request)
            except Exception as error:
                logger.warning("unreadable %s webhook content", self.esp_name, exc_info=True)
                message = f"Unreadable {self.esp_name} webhook content: {type(error).__name__}"
                raise UnreadableContent(message) from error

    Readable.__name__ = Readable.__qualname__ = view_class.__name__
    return Readable


def _only_when_configured(view: Any, *settings_keys: str) -> Any:
    """Anymail lets unauthenticated calls through (with a warning) when no secret is set;
    we answer 404 instead, so a forged call can never store mail."""

    @csrf_exempt
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        configured = getattr(settings, "ANYMAIL", {})
        if not any(configured.get(key) for key in settings_keys):
            raise Http404("This inbound webhook is not configured")
        return view(request, *args, **kwargs)

    return guarded


def _mailgun_fresh(view: Any) -> Any:
    """Anymail's Mailgun view behind a timestamp window and a once-only token (see the module's docstring)."""

    @csrf_exempt
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = getattr(settings, "ANYMAIL", {}).get("MAILGUN_WEBHOOK_SIGNING_KEY", "")
        timestamp, token, signature = (request.POST.get(name, "") for name in ("timestamp", "token", "signature"))
        expected = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
        # Bytes: compare_digest refuses a str with non-ASCII characters (a TypeError, a 500, for anyone).
        if not (key and token and hmac.compare_digest(expected.encode(), signature.encode())):
            return HttpResponseForbidden("Bad signature")
        if not _fresh(timestamp):
            return HttpResponseForbidden("Stale request")
        seen = "webhook-seen:mailgun:" + hashlib.sha256(token.encode()).hexdigest()
        if not cache.add(seen, 1, timeout=2 * settings.HOTRO_WEBHOOK_MAX_AGE_SECONDS):
            return HttpResponseForbidden("Replayed request")
        try:
            response: HttpResponse = view(request, *args, **kwargs)
        except Exception:  # Anymail raises its refusals (answered 400): nothing was stored
            cache.delete(seen)
            raise
        if response.status_code >= 300:
            cache.delete(seen)  # nothing was stored: Mailgun's retry of the same request must get through
        return response

    return guarded


def _fresh(timestamp: str) -> bool:
    try:
        return abs(time.time() - int(timestamp)) <= settings.HOTRO_WEBHOOK_MAX_AGE_SECONDS
    except ValueError:
        return False


_mailgun = _only_when_configured(
    _mailgun_fresh(_readable(MailgunInboundWebhookView).as_view()), "MAILGUN_WEBHOOK_SIGNING_KEY"
)
_postmark = _only_when_configured(_readable(PostmarkInboundWebhookView).as_view(), "WEBHOOK_SECRET")

urlpatterns = [
    # Mailgun: a route with forward("https://…/mail/inbound/mailgun/") (raw MIME when the URL has "mime").
    path("mailgun/", _mailgun, name="mailgun_inbound"),
    path("mailgun_mime/", _mailgun, name="mailgun_inbound_mime"),
    # Postmark: inbound webhook with "Include raw email content" switched on, basic auth in the URL.
    path("postmark/", _postmark, name="postmark_inbound"),
]


def on_inbound(sender: Any, event: Any, esp_name: str, **kwargs: Any) -> None:
    message = event.message
    if message is None:
        return
    # Headers as the provider sent them: refolding one with a MIME parameter name longer than a line
    # never ends in Python 3.11's email package (hotro.mail.inbound.parse says more).
    raw_bytes = message.as_bytes(policy=message.policy.clone(refold_source="none"))
    store_raw(raw_bytes, source=InboundSource.WEBHOOK, source_name=esp_name)


def connect() -> None:
    inbound.connect(on_inbound, dispatch_uid="hotro.mail.webhooks.inbound")

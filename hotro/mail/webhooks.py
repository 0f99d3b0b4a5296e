"""Inbound mail from an email service provider's webhook (django-anymail).

Anymail's views check the provider's signature or the HTTP basic auth from
``ANYMAIL`` settings before any signal is sent; a forged call is answered 400
and reaches nothing here. The receiver only stores the raw message: the same
pipeline as the pipe and IMAP does the rest after commit.
"""

from __future__ import annotations

from typing import Any

from anymail.signals import inbound
from anymail.webhooks.mailgun import MailgunInboundWebhookView
from anymail.webhooks.postmark import PostmarkInboundWebhookView
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from hotro.mail.intake.store import store_raw
from hotro.mail.models import InboundSource


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


_mailgun = _only_when_configured(MailgunInboundWebhookView.as_view(), "MAILGUN_WEBHOOK_SIGNING_KEY")
_postmark = _only_when_configured(PostmarkInboundWebhookView.as_view(), "WEBHOOK_SECRET")

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
    store_raw(message.as_bytes(), source=InboundSource.WEBHOOK, source_name=esp_name)


def connect() -> None:
    inbound.connect(on_inbound, dispatch_uid="hotro.mail.webhooks.inbound")

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
from django.urls import path

from hotro.mail.intake.store import store_raw
from hotro.mail.models import InboundSource

urlpatterns = [
    # Mailgun: a route with forward("https://…/mail/inbound/mailgun/") (raw MIME when the URL has "mime").
    path("mailgun/", MailgunInboundWebhookView.as_view(), name="mailgun_inbound"),
    path("mailgun_mime/", MailgunInboundWebhookView.as_view(), name="mailgun_inbound_mime"),
    # Postmark: inbound webhook with "Include raw email content" switched on, basic auth in the URL.
    path("postmark/", PostmarkInboundWebhookView.as_view(), name="postmark_inbound"),
]


def on_inbound(sender: Any, event: Any, esp_name: str, **kwargs: Any) -> None:
    message = event.message
    if message is None:
        return
    store_raw(message.as_bytes(), source=InboundSource.WEBHOOK, source_name=esp_name)


def connect() -> None:
    inbound.connect(on_inbound, dispatch_uid="hotro.mail.webhooks.inbound")

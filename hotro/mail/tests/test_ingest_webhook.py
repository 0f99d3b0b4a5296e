"""Inbound webhooks (django-anymail): a forged call stores nothing; a genuine one opens a ticket (P1)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time

import pytest
from django.test import Client
from django.urls import reverse

from hotro.desk.models import Ticket
from hotro.mail.models import InboundMail, InboundSource

from .conftest import IMMEDIATE_TASKS
from .intake_helpers import raw_mail

SIGNING_KEY = "mailgun-test-signing-key"
BASIC = "hotro:webhook-secret"


@pytest.fixture(autouse=True)
def _webhook_settings(settings, provider_defaults):
    settings.ANYMAIL = {"WEBHOOK_SECRET": BASIC, "MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY}
    settings.TASKS = IMMEDIATE_TASKS


def mailgun_post(raw: bytes, *, key: str = SIGNING_KEY, timestamp: str | None = None, token: str | None = None):
    timestamp, token = timestamp or str(int(time.time())), token or secrets.token_hex(25)
    signature = hmac.new(key.encode(), (timestamp + token).encode(), hashlib.sha256).hexdigest()
    data = {"body-mime": raw.decode(), "timestamp": timestamp, "token": token, "signature": signature}
    # Anymail checks the basic auth too whenever WEBHOOK_SECRET is set; the signature is what a forger lacks here.
    auth = "Basic " + base64.b64encode(BASIC.encode()).decode()
    return Client().post(reverse("mail:mailgun_inbound_mime"), data, HTTP_AUTHORIZATION=auth)


def postmark_post(raw: bytes, *, auth: str | None = BASIC):
    headers = {}
    if auth:
        headers["HTTP_AUTHORIZATION"] = "Basic " + base64.b64encode(auth.encode()).decode()
    payload = {"RawEmail": raw.decode(), "Headers": [], "FromFull": {"Email": "khach@example.net"}}
    return Client().post(
        reverse("mail:postmark_inbound"), json.dumps(payload), content_type="application/json", **headers
    )


@pytest.mark.django_db(transaction=True)
def test_a_signed_mailgun_post_stores_the_mail_and_opens_a_ticket():
    response = mailgun_post(raw_mail(subject="Qua Mailgun", to="sales@cloudmini.example"))
    assert response.status_code == 200
    mail = InboundMail.objects.get()
    assert mail.source == InboundSource.WEBHOOK and mail.source_name == "Mailgun"
    ticket = Ticket.objects.get()
    assert ticket.subject == "Qua Mailgun" and ticket.department.slug == "sales"


@pytest.mark.django_db(transaction=True)
def test_a_mailgun_post_with_a_forged_signature_is_refused_and_stores_nothing():
    response = mailgun_post(raw_mail(), key="not-the-key")
    assert response.status_code in (400, 403)
    assert not InboundMail.objects.exists() and not Ticket.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_replayed_mailgun_post_is_refused_even_with_another_body():
    """Issue #14, finding 5: the captured timestamp, token and signature resent with a forged mail."""
    timestamp, token = str(int(time.time())), secrets.token_hex(25)
    assert mailgun_post(raw_mail(subject="Thật"), timestamp=timestamp, token=token).status_code == 200
    replay = mailgun_post(raw_mail(subject="Giả mạo"), timestamp=timestamp, token=token)
    assert replay.status_code == 403
    assert InboundMail.objects.count() == 1 and Ticket.objects.get().subject == "Thật"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("age", [30 * 24 * 3600, 301, -301])
def test_a_mailgun_post_timestamped_outside_the_window_is_refused(age):
    response = mailgun_post(raw_mail(), timestamp=str(int(time.time()) - age))
    assert response.status_code == 403
    assert not InboundMail.objects.exists() and not Ticket.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_mailgun_post_refused_by_anymail_can_be_retried_with_its_token(settings):
    """Nothing stored: Mailgun's retry of the very same request must not count as a replay."""
    timestamp, token = str(int(time.time())), secrets.token_hex(25)
    settings.ANYMAIL = {"MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY, "WEBHOOK_SECRET": "other:secret"}
    assert mailgun_post(raw_mail(), timestamp=timestamp, token=token).status_code in (400, 403)
    settings.ANYMAIL = {"WEBHOOK_SECRET": BASIC, "MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY}
    assert mailgun_post(raw_mail(), timestamp=timestamp, token=token).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_postmark_post_with_basic_auth_opens_a_ticket():
    response = postmark_post(raw_mail(subject="Qua Postmark"))
    assert response.status_code == 200
    assert Ticket.objects.get().subject == "Qua Postmark"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("auth", [None, "hotro:wrong"])
def test_a_postmark_post_without_the_right_basic_auth_is_refused(auth):
    response = postmark_post(raw_mail(), auth=auth)
    assert response.status_code in (400, 403)
    assert not InboundMail.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_webhook_retry_creates_nothing_twice():
    raw = raw_mail(message_id="<retry@example.net>")
    assert postmark_post(raw).status_code == 200
    assert postmark_post(raw).status_code == 200
    assert Ticket.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_an_unconfigured_webhook_is_closed_instead_of_open(settings):
    """Anymail would accept unauthenticated calls when no secret is set; ours answers 404 and stores nothing."""
    settings.ANYMAIL = {}
    assert postmark_post(raw_mail(), auth=None).status_code == 404
    assert mailgun_post(raw_mail(), key="anything").status_code == 404
    assert not InboundMail.objects.exists() and not Ticket.objects.exists()

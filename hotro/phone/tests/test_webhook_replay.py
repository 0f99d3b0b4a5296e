"""Issue #14, finding 5: a captured signed request cannot be sent again, late, or with another body.

``X-Hotro-Signature`` signs ``X-Hotro-Timestamp + "." + body``: the old body-only signature is a
replay waiting to happen, made harmless by the de-duplication of its message id; with
``HOTRO_WEBHOOK_LEGACY_SIGNATURES`` off it is refused.
"""

from __future__ import annotations

import json
import time

import pytest

from hotro.desk.models import Ticket
from hotro.phone.models import CallEvent, InboundSms
from hotro.phone.signatures import generic_signature, signed_headers

SMS_URL, CALLS_URL = "/hooks/sms/generic/", "/hooks/calls/"
SMS_SECRET, CALL_SECRET = "generic-secret", "pbx-secret"


@pytest.fixture(autouse=True)
def _secrets(settings, provider_defaults):
    settings.HOTRO_SMS_HMAC_SECRET = SMS_SECRET
    settings.HOTRO_CALL_HMAC_SECRET = CALL_SECRET


def _as_client_headers(headers: dict[str, str]) -> dict[str, str]:
    return {"HTTP_" + name.upper().replace("-", "_"): value for name, value in headers.items()}


def _post(client, url: str, body: bytes, headers: dict[str, str]):
    return client.post(url, body, content_type="application/json", **_as_client_headers(headers))


def _sms(sid: str = "g-1", text: str = "Tư vấn hosting") -> bytes:
    return json.dumps({"id": sid, "from": "84969297579", "to": "+84969297579", "text": text}).encode()


def _call(sid: str = "c-1") -> bytes:
    payload = {"id": sid, "event": "ended", "caller": "0969297579", "callee": "+84969297579", "duration": 95}
    return json.dumps({**payload, "answered": True}).encode()


CASES = [(SMS_URL, SMS_SECRET, _sms, InboundSms), (CALLS_URL, CALL_SECRET, _call, CallEvent)]


@pytest.mark.parametrize(("url", "secret", "make", "model"), CASES)
def test_the_same_signed_request_sent_twice_is_refused_the_second_time(client, url, secret, make, model):
    body = make()
    headers = signed_headers(body, secret)
    assert _post(client, url, body, headers).status_code == 204
    assert _post(client, url, body, headers).status_code == 403
    assert model.objects.count() == 1


@pytest.mark.parametrize(("url", "secret", "make", "model"), CASES)
def test_a_captured_signature_on_another_body_is_refused(client, url, secret, make, model):
    headers = signed_headers(make(), secret)
    assert _post(client, url, make("other-id"), headers).status_code == 403
    assert not model.objects.exists()


@pytest.mark.parametrize(("url", "secret", "make", "model"), CASES)
@pytest.mark.parametrize("age", [30 * 24 * 3600, 301, -301])
def test_a_request_timestamped_outside_the_window_is_refused(client, url, secret, make, model, age):
    body = make()
    assert _post(client, url, body, signed_headers(body, secret, now=time.time() - age)).status_code == 403
    assert not model.objects.exists() and not Ticket.objects.exists()


@pytest.mark.parametrize(("url", "secret", "make", "model"), CASES)
def test_a_request_within_the_window_is_accepted(client, url, secret, make, model):
    body = make()
    assert _post(client, url, body, signed_headers(body, secret, now=time.time() - 120)).status_code == 204


@pytest.mark.parametrize(("url", "secret", "make", "model"), CASES)
def test_a_body_only_signature_is_refused_when_timestamps_are_required(client, settings, url, secret, make, model):
    settings.HOTRO_WEBHOOK_LEGACY_SIGNATURES = False
    body = make()
    assert _post(client, url, body, {"X-Hotro-Signature": generic_signature(body, secret)}).status_code == 403
    assert not model.objects.exists()


@pytest.mark.parametrize(("url", "secret", "make", "model"), CASES)
def test_a_body_only_signature_passes_by_default_and_its_replay_stores_nothing(client, url, secret, make, model):
    """The documented shape (#12): hex HMAC-SHA256 of the raw body; sent again, nothing new is stored."""
    body = make()
    headers = {"X-Hotro-Signature": generic_signature(body, secret)}
    assert _post(client, url, body, headers).status_code == 204
    assert _post(client, url, body, headers).status_code in (200, 204)
    assert model.objects.count() == 1


def test_a_timestamp_that_is_not_a_number_is_refused(client):
    body = _sms()
    headers = {"X-Hotro-Timestamp": "soon", "X-Hotro-Signature": generic_signature(body, SMS_SECRET, "soon")}
    assert _post(client, SMS_URL, body, headers).status_code == 403

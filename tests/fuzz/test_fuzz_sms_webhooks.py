"""/hooks/sms/twilio/, /hooks/sms/twilio/status/ and /hooks/sms/generic/ under random content.

Correctly signed (Twilio's HMAC-SHA1 over the URL and the fields; our timestamped HMAC-SHA256,
and the legacy body-only one) so the fuzzed content reaches the parser and the SMS intake; and
unsigned. No 5xx; a refusal stores no SMS, opens no ticket and queues nothing.
"""

from __future__ import annotations

import itertools
import json
import time
from urllib.parse import urlencode

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from hotro.accounts.models import Contact
from hotro.core.models import OutboundMessage
from hotro.desk.models import Message, Ticket
from hotro.phone.models import InboundSms, SmsOptOut
from hotro.phone.signatures import SIGNATURE_HEADER, TIMESTAMP_HEADER, generic_signature, twilio_signature

from .strategies import FUZZ, assert_refusal_wrote_nothing, counts, json_value, post_raw, raw_body, short_text, text

TOKEN = "fuzz-twilio-token"
SECRET = "fuzz-generic-secret"
PUBLIC = "https://desk.example"
TWILIO, STATUS, GENERIC = "/hooks/sms/twilio/", "/hooks/sms/twilio/status/", "/hooks/sms/generic/"
MODELS = (InboundSms, SmsOptOut, Ticket, Message, Contact, OutboundMessage)
_ids = itertools.count()


@pytest.fixture
def gateways(settings, provider_defaults):
    settings.HOTRO_TWILIO_AUTH_TOKEN = TOKEN
    settings.HOTRO_PUBLIC_URL = PUBLIC
    settings.HOTRO_SMS_HMAC_SECRET = SECRET


def fresh_id() -> str:
    return f"SMfuzz{next(_ids)}x{time.time_ns()}"


numbers = st.one_of(
    st.sampled_from(["0969 297 579", "+84969297579", "096.929.75.79", "+1", "0", "+" + "9" * 30, "abc"]), text
)
sms_bodies = st.one_of(st.sampled_from(["STOP", "Hủy", "START", "email: an@example.com", "giá VPS?"]), text)


@st.composite
def twilio_fields(draw: st.DrawFn, *, status: bool = False) -> list[tuple[str, str]]:
    """What Twilio posts, each field sometimes missing, junk or repeated; plus stray fields."""
    known: dict[str, st.SearchStrategy[str]] = {
        "MessageSid": st.one_of(st.builds(fresh_id), text),
        "From": numbers,
        "To": numbers,
        "Body": sms_bodies,
        "NumMedia": st.sampled_from(["0", "1", "-1", "x"]),
    }
    if status:
        known["MessageStatus"] = st.one_of(st.sampled_from(["delivered", "failed", "undelivered", "bogus"]), text)
    pairs: list[tuple[str, str]] = []
    for name, strategy in known.items():
        for _ in range(draw(st.sampled_from([1, 1, 1, 0, 2]))):
            pairs.append((name, draw(strategy)))
    pairs += draw(st.lists(st.tuples(short_text, text), max_size=2))
    return pairs


def twilio_post(path: str, pairs: list[tuple[str, str]], *, sign: bool = True):
    signature = twilio_signature(PUBLIC + path, pairs, TOKEN) if sign else "forged"
    return Client().post(
        path, urlencode(pairs), content_type="application/x-www-form-urlencoded", HTTP_X_TWILIO_SIGNATURE=signature
    )


def generic_headers(body: bytes, *, timestamped: bool) -> dict[str, str]:
    if not timestamped:
        return {"HTTP_X_HOTRO_SIGNATURE": generic_signature(body, SECRET)}
    timestamp = str(int(time.time()))
    return {"HTTP_X_HOTRO_TIMESTAMP": timestamp, "HTTP_X_HOTRO_SIGNATURE": generic_signature(body, SECRET, timestamp)}


assert (SIGNATURE_HEADER, TIMESTAMP_HEADER) == ("X-Hotro-Signature", "X-Hotro-Timestamp")  # the names above

generic_payload = st.one_of(
    json_value,
    st.fixed_dictionaries(
        {},
        optional={
            "id": st.one_of(st.builds(fresh_id), json_value),
            "from": st.one_of(numbers, json_value),
            "to": st.one_of(numbers, json_value),
            "text": st.one_of(sms_bodies, json_value),
            "status": st.one_of(st.sampled_from(["delivered", "failed"]), json_value),
        },
    ),
)


@FUZZ
@given(pairs=twilio_fields())
def test_signed_twilio_sms_never_500_and_a_refusal_writes_nothing(gateways, pairs):
    before = counts(MODELS)
    response = twilio_post(TWILIO, pairs)
    assert_refusal_wrote_nothing(response, before, MODELS)
    assert response.status_code in (200, 400), response.status_code


@FUZZ
@given(pairs=twilio_fields(status=True))
def test_signed_twilio_status_never_500(gateways, pairs):
    before = counts(MODELS)
    response = twilio_post(STATUS, pairs)
    assert_refusal_wrote_nothing(response, before, MODELS)
    assert response.status_code in (204, 400), response.status_code


@FUZZ
@given(pairs=twilio_fields(), path=st.sampled_from([TWILIO, STATUS]))
def test_unsigned_twilio_posts_are_refused(gateways, pairs, path):
    before = counts(MODELS)
    response = twilio_post(path, pairs, sign=False)
    assert_refusal_wrote_nothing(response, before, MODELS)
    assert response.status_code == 403


@FUZZ
@given(payload=generic_payload, timestamped=st.booleans())
def test_signed_generic_sms_never_500_and_a_refusal_writes_nothing(gateways, payload, timestamped):
    body = json.dumps(payload).encode()
    before = counts(MODELS)
    response = Client().post(
        GENERIC, body, content_type="application/json", **generic_headers(body, timestamped=timestamped)
    )
    assert_refusal_wrote_nothing(response, before, MODELS)


@FUZZ
@given(body=raw_body(), path=st.sampled_from([TWILIO, STATUS, GENERIC]), sign=st.booleans())
def test_any_body_on_any_sms_webhook_never_500(gateways, body, path, sign):
    data, content_type = body
    headers = generic_headers(data, timestamped=True) if sign and path == GENERIC else {}
    before = counts(MODELS)
    response = post_raw(Client(), path, data, content_type, **headers)
    assert_refusal_wrote_nothing(response, before, MODELS)


# Found by the fuzzing above; each was a 500.


def test_nul_characters_in_a_signed_twilio_sms_are_dropped_not_a_500(gateways):
    """PostgreSQL refuses NUL in text: only the body was cleaned of it, not the id and the numbers."""
    response = twilio_post(
        TWILIO, [("MessageSid", "SM\x00nul"), ("From", "0969\x00297579"), ("To", "+84\x00"), ("Body", "hi")]
    )
    assert response.status_code == 200
    stored = InboundSms.objects.get()
    assert (stored.provider_id, stored.from_number) == ("SMnul", "0969297579")
    assert b"%00" in stored.raw_bytes  # the request as received keeps them


def test_a_signed_generic_body_nested_too_deep_is_a_400(gateways):
    body = b"[" * 2000
    response = post_raw(Client(), GENERIC, body, "application/json", **generic_headers(body, timestamped=True))
    assert response.status_code == 400
    assert not InboundSms.objects.exists()

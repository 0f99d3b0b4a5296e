"""/hooks/calls/ (the PBX's call events) under random JSON, signed (timestamped and legacy) and not.

No 5xx; a refused event stores no event and logs no call.
"""

from __future__ import annotations

import itertools
import json
import time

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from hotro.accounts.models import Contact
from hotro.core.models import OutboundMessage
from hotro.phone.models import Call, CallEvent
from hotro.phone.signatures import generic_signature

from .strategies import FUZZ, assert_refusal_wrote_nothing, counts, json_value, post_raw, raw_body, text

URL = "/hooks/calls/"
SECRET = "fuzz-pbx-secret"
MODELS = (CallEvent, Call, Contact, OutboundMessage)
_ids = itertools.count()


@pytest.fixture
def pbx(settings, provider_defaults):
    settings.HOTRO_CALL_HMAC_SECRET = SECRET


def headers(body: bytes, *, timestamped: bool) -> dict[str, str]:
    if not timestamped:
        return {"HTTP_X_HOTRO_SIGNATURE": generic_signature(body, SECRET)}
    timestamp = str(int(time.time()))
    return {"HTTP_X_HOTRO_TIMESTAMP": timestamp, "HTTP_X_HOTRO_SIGNATURE": generic_signature(body, SECRET, timestamp)}


numbers = st.one_of(st.sampled_from(["0969297579", "+84969297579", "", "+" + "9" * 30]), text)
event = st.one_of(
    json_value,
    st.fixed_dictionaries(
        {},
        optional={
            "id": st.one_of(st.builds(lambda: f"call-{next(_ids)}-{time.time_ns()}"), json_value),
            "event": st.one_of(st.sampled_from(["ringing", "answered", "ended"]), json_value),
            "caller": st.one_of(numbers, json_value),
            "callee": st.one_of(numbers, json_value),
            "duration": st.one_of(
                st.integers(-(2**70), 2**70), st.sampled_from(["95", "x", 1e308, -0.5, True]), json_value
            ),
            "answered": json_value,
        },
    ),
)


@FUZZ
@given(payload=event, timestamped=st.booleans())
def test_signed_call_events_never_500_and_a_refusal_writes_nothing(pbx, payload, timestamped):
    body = json.dumps(payload).encode()
    before = counts(MODELS)
    response = Client().post(URL, body, content_type="application/json", **headers(body, timestamped=timestamped))
    assert_refusal_wrote_nothing(response, before, MODELS)
    assert response.status_code in (204, 400, 403), response.status_code


@FUZZ
@given(body=raw_body(), sign=st.booleans())
def test_any_body_signed_or_not_never_500(pbx, body, sign):
    data, content_type = body
    before = counts(MODELS)
    response = post_raw(Client(), URL, data, content_type, **(headers(data, timestamped=True) if sign else {}))
    assert_refusal_wrote_nothing(response, before, MODELS)
    if not sign:
        assert response.status_code == 403


# Found by the fuzzing above; each was a 500.


@pytest.mark.parametrize(
    "body",
    [
        b'{"id": "c-1", "event": ["ended"], "caller": "0969297579"}',  # a list is not hashable
        b'{"id": "c-1", "event": "ended", "caller": "0969297579", "duration": Infinity}',  # int(inf)
        b"[" * 2000,  # RecursionError
    ],
)
def test_signed_call_events_that_cannot_be_read_are_a_400(pbx, body):
    response = post_raw(Client(), URL, body, "application/json", **headers(body, timestamped=True))
    assert response.status_code == 400
    assert not CallEvent.objects.exists()


def test_nul_characters_in_a_signed_call_event_are_dropped_not_a_500(pbx):
    """PostgreSQL refuses NUL in text."""
    body = json.dumps({"id": "c\x00-1", "event": "ringing", "caller": "0969\x00297579"}).encode()
    response = post_raw(Client(), URL, body, "application/json", **headers(body, timestamped=True))
    assert response.status_code == 204
    assert CallEvent.objects.get().provider_id == "c-1"

"""/mail/inbound/{mailgun,mailgun_mime,postmark}/ (django-anymail) under random content.

Correctly signed (Mailgun's HMAC with a fresh timestamp and a new token, and the basic auth
Anymail checks) so the fuzzed content reaches Anymail's parser and our receiver; and unsigned.
Whatever the content: no 5xx, and a refusal stores no mail.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from hotro.mail.models import InboundMail

from .strategies import (
    FUZZ,
    assert_refusal_wrote_nothing,
    counts,
    form_data,
    json_value,
    post_raw,
    raw_body,
    short_text,
    text,
)

SIGNING_KEY = "fuzz-mailgun-key"
BASIC = "hotro:fuzz-webhook-secret"
AUTH = "Basic " + base64.b64encode(BASIC.encode()).decode()
MAILGUN, MAILGUN_MIME, POSTMARK = "/mail/inbound/mailgun/", "/mail/inbound/mailgun_mime/", "/mail/inbound/postmark/"
MODELS = (InboundMail,)
_tokens = itertools.count()

SEED = (
    "From: Khách <khach@example.net>\r\nTo: support@cloudmini.example\r\nSubject: =?utf-8?Q?M=C3=A1y?=\r\n"
    "Message-ID: <m1@example.net>\r\nMIME-Version: 1.0\r\n"
    'Content-Type: multipart/mixed; boundary="B"\r\n\r\n--B\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n'
    "VPS lỗi\r\n--B\r\nContent-Type: message/rfc822\r\n\r\nFrom: x@y\r\nSubject: fwd\r\n\r\nold\r\n--B\r\n"
    'Content-Type: application/pdf; name="a.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n--B--\r\n'
)


@pytest.fixture
def webhooks(settings, provider_defaults):
    settings.ANYMAIL = {"WEBHOOK_SECRET": BASIC, "MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY}


@st.composite
def mime_text(draw: st.DrawFn) -> str:
    """The seed message with a few lines replaced, duplicated or cut; or any text at all."""
    if draw(st.booleans()):
        return draw(text)
    lines = SEED.split("\r\n")
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["replace", "insert", "delete", "truncate"]))
        if op == "replace":
            lines[at] = draw(text)
        elif op == "insert":
            lines.insert(at, draw(st.sampled_from(["Content-Type: text/plain; " + "x" * 80 + "=a", "X: y"])))
        elif op == "delete":
            del lines[at]
        else:
            lines = lines[: max(1, at)]  # never empty: the next edit needs a line to pick
        if not lines:
            lines = [""]
    return "\r\n".join(lines)


def signed(fields: dict) -> dict:
    """Mailgun's signature fields: a fresh timestamp, a token never used before, their HMAC."""
    timestamp, token = str(int(time.time())), f"fuzz-token-{next(_tokens)}-{time.time_ns()}"
    signature = hmac.new(SIGNING_KEY.encode(), (timestamp + token).encode(), hashlib.sha256).hexdigest()
    return {**fields, "timestamp": timestamp, "token": token, "signature": signature}


mailgun_fields = form_data(
    {
        "message-headers": st.sampled_from(
            [json.dumps([["From", "Khách <khach@example.net>"], ["Subject", "Chào"], ["To", "support@x.vn"]])]
        ),
        "body-plain": st.sampled_from(["VPS lỗi", ""]),
        "sender": st.just("khach@example.net"),
        "recipient": st.just("support@cloudmini.example"),
        "attachment-count": st.sampled_from(["0", "1", "2"]),
    },
    near={
        "message-headers": st.one_of(
            json_value.map(json.dumps), st.lists(st.tuples(short_text, text), max_size=4).map(json.dumps)
        ),
        "attachment-count": st.sampled_from(["-1", "a", "", "1000", "99999999999"]),
        "body-plain": text,
        "body-html": text,
        "stripped-text": text,
        "content-id-map": st.one_of(json_value.map(json.dumps), text),
        "event": st.sampled_from(["inbound", "delivered", ""]),
    },
)
attachment = st.builds(
    lambda name, content, kind: SimpleUploadedFile(name or "f", content, content_type=kind),
    st.sampled_from(["a.pdf", "evil.exe.", "x" * 300, "../../a", "ảnh.png"]),
    st.binary(max_size=200),
    st.sampled_from(["application/pdf", "text/plain", "image/png", "bogus"]),
)


@FUZZ
@given(body_mime=mime_text(), extra=st.dictionaries(st.sampled_from(["sender", "recipient", "X"]), text, max_size=2))
def test_signed_mailgun_raw_mime_never_500(webhooks, body_mime, extra):
    before = counts(MODELS)
    response = Client().post(MAILGUN_MIME, signed({"body-mime": body_mime, **extra}), HTTP_AUTHORIZATION=AUTH)
    assert_refusal_wrote_nothing(response, before, MODELS)


@FUZZ
@given(fields=mailgun_fields, files=st.lists(attachment, max_size=2))
def test_signed_mailgun_parsed_fields_never_500(webhooks, fields, files):
    data = signed(fields) | {f"attachment-{n}": upload for n, upload in enumerate(files, start=1)}
    before = counts(MODELS)
    response = Client().post(MAILGUN, data, HTTP_AUTHORIZATION=AUTH)
    assert_refusal_wrote_nothing(response, before, MODELS)


@FUZZ
@given(
    fields=form_data(
        {"body-mime": mime_text(), "timestamp": st.builds(lambda: str(int(time.time()))), "token": short_text},
        near={"signature": text},
    ),
    path=st.sampled_from([MAILGUN, MAILGUN_MIME]),
    auth=st.sampled_from([None, AUTH, "Basic !!!", "Bearer x"]),
)
def test_unsigned_mailgun_posts_are_refused_and_store_nothing(webhooks, fields, path, auth):
    headers = {"HTTP_AUTHORIZATION": auth} if auth else {}
    before = counts(MODELS)
    response = Client().post(path, fields, **headers)
    assert_refusal_wrote_nothing(response, before, MODELS)
    assert 400 <= response.status_code < 500


postmark_payload = st.one_of(
    json_value,
    st.fixed_dictionaries(
        {},
        optional={
            "RawEmail": mime_text(),
            "Headers": st.one_of(json_value, st.lists(st.fixed_dictionaries({"Name": text, "Value": text}))),
            "FromFull": st.one_of(json_value, st.fixed_dictionaries({"Email": text, "Name": text})),
            "ToFull": st.one_of(json_value, st.lists(st.fixed_dictionaries({"Email": text}))),
            "Subject": text,
            "TextBody": text,
            "HtmlBody": text,
            "Attachments": st.one_of(
                json_value,
                st.lists(
                    st.fixed_dictionaries(
                        {"Name": text, "Content": st.one_of(text, st.just("JVBERi0=")), "ContentType": short_text}
                    ),
                    max_size=2,
                ),
            ),
            "Date": text,
            "MessageID": text,
        },
    ),
)


@FUZZ
@given(payload=postmark_payload)
def test_authenticated_postmark_json_never_500(webhooks, payload):
    before = counts(MODELS)
    response = Client().post(POSTMARK, json.dumps(payload), content_type="application/json", HTTP_AUTHORIZATION=AUTH)
    assert_refusal_wrote_nothing(response, before, MODELS)


@FUZZ
@given(body=raw_body(), path=st.sampled_from([MAILGUN, MAILGUN_MIME, POSTMARK]), authenticated=st.booleans())
def test_any_body_on_any_mail_webhook_never_500(webhooks, body, path, authenticated):
    data, content_type = body
    headers = {"HTTP_AUTHORIZATION": AUTH} if authenticated else {}
    before = counts(MODELS)
    response = post_raw(Client(), path, data, content_type, **headers)
    assert_refusal_wrote_nothing(response, before, MODELS)


# Found by the fuzzing above; each was a 500.


def test_a_mailgun_signature_with_non_ascii_characters_is_a_403(webhooks):
    """Unauthenticated: ``hmac.compare_digest`` raised TypeError on a str with non-ASCII characters."""
    data = {**signed({"body-mime": SEED}), "signature": "é"}
    response = Client().post(MAILGUN_MIME, data, HTTP_AUTHORIZATION=AUTH)
    assert response.status_code == 403
    assert not InboundMail.objects.exists()


@pytest.mark.parametrize(
    "fields",
    [
        {},  # no message-headers: KeyError
        {"message-headers": "{"},  # not JSON
        {"message-headers": "[]", "attachment-count": "a"},  # int("a")
        {"message-headers": "[]", "attachment-count": "1000000000"},  # a billion lookups
        {"message-headers": "[]", "event": "delivered"},  # a tracking event on the inbound URL
    ],
)
def test_signed_mailgun_fields_anymail_cannot_read_are_a_400(webhooks, fields):
    response = Client().post(MAILGUN, signed(fields), HTTP_AUTHORIZATION=AUTH)
    assert response.status_code == 400
    assert not InboundMail.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        b"{",
        b"\x80",
        b"[]",
        json.dumps({"FromFull": {"Email": "a@b\r\nBcc: x@y"}, "Headers": []}).encode(),
        json.dumps({"Headers": [], "Attachments": [{"Name": "a.pdf", "Content": "A", "ContentType": "x"}]}).encode(),
    ],
)
def test_authenticated_postmark_content_anymail_cannot_read_is_a_400(webhooks, body):
    response = post_raw(Client(), POSTMARK, body, "application/json", HTTP_AUTHORIZATION=AUTH)
    assert response.status_code == 400
    assert not InboundMail.objects.exists()

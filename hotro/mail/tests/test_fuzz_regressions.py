"""Inputs the coverage-guided fuzzer (``make fuzz``, fuzz/mail_parser.py) found, minimised, kept as tests.

Each one broke the parser's promise (a result for any bytes, in bounded time) or a webhook that
hands the parser its bytes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import signal
import time
from collections.abc import Callable
from typing import TypeVar

import pytest
from django.test import Client
from django.urls import reverse

from hotro.mail.inbound import ParsedMail, parse_message
from hotro.mail.intake.plan import parse
from hotro.mail.models import InboundMail

LIMITS = {"max_attachment_bytes": 1_000_000, "max_attachments": 10}
T = TypeVar("T")
SECONDS = 10  # each of these takes milliseconds; the bug was "never returns"

# A forwarded message whose Content-Type has a parameter name longer than a line: writing the
# attached message back to bytes (for its .eml attachment) looped forever in the standard
# library's header folding (Python 3.11, ``email._header_value_parser._fold_mime_parameters``).
LONG_PARAMETER_NAME = (
    b"From: a@example.com\r\nSubject: fwd\r\nContent-Type: message/rfc822\r\n\r\n"
    b"Content-Type: text/plain; " + b"x" * 80 + b"=us-ascii\r\n\r\nhi\r\n"
)


class Overran(BaseException):
    """Not an ``Exception``: the parser's safety nets (``except Exception``) must not catch it."""


# The same loop reached another way: this attached message cannot be written back as bytes (its
# multipart has no boundary and a raw 8-bit body), and the text fallback refolds every header with
# raw 8-bit bytes in it, here a parameter name of 80 of them.
EIGHT_BIT_PARAMETER_NAME = (
    b"Content-Type: message/rfc822\n\nContent-Type: multipart/mixed; " + b"\xa3" * 80 + b"=x\n\n\xa3\n"
)


def within(seconds: float, work: Callable[[], T]) -> T:
    """``work()``'s result, or ``Overran`` when it has not returned after ``seconds`` (SIGALRM, main thread)."""

    def give_up(signum: int, frame: object) -> None:
        raise Overran(f"still running after {seconds}s")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return work()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_an_attached_message_with_a_parameter_name_longer_than_a_line_is_parsed_in_bounded_time():
    parsed = within(SECONDS, lambda: parse_message(LONG_PARAMETER_NAME, **LIMITS))
    assert isinstance(parsed, ParsedMail)
    [attachment] = parsed.attachments
    assert attachment.content_type == "message/rfc822"
    assert attachment.content is not None and b"x" * 80 + b"=us-ascii" in attachment.content  # kept as written


def test_an_attached_message_only_the_text_fallback_can_write_is_parsed_in_bounded_time():
    parsed = within(SECONDS, lambda: parse_message(EIGHT_BIT_PARAMETER_NAME, **LIMITS))
    [attachment] = parsed.attachments
    assert attachment.content_type == "message/rfc822" and attachment.content


def test_intake_parse_of_it_is_bounded_too():
    assert isinstance(within(SECONDS, lambda: parse(LONG_PARAMETER_NAME)), ParsedMail)


SIGNING_KEY = "mailgun-regression-key"
BASIC = "hotro:webhook-secret"


@pytest.mark.django_db
def test_a_signed_mailgun_post_of_it_is_stored_in_bounded_time(settings, provider_defaults):
    """The webhook wrote Anymail's parsed message back to bytes the same way before storing it."""
    settings.ANYMAIL = {"WEBHOOK_SECRET": BASIC, "MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY}
    timestamp, token = str(int(time.time())), secrets.token_hex(25)
    signature = hmac.new(SIGNING_KEY.encode(), (timestamp + token).encode(), hashlib.sha256).hexdigest()
    data = {"body-mime": LONG_PARAMETER_NAME.decode(), "timestamp": timestamp, "token": token, "signature": signature}
    auth = "Basic " + base64.b64encode(BASIC.encode()).decode()

    def post() -> int:
        return Client().post(reverse("mail:mailgun_inbound_mime"), data, HTTP_AUTHORIZATION=auth).status_code

    assert within(SECONDS, post) == 200
    assert b"x" * 80 + b"=us-ascii" in InboundMail.objects.get().raw_bytes


# Found with --strict (a safety net caught them): the standard library raised while reading
# Content-Type (a NUL in an RFC 2231 charset: ValueError; a header ending in "name*": IndexError),
# the whole parse failed, and From and Subject were lost with it.
@pytest.mark.parametrize(
    "content_type",
    [b"text/plain; name*=utf\x00''x", b"text/plain; name*", b"text/html; a=b; name*"],
    ids=["nul-in-charset", "name-star-at-the-end", "after-another-parameter"],
)
def test_a_content_type_the_standard_library_cannot_read_loses_neither_sender_nor_subject(content_type):
    raw = b"From: an@example.com\r\nSubject: VPS\r\nContent-Type: " + content_type + b"\r\n\r\nhi\r\n"
    parsed = parse_message(raw, **LIMITS)
    assert (parsed.from_email, parsed.subject) == ("an@example.com", "VPS")
    assert not [defect for defect in parsed.defects if defect.startswith("parser failed")]

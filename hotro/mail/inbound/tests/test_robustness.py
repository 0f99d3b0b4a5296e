"""Whatever bytes arrive, ``parse_message`` returns a result (DESIGN: nothing received is lost)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hotro.mail.inbound import ParsedMail, parse_message

LIMITS = {"max_attachment_bytes": 1000, "max_attachments": 3}
SEED = (
    b'From: =?utf-8?B?Tmd1eeG7hW4gVsSDbiBB?= <a@example.com>\r\nTo: s@x.vn, "B, C" <b@x.vn>\r\n'
    b"Subject: =?utf-8?Q?M=C3=A1y_ch=E1=BB=A7?=\r\nDate: Mon, 16 Feb 2026 09:00:00 +0700\r\n"
    b"Message-ID: <m1@example.com>\r\nIn-Reply-To: <CM-1.x@cloudmini.example>\r\nMIME-Version: 1.0\r\n"
    b'Content-Type: multipart/mixed; boundary="B"\r\n\r\n--B\r\n'
    b'Content-Type: multipart/alternative; boundary="C"\r\n\r\n--C\r\nContent-Type: text/plain; charset=utf-8\r\n'
    b"Content-Transfer-Encoding: quoted-printable\r\n\r\nCh=C3=A0o anh\r\n--C\r\nContent-Type: text/html\r\n"
    b"Content-Transfer-Encoding: base64\r\n\r\nPHA+Q2jDoG8gYW5oPC9wPg==\r\n--C--\r\n--B\r\n"
    b"Content-Type: message/rfc822\r\n\r\nFrom: x@y\r\nSubject: fwd\r\n\r\nold\r\n--B\r\n"
    b"Content-Type: application/pdf; name*=utf-8''a%C3%A0.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n--B--\r\n"
)


def test_the_seed_message_parses_fully():
    parsed = parse_message(SEED, **LIMITS)
    assert parsed.subject == "Máy chủ" and parsed.from_name == "Nguyễn Văn A"
    assert parsed.to == ["s@x.vn", "b@x.vn"]
    assert parsed.in_reply_to == "<CM-1.x@cloudmini.example>"
    assert parsed.date is not None and parsed.date.utcoffset() is not None
    assert parsed.body_text.startswith("Chào anh")
    assert [a.filename for a in parsed.attachments] == ["fwd.eml", "aà.pdf"]


def test_empty_input_is_flagged_unparseable():
    assert parse_message(b"", **LIMITS).unparseable
    assert parse_message(b"  \r\n", **LIMITS).unparseable


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_flipped_bytes_truncation_and_deleted_headers_never_raise(data):
    raw = bytearray(SEED)
    for _ in range(data.draw(st.integers(0, 20))):
        raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):
        raw = raw[: data.draw(st.integers(0, len(raw)))]
    lines = bytes(raw).split(b"\r\n")
    for _ in range(data.draw(st.integers(0, 3))):
        if lines:
            del lines[data.draw(st.integers(0, len(lines) - 1))]
    assert isinstance(parse_message(b"\r\n".join(lines), **LIMITS), ParsedMail)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise(raw):
    assert isinstance(parse_message(raw, **LIMITS), ParsedMail)

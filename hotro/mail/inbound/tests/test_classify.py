"""Auto-replies and bounces are recognised, so we never answer them (P3, RFC 3834).

An acknowledgement sent to an out-of-office notice starts a mail loop; a bounce
of our own notification must reach the ticket it concerns, not open a new one.
"""

from __future__ import annotations

import pytest

from hotro.mail.inbound import parse_message

from .corpus import files

LIMITS = {"max_attachment_bytes": 1_000_000, "max_attachments": 5}


def _mail(extra_headers: str = "", subject: str = "Re: [CM-1042] Máy chủ") -> bytes:
    return (f"From: A <a@example.com>\r\nSubject: {subject}\r\n{extra_headers}\r\nHello\r\n").encode()


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        ("Auto-Submitted: auto-replied", "Auto-Submitted: auto-replied"),
        ("Auto-Submitted: auto-generated; owner-email=x@y", "Auto-Submitted: auto-generated"),
        ("Precedence: junk", "Precedence: junk"),
    ],
)
def test_rfc3834_headers_mark_an_auto_reply(header, reason):
    parsed = parse_message(_mail(header + "\r\n"), **LIMITS)
    assert parsed.is_auto_reply
    assert parsed.auto_reply_reason == reason


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        ("Precedence: bulk", "Precedence: bulk"),
        ("Precedence: list", "Precedence: list"),
        ("X-Auto-Response-Suppress: All", "X-Auto-Response-Suppress"),
        ("List-Id: <users.lists.example.com>", "List-Id"),
        ("List-Unsubscribe: <mailto:leave@example.com>", "List-Unsubscribe"),
    ],
)
def test_list_bulk_and_suppress_headers_ask_for_no_automatic_answer_but_are_human_mail(header, reason):
    """RFC 3834 forbids answering these automatically; it does not make them robots' mail."""
    parsed = parse_message(_mail(header + "\r\n"), **LIMITS)
    assert not parsed.is_auto_reply
    assert parsed.no_auto_reply_reason == reason


@pytest.mark.parametrize(
    ("subject", "automatic"),
    [
        ("Automatic reply: Re: [CM-1042] Máy chủ", True),
        ("Out of Office", True),
        ("Trả lời tự động: VPS", True),
        ("Out of office hours: my VPS is down!", False),
    ],
)
def test_an_out_of_office_subject_is_the_prefix_and_a_colon(subject, automatic):
    assert parse_message(_mail(subject=subject), **LIMITS).is_auto_reply is automatic


def test_auto_submitted_no_is_a_human_mail():
    parsed = parse_message(_mail("Auto-Submitted: no\r\n"), **LIMITS)
    assert not parsed.is_auto_reply
    assert parsed.auto_reply_reason is None


def test_a_vietnamese_out_of_office_subject_marks_an_auto_reply():
    parsed = parse_message(_mail(subject="Trả lời tự động: Vắng mặt đến 20/2"), **LIMITS)
    assert parsed.is_auto_reply


DSN = b"""From: Mail Delivery System <MAILER-DAEMON@mx.example.net>
To: support@cloudmini.example
Subject: Undelivered Mail Returned to Sender
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

I'm sorry to have to inform you that your message could not be delivered.

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net

Final-Recipient: rfc822; Khach.Hang@Example.VN
Action: failed
Status: 5.1.1

Final-Recipient: rfc822; ok@example.vn
Action: delivered
Status: 2.0.0

--B
Content-Type: message/rfc822

Message-ID: <CM-1042.abc@cloudmini.example>
From: support@cloudmini.example
Subject: [CM-1042] Ticket opened

Body
--B--
"""


def test_a_dsn_bounce_names_the_original_message_and_the_failed_recipient():
    parsed = parse_message(DSN, **LIMITS)
    assert parsed.is_bounce
    assert parsed.original_message_id == "<CM-1042.abc@cloudmini.example>"
    assert parsed.failed_recipients == ["khach.hang@example.vn"]


def test_a_dsn_with_only_the_original_headers_finds_the_message_id():
    raw = DSN.replace(b"Content-Type: message/rfc822", b"Content-Type: text/rfc822-headers")
    assert parse_message(raw, **LIMITS).original_message_id == "<CM-1042.abc@cloudmini.example>"


def test_a_non_dsn_bounce_is_recognised_by_sender_subject_and_failed_recipients_header():
    raw = (
        b"From: Mail Delivery System <Mailer-Daemon@mx.example.net>\r\nSubject: Mail delivery failed\r\n"
        b"X-Failed-Recipients: gone@example.vn\r\n\r\nA message that you sent could not be delivered.\r\n"
    )
    parsed = parse_message(raw, **LIMITS)
    assert parsed.is_bounce
    assert parsed.failed_recipients == ["gone@example.vn"]


def test_a_customer_mail_is_neither_bounce_nor_auto_reply():
    parsed = parse_message(_mail(), **LIMITS)
    assert not parsed.is_bounce and not parsed.is_auto_reply


def _corpus(*parts: str):
    found = files("email", *parts[:-1], pattern=parts[-1])
    if not found:
        pytest.skip("corpus not found")
    return parse_message(found[0].read_bytes(), **LIMITS)


def test_the_cpython_delivery_status_bounce_is_read():
    parsed = _corpus("cpython-test-email", "messages", "msg_16.txt")
    assert parsed.is_bounce
    assert parsed.original_message_id == "<002001c144a6$8752e060$56104586@oxy.edu>"
    assert parsed.failed_recipients == ["jangel1@cougar.noc.ucla.edu"]


def test_the_cpython_virus_scanner_report_lists_its_recipients():
    parsed = _corpus("cpython-test-email", "messages", "msg_43.txt")
    assert parsed.is_bounce
    assert parsed.original_message_id == "<edab.7804f5cb8070@python.org>"
    assert len(parsed.failed_recipients) > 3


def test_the_spamscope_delivery_failure_is_a_bounce_for_its_recipient():
    parsed = _corpus("spamscope-mail-parser", "mails", "mail_malformed_2")
    assert parsed.is_bounce
    assert parsed.failed_recipients == ["abh@netpar.com.br"]


def test_a_mailing_list_mail_in_the_corpus_gets_no_automatic_answer():
    assert _corpus("spamscope-mail-parser", "mails", "mail_test_13").no_auto_reply_reason == "List-Id"

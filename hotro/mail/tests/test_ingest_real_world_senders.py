"""Real mail other desks accept: no From but a Reply-To, folds that lost their whitespace,
a From whose address has spaces, parts named only by their Content-Description.

Each message is written as the broken client wrote it (bytes, not an ``EmailMessage``) and
goes through ``mail_ingest`` as an MTA pipe runs it.
"""

from __future__ import annotations

import pytest

from hotro.core.models import OutboundMessage
from hotro.desk.models import Ticket
from hotro.mail.inbound import parse_message
from hotro.mail.models import InboundMail, InboundStatus

from .intake_helpers import ingest

LIMITS = {"max_attachment_bytes": 1_000_000, "max_attachments": 10}

NO_FROM = (
    b"Reply-To: Chi Hoa <hoa@example.net>\r\n"
    b"To: support@cloudmini.example\r\n"
    b"Subject: VPS khong khoi dong\r\n"
    b"Date: Mon, 16 Feb 2026 09:00:00 +0700\r\n"
    b"Message-ID: <no-from-1@example.net>\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n"
    b"\r\n"
    b"May chu khong khoi dong duoc.\r\n"
)

# An Outlook tracker header whose continuation lines lost their leading whitespace on the way.
BROKEN_FOLD = (
    b"Received: from mx.example.net by mail.cloudmini.example; Mon, 16 Feb 2026 09:00:00 +0700\r\n"
    b"X-MS-Exchange-Organization-Message-Tracker: v=1; s=abcdef0123456789;\r\n"
    b"d=example.net; t=1771207200;\r\n"
    b"h=from,to,subject\r\n"
    b"From: Tran Minh <minh@example.net>\r\n"
    b"To: support@cloudmini.example\r\n"
    b"Subject: Backup failed last night\r\n"
    b"Message-ID: <broken-fold-1@example.net>\r\n"
    b"Content-Type: text/plain; charset=us-ascii\r\n"
    b"\r\n"
    b"The nightly backup of vps-12 failed.\r\n"
)

SPACED_LOCAL_PART = (
    b"From: <power quadrant system@example.com>\r\n"
    b"To: support@cloudmini.example\r\n"
    b"Subject: Alarm: UPS on battery\r\n"
    b"Message-ID: <spaced-1@example.com>\r\n"
    b"\r\n"
    b"UPS 2 is on battery.\r\n"
)

UNDELIVERED = (
    b"From: Mail Delivery System <postmaster@example.net>\r\n"
    b"To: khach@example.net\r\n"
    b"Subject: Fwd: returned mail\r\n"
    b"Message-ID: <described-1@example.net>\r\n"
    b"MIME-Version: 1.0\r\n"
    b'Content-Type: multipart/mixed; boundary="XX"\r\n'
    b"\r\n"
    b"--XX\r\n"
    b"Content-Type: text/plain\r\n"
    b"\r\n"
    b"See the returned message attached.\r\n"
    b"--XX\r\n"
    b"Content-Type: message/rfc822\r\n"
    b"Content-Description: Undelivered Message\r\n"
    b"\r\n"
    b"From: khach@example.net\r\n"
    b"To: nobody@example.org\r\n"
    b"\r\n"
    b"hello\r\n"
    b"--XX\r\n"
    b"Content-Type: application/octet-stream\r\n"
    b"Content-Description: Delivery report\r\n"
    b"\r\n"
    b"Reporting-MTA: dns; mx.example.net\r\n"
    b"--XX--\r\n"
)


@pytest.fixture(autouse=True)
def _departments(provider_defaults):
    """Technical (support@) and Sales (sales@), as the provider set them up."""


def test_a_mail_without_from_is_answered_at_its_reply_to_in_the_dry_run(tmp_path):
    [line] = ingest(tmp_path, NO_FROM, args=("--dry-run",))
    assert line["status"] == "created"
    assert line["from_email"] == "hoa@example.net"
    assert not InboundMail.objects.exists() and not Ticket.objects.exists()


def test_a_mail_without_from_opens_a_ticket_that_says_where_the_address_came_from(tmp_path):
    [line] = ingest(tmp_path, NO_FROM)
    assert line["status"] == "created"
    ticket = Ticket.objects.get()
    assert ticket.requester.email == "hoa@example.net"
    note = ticket.messages.get(internal=True)
    assert "Reply-To" in note.body_text and "hoa@example.net" in note.body_text
    assert OutboundMessage.objects.filter(to="hoa@example.net", kind="desk/ticket_opened").exists()


def test_header_lines_that_lost_their_folding_whitespace_do_not_end_the_header_block(tmp_path):
    parsed = parse_message(BROKEN_FOLD, **LIMITS)
    assert parsed.from_email == "minh@example.net"
    assert parsed.subject == "Backup failed last night"
    assert parsed.body_text.strip() == "The nightly backup of vps-12 failed."
    [line] = ingest(tmp_path, BROKEN_FOLD)
    assert line["status"] == "created"
    assert Ticket.objects.get().subject == "Backup failed last night"
    assert InboundMail.objects.get().from_email == "minh@example.net"


def test_a_body_without_its_blank_line_is_still_read_as_body():
    """A stray line after the last header field is the body (no blank line), not a continuation."""
    parsed = parse_message(
        b"From: a@example.net\r\nSubject: hi\r\nno blank line before this body\r\nsecond line\r\n", **LIMITS
    )
    assert parsed.subject == "hi"
    assert "no blank line before this body" in parsed.body_text


def test_a_from_with_spaces_in_its_address_is_never_guessed(tmp_path):
    parsed = parse_message(SPACED_LOCAL_PART, **LIMITS)
    assert parsed.from_email is None  # never "system@example.com", someone else's mailbox
    assert parsed.invalid_sender == "<power quadrant system@example.com>"
    [line] = ingest(tmp_path, SPACED_LOCAL_PART)
    assert line["status"] == "failed"
    assert "power quadrant system@example.com" in line["reason"]
    mail = InboundMail.objects.get()
    assert mail.status == InboundStatus.FAILED
    assert mail.from_email == "<power quadrant system@example.com>"  # as written, for the failed list
    assert not Ticket.objects.exists()
    assert not OutboundMessage.objects.filter(to="system@example.com").exists()


def test_parts_without_a_file_name_are_named_by_their_content_description():
    parsed = parse_message(UNDELIVERED, **LIMITS)
    assert [a.filename for a in parsed.attachments] == ["Undelivered Message.eml", "Delivery report.bin"]

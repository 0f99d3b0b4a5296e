"""Issue #14, finding 4: a forged delivery report must not mark a contact's address as failing.

A report counts only when it is about a mail the desk sent: our Message-ID in its returned
message or headers part, or in In-Reply-To / References; and only the address that mail went
to is marked failing.
"""

from __future__ import annotations

import pytest
from django.utils.translation import gettext

from hotro.accounts.models import Contact
from hotro.core.models import OutboundMessage
from hotro.mail.models import InboundMail, InboundStatus

from .intake_helpers import ingest


@pytest.fixture(autouse=True)
def _departments(provider_defaults):
    pass


def _report(recipient: str, *, returned_id: str | None = None, in_reply_to: str | None = None) -> bytes:
    threading = f"In-Reply-To: {in_reply_to}\r\n" if in_reply_to else ""
    returned = (
        f"--B\r\nContent-Type: message/rfc822\r\n\r\nMessage-ID: {returned_id}\r\nTo: {recipient}\r\n"
        "Subject: ack\r\n\r\nhello\r\n"
        if returned_id
        else ""
    )
    return (
        "From: Mail Delivery System <MAILER-DAEMON@mx.attacker.example>\r\n"
        "To: support@cloudmini.example\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        "Message-ID: <forged-bounce@mx.attacker.example>\r\n"
        f"{threading}"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n\r\n'
        "--B\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n"
        "--B\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.attacker.example\r\n\r\n"
        f"Final-Recipient: rfc822; {recipient}\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        f"{returned}"
        "--B--\r\n"
    ).encode()


def _failing(contact: Contact) -> bool:
    return Contact.objects.get(pk=contact.pk).email_failing_since is not None


def test_a_forged_bounce_naming_no_mail_of_ours_is_stored_and_ignored(tmp_path, contact_a):
    [line] = ingest(tmp_path, _report(contact_a.email))
    assert line["status"] == "ignored" and line["reason"] == gettext(
        "Delivery report that matches no email we sent; ignored."
    )
    assert not _failing(contact_a)
    mail = InboundMail.objects.get()
    assert mail.status == InboundStatus.IGNORED and mail.reason


def test_a_forged_bounce_with_an_invented_message_id_is_ignored(tmp_path, contact_a):
    [line] = ingest(tmp_path, _report(contact_a.email, returned_id="<CM-000001@cloudmini.example>"))
    assert line["status"] == "ignored" and not _failing(contact_a)


def test_a_report_about_our_mail_to_someone_else_does_not_mark_the_victim(tmp_path, contact_a, contact_b, make_ticket):
    """The attacker got a mail from the desk and forges a report about it naming the victim."""
    ticket = make_ticket(contact_b)
    theirs = OutboundMessage.objects.get(ticket=ticket, kind="desk/ticket_opened")
    [line] = ingest(tmp_path, _report(contact_a.email, returned_id=theirs.message_id))
    assert line["status"] == "bounce"
    assert not _failing(contact_a)


def test_a_report_returning_our_mail_marks_its_recipient(tmp_path, contact_a, make_ticket):
    ticket = make_ticket(contact_a)
    ack = OutboundMessage.objects.get(ticket=ticket, kind="desk/ticket_opened")
    [line] = ingest(tmp_path, _report(contact_a.email, returned_id=ack.message_id))
    assert line["status"] == "bounce" and line["ticket"] == ticket.number
    assert _failing(contact_a)


def test_a_report_citing_our_mail_in_in_reply_to_counts(tmp_path, contact_a, make_ticket):
    ticket = make_ticket(contact_a)
    ack = OutboundMessage.objects.get(ticket=ticket, kind="desk/ticket_opened")
    [line] = ingest(tmp_path, _report(contact_a.email, in_reply_to=ack.message_id))
    assert line["status"] == "bounce" and _failing(contact_a)

"""``mail_ingest``: raw mail in, tickets out (P1 open by email, P4 replies thread into the ticket).

The messages are real RFC 5322 bytes as a mail client writes them; the
command is run as an MTA pipe would run it, and its JSON report is checked
along with what the desk now holds.
"""

from __future__ import annotations

import pytest

from hotro.accounts.models import Contact
from hotro.core.models import OutboundMessage
from hotro.desk import services
from hotro.desk.models import AuthorKind, Channel, Ticket
from hotro.mail.models import InboundMail, InboundStatus
from hotro.mail.outbox import ticket_root_id

from .intake_helpers import ingest, raw_mail

REPORT_KEYS = {
    "file", "status", "ticket", "message_id", "from_email", "from_name",
    "subject", "body_text", "reply_text", "attachments", "reason",
}  # fmt: skip


@pytest.fixture(autouse=True)
def _departments(provider_defaults):
    """Technical (support@) and Sales (sales@) with their addresses, as the provider set them up."""


def test_a_new_mail_opens_a_ticket_in_the_department_it_was_sent_to(tmp_path):
    """P1: mail to sales@ opens a Sales ticket for a new contact, over the email channel, acknowledged (P3)."""
    [line] = ingest(tmp_path, raw_mail(sender="Chị Hoa <hoa@example.net>", to="sales@cloudmini.example"))
    assert line["status"] == "created"
    ticket = Ticket.objects.get()
    assert line["ticket"] == ticket.number
    assert ticket.department.slug == "sales"
    assert ticket.channel == Channel.EMAIL
    assert ticket.requester.email == "hoa@example.net" and ticket.requester.name == "Chị Hoa"
    assert "không khởi động được" in ticket.messages.get().body_text
    assert OutboundMessage.objects.filter(to="hoa@example.net", kind="desk/ticket_opened").count() == 1


def test_mail_to_an_unknown_address_goes_to_the_technical_department(tmp_path):
    [line] = ingest(tmp_path, raw_mail(to="someone-else@example.org"))
    assert line["status"] == "created"
    assert Ticket.objects.get().department.slug == "technical"


def test_the_department_option_overrides_the_address(tmp_path):
    [line] = ingest(tmp_path, raw_mail(to="support@cloudmini.example"), args=("--department", "sales"))
    assert Ticket.objects.get(pk=Ticket.pk_from_number(line["ticket"])).department.slug == "sales"


def test_the_report_has_the_agreed_shape(tmp_path):
    raw = raw_mail(
        message_id="<shape-1@example.net>",
        body="Xin chào,\nVPS lỗi.\n",
        attachments=[("log.txt", b"eth0 down\n", "text/plain")],
    )
    [line] = ingest(tmp_path, raw)
    assert set(line) == REPORT_KEYS
    assert line["file"].endswith(".eml")
    assert line["message_id"] == "<shape-1@example.net>"
    assert line["from_email"] == "khach@example.net" and line["from_name"] == "Khách Hàng"
    assert line["subject"] == "VPS không khởi động được"
    assert "VPS lỗi." in line["body_text"] and "VPS lỗi." in line["reply_text"]
    assert line["attachments"] == ["log.txt"]
    assert line["reason"] is None
    ticket = Ticket.objects.get()
    assert list(ticket.attachments.values_list("filename", flat=True)) == ["log.txt"]


def test_a_reply_to_one_of_our_emails_joins_its_ticket_without_the_quote(tmp_path, contact_a, make_ticket):
    """P4: the customer answers our acknowledgement; the reply lands on the same ticket, the quote stripped."""
    ticket = make_ticket(contact_a)
    ack = OutboundMessage.objects.get(ticket=ticket, kind="desk/ticket_opened")
    body = "Tôi đã thử khởi động lại, vẫn lỗi.\n\nOn Mon, 1 Jan 2024 at 10:00, Cloudmini <support@cloudmini.example> wrote:\n> Chúng tôi đã nhận được yêu cầu của bạn.\n> Mã yêu cầu CM-1\n"
    raw = raw_mail(sender=contact_a.email, subject="Re: something", body=body, in_reply_to=ack.message_id)
    [line] = ingest(tmp_path, raw)
    assert line["status"] == "appended" and line["ticket"] == ticket.number
    reply = ticket.messages.order_by("id").last()
    assert reply.author_kind == AuthorKind.CUSTOMER and reply.channel == Channel.EMAIL
    assert reply.body_text == "Tôi đã thử khởi động lại, vẫn lỗi."
    assert reply.email_message_id == line["message_id"]
    assert InboundMail.objects.get().ticket_message == reply


def test_a_reply_to_the_tickets_root_id_joins_it(tmp_path, contact_a, make_ticket):
    ticket = make_ticket(contact_a)
    raw = raw_mail(sender=contact_a.email, subject="Re: hello", references=ticket_root_id(ticket))
    [line] = ingest(tmp_path, raw)
    assert (line["status"], line["ticket"]) == ("appended", ticket.number)


def test_a_reply_to_an_earlier_inbound_message_joins_its_ticket(tmp_path):
    """P4: a customer's follow-up to their own first mail (cc'd to support) threads too."""
    [first] = ingest(tmp_path, raw_mail(message_id="<first@example.net>"))
    [second] = ingest(tmp_path, raw_mail(subject="more info", in_reply_to="<first@example.net>", body="Thêm log.\n"))
    assert second["status"] == "appended" and second["ticket"] == first["ticket"]


def test_the_ticket_number_in_the_subject_threads_a_reply(tmp_path, contact_a, make_ticket):
    ticket = make_ticket(contact_a)
    raw = raw_mail(sender=contact_a.email, subject=f"Fwd: về yêu cầu [{ticket.number}] hôm qua", body="Bổ sung.\n")
    [line] = ingest(tmp_path, raw)
    assert (line["status"], line["ticket"]) == ("appended", ticket.number)


def test_a_plus_address_threads_a_reply(tmp_path, contact_a, make_ticket):
    ticket = make_ticket(contact_a)
    raw = raw_mail(sender=contact_a.email, subject="no token", to=f"support+{ticket.number}@cloudmini.example")
    [line] = ingest(tmp_path, raw)
    assert (line["status"], line["ticket"]) == ("appended", ticket.number)


def test_headers_win_over_the_subject_token(tmp_path, contact_a, make_ticket):
    first, second = make_ticket(contact_a), make_ticket(contact_a)
    raw = raw_mail(sender=contact_a.email, subject=f"[{second.number}]", in_reply_to=ticket_root_id(first))
    [line] = ingest(tmp_path, raw)
    assert line["ticket"] == first.number


def test_a_stranger_using_the_ticket_token_gets_a_new_ticket(tmp_path, contact_a, make_ticket):
    """Only the requester and CCs write into a ticket; a stranger is never silently appended (P4, access)."""
    ticket = make_ticket(contact_a)
    raw = raw_mail(sender="mallory@evil.example", subject=f"Re: [{ticket.number}] please reset root password")
    [line] = ingest(tmp_path, raw)
    assert line["status"] == "created" and line["ticket"] != ticket.number
    assert ticket.number in line["reason"]
    assert ticket.messages.count() == 1
    assert Ticket.objects.get(pk=Ticket.pk_from_number(line["ticket"])).requester.email == "mallory@evil.example"


def test_a_cc_of_the_ticket_may_reply(tmp_path, contact_a, contact_b, make_ticket):
    ticket = make_ticket(contact_a, ccs=[contact_b])
    [line] = ingest(tmp_path, raw_mail(sender=contact_b.email, subject=f"Re: [{ticket.number}]"))
    assert (line["status"], line["ticket"]) == ("appended", ticket.number)


def test_with_the_setting_a_stranger_answering_our_mail_is_added_as_a_cc(tmp_path, settings, contact_a, make_ticket):
    """The requester forwarded our mail to a colleague, who answers it: In-Reply-To is our random Message-ID."""
    from hotro.core.models import OutboundMessage

    settings.HOTRO_MAIL_UNKNOWN_SENDER_AS_CC = True
    ticket = make_ticket(contact_a)
    ours = OutboundMessage.objects.filter(ticket=ticket).first().message_id
    mail = raw_mail(sender="dong.nghiep@example.net", subject=f"Re: [{ticket.number}]", in_reply_to=ours)
    [line] = ingest(tmp_path, mail)
    assert (line["status"], line["ticket"]) == ("appended", ticket.number)
    assert list(ticket.ccs.values_list("email", flat=True)) == ["dong.nghiep@example.net"]
    assert ticket.events.filter(action="desk.ticket.cc_added").exists()


def test_even_with_the_setting_a_guessed_ticket_number_does_not_make_a_stranger_a_cc(
    tmp_path, settings, contact_a, make_ticket
):
    """Ticket numbers are sequential: a subject tag alone must not open the thread to anyone."""
    settings.HOTRO_MAIL_UNKNOWN_SENDER_AS_CC = True
    ticket = make_ticket(contact_a)
    [line] = ingest(tmp_path, raw_mail(sender="mallory@example.net", subject=f"Re: [{ticket.number}]"))
    assert line["status"] == "created" and line["ticket"] != ticket.number
    assert not ticket.ccs.exists()


def test_a_reply_reopens_a_resolved_ticket(tmp_path, contact_a, tech_agent, make_ticket):
    """P4: replying to a resolved ticket reopens it, as a portal reply does."""
    ticket = make_ticket(contact_a)
    services.change_status(ticket, "resolved", tech_agent)
    ingest(tmp_path, raw_mail(sender=contact_a.email, subject=f"Re: [{ticket.number}]", body="Vẫn lỗi.\n"))
    ticket.refresh_from_db()
    assert ticket.status == "open"


def test_the_same_file_twice_is_a_duplicate_and_creates_nothing_twice(tmp_path):
    """DESIGN: duplicate deliveries create nothing twice."""
    raw = raw_mail(message_id="<twice@example.net>")
    [first] = ingest(tmp_path, raw)
    [second] = ingest(tmp_path, raw)
    assert first["status"] == "created"
    assert second["status"] == "duplicate" and second["ticket"] == first["ticket"]
    assert Ticket.objects.count() == 1 and InboundMail.objects.count() == 1


def test_another_copy_with_the_same_message_id_is_a_duplicate(tmp_path):
    """The same mail through a second path (other Received lines) is stored but opens nothing."""
    [first] = ingest(tmp_path, raw_mail(message_id="<copy@example.net>"))
    copy = b"Received: from mx2.example.net by mx.cloudmini.example\r\n" + raw_mail(message_id="<copy@example.net>")
    [second] = ingest(tmp_path, copy)
    assert second["status"] == "duplicate" and second["ticket"] == first["ticket"]
    assert Ticket.objects.count() == 1
    assert InboundMail.objects.filter(status=InboundStatus.DUPLICATE).count() == 1


def test_an_auto_reply_is_ignored_and_sends_no_acknowledgement(tmp_path):
    """RFC 3834: an out-of-office opens no ticket and gets no answer, so two desks cannot loop."""
    raw = raw_mail(subject="Out of office", headers={"Auto-Submitted": "auto-replied"})
    [line] = ingest(tmp_path, raw)
    assert line["status"] == "ignored" and line["ticket"] is None
    assert line["subject"] == "Out of office"
    assert not Ticket.objects.exists() and not OutboundMessage.objects.exists()
    assert InboundMail.objects.get().status == InboundStatus.IGNORED


def test_mail_from_our_own_address_is_ignored(tmp_path):
    [line] = ingest(tmp_path, raw_mail(sender="Cloudmini <support@cloudmini.example>"))
    assert line["status"] == "ignored" and not Ticket.objects.exists()


def test_acknowledgements_per_sender_are_capped_per_hour(tmp_path, settings):
    """Mail-loop guard: beyond the limit the ticket is opened but the acknowledgement is held back."""
    settings.HOTRO_MAIL_ACK_LIMIT_PER_HOUR = 2
    lines = ingest(tmp_path, *[raw_mail(subject=f"loop {n}") for n in range(4)])
    assert [line["status"] for line in lines] == ["created"] * 4
    assert OutboundMessage.objects.filter(to="khach@example.net", kind="desk/ticket_opened").count() == 2


def _bounce_for(message_id: str, recipient: str) -> bytes:
    return (
        "From: Mail Delivery System <MAILER-DAEMON@mx.example.net>\r\n"
        "To: support@cloudmini.example\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        "Message-ID: <bounce-1@mx.example.net>\r\n"
        "Auto-Submitted: auto-replied\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n\r\n'
        "--B\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n"
        "--B\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.example.net\r\n\r\n"
        f"Final-Recipient: rfc822; {recipient}\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        "--B\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        f"Message-ID: {message_id}\r\nTo: {recipient}\r\nSubject: ack\r\n"
        "--B--\r\n"
    ).encode()


def test_a_bounce_becomes_an_internal_note_on_the_right_ticket_and_flags_the_contact(tmp_path, contact_a, make_ticket):
    """P3: agents learn the customer's mail bounced; no ticket is opened; the address is marked failing."""
    make_ticket(contact_a)  # another ticket, not the one that bounced
    ticket = make_ticket(contact_a, subject="Cái bị trả lại")
    ack = OutboundMessage.objects.get(ticket=ticket, kind="desk/ticket_opened")
    [line] = ingest(tmp_path, _bounce_for(ack.message_id, contact_a.email))
    assert line["status"] == "bounce" and line["ticket"] == ticket.number
    assert Ticket.objects.count() == 2
    note = ticket.messages.order_by("id").last()
    assert note.internal and note.author_kind == AuthorKind.SYSTEM
    assert contact_a.email in note.body_text
    assert Contact.objects.get(pk=contact_a.pk).email_failing_since is not None
    assert InboundMail.objects.get().status == InboundStatus.BOUNCE


def test_a_bounce_for_mail_we_never_sent_opens_nothing(tmp_path):
    [line] = ingest(tmp_path, _bounce_for("<not-ours@example.org>", "x@example.org"))
    assert line["status"] == "ignored" and line["ticket"] is None
    assert not Ticket.objects.exists()


def test_withheld_attachments_are_listed_for_agents(tmp_path, settings):
    """Bad input gets a clear note: a forbidden or oversized file is named on the ticket with the reason."""
    settings.HOTRO_ATTACHMENT_MAX_BYTES = 100
    raw = raw_mail(
        attachments=[
            ("big.log", b"x" * 500, "text/plain"),
            ("setup.exe", b"MZ", "application/octet-stream"),
            ("ok.txt", b"fine", "text/plain"),
        ]
    )
    [line] = ingest(tmp_path, raw)
    ticket = Ticket.objects.get()
    assert list(ticket.attachments.values_list("filename", flat=True)) == ["ok.txt"]
    note = ticket.messages.get(internal=True)
    assert "big.log" in note.body_text and "setup.exe" in note.body_text
    assert "ok.txt" not in note.body_text
    assert line["attachments"] == ["big.log", "setup.exe", "ok.txt"]


def test_an_attachment_only_mail_still_opens_a_ticket(tmp_path):
    raw = raw_mail(subject="", body="", attachments=[("screen.png", b"\x89PNG....", "image/png")])
    [line] = ingest(tmp_path, raw)
    assert line["status"] == "created"
    ticket = Ticket.objects.get()
    assert ticket.subject and ticket.attachments.count() == 1


def test_dry_run_reports_what_would_happen_and_stores_nothing(tmp_path, contact_a, make_ticket):
    ticket = make_ticket(contact_a)
    outbox_before = OutboundMessage.objects.count()
    lines = ingest(
        tmp_path,
        raw_mail(),
        raw_mail(sender=contact_a.email, subject=f"Re: [{ticket.number}]"),
        raw_mail(headers={"Auto-Submitted": "auto-replied"}),
        args=("--dry-run",),
    )
    assert [line["status"] for line in lines] == ["created", "appended", "ignored"]
    assert lines[1]["ticket"] == ticket.number
    assert not InboundMail.objects.exists()
    assert Ticket.objects.count() == 1 and ticket.messages.count() == 1
    assert OutboundMessage.objects.count() == outbox_before


def test_an_unreadable_file_exits_non_zero_and_the_others_are_still_read(tmp_path):
    from django.core.management import call_command

    good = tmp_path / "good.eml"
    good.write_bytes(raw_mail())
    with pytest.raises(SystemExit) as exit_info:
        call_command("mail_ingest", str(tmp_path / "missing.eml"), str(good), stdout=__import__("io").StringIO())
    assert exit_info.value.code == 1
    assert Ticket.objects.count() == 1


def test_stdin_is_read_with_a_dash(monkeypatch):
    """An MTA pipes the message in: ``mail_ingest -``."""
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw_mail(subject="Qua pipe"))))
    from .intake_helpers import run_command

    [line] = run_command("-")
    assert line["file"] == "-" and line["status"] == "created"
    assert Ticket.objects.get().subject == "Qua pipe"


def test_each_report_is_exactly_one_line_whatever_the_text():
    """Line separators JSON leaves raw (U+2028, NEL) are escaped, so line-based readers see one object."""
    import json

    from hotro.mail.intake.report import to_json_line

    text = to_json_line({"body_text": "một\u2028hai\x85ba", "bad": "\udc80"})
    assert len(text.splitlines()) == 1
    assert json.loads(text)["body_text"] == "một\u2028hai\x85ba"


def test_a_human_mail_that_asks_for_no_automatic_answer_opens_a_ticket_without_acknowledgement(tmp_path):
    """Outlook sets X-Auto-Response-Suppress on ordinary mail: the ticket is opened (nothing lost), no ack (RFC 3834)."""
    from hotro.core.models import OutboundMessage

    mail = raw_mail(sender="khach@example.net", headers={"X-Auto-Response-Suppress": "All"})
    [line] = ingest(tmp_path, mail)
    assert line["status"] == "created"
    assert not OutboundMessage.objects.filter(to="khach@example.net").exists()


def test_with_the_database_down_the_pipe_exits_75_so_the_mta_keeps_the_mail(tmp_path):
    """Nothing received is lost: a mail that could not be stored is handed back to the MTA (EX_TEMPFAIL)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    message = tmp_path / "m.eml"
    message.write_bytes(raw_mail())
    env = {**os.environ, "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none", "SECRET_KEY": "test-only"}
    done = subprocess.run(
        [sys.executable, "manage.py", "mail_ingest", str(message)],
        cwd=root,
        env=env,
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 75, done.stderr.decode()[-2000:]
    assert b"try again later" in done.stderr

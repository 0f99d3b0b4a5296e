"""Nothing received is lost (DESIGN): a message that fails lands in the failed list, visible and retryable."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from hotro.core.models import OutboundMessage
from hotro.desk.models import Ticket
from hotro.mail.intake import desk
from hotro.mail.intake.process import process_inbound, retry_inbound
from hotro.mail.intake.store import store_raw
from hotro.mail.models import InboundMail, InboundStatus

from .intake_helpers import ingest, raw_mail


@pytest.fixture(autouse=True)
def _departments(provider_defaults):
    pass


def _break_ticket_opening(monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("storage is full")

    monkeypatch.setattr(desk.services, "open_ticket_with_message", broken)


def test_a_message_that_raises_in_processing_is_failed_with_its_error(tmp_path, monkeypatch):
    _break_ticket_opening(monkeypatch)
    [line] = ingest(tmp_path, raw_mail(subject="Hỏng"))
    assert line["status"] == "failed" and line["ticket"] is None
    assert "storage is full" in line["reason"]
    assert line["subject"] == "Hỏng"  # parsed fields are reported whatever the status
    mail = InboundMail.objects.get()
    assert mail.status == InboundStatus.FAILED and "RuntimeError" in mail.error
    assert mail.raw_bytes.startswith(b"From:") or b"Subject:" in mail.raw_bytes
    assert not Ticket.objects.exists() and not OutboundMessage.objects.exists()


def test_a_half_done_failure_leaves_no_half_made_ticket(tmp_path, monkeypatch):
    """The desk work runs in a savepoint: the ticket opened before the fault is rolled back with it."""

    def fail_after(*args, **kwargs):
        raise RuntimeError("withheld note failed")

    monkeypatch.setattr(desk, "note_withheld", fail_after)
    [line] = ingest(tmp_path, raw_mail())
    assert line["status"] == "failed"
    assert not Ticket.objects.exists() and not OutboundMessage.objects.exists()


def test_the_failed_list_shows_it_and_retry_processes_it_once_fixed(tmp_path, monkeypatch, admin_agent, client_for):
    with monkeypatch.context() as patch:
        _break_ticket_opening(patch)
        ingest(tmp_path, raw_mail(subject="Thử lại"))
    mail = InboundMail.objects.get()
    client = client_for(admin_agent)
    listing = client.get(reverse("admin:mail_inboundmail_changelist"), {"status__exact": "failed"})
    assert listing.status_code == 200
    assert "Thử lại" in listing.content.decode() and "storage is full" in listing.content.decode()

    response = client.post(
        reverse("admin:mail_inboundmail_changelist"),
        {"action": "retry_action", "_selected_action": [mail.pk]},
    )
    assert response.status_code == 302
    mail.refresh_from_db()
    assert mail.status == InboundStatus.PROCESSED and mail.outcome == "created" and mail.attempts == 2
    assert mail.ticket.subject == "Thử lại"


def test_processing_twice_does_nothing_the_second_time(db):
    stored = store_raw(raw_mail(), enqueue=False)
    process_inbound(stored.mail.pk)
    process_inbound(stored.mail.pk)
    retry_inbound(stored.mail.pk)  # not failed: left alone
    assert Ticket.objects.count() == 1


def test_a_message_without_a_sender_is_failed_not_dropped(tmp_path):
    raw = b"To: support@cloudmini.example\r\nSubject: no sender\r\n\r\nhello\r\n"
    with translation.override("en"):
        [line] = ingest(tmp_path, raw)
    assert line["status"] == "failed" and "sender" in line["reason"]
    assert InboundMail.objects.get().status == InboundStatus.FAILED


def test_an_agent_of_the_department_downloads_the_original(tmp_path, tech_agent, sales_agent, client_for):
    """The raw message stays available to the ticket's agents, and only to them."""
    ingest(tmp_path, raw_mail(body="Toàn bộ nội dung gốc.\n"))
    mail = InboundMail.objects.get()
    url = reverse("mail:raw_message", args=[mail.pk])
    response = client_for(tech_agent).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "message/rfc822"
    assert response.content == mail.raw_bytes
    assert client_for(sales_agent).get(url).status_code == 404


def test_a_customer_cannot_download_even_their_own_original(tmp_path, customer_a, client_for):
    ingest(tmp_path, raw_mail(sender=customer_a.email))
    url = reverse("mail:raw_message", args=[InboundMail.objects.get().pk])
    assert client_for(customer_a).get(url).status_code == 404

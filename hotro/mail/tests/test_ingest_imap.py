"""IMAP polling against a real Dovecot: mail in, tickets out, nothing lost when the server is down (P1)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from hotro.desk.models import Department, Ticket
from hotro.mail.imap import mailbox_alerts, poll_mailbox, poll_mailboxes
from hotro.mail.models import InboundMail, InboundSource, InboundStatus, Mailbox
from hotro.mail.testing_imap import PASSWORD, USER, dovecot_server

from .conftest import IMMEDIATE_TASKS
from .intake_helpers import raw_mail


@pytest.fixture
def imap(tmp_path):
    with dovecot_server(tmp_path) as server:
        yield server


@pytest.fixture
def mailbox(imap, sales, settings) -> Mailbox:
    """The sales mailbox; tasks run at once, so a stored message is processed on commit."""
    settings.TASKS = IMMEDIATE_TASKS
    return Mailbox.objects.create(
        name="sales",
        host="127.0.0.1",
        port=imap.port,
        use_ssl=False,
        username=USER,
        password=PASSWORD,
        department=sales,
    )


def seen(flags: tuple[bytes, ...]) -> bool:
    return b"\\Seen" in flags


@pytest.mark.django_db(transaction=True)
def test_new_mail_becomes_a_ticket_and_is_marked_seen(imap, mailbox):
    """P1: a customer's email in the mailbox opens a ticket in the mailbox's department."""
    imap.append(raw_mail(subject="Hoá đơn tháng 5", to="billing@example.org"))
    assert poll_mailbox(mailbox) == 1
    ticket = Ticket.objects.get()
    assert ticket.subject == "Hoá đơn tháng 5" and ticket.department.slug == "sales"
    inbound = InboundMail.objects.get()
    assert inbound.source == InboundSource.IMAP and inbound.mailbox == mailbox
    assert inbound.status == InboundStatus.PROCESSED
    assert [seen(flags) for flags in imap.flags()] == [True]
    mailbox.refresh_from_db()
    assert mailbox.last_success_at is not None and mailbox.failing_since is None


@pytest.mark.django_db(transaction=True)
def test_a_second_poll_fetches_nothing_new(imap, mailbox):
    imap.append(raw_mail())
    poll_mailbox(mailbox)
    assert poll_mailbox(mailbox) == 0
    assert Ticket.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_processed_mail_can_be_moved_to_a_folder(imap, mailbox):
    with imap.client() as client:
        client.create_folder("Done")
    mailbox.processed_folder = "Done"
    mailbox.save()
    imap.append(raw_mail())
    poll_mailbox(mailbox)
    assert imap.flags("INBOX") == [] and len(imap.flags("Done")) == 1


@pytest.mark.django_db(transaction=True)
def test_when_imap_is_down_the_error_is_recorded_and_the_mail_is_picked_up_later(imap, mailbox):
    """Nothing received is lost: an outage delays mail; the next successful poll takes it."""
    imap.append(raw_mail(subject="Trong lúc sự cố"))
    imap.stop()
    assert poll_mailbox(mailbox) == 0
    mailbox.refresh_from_db()
    assert mailbox.last_error and mailbox.failing_since is not None and mailbox.consecutive_failures == 1
    first_wait = mailbox.next_poll_at - mailbox.last_error_at
    poll_mailbox(mailbox)
    mailbox.refresh_from_db()
    assert mailbox.next_poll_at - mailbox.last_error_at > first_wait  # backing off
    assert not Ticket.objects.exists()

    imap.start()
    assert poll_mailbox(mailbox) == 1
    assert Ticket.objects.get().subject == "Trong lúc sự cố"
    mailbox.refresh_from_db()
    assert mailbox.failing_since is None and mailbox.consecutive_failures == 0


@pytest.mark.django_db(transaction=True)
def test_a_mailbox_failing_too_long_is_an_alert(imap, mailbox, settings):
    settings.HOTRO_MAIL_ALERT_AFTER_MINUTES = 15
    imap.stop()
    poll_mailbox(mailbox)
    assert mailbox_alerts() == []  # failing, but not for long
    Mailbox.objects.filter(pk=mailbox.pk).update(failing_since=timezone.now() - timedelta(minutes=16))
    assert mailbox_alerts() == [mailbox]


@pytest.mark.django_db(transaction=True)
def test_a_wrong_password_is_recorded_not_raised(imap, mailbox):
    mailbox.password = "wrong"
    mailbox.save()
    imap.append(raw_mail())
    assert poll_mailbox(mailbox) == 0
    mailbox.refresh_from_db()
    assert "LoginError" in mailbox.last_error or "AUTHENTICATIONFAILED" in mailbox.last_error
    assert [seen(flags) for flags in imap.flags()] == [False]


@pytest.mark.django_db(transaction=True)
def test_the_password_can_come_from_the_environment(imap, mailbox, monkeypatch):
    mailbox.password = ""
    mailbox.password_env = "HOTRO_TEST_IMAP_PASSWORD"
    mailbox.save()
    monkeypatch.setenv("HOTRO_TEST_IMAP_PASSWORD", PASSWORD)
    imap.append(raw_mail())
    assert poll_mailbox(mailbox) == 1


@pytest.mark.django_db(transaction=True)
def test_the_scheduler_job_polls_only_due_active_mailboxes(imap, mailbox, technical):
    Mailbox.objects.create(
        name="off", host="127.0.0.1", port=1, use_ssl=False, username="x", department=technical, active=False
    )
    imap.append(raw_mail())
    assert poll_mailboxes() == 1
    imap.append(raw_mail(subject="second"))
    assert poll_mailboxes() == 0  # not due yet
    Mailbox.objects.filter(pk=mailbox.pk).update(next_poll_at=timezone.now() - timedelta(seconds=1))
    assert poll_mailboxes() == 1
    assert Department.objects.get(slug="sales").tickets.count() == 2

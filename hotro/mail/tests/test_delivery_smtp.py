"""Outbound mail survives an SMTP outage (DESIGN: email out; P3), against a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from hotro.core.models import OutboundMessage, OutboundStatus
from hotro.core.outbound import delivery
from hotro.core.outbound.delivery import deliver_due
from hotro.desk import services


def make_all_due() -> None:
    OutboundMessage.objects.filter(status=OutboundStatus.PENDING).update(next_attempt_at=timezone.now())


def test_replies_succeed_while_smtp_is_down_and_every_mail_goes_out_exactly_once_when_it_is_back(
    smtp_down, contact_a, contact_b, tech_agent, make_ticket, django_capture_on_commit_callbacks
):
    """P3: every update reaches the customer even across an outage, and never twice."""
    with django_capture_on_commit_callbacks(execute=True):
        ticket = make_ticket(contact_a, ccs=[contact_b])
    with django_capture_on_commit_callbacks(execute=True):
        services.add_agent_reply(ticket, tech_agent, "Đã khởi động lại.")
    with django_capture_on_commit_callbacks(execute=True):
        services.assign(ticket, tech_agent, tech_agent)
        services.add_internal_note(ticket, tech_agent, "ghi chú nội bộ")

    rows = list(OutboundMessage.objects.order_by("id"))
    assert len(rows) == 4  # ack and reply, each to the requester and the CC
    for row in rows:
        assert row.status == OutboundStatus.PENDING
        assert (row.attempts, row.deferrals) == (0, 1)  # an outage does not use up the attempts
        assert "Connection refused" in row.last_error or "Errno" in row.last_error
        assert row.next_attempt_at > timezone.now()
    assert deliver_due() == 0  # not due yet: backoff
    make_all_due()
    assert deliver_due() == 0  # still down: the batch stops at the first unreachable try
    assert sorted(OutboundMessage.objects.values_list("deferrals", flat=True)) == [1, 1, 1, 2]

    smtp_down.start()
    make_all_due()
    assert deliver_due() == 4
    assert deliver_due() == 0
    make_all_due()
    assert deliver_due() == 0

    received = smtp_down.messages
    assert len(received) == 4
    assert sorted(m["Message-ID"] for m in received) == sorted(r.message_id for r in rows)
    assert sorted(m["To"] for m in received) == sorted(
        [contact_a.email, contact_a.email, contact_b.email, contact_b.email]
    )
    assert not any("ghi chú nội bộ" in m.get_body(("plain",)).get_content() for m in received)
    sent = OutboundMessage.objects.filter(status=OutboundStatus.SENT)
    assert sent.count() == 4 and not sent.filter(sent_at__isnull=True).exists()
    assert set(sent.values_list("last_error", flat=True)) == {""}


def test_a_mail_is_delivered_on_commit_with_its_threading_headers(
    smtp, contact_a, technical, make_ticket, django_capture_on_commit_callbacks, settings
):
    """RFC 3834 / threading: the stored Message-ID is the one sent; replies thread under the ticket root."""
    settings.HOTRO_MAIL_DOMAIN = "mail.test"
    with django_capture_on_commit_callbacks(execute=True):
        ticket = make_ticket(contact_a)
    [row] = OutboundMessage.objects.all()
    [message] = smtp.messages
    assert row.status == OutboundStatus.SENT
    assert message["Message-ID"] == row.message_id
    assert row.message_id.startswith(f"<{ticket.number}.") and row.message_id.endswith("@mail.test>")
    assert message["In-Reply-To"] == f"<{ticket.number}@mail.test>"
    assert message["References"] == f"<{ticket.number}@mail.test>"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Reply-To"] == technical.email
    assert message["From"] == settings.DEFAULT_FROM_EMAIL
    assert message["Subject"].strip().startswith(f"[{ticket.number}] ")  # Django folds non-ASCII subjects
    assert message.get_body(("html",)) is not None
    assert ticket.number in message.get_body(("plain",)).get_content()


def test_the_message_id_stays_the_same_across_retries(smtp_down, contact_a, make_ticket):
    make_ticket(contact_a)
    [row] = OutboundMessage.objects.all()
    original = row.message_id
    for _ in range(3):
        make_all_due()
        deliver_due()
    smtp_down.start()
    make_all_due()
    assert deliver_due() == 1
    row.refresh_from_db()
    assert row.attempts == 1 and row.deferrals >= 3
    assert row.message_id == original
    assert [m["Message-ID"] for m in smtp_down.messages] == [original]


def test_an_outage_is_waited_out_until_the_give_up_time_then_an_admin_can_retry(
    smtp_down, contact_a, make_ticket, settings
):
    """A long outage (a weekend, Tết) keeps the mail waiting; only past HOTRO_OUTBOX_GIVE_UP_HOURS is it failed."""
    settings.HOTRO_OUTBOX_MAX_ATTEMPTS = 2
    make_ticket(contact_a)
    for _ in range(5):
        make_all_due()
        deliver_due()
    [row] = OutboundMessage.objects.all()
    assert row.status == OutboundStatus.PENDING and row.deferrals >= 5
    settings.HOTRO_OUTBOX_GIVE_UP_HOURS = 0
    make_all_due()
    deliver_due()
    row.refresh_from_db()
    assert row.status == OutboundStatus.FAILED and row.last_error

    smtp_down.start()
    assert deliver_due() == 0  # failed rows are not retried on their own
    assert delivery.retry_now(OutboundMessage.objects.all()) == 1
    assert deliver_due() == 1
    assert len(smtp_down.messages) == 1


def test_a_refusing_server_uses_up_the_attempts_and_the_mail_is_failed(smtp, contact_a, make_ticket, settings):
    settings.HOTRO_OUTBOX_MAX_ATTEMPTS = 2
    smtp.handler.refuse_with = "550 5.1.1 mailbox unavailable"
    make_ticket(contact_a)
    for _ in range(3):
        make_all_due()
        deliver_due()
    [row] = OutboundMessage.objects.all()
    assert (row.status, row.attempts) == (OutboundStatus.FAILED, 2)
    assert "550" in row.last_error
    assert smtp.messages == []


def test_a_row_is_claimed_by_one_worker_at_a_time(contact_a, make_ticket):
    make_ticket(contact_a)
    [row] = OutboundMessage.objects.all()
    first = delivery.claim(row.pk)
    assert first is not None
    assert delivery.claim(row.pk) is None
    assert delivery.deliver(row.pk) is False  # held by the first worker


def test_a_row_whose_worker_died_is_taken_over_after_its_lease_and_sent_once(smtp, contact_a, make_ticket):
    make_ticket(contact_a)
    [row] = OutboundMessage.objects.all()
    stale = delivery.claim(row.pk)  # this worker "crashes" here
    assert deliver_due() == 0
    OutboundMessage.objects.filter(pk=row.pk).update(claimed_until=timezone.now() - timedelta(seconds=1))
    assert deliver_due() == 1
    assert deliver_due() == 0
    assert len(smtp.messages) == 1
    # The crashed worker wakes up: its token is no longer valid, so it cannot undo the delivery.
    delivery._record_failure(OutboundMessage.objects.get(pk=row.pk), stale, RuntimeError("late"))
    row.refresh_from_db()
    assert row.status == OutboundStatus.SENT


def test_a_worker_dying_on_the_last_attempt_leaves_a_visible_failure(contact_a, make_ticket, settings):
    settings.HOTRO_OUTBOX_MAX_ATTEMPTS = 1
    make_ticket(contact_a)
    [row] = OutboundMessage.objects.all()
    assert delivery.claim(row.pk)
    OutboundMessage.objects.filter(pk=row.pk).update(claimed_until=timezone.now() - timedelta(seconds=1))
    deliver_due()
    row.refresh_from_db()
    assert row.status == OutboundStatus.FAILED
    assert "worker stopped" in row.last_error


@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_send_each_mail_once(smtp, contact_a, make_ticket, settings):
    """Several workers side by side (STYLE 5): the conditional UPDATE lets only one send each row."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # only the workers send
    settings.HOTRO_MAIL_ACK_LIMIT_PER_HOUR = 100  # twelve acknowledgements to one address, on purpose
    for n in range(12):
        make_ticket(contact_a, subject=f"VPS {n}")
    barrier = threading.Barrier(3)
    counts: list[int] = []

    def worker() -> None:
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            counts.append(deliver_due())
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert OutboundMessage.objects.filter(status=OutboundStatus.SENT).count() == 12
    assert sum(counts) == 12
    assert len(smtp.messages) == 12
    assert len({m["Message-ID"] for m in smtp.messages}) == 12

"""A desk whose intake silently stops is the worst failure: agents see it, administrators are mailed once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hotro.core.outbound.testing import rendered
from hotro.mail.health import alert_admins_of_failing_mailboxes, mail_health
from hotro.mail.imap import poll_mailbox
from hotro.mail.intake.process import process_inbound
from hotro.mail.intake.store import store_raw
from hotro.mail.models import InboundMail, InboundStatus, Mailbox
from hotro.mail.testing_imap import dovecot_server

pytestmark = pytest.mark.django_db


@pytest.fixture
def dead_mailbox(tmp_path, sales, settings) -> Mailbox:
    """A real Dovecot that was stopped: the poll fails for real, then the failure is made old enough."""
    settings.HOTRO_MAIL_ALERT_AFTER_MINUTES = 15
    with dovecot_server(tmp_path) as server:
        mailbox = Mailbox.objects.create(
            name="sales-inbox", host="127.0.0.1", port=server.port, use_ssl=False, username="x", password="y",
            department=sales,
        )  # fmt: skip
        server.stop()
        poll_mailbox(mailbox)
    Mailbox.objects.filter(pk=mailbox.pk).update(failing_since=timezone.now() - timedelta(minutes=20))
    mailbox.refresh_from_db()
    return mailbox


def test_every_agent_sees_a_failing_mailbox_in_the_console(dead_mailbox, tech_agent, client_for):
    page = client_for(tech_agent).get(reverse("console:triage")).content.decode()
    assert 'class="mail-health"' in page and "sales-inbox" in page


def test_the_console_has_no_banner_while_mail_flows(tech_agent, client_for):
    assert mail_health().ok
    assert 'class="mail-health"' not in client_for(tech_agent).get(reverse("console:triage")).content.decode()


def test_administrators_are_mailed_once_per_failure_spell(dead_mailbox, admin_agent, tech_agent):
    assert alert_admins_of_failing_mailboxes() == 1
    assert alert_admins_of_failing_mailboxes() == 0  # the same spell is reported once
    [alert] = rendered().filter(kind="mail/mailbox_failing")
    assert alert.to == admin_agent.email and "sales-inbox" in alert.subject
    # The mailbox recovered an hour ago and has been failing again for 30 minutes: a new spell, a new alert.
    Mailbox.objects.filter(pk=dead_mailbox.pk).update(
        alerted_at=timezone.now() - timedelta(hours=1), failing_since=timezone.now() - timedelta(minutes=30)
    )
    assert alert_admins_of_failing_mailboxes() == 1


def test_failed_incoming_mail_is_counted_on_the_banner(tech_agent, client_for):
    stored = store_raw(b"To: support@cloudmini.example\r\nSubject: no sender\r\n\r\nhello\r\n", enqueue=False)
    process_inbound(stored.mail.pk)
    assert InboundMail.objects.get().status == InboundStatus.FAILED
    client = client_for(tech_agent)
    client.cookies["hotro_language"] = "en"
    tech_agent.language = "en"
    tech_agent.save(update_fields=["language"])
    page = client.get(reverse("console:triage")).content.decode()
    assert "1 incoming email could not be processed" in page

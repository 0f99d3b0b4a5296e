"""Side effects after commit: a desk change's transaction writes the intent; the words come later.

A broken mail template used to roll back the opening of a ticket, on every channel.
Now the ticket opens, the message waits, and it is sent once the template is fixed.
"""

from __future__ import annotations

import pytest
from django.core import mail

from hotro.core.models import OutboundMessage, OutboundStatus
from hotro.core.outbound.delivery import deliver_due
from hotro.desk.models import Priority, Ticket


@pytest.fixture
def broken_acknowledgement(settings, tmp_path):
    """The acknowledgement's text template with a syntax error, ahead of the real one."""
    folder = tmp_path / "mail" / "desk" / "ticket_opened"
    folder.mkdir(parents=True)
    (folder / "body.txt").write_text("{% if %}broken{% endif %}")
    original = settings.TEMPLATES
    settings.TEMPLATES = [{**original[0], "DIRS": [tmp_path, *original[0]["DIRS"]]}]
    return original


def test_a_broken_template_loses_no_ticket_and_the_mail_is_retried(
    settings, broken_acknowledgement, client_for, customer_a, technical
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = client_for(customer_a).post(
        "/tickets/new/",
        {"department": technical.pk, "priority": Priority.NORMAL, "subject": "VPS treo", "body": "Không SSH được."},
    )
    assert response.status_code == 302
    ticket = Ticket.objects.get(subject="VPS treo")
    row = OutboundMessage.objects.get(ticket=ticket, kind="desk/ticket_opened")
    assert row.rendered_at is None and row.status == OutboundStatus.PENDING

    assert deliver_due() == 0
    row.refresh_from_db()
    assert row.status == OutboundStatus.PENDING
    assert row.attempts == 1 and "TemplateSyntaxError" in row.last_error
    assert mail.outbox == []

    settings.TEMPLATES = broken_acknowledgement  # the fix is deployed
    OutboundMessage.objects.filter(pk=row.pk).update(next_attempt_at=row.created_at)
    assert deliver_due() == 1
    row.refresh_from_db()
    assert row.status == OutboundStatus.SENT and row.last_error == ""
    [sent] = mail.outbox
    assert ticket.number in sent.subject and ticket.number in sent.body


def test_the_message_reads_the_ticket_as_it_is_when_rendered(client_for, customer_a, technical, tech_agent):
    """The intent holds ids: a guest link revoked before sending is not the one sent."""
    from hotro.accounts.services import get_or_create_contact
    from hotro.core.outbound.delivery import render
    from hotro.desk import services

    guest = get_or_create_contact("guest@example.com")
    ticket = services.open_ticket(requester=guest, department=technical, subject="DNS", body="Tên miền lỗi.")
    row = OutboundMessage.objects.get(ticket=ticket)
    services.revoke_guest_links(ticket, tech_agent)
    render(row)
    token = row.body_text.split("/t/")[1].split("/")[0]
    opened, _contact = services.access_ticket_by_token(token)
    assert opened.pk == ticket.pk

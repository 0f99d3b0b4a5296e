"""queue_mail: the one entry point for outgoing mail (DESIGN: email out through the outbox)."""

from __future__ import annotations

import pytest
from django.core import mail

from hotro.core.models import OutboundMessage, OutboundStatus
from hotro.core.outbound.delivery import render
from hotro.mail import outbox


def queue_mail(**kwargs):  # type: ignore[no-untyped-def]
    """Queue, then render as the worker does before sending: these tests read the words."""
    message = outbox.queue_mail(**kwargs)
    render(message)
    return message


IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def probe_templates(settings, tmp_path):
    """A template triplet in a templates dir of its own, as another app would ship one."""
    folder = tmp_path / "mail" / "probe"
    folder.mkdir(parents=True)
    (folder / "subject.txt").write_text("{% load i18n %}{% translate 'Hello' %}\n  {{ who }}\n")
    (folder / "body.txt").write_text("{{ who }} & {{ site_url }} · {{ provider_name }} · {{ LANGUAGE_CODE }}")
    (folder / "body.html").write_text("<p>{{ who }}</p>")
    text_only = tmp_path / "mail" / "text_only"
    text_only.mkdir()
    (text_only / "subject.txt").write_text("Text only")
    (text_only / "body.txt").write_text("plain")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    settings.SITE_URL = "https://hotro.test"
    settings.HOTRO_PROVIDER_NAME = "Cloudmini"


def test_it_renders_the_triplet_escaping_only_the_html_part(db, probe_templates):
    message = queue_mail(to="a@example.com", template="probe", context={"who": "<Ann & Bob>"}, language="en")
    assert message.subject == "Hello <Ann & Bob>"  # one line, not escaped
    assert message.body_text.startswith("<Ann & Bob> & https://hotro.test · Cloudmini")
    assert message.body_html == "<p>&lt;Ann &amp; Bob&gt;</p>"
    assert message.kind == "probe" and message.status == OutboundStatus.PENDING
    assert message.ticket is None
    assert "In-Reply-To" not in message.headers and "X-Hotro-Ticket" not in message.headers
    assert message.headers["Message-ID"] == message.message_id


def test_a_mail_without_an_html_template_is_text_only(db, probe_templates):
    message = queue_mail(to="a@example.com", template="text_only", context={}, language="vi")
    assert (message.subject, message.body_text, message.body_html) == ("Text only", "plain\n", "")


def test_a_personal_mail_is_not_marked_automatic(db, probe_templates):
    automatic = queue_mail(to="a@example.com", template="probe", context={}, language="vi")
    personal = queue_mail(to="a@example.com", template="probe", context={}, language="vi", automatic=False)
    assert automatic.headers["Auto-Submitted"] == "auto-generated"
    assert "Auto-Submitted" not in personal.headers
    assert automatic.message_id != personal.message_id


def test_an_unknown_language_falls_back_to_the_site_language(db, probe_templates, settings):
    message = queue_mail(to="a@example.com", template="probe", context={}, language="fr")
    assert message.language == settings.LANGUAGE_CODE


def test_a_ticket_mail_threads_under_the_ticket_and_the_mail_it_answers(
    contact_a, make_ticket, probe_templates, settings
):
    settings.HOTRO_MAIL_DOMAIN = "mail.test"
    ticket = make_ticket(contact_a)
    message = queue_mail(
        to="a@example.com",
        template="probe",
        context={"who": "x"},
        language="vi",
        ticket=ticket,
        reply_to_message_id="abc@customer.example",
    )
    root = f"<{ticket.number}@mail.test>"
    assert message.subject.startswith(f"[{ticket.number}] ")
    assert message.headers["References"] == f"{root} <abc@customer.example>"
    assert message.headers["In-Reply-To"] == "<abc@customer.example>"
    assert message.headers["Reply-To"] == ticket.department.email
    assert message.headers["X-Hotro-Ticket"] == ticket.number


def test_it_hands_the_row_to_a_worker_only_after_commit(
    db, probe_templates, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE_TASKS
    with django_capture_on_commit_callbacks() as callbacks:
        message = queue_mail(to="a@example.com", template="probe", context={"who": "x"}, language="vi")
    assert len(callbacks) == 1
    assert mail.outbox == []
    callbacks[0]()
    message.refresh_from_db()
    assert message.status == OutboundStatus.SENT
    [sent] = mail.outbox
    assert sent.extra_headers["Message-ID"] == message.message_id
    assert sent.alternatives[0][0] == "<p>x</p>"


@pytest.mark.django_db(transaction=True)
def test_with_tasks_in_the_database_the_delivery_task_commits_or_rolls_back_with_the_row(probe_templates):
    """One transaction per change (no second commit per mail): a rolled-back change leaves
    neither the mail nor its task; a committed one leaves both, and the worker delivers it."""
    from django.core.management import call_command
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    class Refused(Exception):
        pass

    with pytest.raises(Refused), transaction.atomic():
        queue_mail(to="gone@example.com", template="probe", context={"who": "x"}, language="vi")
        raise Refused
    assert not OutboundMessage.objects.exists()
    assert not DBTaskResult.objects.exists()

    with transaction.atomic():
        message = queue_mail(to="a@example.com", template="probe", context={"who": "x"}, language="vi")
    [task] = DBTaskResult.objects.all()
    assert task.args_kwargs["args"] == [message.pk]
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    message.refresh_from_db()
    assert message.status == OutboundStatus.SENT
    assert [sent.to for sent in mail.outbox] == [["a@example.com"]]


def test_an_admin_can_retry_failed_mail_from_the_outbox_list(db, probe_templates, admin_agent, client_for):
    message = queue_mail(to="a@example.com", template="probe", context={}, language="vi")
    OutboundMessage.objects.filter(pk=message.pk).update(status=OutboundStatus.FAILED, attempts=12)
    client = client_for(admin_agent)
    listing = client.get("/admin/core/outboundmessage/")
    assert listing.status_code == 200
    response = client.post(
        "/admin/core/outboundmessage/", {"action": "retry_now_action", "_selected_action": [message.pk]}
    )
    assert response.status_code == 302
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboundStatus.PENDING, 0)


def test_a_customer_cannot_see_the_outbox_in_the_admin(db, customer_a, client_for):
    response = client_for(customer_a).get("/admin/core/outboundmessage/")
    assert response.status_code == 302  # to the admin login

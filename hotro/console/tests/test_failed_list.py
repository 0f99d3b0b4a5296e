"""Administrators and supervisors see what every channel could not process and retry it, and the
intake log of everything received (DESIGN: nothing received is lost)."""

from __future__ import annotations

import pytest

from hotro.desk.models import Ticket
from hotro.mail.intake.store import store_raw
from hotro.mail.models import InboundMail, InboundStatus

URL = "/console/failed/"
MAIL = (
    b"From: Khach <khach@example.com>\r\nTo: support@cloudmini.example\r\nSubject: VPS down\r\n"
    b"Message-ID: <failed-1@example.com>\r\n\r\nMy VPS does not answer.\r\n"
)


@pytest.fixture
def failed_mail(technical):
    stored = store_raw(MAIL, department=None, enqueue=False)
    InboundMail.objects.filter(pk=stored.mail.pk).update(
        status=InboundStatus.FAILED, error="IntakeError: no department accepts this mail", attempts=1
    )
    return stored.mail


def test_an_administrator_sees_the_failed_mail_and_retries_it(failed_mail, admin_agent, client_for):
    client = client_for(admin_agent)
    page = client.get(URL).content.decode()
    assert "VPS down" in page and "khach@example.com" in page and "no department accepts" in page
    assert f"/console/failed/mail/{failed_mail.pk}/retry/" in page

    response = client.post(f"/console/failed/mail/{failed_mail.pk}/retry/")
    assert response.status_code == 302
    failed_mail.refresh_from_db()
    assert failed_mail.status == InboundStatus.PROCESSED
    assert Ticket.objects.get(subject="VPS down").requester.email == "khach@example.com"
    assert "VPS down" not in client.get(URL).content.decode()

    again = client.post(f"/console/failed/mail/{failed_mail.pk}/retry/", follow=True)
    assert "no longer in the failed list" in again.content.decode() or "không còn" in again.content.decode()
    assert Ticket.objects.filter(subject="VPS down").count() == 1  # nothing made twice


@pytest.mark.parametrize("who", ["tech_agent", "customer_a"])
def test_only_administrators_and_supervisors_may_list_or_retry(who, failed_mail, client_for, request):
    client = client_for(request.getfixturevalue(who))
    assert client.get(URL).status_code == 404
    assert client.post(f"/console/failed/mail/{failed_mail.pk}/retry/").status_code == 404
    failed_mail.refresh_from_db()
    assert failed_mail.status == InboundStatus.FAILED


def test_anonymous_visitors_are_sent_to_sign_in(failed_mail, client):
    assert client.get(URL).status_code == 302
    assert client.post(f"/console/failed/mail/{failed_mail.pk}/retry/").status_code == 302
    failed_mail.refresh_from_db()
    assert failed_mail.status == InboundStatus.FAILED


def test_retry_takes_a_post_and_a_known_channel(failed_mail, admin_agent, client_for):
    client = client_for(admin_agent)
    assert client.get(f"/console/failed/mail/{failed_mail.pk}/retry/").status_code == 405
    assert client.post(f"/console/failed/fax/{failed_mail.pk}/retry/").status_code == 302
    failed_mail.refresh_from_db()
    assert failed_mail.status == InboundStatus.FAILED


def test_a_supervisor_sees_the_failed_list_and_retries(failed_mail, supervisor, client_for):
    client = client_for(supervisor)
    page = client.get(URL).content.decode()
    assert "VPS down" in page and f"/console/failed/mail/{failed_mail.pk}/retry/" in page
    client.post(f"/console/failed/mail/{failed_mail.pk}/retry/")
    failed_mail.refresh_from_db()
    assert failed_mail.status == InboundStatus.PROCESSED


def test_the_console_menu_offers_the_failed_list_to_supervisors_only(supervisor, tech_agent, client_for):
    assert 'href="/console/failed/"' in client_for(supervisor).get("/console/triage/").content.decode()
    assert 'href="/console/failed/"' not in client_for(tech_agent).get("/console/triage/").content.decode()


def test_the_log_tab_lists_every_mail_received_and_what_became_of_it(failed_mail, technical, supervisor, client_for):
    processed = store_raw(MAIL.replace(b"failed-1", b"ok-2").replace(b"VPS down", b"Disk full"), enqueue=False)
    from hotro.mail.intake.process import process_inbound

    process_inbound(processed.mail.pk)
    ticket = Ticket.objects.get(subject="Disk full")
    page = client_for(supervisor).get(URL + "?tab=log").content.decode()
    assert "Disk full" in page and "VPS down" in page
    assert f'href="/console/tickets/{ticket.number}/"' in page
    assert 'aria-current="page"' in page
    assert "/retry/" not in page  # retries live on the failed tab


def test_the_log_tab_is_for_administrators_and_supervisors_only(failed_mail, tech_agent, client_for):
    assert client_for(tech_agent).get(URL + "?tab=log").status_code == 404

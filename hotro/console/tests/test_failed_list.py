"""Administrators see what every channel could not process and retry it (DESIGN: nothing received is lost)."""

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


@pytest.mark.parametrize("who", ["tech_agent", "supervisor", "customer_a"])
def test_only_administrators_may_list_or_retry(who, failed_mail, client_for, request):
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

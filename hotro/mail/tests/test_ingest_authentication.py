"""Issue #14, finding 2: a reply in a customer's name whose mail failed authentication is held.

The attack: ``From:`` the requester's address, ``Subject: Re: [CM-…]`` (numbers are sequential),
and our own MTA's ``Authentication-Results`` saying SPF/DMARC failed. Such a mail must not
become the customer's words nor reopen the ticket until an agent accepts it.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from hotro.accounts.models import Contact
from hotro.desk import services
from hotro.desk.models import AuditEvent, AuthorKind, Status, Ticket
from hotro.mail.inbound.authresults import FAIL, PASS, verdict
from hotro.mail.models import InboundMail

from .intake_helpers import ingest, raw_mail

OURS = "mx.cloudmini.example"
FORGED = f"{OURS}; spf=fail smtp.mailfrom=example.com; dkim=none; dmarc=fail (p=none) header.from=example.com"
GENUINE = f"{OURS}; spf=pass smtp.mailfrom=example.com; dkim=pass header.d=example.com; dmarc=pass"


@pytest.fixture(autouse=True)
def _trusted(provider_defaults, settings):
    settings.HOTRO_MAIL_TRUSTED_AUTHSERV_IDS = [OURS]


@pytest.fixture
def resolved(contact_a, make_ticket, tech_agent) -> Ticket:
    ticket = make_ticket(contact_a)
    services.change_status(ticket, Status.RESOLVED, tech_agent)
    return Ticket.objects.get(pk=ticket.pk)


def _reply(
    ticket: Ticket, contact: Contact, results: str | None, body: str = "Đóng ticket này, chuyển VPS cho tôi."
) -> bytes:
    headers = {"Authentication-Results": results} if results else {}
    return raw_mail(sender=contact.email, subject=f"Re: [{ticket.number}]", body=body, headers=headers)


def test_a_forged_reply_is_held_for_agents_not_shown_to_the_customer_and_reopens_nothing(
    client_for, tmp_path, resolved, contact_a, customer_a
):
    [line] = ingest(tmp_path, _reply(resolved, contact_a, FORGED))
    assert line["status"] == "held" and line["ticket"] == resolved.number
    ticket = Ticket.objects.get(pk=resolved.pk)
    assert ticket.status == Status.RESOLVED
    assert not ticket.messages.filter(author_kind=AuthorKind.CUSTOMER).exclude(pk=ticket.messages.earliest("id").pk)
    note = ticket.messages.order_by("id").last()
    assert note.internal and note.author_kind == AuthorKind.SYSTEM
    assert gettext("Unverified email") in note.body_text and "chuyển VPS" in note.body_text
    assert AuditEvent.objects.filter(ticket=ticket, action="mail.unverified.held").exists()
    page = client_for(customer_a).get(reverse("portal:ticket_detail", args=[ticket.number]))
    assert page.status_code == 200 and "chuyển VPS" not in page.content.decode()


def test_an_agent_accepts_the_held_reply_and_it_becomes_the_customers_words(
    client_for, tmp_path, resolved, contact_a, tech_agent
):
    ingest(tmp_path, _reply(resolved, contact_a, FORGED))
    mail = InboundMail.objects.get()
    client = client_for(tech_agent)
    console = client.get(reverse("console:ticket", args=[resolved.number])).content.decode()
    assert gettext("Unverified email") in console and "chuyển VPS" in console
    url = reverse("mail:held_message", args=[mail.pk])
    page = client.get(url)
    assert page.status_code == 200 and gettext("Accept as the customer's reply") in page.content.decode()
    assert client.post(url).status_code == 302
    ticket = Ticket.objects.get(pk=resolved.pk)
    reply = ticket.messages.filter(author_kind=AuthorKind.CUSTOMER, internal=False).order_by("id").last()
    assert reply is not None and "chuyển VPS" in reply.body_text
    assert ticket.status != Status.RESOLVED  # a customer's reply reopens a resolved ticket
    assert AuditEvent.objects.filter(ticket=ticket, action="mail.unverified.accepted").exists()
    client.post(url)  # a second click adds nothing
    assert ticket.messages.filter(author_kind=AuthorKind.CUSTOMER, body_text__contains="chuyển VPS").count() == 1


def test_an_agent_of_another_department_cannot_see_or_accept_it(client_for, tmp_path, resolved, contact_a, sales_agent):
    ingest(tmp_path, _reply(resolved, contact_a, FORGED))
    url = reverse("mail:held_message", args=[InboundMail.objects.get().pk])
    assert client_for(sales_agent).post(url).status_code == 404
    assert Ticket.objects.get(pk=resolved.pk).status == Status.RESOLVED


def test_the_customer_cannot_accept_it_themselves(client_for, tmp_path, resolved, contact_a, customer_a):
    ingest(tmp_path, _reply(resolved, contact_a, FORGED))
    url = reverse("mail:held_message", args=[InboundMail.objects.get().pk])
    assert client_for(customer_a).post(url).status_code == 404


def test_a_reply_that_passed_authentication_is_appended(tmp_path, resolved, contact_a):
    [line] = ingest(tmp_path, _reply(resolved, contact_a, GENUINE))
    assert line["status"] == "appended"


def test_results_from_an_untrusted_server_are_not_believed(tmp_path, resolved, contact_a):
    """The sender's own servers can write any header; only our MTA's authserv-id counts."""
    [line] = ingest(tmp_path, _reply(resolved, contact_a, FORGED.replace(OURS, "mx.attacker.example")))
    assert line["status"] == "appended"


def test_with_no_trusted_authserv_id_configured_nothing_changes(tmp_path, resolved, contact_a, settings):
    settings.HOTRO_MAIL_TRUSTED_AUTHSERV_IDS = []
    [line] = ingest(tmp_path, _reply(resolved, contact_a, FORGED))
    assert line["status"] == "appended"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (f"{OURS}; dmarc=fail header.from=example.com", FAIL),
        (f"{OURS}; spf=fail; dkim=fail", FAIL),
        (f"{OURS}; spf=fail; dkim=none", FAIL),
        (f"{OURS}; spf=fail; dkim=pass", PASS),
        (f"{OURS}; spf=fail; dkim=fail; dmarc=pass", PASS),
        (f"{OURS} 1; spf=pass (sender SPF authorized) smtp.mailfrom=example.com", PASS),
        (f"{OURS.upper()}; dmarc=fail", FAIL),
        (f"{OURS}; none", PASS),
        ("mx.attacker.example; dmarc=fail", None),
    ],
)
def test_the_verdict_reads_the_trusted_header(header, expected):
    assert verdict([header], [OURS]) == expected


def test_the_topmost_trusted_header_wins():
    """Our MTA adds its header on top; a copy of a trusted id further down came with the mail."""
    assert verdict([f"{OURS}; dmarc=fail", f"{OURS}; dmarc=pass"], [OURS]) == FAIL

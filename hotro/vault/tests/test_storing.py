"""The secret field on the portal's new-ticket form, the customer's reply box and the agent's compose box:
the secret is kept in the vault beside its message and nowhere else — not in the message, its emails,
search or notifications. Bad input is refused with a clear error and writes nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from hotro.accounts.models import Contact
from hotro.core.outbound.testing import rendered
from hotro.desk import search
from hotro.desk.models import AuditEvent, Message, Ticket
from hotro.desk.services import tickets_for_agent
from hotro.vault import crypto
from hotro.vault.models import Origin, Secret
from hotro.vault.services import MASK, SECRET_MAX_CHARS
from hotro.vault.tests.conftest import ROOT_PASSWORD, ticket_form

pytestmark = pytest.mark.django_db


def _everywhere_but_the_vault(ticket: Ticket) -> str:
    """Every stored text a reader could reach: messages, subject, search documents, every outbound mail."""
    ticket = Ticket.objects.defer(None).get(pk=ticket.pk)
    parts = [ticket.subject, ticket.search_text, ticket.search_notes]
    parts += [m.body_text + m.body_html for m in Message.objects.filter(ticket=ticket)]
    parts += [o.subject + o.body_text + o.body_html + str(o.context) for o in rendered()]
    parts += [str(e.data) for e in AuditEvent.objects.filter(ticket=ticket)]
    return "\n".join(parts)


def test_a_customer_sends_a_secret_with_a_new_ticket_and_it_is_kept_only_in_the_vault(ticket_with_secret):
    ticket = ticket_with_secret()
    secret = Secret.objects.get(ticket=ticket)
    assert secret.origin == Origin.FIELD
    assert secret.message == ticket.messages.get()
    assert secret.added_by_contact == ticket.requester
    assert crypto.decrypt(secret.ciphertext) == ROOT_PASSWORD
    assert ROOT_PASSWORD not in _everywhere_but_the_vault(ticket)
    assert AuditEvent.objects.filter(ticket=ticket, action="vault.secret.stored").count() == 1


def test_searching_for_the_secret_finds_nothing(ticket_with_secret, tech_agent):
    ticket_with_secret()
    assert not search.matching(tickets_for_agent(tech_agent), ROOT_PASSWORD, include_notes=True).exists()
    assert not search.matching(tickets_for_agent(tech_agent), '"Vps Root 2026"', include_notes=True).exists()


def test_a_guest_can_send_a_secret_too(technical):
    response = Client().post("/tickets/new/", ticket_form(technical, email="khach@example.vn", secret=ROOT_PASSWORD))
    assert response.status_code == 302
    secret = Secret.objects.get()
    assert secret.added_by_contact == Contact.objects.get(email="khach@example.vn")


def test_the_customer_sees_that_they_sent_a_secret_masked_and_cannot_read_it_back(
    ticket_with_secret, client_for, customer_a
):
    ticket = ticket_with_secret()
    page = client_for(customer_a).get(reverse("portal:ticket_detail", args=[ticket.number])).content.decode()
    assert MASK in page
    assert ROOT_PASSWORD not in page
    assert f'name="secret" value="{Secret.objects.get().pk}"' not in page  # no reveal button for their own


def test_a_customer_reply_can_carry_a_secret(ticket_with_secret, client_for, customer_a):
    ticket = ticket_with_secret()
    url = reverse("portal:ticket_reply", args=[ticket.number])
    response = client_for(customer_a).post(url, {"body": "Em đổi mật khẩu rồi ạ.", "secret": "Moi#Pass-77"})
    assert response.status_code == 302
    reply = ticket.messages.order_by("-pk").first()
    assert crypto.decrypt(Secret.objects.get(message=reply).ciphertext) == "Moi#Pass-77"
    assert "Moi#Pass-77" not in _everywhere_but_the_vault(ticket)


def test_an_agent_reply_can_carry_a_secret_for_the_customer(ticket_with_secret, client_for, tech_agent):
    ticket = ticket_with_secret()
    url = reverse("console:reply", args=[ticket.number])
    response = client_for(tech_agent).post(
        url, {"mode": "reply", "body": "Mật khẩu mới ở ô bí mật.", "secret": "Agent#New-88"}
    )
    assert response.status_code == 302
    reply = ticket.messages.order_by("-pk").first()
    secret = Secret.objects.get(message=reply)
    assert secret.added_by_user == tech_agent
    assert "Agent#New-88" not in _everywhere_but_the_vault(ticket)  # the reply's email included


@pytest.mark.parametrize(
    ("secret", "code_word"),
    [("   \n ", "empty"), ("x" * (SECRET_MAX_CHARS + 1), "long")],
)
def test_a_blank_or_oversized_secret_is_a_form_error_and_nothing_is_written(
    client_for, customer_a, technical, secret, code_word
):
    response = client_for(customer_a).post("/tickets/new/", ticket_form(technical, secret=secret))
    assert response.status_code == 200
    assert response.context["form"].errors["secret"]
    assert not Ticket.objects.exists()
    assert not Secret.objects.exists()


def test_a_bad_secret_on_a_reply_writes_no_reply(ticket_with_secret, client_for, customer_a, tech_agent):
    ticket = ticket_with_secret()
    before = ticket.messages.count()
    url = reverse("portal:ticket_reply", args=[ticket.number])
    response = client_for(customer_a).post(url, {"body": "Thêm thông tin", "secret": " "})
    assert response.status_code == 200 and response.context["form"].errors["secret"]
    response = client_for(tech_agent).post(
        reverse("console:reply", args=[ticket.number]), {"mode": "reply", "body": "x", "secret": "y" * 20_000}
    )
    assert response.status_code == 400
    assert ticket.messages.count() == before
    assert Secret.objects.count() == 1


def test_without_a_key_in_production_no_secret_field_is_offered_and_a_posted_one_is_stored_nowhere(
    settings, client_for, customer_a, technical
):
    settings.HOTRO_VAULT_KEYS = []
    settings.DEBUG = False
    customer = client_for(customer_a)
    assert 'name="secret"' not in customer.get("/tickets/new/").content.decode()
    response = customer.post("/tickets/new/", ticket_form(technical, secret=ROOT_PASSWORD))
    assert response.status_code == 302  # the desk works as before
    ticket = Ticket.objects.get()
    assert not Secret.objects.exists()
    assert ROOT_PASSWORD not in _everywhere_but_the_vault(ticket)
    page = customer.get(reverse("portal:ticket_detail", args=[ticket.number])).content.decode()
    assert 'name="secret"' not in page


def test_with_a_key_the_forms_offer_the_field(client_for, customer_a, tech_agent, ticket_with_secret):
    ticket = ticket_with_secret()
    assert 'name="secret"' in client_for(customer_a).get("/tickets/new/").content.decode()
    assert 'name="secret"' in client_for(customer_a).get(f"/tickets/{ticket.number}/").content.decode()
    assert 'name="secret"' in client_for(tech_agent).get(f"/console/tickets/{ticket.number}/").content.decode()

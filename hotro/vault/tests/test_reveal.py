"""Revealing a secret: agents of the ticket's department only, on POST, audited, never cached; the customer only
a secret an agent sent them. Other department → 403, customers → 404, anonymous → sign in."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from hotro.console.history import describe
from hotro.desk.models import AuditEvent
from hotro.desk.services import guest_token
from hotro.vault.models import Secret
from hotro.vault.tests.conftest import ROOT_PASSWORD

pytestmark = pytest.mark.django_db


def reveal_url(secret: Secret) -> str:
    return reverse("console:vault_reveal", args=[secret.ticket.number, secret.pk])


def test_an_agent_of_the_department_sees_it_masked_then_reveals_it_once_uncached_and_audited(
    ticket_with_secret, client_for, tech_agent
):
    ticket = ticket_with_secret()
    secret = Secret.objects.get()
    agent = client_for(tech_agent)
    page = agent.get(reverse("console:ticket", args=[ticket.number])).content.decode()
    assert "••••••" in page and ROOT_PASSWORD not in page
    assert reveal_url(secret) in page

    response = agent.post(reveal_url(secret))
    assert response.status_code == 200
    assert ROOT_PASSWORD in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(ticket=ticket, action="vault.secret.revealed")
    assert event.actor_user == tech_agent and event.data == {"secret": secret.pk}
    assert ROOT_PASSWORD not in str(event.data)
    # The reveal is in the ticket's history, in words.
    history = agent.get(reverse("console:ticket", args=[ticket.number])).content.decode()
    line = next(h.text for h in describe([event]))
    assert line in history


def test_revealing_twice_is_audited_twice(ticket_with_secret, client_for, tech_agent):
    ticket_with_secret()
    secret = Secret.objects.get()
    agent = client_for(tech_agent)
    agent.post(reveal_url(secret))
    agent.post(reveal_url(secret))
    assert AuditEvent.objects.filter(action="vault.secret.revealed").count() == 2


def test_an_agent_of_another_department_is_refused_with_403_and_nothing_is_audited(
    ticket_with_secret, client_for, sales_agent
):
    ticket_with_secret()
    response = client_for(sales_agent).post(reveal_url(Secret.objects.get()))
    assert response.status_code == 403
    assert ROOT_PASSWORD not in response.content.decode()
    assert not AuditEvent.objects.filter(action="vault.secret.revealed").exists()


def test_customers_get_a_404_and_anonymous_visitors_are_sent_to_sign_in(ticket_with_secret, client_for, customer_a):
    ticket_with_secret()
    url = reveal_url(Secret.objects.get())
    assert client_for(customer_a).post(url).status_code == 404
    anonymous = Client().post(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert not AuditEvent.objects.filter(action="vault.secret.revealed").exists()


def test_get_never_reveals(ticket_with_secret, client_for, tech_agent):
    ticket_with_secret()
    assert client_for(tech_agent).get(reveal_url(Secret.objects.get())).status_code == 405


def test_a_secret_of_another_ticket_is_a_404(ticket_with_secret, client_for, tech_agent, make_ticket, contact_a):
    ticket_with_secret()
    other = make_ticket(contact_a)
    url = reverse("console:vault_reveal", args=[other.number, Secret.objects.get().pk])
    assert client_for(tech_agent).post(url).status_code == 404


def test_a_destroyed_secret_is_gone(ticket_with_secret, client_for, tech_agent):
    ticket_with_secret()
    secret = Secret.objects.get()
    Secret.objects.filter(pk=secret.pk).update(ciphertext="", destroyed_at="2026-01-01T00:00:00Z")
    assert client_for(tech_agent).post(reveal_url(secret)).status_code == 410


def _agent_sends_secret(ticket, client_for, agent, value="Agent#New-88") -> Secret:
    client_for(agent).post(
        reverse("console:reply", args=[ticket.number]), {"mode": "reply", "body": "Mật khẩu mới.", "secret": value}
    )
    return Secret.objects.get(added_by_user=agent)


def test_the_customer_reveals_a_secret_an_agent_sent_them_signed_in_or_by_guest_link(
    make_ticket, contact_a, customer_a, client_for, tech_agent
):
    ticket = make_ticket(contact_a)
    secret = _agent_sends_secret(ticket, client_for, tech_agent)
    customer = client_for(customer_a)
    page = customer.get(reverse("portal:ticket_detail", args=[ticket.number])).content.decode()
    assert "Agent#New-88" not in page and "••••••" in page
    response = customer.post(reverse("portal:ticket_secret", args=[ticket.number]), {"secret": secret.pk})
    assert response.status_code == 200 and "Agent#New-88" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    guest = Client().post(
        reverse("portal:guest_ticket_secret", args=[guest_token(ticket, contact_a)]), {"secret": secret.pk}
    )
    assert guest.status_code == 200 and "Agent#New-88" in guest.content.decode()
    events = AuditEvent.objects.filter(action="vault.secret.revealed", actor_contact=contact_a)
    assert events.count() == 2


def test_customers_never_reveal_their_own_secrets_nor_another_customers(
    ticket_with_secret, client_for, customer_a, customer_b, contact_b, make_ticket, tech_agent
):
    ticket = ticket_with_secret()
    own = Secret.objects.get()
    url = reverse("portal:ticket_secret", args=[ticket.number])
    assert client_for(customer_a).post(url, {"secret": own.pk}).status_code == 404
    other_ticket = make_ticket(contact_b)
    theirs = _agent_sends_secret(other_ticket, client_for, tech_agent)
    assert client_for(customer_a).post(url, {"secret": theirs.pk}).status_code == 404
    assert client_for(customer_b).post(url, {"secret": theirs.pk}).status_code == 404  # not their ticket
    assert client_for(customer_a).post(url, {"secret": "abc"}).status_code == 400
    assert not AuditEvent.objects.filter(action="vault.secret.revealed").exists()


def test_a_secret_in_an_internal_note_is_for_agents_only(make_ticket, contact_a, customer_a, client_for, tech_agent):
    ticket = make_ticket(contact_a)
    client_for(tech_agent).post(
        reverse("console:note", args=[ticket.number]), {"mode": "note", "body": "Root cũ", "secret": "Note#Only-1"}
    )
    secret = Secret.objects.get()
    assert secret.message.internal
    page = client_for(customer_a).get(reverse("portal:ticket_detail", args=[ticket.number])).content.decode()
    assert "••••••" not in page
    url = reverse("portal:ticket_secret", args=[ticket.number])
    assert client_for(customer_a).post(url, {"secret": secret.pk}).status_code == 404
    assert client_for(tech_agent).post(reveal_url(secret)).status_code == 200

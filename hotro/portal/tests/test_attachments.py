"""Downloading attachments: only for people who may see the ticket, never inline, never internal ones."""

import pytest
from django.test import Client
from django.urls import reverse

from conftest import upload
from hotro.desk import services

pytestmark = pytest.mark.django_db

CONTENT = b"<html><script>alert(1)</script></html>"


@pytest.fixture
def ticket_with_file(contact_a, make_ticket):
    ticket = make_ticket(contact_a, attachments=[upload("page.html", CONTENT, "text/html")])
    return ticket, ticket.attachments.get()


def url(attachment, token=""):
    return reverse("portal:attachment", args=[attachment.pk]) + (f"?t={token}" if token else "")


def test_the_requester_downloads_it_as_an_inert_file(client_for, customer_a, ticket_with_file):
    _ticket, attachment = ticket_with_file
    response = client_for(customer_a).get(url(attachment))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == CONTENT
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="page.html"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"


def test_another_customer_and_anonymous_visitors_get_404(client_for, customer_b, ticket_with_file):
    _ticket, attachment = ticket_with_file
    assert client_for(customer_b).get(url(attachment)).status_code == 404
    assert Client().get(url(attachment)).status_code == 404


def test_a_cc_contact_may_download(client_for, customer_b, contact_a, contact_b, make_ticket):
    ticket = make_ticket(contact_a, ccs=[contact_b], attachments=[upload()])
    assert client_for(customer_b).get(url(ticket.attachments.get())).status_code == 200


def test_a_guest_downloads_with_the_tickets_token_only(contact_a, contact_b, make_ticket, ticket_with_file):
    ticket, attachment = ticket_with_file
    assert Client().get(url(attachment, services.guest_token(ticket, contact_a))).status_code == 200
    other = make_ticket(contact_b)
    assert Client().get(url(attachment, services.guest_token(other, contact_b))).status_code == 404
    assert Client().get(url(attachment, "forged")).status_code == 404


def test_an_internal_notes_file_is_never_served_to_a_customer(
    client_for, customer_a, contact_a, make_ticket, tech_agent
):
    ticket = make_ticket(contact_a)
    note = services.add_internal_note(ticket, tech_agent, "Log nội bộ", attachments=[upload("internal.txt")])
    attachment = note.attachments.get()
    assert client_for(customer_a).get(url(attachment)).status_code == 404
    assert Client().get(url(attachment, services.guest_token(ticket, contact_a))).status_code == 404
    assert client_for(tech_agent).get(url(attachment)).status_code == 200


def test_agents_of_the_department_may_download_others_may_not(
    client_for, tech_agent, sales_agent, admin_agent, ticket_with_file
):
    _ticket, attachment = ticket_with_file
    assert client_for(tech_agent).get(url(attachment)).status_code == 200
    assert client_for(admin_agent).get(url(attachment)).status_code == 200
    assert client_for(sales_agent).get(url(attachment)).status_code == 404


def test_an_unknown_attachment_is_a_404(client_for, customer_a):
    assert client_for(customer_a).get("/attachments/999999/").status_code == 404

"""The console's rating box and its follow-up ticket: only agents of the rating's department (supervisors too)."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from hotro.desk import services
from hotro.desk.models import AuditEvent, Ticket
from hotro.satisfaction import services as satisfaction
from hotro.satisfaction.models import Rating


def rated(ticket, contact, score="bad", comment="Máy chủ vẫn chậm."):
    return satisfaction.rate(ticket, contact, score, comment)


def follow_up_url(ticket) -> str:
    return reverse("console:rating_follow_up", args=[ticket.number])


def test_the_console_ticket_page_shows_the_answer_and_the_follow_up_button(
    resolved_ticket, contact_a, supervisor, client_for
):
    rated(resolved_ticket, contact_a)
    page = client_for(supervisor).get(reverse("console:ticket", args=[resolved_ticket.number]))
    body = page.content.decode()
    assert page.status_code == 200
    assert f'action="{follow_up_url(resolved_ticket)}"' in body
    assert "Máy chủ vẫn chậm." in body
    with translation.override(supervisor.language):
        assert gettext("Customer satisfaction") in body


def test_no_box_for_a_ticket_nobody_rated(resolved_ticket, tech_agent, client_for):
    page = client_for(tech_agent).get(reverse("console:ticket", args=[resolved_ticket.number]))
    assert follow_up_url(resolved_ticket) not in page.content.decode()


def test_a_supervisor_opens_one_follow_up_for_the_same_customer_and_department(
    resolved_ticket, contact_a, supervisor, client_for
):
    rated(resolved_ticket, contact_a)
    client = client_for(supervisor)
    response = client.post(follow_up_url(resolved_ticket))
    follow_up = Ticket.objects.exclude(pk=resolved_ticket.pk).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("console:ticket", args=[follow_up.number])
    assert (follow_up.requester_id, follow_up.department_id) == (contact_a.pk, resolved_ticket.department_id)
    first = follow_up.messages.get()
    assert resolved_ticket.number in first.body_text and "Máy chủ vẫn chậm." in first.body_text
    assert Rating.objects.get().follow_up == follow_up
    opened = AuditEvent.objects.get(ticket=follow_up, action="desk.ticket.opened")
    assert opened.actor_user == supervisor  # opened through the desk's service, by the supervisor

    client.post(follow_up_url(resolved_ticket))  # a second click opens nothing more
    assert Ticket.objects.count() == 2


def test_an_agent_of_the_department_may_follow_up(resolved_ticket, contact_a, tech_agent_2, client_for):
    rated(resolved_ticket, contact_a)
    assert client_for(tech_agent_2).post(follow_up_url(resolved_ticket)).status_code == 302
    assert Ticket.objects.count() == 2


def test_an_agent_of_another_department_may_not(resolved_ticket, contact_a, sales_agent, client_for):
    rated(resolved_ticket, contact_a)
    assert client_for(sales_agent).post(follow_up_url(resolved_ticket)).status_code == 404
    assert Ticket.objects.count() == 1


def test_an_agent_who_sees_the_ticket_only_since_a_transfer_may_not(
    resolved_ticket, contact_a, tech_agent, sales_agent, sales, client_for
):
    rated(resolved_ticket, contact_a)  # the rating stays with the department that handled the ticket
    services.transfer_ticket(Ticket.objects.get(pk=resolved_ticket.pk), sales, tech_agent)
    assert client_for(sales_agent).post(follow_up_url(resolved_ticket)).status_code == 403
    assert Ticket.objects.count() == 1


def test_customers_and_visitors_may_not(resolved_ticket, contact_a, customer_a, client_for):
    rated(resolved_ticket, contact_a)
    assert client_for(customer_a).post(follow_up_url(resolved_ticket)).status_code == 404
    anonymous = Client().post(follow_up_url(resolved_ticket))
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert Ticket.objects.count() == 1


def test_get_changes_nothing_and_an_unrated_ticket_is_a_404(resolved_ticket, contact_a, supervisor, client_for):
    client = client_for(supervisor)
    assert client.post(follow_up_url(resolved_ticket)).status_code == 404  # nothing rated yet
    rated(resolved_ticket, contact_a)
    assert client.get(follow_up_url(resolved_ticket)).status_code == 405
    assert Ticket.objects.count() == 1

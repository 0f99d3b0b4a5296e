"""Who gets into the console: agents only, and only their departments' tickets (P2, P11)."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

PAGES = ["console:home", "console:triage", "console:mine", "console:queue"]
ACTIONS = ["reply", "note", "assign", "unassign", "claim", "status", "priority", "transfer"]


@pytest.mark.parametrize("name", PAGES)
def test_an_anonymous_visitor_is_sent_to_sign_in(db, name):
    response = Client().get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL))


def test_an_anonymous_visitor_is_sent_to_sign_in_from_a_ticket_page(make_ticket, contact_a):
    ticket = make_ticket(contact_a)
    response = Client().get(reverse("console:ticket", args=[ticket.number]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL))


@pytest.mark.parametrize("name", PAGES)
def test_a_signed_in_customer_gets_a_404(customer_a, client_for, name):
    assert client_for(customer_a).get(reverse(name)).status_code == 404


def test_a_customer_cannot_open_even_their_own_ticket_in_the_console(customer_a, contact_a, make_ticket, client_for):
    ticket = make_ticket(contact_a)
    assert client_for(customer_a).get(reverse("console:ticket", args=[ticket.number])).status_code == 404


def test_a_sales_agent_gets_a_404_on_a_technical_ticket_page(sales_agent, contact_a, make_ticket, client_for):
    """An agent sees only the departments they belong to."""
    ticket = make_ticket(contact_a)
    assert client_for(sales_agent).get(reverse("console:ticket", args=[ticket.number])).status_code == 404


@pytest.mark.parametrize("action", ACTIONS)
def test_a_sales_agent_gets_a_404_on_every_post_endpoint_and_nothing_changes(
    sales_agent, sales, contact_a, make_ticket, client_for, action
):
    ticket = make_ticket(contact_a)
    data = {
        "body": "x",
        "assignee": sales_agent.pk,
        "status": "open",
        "priority": 1,
        "department": sales.pk,
    }
    response = client_for(sales_agent).post(reverse(f"console:{action}", args=[ticket.number]), data)
    assert response.status_code == 404
    ticket.refresh_from_db()
    assert (ticket.status, ticket.assignee_id, ticket.priority, ticket.department_id) == (
        "new",
        None,
        3,
        ticket.department_id,
    )
    assert ticket.messages.count() == 1
    assert list(ticket.events.values_list("action", flat=True)) == ["desk.ticket.opened"]


@pytest.mark.parametrize("action", ACTIONS)
def test_post_endpoints_refuse_get(tech_agent, contact_a, make_ticket, client_for, action):
    ticket = make_ticket(contact_a)
    response = client_for(tech_agent).get(reverse(f"console:{action}", args=[ticket.number]))
    assert response.status_code == 405


def test_an_unknown_ticket_number_is_a_404(tech_agent, client_for):
    assert client_for(tech_agent).get(reverse("console:ticket", args=["CM-999999"])).status_code == 404
    assert client_for(tech_agent).get(reverse("console:ticket", args=["nonsense"])).status_code == 404


def test_an_admin_sees_tickets_of_every_department(admin_agent, contact_a, sales, make_ticket, client_for):
    technical_ticket = make_ticket(contact_a, subject="Mất mạng")
    sales_ticket = make_ticket(contact_a, department=sales, subject="Hoá đơn tháng 3")
    client = client_for(admin_agent)
    for ticket in (technical_ticket, sales_ticket):
        assert client.get(reverse("console:ticket", args=[ticket.number])).status_code == 200
    page = client.get(reverse("console:queue")).content.decode()
    assert "Mất mạng" in page
    assert "Hoá đơn tháng 3" in page


def test_a_department_queue_of_another_department_is_a_404(tech_agent, sales, client_for):
    assert client_for(tech_agent).get(reverse("console:queue_department", args=["sales"])).status_code == 404


def test_a_post_without_csrf_token_is_refused(tech_agent, contact_a, make_ticket):
    ticket = make_ticket(contact_a)
    client = Client(enforce_csrf_checks=True)
    client.force_login(tech_agent)
    response = client.post(reverse("console:claim", args=[ticket.number]))
    assert response.status_code == 403
    ticket.refresh_from_db()
    assert ticket.assignee_id is None

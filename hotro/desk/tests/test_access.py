"""Who may see which ticket."""

import pytest
from django.http import Http404

from hotro.desk import services


def test_a_customer_sees_only_their_own_tickets(contact_a, contact_b, make_ticket):
    ticket = make_ticket(contact_a)
    assert services.access_ticket_as_contact(contact_a, ticket.number) == ticket
    with pytest.raises(Http404):
        services.access_ticket_as_contact(contact_b, ticket.number)
    assert list(services.tickets_for_contact(contact_b)) == []


def test_an_agent_sees_only_their_departments(contact_a, tech_agent, sales_agent, admin_agent, make_ticket):
    ticket = make_ticket(contact_a)
    assert services.access_ticket_as_agent(tech_agent, ticket.number) == ticket
    assert services.access_ticket_as_agent(admin_agent, ticket.number) == ticket
    with pytest.raises(Http404):
        services.access_ticket_as_agent(sales_agent, ticket.number)


def test_a_customer_is_not_let_into_the_console(contact_a, customer_a, make_ticket):
    ticket = make_ticket(contact_a)
    with pytest.raises(Http404):
        services.access_ticket_as_agent(customer_a, ticket.number)


@pytest.mark.parametrize("number", ["", "CM-", "abc", "CM-99999999", "CM-0"])
def test_unknown_or_malformed_numbers_are_404(contact_a, make_ticket, number):
    make_ticket(contact_a)
    with pytest.raises(Http404):
        services.access_ticket_as_contact(contact_a, number)


def test_a_guest_token_grants_that_ticket_only(contact_a, make_ticket):
    first, second = make_ticket(contact_a), make_ticket(contact_a)
    token = services.guest_token(first, contact_a)
    assert services.access_ticket_by_token(token) == (first, contact_a)
    with pytest.raises(Http404):
        services.access_ticket_by_token(token[:-2] + "xx")
    assert second.pk != first.pk


def test_a_guest_link_expires(contact_a, make_ticket, settings, monkeypatch):
    import time

    settings.HOTRO_GUEST_LINK_DAYS = 30
    ticket = make_ticket(contact_a)
    token = services.guest_token(ticket, contact_a)
    assert services.access_ticket_by_token(token) == (ticket, contact_a)
    later = time.time() + 31 * 86400
    monkeypatch.setattr(time, "time", lambda: later)
    with pytest.raises(Http404):
        services.access_ticket_by_token(token)

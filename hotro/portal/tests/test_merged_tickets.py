"""A merged ticket's portal page and guest links lead the customer to the surviving ticket."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from hotro.desk import services


def test_the_guest_link_of_a_merged_ticket_leads_to_the_survivor_for_the_same_customer(
    contact_a, make_ticket, tech_agent
):
    target, source = make_ticket(contact_a), make_ticket(contact_a)
    old_link = reverse("portal:guest_ticket", args=[services.guest_token(source, contact_a)])
    services.merge_tickets(source, target, tech_agent)
    response = Client().get(old_link)
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:guest_ticket", args=[services.guest_token(target, contact_a)])
    assert Client().get(response["Location"]).status_code == 200


def test_the_other_requester_follows_the_survivor_by_their_own_link(contact_a, contact_b, make_ticket, tech_agent):
    target, source = make_ticket(contact_a), make_ticket(contact_b)
    old_link = reverse("portal:guest_ticket", args=[services.guest_token(source, contact_b)])
    services.merge_tickets(source, target, tech_agent, other_requester=True)
    response = Client().get(old_link)
    assert response["Location"] == reverse("portal:guest_ticket", args=[services.guest_token(target, contact_b)])


def test_the_signed_in_customers_page_of_a_merged_ticket_leads_to_the_survivor(
    contact_a, customer_a, make_ticket, client_for, tech_agent
):
    target, source = make_ticket(contact_a), make_ticket(contact_a)
    services.merge_tickets(source, target, tech_agent)
    response = client_for(customer_a).get(reverse("portal:ticket_detail", args=[source.number]))
    assert response["Location"] == reverse("portal:ticket_detail", args=[target.number])


def test_a_stranger_gets_nothing_from_a_merged_tickets_number(
    contact_a, customer_b, make_ticket, client_for, tech_agent
):
    target, source = make_ticket(contact_a), make_ticket(contact_a)
    services.merge_tickets(source, target, tech_agent)
    assert client_for(customer_b).get(reverse("portal:ticket_detail", args=[source.number])).status_code == 404

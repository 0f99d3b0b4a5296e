"""Beside the thread: the ticket's service, its limits, status, the customer's other open tickets; suggestions."""

from __future__ import annotations

from hotro.catalog.models import TicketService
from hotro.catalog.services import name_service
from hotro.desk import services
from hotro.desk.models import Channel


def test_the_page_shows_the_service_its_limits_and_the_other_open_tickets(
    make_instance, contact_a, make_ticket, tech_agent, client_for
):
    instance = make_instance(contact_a.email, label="web-an", hostname="web.an.vn")
    first = make_ticket(contact_a, subject="Mất kết nối lần 1")
    name_service(first, instance, contact_a)
    second = make_ticket(contact_a, subject="Mất kết nối lần 2")
    name_service(second, instance, contact_a)
    page = client_for(tech_agent).get(f"/console/tickets/{second.number}/").content.decode()
    assert "web-an" in page
    assert "web.an.vn" in page
    assert instance.product.supported in page or "network, hypervisor" in page
    assert first.number in page


def test_an_email_naming_the_requesters_server_gets_a_suggestion_the_agent_confirms(
    make_instance, contact_a, contact_b, technical, tech_agent, client_for
):
    mine = make_instance(contact_a.email, hostname="db1.an.vn", ip="103.5.5.5")
    make_instance(contact_b.email, hostname="db1.binh.vn", ip="103.6.6.6")
    ticket = services.open_ticket(
        requester=contact_a,
        department=technical,
        subject="Server down",
        body="Không ping được 103.6.6.6 và 103.5.5.5 từ sáng.",
        channel=Channel.EMAIL,
    )
    link = TicketService.objects.get(ticket=ticket)
    assert (link.instance, link.suggested, link.confirmed) == (mine, True, False)  # never another customer's
    client = client_for(tech_agent)
    assert "Xác nhận dịch vụ này" in client.get(f"/console/tickets/{ticket.number}/").content.decode()  # the agent's vi
    client.post(f"/console/tickets/{ticket.number}/service/", {"instance": mine.pk})
    link.refresh_from_db()
    assert link.confirmed


def test_a_web_ticket_gets_no_guess(make_instance, contact_a, make_ticket):
    make_instance(contact_a.email, hostname="db1.an.vn")
    ticket = make_ticket(contact_a, body="db1.an.vn is down")
    assert not TicketService.objects.filter(ticket=ticket).exists()


def test_an_agent_cannot_set_another_customers_service(
    make_instance, contact_a, contact_b, make_ticket, tech_agent, client_for
):
    theirs = make_instance(contact_b.email)
    ticket = make_ticket(contact_a)
    client_for(tech_agent).post(f"/console/tickets/{ticket.number}/service/", {"instance": theirs.pk})
    assert not TicketService.objects.filter(ticket=ticket).exists()


def test_another_departments_agent_gets_a_404(make_instance, contact_a, make_ticket, sales_agent, client_for):
    instance = make_instance(contact_a.email)
    ticket = make_ticket(contact_a)
    response = client_for(sales_agent).post(f"/console/tickets/{ticket.number}/service/", {"instance": instance.pk})
    assert response.status_code == 404

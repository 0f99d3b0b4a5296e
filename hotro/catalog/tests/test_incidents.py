"""Mass incidents end to end: declare, link, updates delivered once per linked ticket by the task, banner."""

from __future__ import annotations

from collections import deque

import pytest
from django.db import connections

from hotro.accounts.models import Contact
from hotro.catalog.models import Incident, IncidentLink, IncidentStatus, IncidentUpdate, Product
from hotro.catalog.services import declare_incident, link_tickets, name_service, post_update, suggested_tickets
from hotro.catalog.tasks import deliver_incident_update
from hotro.core.models import OutboundMessage
from hotro.desk import search
from hotro.desk.models import Channel, Status, Ticket

TICKETS = 1_000
# Statements per ticket: the claim, the savepoint, the desk's reply (lock, message, search document, audit,
# outbox row and its delivery task) and the notification's look-ups; measured, with a little room.
PER_TICKET = 18


def declare(agent, **affected) -> Incident:
    affected.setdefault("products", [Product.objects.get(slug="cloud-vps")])
    return declare_incident(
        agent,
        title="Sự cố mạng HN1",
        title_en="Network outage HN1",
        body="Chúng tôi đang kiểm tra sự cố mạng.",
        body_en="We are investigating a network outage.",
        **affected,
    )


def deliver_all() -> None:
    for update in IncidentUpdate.objects.order_by("pk"):
        deliver_incident_update.call(update.pk)


@pytest.fixture
def roomy_query_log():
    """Django keeps the last 9,000 statements only; the count below must see them all."""
    wrapper = connections["default"]
    kept = wrapper.queries_log
    wrapper.queries_log = deque(maxlen=100_000)
    yield
    wrapper.queries_log = kept


def many_linked_tickets(technical, incident, count: int) -> list[Ticket]:
    """A thousand requesters with one ticket each; written in bulk (opening 1,000 tickets one by one
    through the desk would only slow the test down; the linking and the delivery under test are real)."""
    contacts = Contact.objects.bulk_create(
        Contact(email=f"kh{n}@example.vn", phone=f"+8490{n:07d}", name=f"Khách {n}", language="en" if n % 2 else "vi")
        for n in range(count)
    )
    tickets = Ticket.objects.bulk_create(
        Ticket(
            subject=f"Mất mạng {n}",
            department=technical,
            requester=contact,
            channel=Channel.SMS if n % 10 == 0 else Channel.EMAIL,
            **search.opening_documents(contact, f"Mất mạng {n}", "VPS mất mạng"),
        )
        for n, contact in enumerate(contacts)
    )
    IncidentLink.objects.bulk_create(IncidentLink(incident=incident, ticket=t) for t in tickets)
    return tickets


@pytest.mark.django_db(transaction=False)
def test_each_update_reaches_each_linked_requester_once_from_the_task_with_bounded_queries(
    technical, tech_agent, django_assert_max_num_queries, django_capture_on_commit_callbacks, roomy_query_log
):
    incident = declare(tech_agent)
    many_linked_tickets(technical, incident, TICKETS)
    with django_capture_on_commit_callbacks(execute=False) as enqueued:
        update = post_update(
            incident,
            tech_agent,
            status=IncidentStatus.IDENTIFIED,
            body="Đã xác định nguyên nhân.",
            body_en="Cause found.",
        )
    assert enqueued  # the request only enqueues the delivery: nothing was sent yet
    assert OutboundMessage.objects.filter(kind="desk/agent_reply").count() == 0

    # Each ticket costs a fixed number of statements (claim, lock, message, audit, outbox row, task row...);
    # nothing grows with the number of tickets already done (no N+1 across the batch).
    with django_assert_max_num_queries(TICKETS * PER_TICKET + 20) as captured:
        sent = deliver_incident_update.call(update.pk)
    assert len(captured.captured_queries) > TICKETS * 5  # the count is real (nothing was cut off)
    assert sent == TICKETS
    replies = OutboundMessage.objects.filter(kind="desk/agent_reply")
    assert replies.count() == TICKETS
    assert replies.values("to").distinct().count() == TICKETS  # one per requester
    assert replies.filter(channel="sms").count() == TICKETS // 10  # each on its ticket's channel
    assert replies.filter(channel="email").count() == TICKETS - TICKETS // 10

    # The update is in every thread, in the requester's language.
    english = Ticket.objects.get(requester__email="kh1@example.vn")
    vietnamese = Ticket.objects.get(requester__email="kh2@example.vn")
    assert english.messages.filter(body_text="Cause found.").exists()
    assert vietnamese.messages.filter(body_text="Đã xác định nguyên nhân.").exists()

    # A second run (a retried task, a second worker) sends nothing more.
    assert deliver_incident_update.call(update.pk) == 0
    assert OutboundMessage.objects.filter(kind="desk/agent_reply").count() == TICKETS
    update.refresh_from_db()
    assert update.sent == TICKETS and update.delivered_at is not None


def test_an_arriving_ticket_from_an_affected_customer_is_linked_and_told_the_status(
    make_instance, contact_a, contact_b, make_ticket, tech_agent
):
    make_instance(contact_a.email, product="cloud-vps")
    make_instance(contact_b.email, product="domain")
    incident = declare(tech_agent)
    affected = make_ticket(contact_a, subject="VPS không truy cập được")
    other = make_ticket(contact_b, subject="Tên miền")
    assert IncidentLink.objects.filter(incident=incident, ticket=affected, automatic=True).exists()
    assert not IncidentLink.objects.filter(ticket=other).exists()
    deliver_all()
    assert affected.messages.filter(body_text="Chúng tôi đang kiểm tra sự cố mạng.", internal=False).exists()
    assert OutboundMessage.objects.filter(ticket=affected, kind="desk/agent_reply").count() == 1


def test_a_new_ticket_gets_the_current_status_not_the_history(make_instance, contact_a, make_ticket, tech_agent):
    make_instance(contact_a.email)
    incident = declare(tech_agent)
    post_update(incident, tech_agent, status=IncidentStatus.MONITORING, body="Đang theo dõi.", body_en="Monitoring.")
    ticket = make_ticket(contact_a)
    deliver_all()
    bodies = list(ticket.messages.filter(author_user=tech_agent).values_list("body_text", flat=True))
    assert bodies == ["Đang theo dõi."]


def test_open_tickets_about_affected_services_are_suggested_then_linked_by_an_agent(
    make_instance, contact_a, make_ticket, tech_agent
):
    instance = make_instance(contact_a.email)
    ticket = make_ticket(contact_a)
    name_service(ticket, instance, contact_a)
    incident = declare(tech_agent)  # declared after the ticket arrived: a suggestion, not a link
    assert list(suggested_tickets(incident)) == [ticket]
    assert link_tickets(incident, [ticket], tech_agent) == 1
    assert list(suggested_tickets(incident)) == []
    deliver_all()
    assert ticket.messages.filter(author_user=tech_agent).count() == 1


def test_resolving_can_resolve_the_linked_tickets_with_a_final_message(
    make_instance, contact_a, make_ticket, tech_agent
):
    make_instance(contact_a.email)
    incident = declare(tech_agent)
    ticket = make_ticket(contact_a)
    deliver_all()
    post_update(
        incident,
        tech_agent,
        status=IncidentStatus.RESOLVED,
        body="Sự cố đã được khắc phục.",
        body_en="Fixed.",
        resolve_tickets=True,
    )
    deliver_all()
    ticket.refresh_from_db()
    assert ticket.status == Status.RESOLVED
    assert ticket.messages.filter(body_text="Sự cố đã được khắc phục.").exists()
    incident.refresh_from_db()
    assert incident.resolved_at is not None


def test_a_resolved_incident_takes_no_more_updates(tech_agent, provider_defaults):
    from hotro.catalog.errors import CatalogError

    incident = declare(tech_agent)
    post_update(incident, tech_agent, status=IncidentStatus.RESOLVED, body="Xong.", body_en="Done.")
    with pytest.raises(CatalogError):
        post_update(incident, tech_agent, status=IncidentStatus.MONITORING, body="a", body_en="b")


def test_the_portal_banner_shows_to_affected_customers_and_for_global_incidents(
    make_instance, customer_a, customer_b, contact_a, tech_agent, client_for, client
):
    make_instance(contact_a.email, region="HN1")
    declare(tech_agent, products=[], regions="hn1")
    assert "Network outage HN1" not in client_for(customer_b).get("/").content.decode()
    assert "Sự cố mạng HN1" in client_for(customer_a).get("/").content.decode()
    assert "Sự cố mạng" not in client.get("/").content.decode()
    declare_incident(
        tech_agent, title="Bảo trì toàn hệ thống", title_en="Maintenance", body="b", body_en="b", is_global=True
    )
    assert "Bảo trì toàn hệ thống" in client.get("/").content.decode()


def test_the_console_declares_updates_and_links(make_instance, contact_a, make_ticket, tech_agent, client_for):
    instance = make_instance(contact_a.email)
    ticket = make_ticket(contact_a)
    name_service(ticket, instance, contact_a)
    client = client_for(tech_agent)
    assert client.get("/console/incidents/").status_code == 200
    assert client.get("/console/incidents/new/").status_code == 200
    response = client.post(
        "/console/incidents/new/",
        {
            "title": "Sự cố",
            "title_en": "Outage",
            "instances": instance.hostname,
            "body": "Đang kiểm tra.",
            "body_en": "Investigating.",
        },
    )
    assert response.status_code == 302
    incident = Incident.objects.get()
    page = client.get(f"/console/incidents/{incident.pk}/").content.decode()
    assert ticket.number in page
    client.post(f"/console/incidents/{incident.pk}/link/", {"ticket": [ticket.pk]})
    assert IncidentLink.objects.filter(incident=incident, ticket=ticket).exists()
    response = client.post(
        f"/console/incidents/{incident.pk}/update/", {"status": "identified", "body": "Đã rõ.", "body_en": "Known."}
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.IDENTIFIED


def test_declaring_needs_something_affected(tech_agent, client_for, provider_defaults):
    response = client_for(tech_agent).post(
        "/console/incidents/new/", {"title": "a", "title_en": "b", "body": "c", "body_en": "d"}
    )
    assert response.status_code == 400
    assert Incident.objects.count() == 0


def test_an_agent_links_only_tickets_of_their_departments(
    make_instance, contact_a, sales, make_ticket, sales_agent, tech_agent
):
    make_instance(contact_a.email)
    incident = declare(tech_agent, products=[], is_global=True)
    sales_ticket = make_ticket(contact_a, department=sales)  # auto-linked (global)
    IncidentLink.objects.all().delete()
    assert link_tickets(incident, [sales_ticket], tech_agent) == 0
    assert link_tickets(incident, [sales_ticket], sales_agent) == 1


def test_customers_cannot_reach_the_incident_pages(tech_agent, customer_a, client_for, provider_defaults):
    incident = declare(tech_agent)
    client = client_for(customer_a)
    for url in ("/console/incidents/", f"/console/incidents/{incident.pk}/"):
        assert client.get(url).status_code == 404
    assert client.post(f"/console/incidents/{incident.pk}/update/", {"status": "resolved"}).status_code == 404

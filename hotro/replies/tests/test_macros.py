"""Macros: a canned reply plus changes, each through the desk's services with its audit event; all or nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hotro.core.models import OutboundMessage
from hotro.desk import services
from hotro.desk.models import AuditEvent, Category, Message, Priority, Status
from hotro.replies import services as replies
from hotro.replies.models import AssigneeChoice


@pytest.fixture
def technical_category(technical):
    return Category.objects.filter(department=technical, active=True).order_by("rank").first()


@pytest.fixture
def macro(technical, technical_response, technical_category, tech_agent_2):
    return replies.save_macro(
        None,
        department=technical,
        name="Chờ khách hàng",
        response=technical_response,
        status=Status.PENDING,
        priority=Priority.HIGH,
        category=technical_category,
        assign=AssigneeChoice.AGENT,
        assignee=tech_agent_2,
    )


def _apply(client, ticket, macro):
    return client.post(reverse("console:apply_macro", args=[ticket.number, macro.pk]))


def test_a_macro_makes_every_change_with_one_audit_event_each(
    client_for, tech_agent, tech_agent_2, contact_a, make_ticket, macro, technical_category
):
    ticket = make_ticket(contact_a)
    replies.set_signature(tech_agent, ticket.department, "Lê Kỹ Thuật")
    before = AuditEvent.objects.filter(ticket=ticket).count()
    assert _apply(client_for(tech_agent), ticket, macro).status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == Status.PENDING
    assert ticket.priority == Priority.HIGH
    assert ticket.category_id == technical_category.pk
    assert ticket.assignee_id == tech_agent_2.pk
    reply = Message.objects.get(ticket=ticket, author_user=tech_agent)
    assert reply.body_text.startswith(f"Ticket {ticket.number} đã được tiếp nhận.")  # the customer's language (vi)
    assert reply.body_text.endswith("Lê Kỹ Thuật")  # signed like any public reply
    actions = list(AuditEvent.objects.filter(ticket=ticket).order_by("pk").values_list("action", flat=True))[before:]
    for action in (
        "desk.ticket.category_changed",
        "desk.ticket.priority_changed",
        "desk.ticket.assigned",
        "desk.message.agent_reply",
        "desk.ticket.status_changed",
    ):
        assert action in actions
    assert all(
        e.actor_user_id == tech_agent.pk for e in AuditEvent.objects.filter(ticket=ticket).order_by("pk")[before:]
    )
    # P3: one mail for the reply that asks the customer, not a second one for "pending".
    assert OutboundMessage.objects.filter(ticket=ticket, to=contact_a.email, kind="desk/status_changed").count() == 0
    assert OutboundMessage.objects.filter(ticket=ticket, to=contact_a.email, kind="desk/agent_reply").count() == 1


def test_a_macro_of_another_department_is_refused_and_changes_nothing(
    client_for, sales_agent, contact_a, make_ticket, sales, macro
):
    ticket = make_ticket(contact_a, department=sales)  # the agent's own ticket, the macro is Technical's
    assert _apply(client_for(sales_agent), ticket, macro).status_code == 404
    ticket.refresh_from_db()
    assert (ticket.status, ticket.priority, ticket.assignee_id) == (Status.NEW, Priority.NORMAL, None)
    with pytest.raises(replies.RepliesError):
        replies.apply_macro(macro, ticket, sales_agent)


def test_an_agent_outside_the_tickets_department_gets_a_404(client_for, sales_agent, contact_a, make_ticket, macro):
    ticket = make_ticket(contact_a)
    assert _apply(client_for(sales_agent), ticket, macro).status_code == 404
    assert not Message.objects.filter(ticket=ticket, author_user=sales_agent).exists()


def test_a_change_the_desk_refuses_rolls_the_whole_macro_back(client_for, tech_agent, contact_a, make_ticket, macro):
    ticket = make_ticket(contact_a)
    services.change_status(ticket, Status.CLOSED, tech_agent)  # assigning a closed ticket is refused
    count = AuditEvent.objects.filter(ticket=ticket).count()
    response = _apply(client_for(tech_agent), ticket, macro)
    assert response.status_code == 400
    ticket.refresh_from_db()
    assert ticket.priority == Priority.NORMAL and ticket.category_id is None and ticket.assignee_id is None
    assert AuditEvent.objects.filter(ticket=ticket).count() == count
    assert not Message.objects.filter(ticket=ticket, author_user=tech_agent).exists()


def test_applying_is_post_only(client_for, tech_agent, contact_a, make_ticket, macro):
    ticket = make_ticket(contact_a)
    assert client_for(tech_agent).get(reverse("console:apply_macro", args=[ticket.number, macro.pk])).status_code == 405


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"response": "sales"}, "response"),
        ({"category": "sales"}, "category"),
        ({"assign": AssigneeChoice.AGENT, "assignee": "sales_agent"}, "assignee"),
        ({}, None),
    ],
)
def test_a_macro_mixing_departments_or_doing_nothing_is_refused(
    changes, field, technical, sales, sales_response, sales_agent
):
    values = {
        "response": sales_response if changes.get("response") else None,
        "category": Category.objects.filter(department=sales).first() if changes.get("category") else None,
        "assign": changes.get("assign", ""),
        "assignee": sales_agent if changes.get("assignee") else None,
    }
    with pytest.raises(replies.RepliesError) as refused:
        replies.save_macro(None, department=technical, name="X", status="", priority=None, **values)
    assert refused.value.field == field


def test_the_ticket_page_offers_the_departments_macros_only(
    client_for, tech_agent, sales_agent, contact_a, make_ticket, sales, macro
):
    ticket = make_ticket(contact_a)
    url = reverse("console:apply_macro", args=[ticket.number, macro.pk])
    assert url in client_for(tech_agent).get(reverse("console:ticket", args=[ticket.number])).content.decode()
    other = make_ticket(contact_a, department=sales)
    page = client_for(sales_agent).get(reverse("console:ticket", args=[other.number])).content.decode()
    assert "/macro/" not in page

"""Two services added for canned-reply macros and routing: change_category and assign_automatically."""

from __future__ import annotations

import pytest

from hotro.desk import services
from hotro.desk.errors import DeskError
from hotro.desk.models import AuditEvent, Category, Status


def test_change_category_stays_within_the_department_and_is_audited(contact_a, make_ticket, tech_agent, sales):
    ticket = make_ticket(contact_a)
    category = Category.objects.filter(department=ticket.department, active=True).first()
    services.change_category(ticket, category, tech_agent)
    ticket.refresh_from_db()
    assert ticket.category_id == category.pk
    event = AuditEvent.objects.get(ticket=ticket, action="desk.ticket.category_changed")
    assert (event.actor_user_id, event.data) == (tech_agent.pk, {"before": None, "after": category.slug})
    with pytest.raises(DeskError) as refused:
        services.change_category(ticket, Category.objects.filter(department=sales).first(), tech_agent)
    assert refused.value.code == "bad_category"
    services.change_category(ticket, category, tech_agent)  # unchanged: no second event
    assert AuditEvent.objects.filter(ticket=ticket, action="desk.ticket.category_changed").count() == 1


def test_change_category_refuses_an_agent_of_another_department(contact_a, make_ticket, sales_agent):
    ticket = make_ticket(contact_a)
    with pytest.raises(DeskError):
        services.change_category(ticket, None, sales_agent)


def test_assign_automatically_records_the_system_and_its_reason(contact_a, make_ticket, tech_agent):
    ticket = make_ticket(contact_a)
    assert services.assign_automatically(ticket, tech_agent, reason="routing.round_robin") is not None
    event = AuditEvent.objects.get(ticket=ticket, action="desk.ticket.assigned")
    assert event.actor_user_id is None and event.data["reason"] == "routing.round_robin"


def test_assign_automatically_leaves_a_taken_or_foreign_ticket_alone(
    contact_a, make_ticket, tech_agent, tech_agent_2, sales_agent
):
    ticket = make_ticket(contact_a)
    services.claim(ticket, tech_agent_2)
    assert services.assign_automatically(ticket, tech_agent, reason="routing.least_load") is None
    other = make_ticket(contact_a)
    assert services.assign_automatically(other, sales_agent, reason="routing.least_load") is None
    services.change_status(other, Status.CLOSED, tech_agent)
    assert services.assign_automatically(other, tech_agent, reason="routing.least_load") is None
    other.refresh_from_db()
    assert other.assignee_id is None

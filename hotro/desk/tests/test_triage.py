"""Assignment, status, priority and transfer through the services (P2, P11)."""

import pytest

from hotro.desk import services
from hotro.desk.models import AuditEvent, Category, Priority, Status
from hotro.desk.state import allowed_targets, can_move


def test_claim_takes_an_unassigned_ticket_and_opens_it(contact_a, tech_agent, make_ticket):
    ticket = make_ticket(contact_a)
    ticket = services.claim(ticket, tech_agent)
    assert ticket.assignee == tech_agent
    assert ticket.assigned_at is not None
    assert ticket.status == Status.OPEN
    assert AuditEvent.objects.filter(ticket=ticket, action="desk.ticket.assigned").count() == 1


def test_a_second_claim_is_refused(contact_a, tech_agent, tech_agent_2, make_ticket):
    ticket = make_ticket(contact_a)
    services.claim(ticket, tech_agent)
    with pytest.raises(services.DeskError) as error:
        services.claim(ticket, tech_agent_2)
    assert error.value.code == "taken"
    ticket.refresh_from_db()
    assert ticket.assignee == tech_agent


def test_assign_records_who_and_when(contact_a, supervisor, tech_agent, make_ticket):
    ticket = make_ticket(contact_a)
    services.assign(ticket, tech_agent, supervisor)
    event = AuditEvent.objects.get(ticket=ticket, action="desk.ticket.assigned")
    assert event.actor_user == supervisor
    assert event.data == {"before": None, "after": tech_agent.pk}


def test_assigning_an_agent_of_another_department_is_refused(contact_a, supervisor, sales_agent, make_ticket):
    ticket = make_ticket(contact_a)
    with pytest.raises(services.DeskError) as error:
        services.assign(ticket, sales_agent, supervisor)
    assert error.value.field == "assignee"
    ticket.refresh_from_db()
    assert ticket.assignee is None


def test_unassign_puts_the_ticket_back(contact_a, tech_agent, make_ticket):
    ticket = services.claim(make_ticket(contact_a), tech_agent)
    ticket = services.unassign(ticket, tech_agent)
    assert ticket.assignee is None
    assert AuditEvent.objects.filter(ticket=ticket, action="desk.ticket.unassigned").exists()


def test_illegal_status_moves_are_refused(contact_a, tech_agent, make_ticket):
    ticket = make_ticket(contact_a)
    services.change_status(ticket, Status.CLOSED, tech_agent)
    with pytest.raises(services.DeskError) as error:
        services.change_status(ticket, Status.PENDING, tech_agent)
    assert error.value.code == "bad_transition"
    with pytest.raises(services.DeskError):
        services.change_status(ticket, "bogus", tech_agent)
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED


def test_the_state_machine_allows_reopening_but_not_closed_to_pending():
    assert can_move(Status.CLOSED, Status.OPEN)
    assert not can_move(Status.CLOSED, Status.PENDING)
    assert Status.NEW not in allowed_targets(Status.OPEN)


def test_status_changes_are_audited_with_before_and_after(contact_a, tech_agent, make_ticket):
    ticket = make_ticket(contact_a)
    services.change_status(ticket, Status.PENDING, tech_agent)
    event = AuditEvent.objects.get(ticket=ticket, action="desk.ticket.status_changed")
    assert (event.data["before"], event.data["after"]) == ("new", "pending")


def test_close_and_reopen(contact_a, make_ticket):
    ticket = make_ticket(contact_a)
    ticket = services.close_ticket(ticket, contact_a)
    assert ticket.status == Status.CLOSED and ticket.closed_at
    with pytest.raises(services.DeskError):
        services.close_ticket(ticket, contact_a)
    ticket = services.reopen_ticket(ticket, contact_a)
    assert ticket.status == Status.OPEN and ticket.closed_at is None


def test_a_stranger_cannot_close(contact_a, contact_b, make_ticket):
    ticket = make_ticket(contact_a)
    with pytest.raises(services.DeskError):
        services.close_ticket(ticket, contact_b)
    ticket.refresh_from_db()
    assert ticket.status == Status.NEW


def test_change_priority(contact_a, tech_agent, make_ticket):
    ticket = make_ticket(contact_a)
    ticket = services.change_priority(ticket, Priority.URGENT, tech_agent)
    assert ticket.priority == Priority.URGENT
    with pytest.raises(services.DeskError):
        services.change_priority(ticket, 9, tech_agent)
    with pytest.raises(services.DeskError):
        services.change_priority(ticket, "x", tech_agent)
    ticket.refresh_from_db()
    assert ticket.priority == Priority.URGENT


def test_transfer_releases_an_assignee_who_does_not_work_there(contact_a, tech_agent, sales, make_ticket):
    ticket = services.claim(make_ticket(contact_a), tech_agent)
    billing = Category.objects.get(slug="billing")
    ticket = services.transfer_ticket(ticket, sales, tech_agent, category=billing)
    assert ticket.department == sales
    assert ticket.category == billing
    assert ticket.assignee is None
    event = AuditEvent.objects.get(ticket=ticket, action="desk.ticket.transferred")
    assert event.data["released_assignee"] == tech_agent.pk


def test_transfer_refuses_a_category_of_another_department(contact_a, tech_agent, sales, make_ticket):
    ticket = make_ticket(contact_a)
    vps = Category.objects.get(slug="vps")
    with pytest.raises(services.DeskError) as error:
        services.transfer_ticket(ticket, sales, tech_agent, category=vps)
    assert error.value.field == "category"
    ticket.refresh_from_db()
    assert ticket.department.slug == "technical"

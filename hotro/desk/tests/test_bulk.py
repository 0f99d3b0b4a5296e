"""Bulk actions: the same services one by one, one audit entry per ticket, refusals skipped and named."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hotro.desk import services
from hotro.desk.errors import DeskError
from hotro.desk.models import AuditEvent, Message, Priority, Status, Ticket


def ids(tickets):
    return [t.pk for t in tickets]


def test_bulk_assign_writes_one_assignment_entry_per_ticket(contact_a, make_ticket, tech_agent, tech_agent_2):
    tickets = [make_ticket(contact_a) for _ in range(3)]
    outcome = services.apply_in_bulk(tech_agent, ids(tickets), "assign", tech_agent_2)
    assert outcome.done == [t.number for t in tickets] and outcome.skipped == []
    assert set(Ticket.objects.values_list("assignee_id", flat=True)) == {tech_agent_2.pk}
    for ticket in tickets:
        assert AuditEvent.objects.filter(ticket=ticket, action="desk.ticket.assigned").count() == 1


def test_tickets_of_other_departments_are_skipped_with_a_reason(contact_a, make_ticket, sales, tech_agent):
    mine = make_ticket(contact_a)
    theirs = make_ticket(contact_a, department=sales)
    outcome = services.apply_in_bulk(tech_agent, [mine.pk, theirs.pk, 999_999], "priority", Priority.URGENT)
    assert outcome.done == [mine.number]
    assert [number for number, _reason in outcome.skipped] == [theirs.number, "CM-999999"]
    theirs.refresh_from_db()
    assert theirs.priority == Priority.NORMAL
    assert not AuditEvent.objects.filter(ticket=theirs, action="desk.ticket.priority_changed").exists()


def test_a_refusal_skips_that_ticket_and_keeps_the_others(contact_a, make_ticket, tech_agent):
    closed = make_ticket(contact_a)
    services.change_status(closed, Status.CLOSED, tech_agent)
    open_ = make_ticket(contact_a)
    outcome = services.apply_in_bulk(tech_agent, [closed.pk, open_.pk], "status", Status.PENDING)
    assert outcome.done == [open_.number]
    assert [number for number, _reason in outcome.skipped] == [closed.number]


def test_bulk_merge_moves_every_message_into_the_target(contact_a, make_ticket, tech_agent):
    target, *others = [make_ticket(contact_a) for _ in range(3)]
    before = Message.objects.count()
    outcome = services.apply_in_bulk(tech_agent, ids([target, *others]), "merge", target)
    assert outcome.done == [t.number for t in others]  # the target itself is left out
    assert target.messages.count() == before
    assert AuditEvent.objects.filter(ticket=target, action="desk.ticket.merged").count() == 2


def test_bulk_tag_and_transfer(contact_a, make_ticket, admin_agent, sales):
    tickets = [make_ticket(contact_a) for _ in range(2)]
    services.apply_in_bulk(admin_agent, ids(tickets), "tag", "ssl")
    services.apply_in_bulk(admin_agent, ids(tickets), "transfer", sales)
    for ticket in Ticket.objects.all():
        assert [t.name for t in services.tags_of(ticket)] == ["ssl"] and ticket.department_id == sales.pk


def test_an_empty_or_oversized_selection_is_refused(tech_agent):
    with pytest.raises(DeskError):
        services.apply_in_bulk(tech_agent, [], "priority", Priority.HIGH)
    with pytest.raises(DeskError):
        services.apply_in_bulk(tech_agent, list(range(1, 500)), "priority", Priority.HIGH)


def test_the_queries_per_ticket_are_bounded(contact_a, make_ticket, tech_agent):
    """One query loads the selection; each ticket then costs its service's own statements, not more."""
    small = [make_ticket(contact_a) for _ in range(2)]
    large = [make_ticket(contact_a) for _ in range(6)]
    with CaptureQueriesContext(connection) as two:
        services.apply_in_bulk(tech_agent, ids(small), "priority", Priority.HIGH)
    with CaptureQueriesContext(connection) as six:
        services.apply_in_bulk(tech_agent, ids(large), "priority", Priority.HIGH)
    per_ticket = (len(six) - len(two)) / 4
    assert len(two) - 2 * per_ticket <= 3  # the selection's query, and little else
    assert per_ticket <= 12

"""Automatic assignment (P2 by the system): fairness, capacity, presence, the audit trail's reason.

Tickets are opened through the desk's service as every channel does; the hand-out runs when the
opening commits (``django_capture_on_commit_callbacks(execute=True)``).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import PASSWORD
from hotro.accounts.services import create_agent
from hotro.desk import services
from hotro.desk.models import AuditEvent, Status
from hotro.presence import services as presence
from hotro.presence.models import AgentStatus
from hotro.routing import services as routing
from hotro.routing.models import RoutingMode


@pytest.fixture
def agents(technical):
    """Three technical agents, all online, in id order."""
    made = [
        create_agent(f"rr{i}@cloudmini.example", PASSWORD, name=f"Agent {i}", departments=[technical]) for i in range(3)
    ]
    for agent in made:
        online(agent)
    return made


def online(agent):
    presence.choose(agent.pk, "online")
    presence.seen(agent.pk)


@pytest.fixture
def open_ticket(contact_a, make_ticket, django_capture_on_commit_callbacks):
    def open_one(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            ticket = make_ticket(contact_a, **kwargs)
        ticket.refresh_from_db()
        return ticket

    return open_one


def test_manual_triage_is_the_default_and_assigns_nothing(agents, open_ticket):
    """P2: the receiving team triages unless the department chose otherwise."""
    ticket = open_ticket()
    assert ticket.assignee_id is None and ticket.status == Status.NEW
    routing.set_mode(ticket.department, RoutingMode.MANUAL)
    assert open_ticket().assignee_id is None


def test_round_robin_hands_tickets_out_in_turn(agents, open_ticket, technical):
    routing.set_mode(technical, RoutingMode.ROUND_ROBIN)
    got = [open_ticket().assignee_id for _ in range(7)]
    ids = [a.pk for a in agents]
    assert got == [ids[0], ids[1], ids[2], ids[0], ids[1], ids[2], ids[0]]


def test_round_robin_records_the_reason_in_the_audit_trail(agents, open_ticket, technical):
    routing.set_mode(technical, RoutingMode.ROUND_ROBIN)
    ticket = open_ticket()
    event = AuditEvent.objects.get(ticket=ticket, action="desk.ticket.assigned")
    assert event.actor_user_id is None  # the system
    assert event.data == {"before": None, "after": agents[0].pk, "reason": "routing.round_robin"}
    assert ticket.status == Status.OPEN  # assigned: no longer waiting in triage


def test_offline_and_away_agents_are_skipped(agents, open_ticket, technical):
    routing.set_mode(technical, RoutingMode.ROUND_ROBIN)
    presence.choose(agents[0].pk, "away")
    presence.left(agents[1].pk)  # signed out: offline
    assert [open_ticket().assignee_id for _ in range(2)] == [agents[2].pk, agents[2].pk]


def test_an_agent_whose_console_went_silent_counts_as_offline(agents, open_ticket, technical):
    routing.set_mode(technical, RoutingMode.ROUND_ROBIN)
    AgentStatus.objects.filter(agent_id__in=[agents[0].pk, agents[1].pk]).update(
        seen_at=timezone.now() - timedelta(hours=1)
    )
    assert open_ticket().assignee_id == agents[2].pk


def test_capacity_is_respected(agents, open_ticket, technical):
    routing.set_mode(technical, RoutingMode.ROUND_ROBIN)
    routing.set_capacity(agents[0], 1)
    routing.set_capacity(agents[1], 0)
    got = [open_ticket().assignee_id for _ in range(4)]
    assert got.count(agents[0].pk) == 1
    assert agents[1].pk not in got
    assert got.count(agents[2].pk) == 3


def test_a_resolved_ticket_frees_capacity(agents, open_ticket, technical):
    routing.set_mode(technical, RoutingMode.LEAST_LOAD)
    for agent in agents[1:]:
        presence.choose(agent.pk, "offline")
    routing.set_capacity(agents[0], 1)
    first = open_ticket()
    assert first.assignee_id == agents[0].pk
    assert open_ticket().assignee_id is None  # full: stays in triage
    services.change_status(first, Status.RESOLVED, agents[0])
    assert open_ticket().assignee_id == agents[0].pk


def test_nobody_eligible_leaves_the_ticket_in_triage(agents, open_ticket, technical):
    routing.set_mode(technical, RoutingMode.ROUND_ROBIN)
    for agent in agents:
        presence.choose(agent.pk, "offline")
    ticket = open_ticket()
    assert ticket.assignee_id is None and ticket.status == Status.NEW
    assert not AuditEvent.objects.filter(ticket=ticket, action="desk.ticket.assigned").exists()


def test_least_load_picks_the_agent_with_fewest_open_tickets(agents, open_ticket, technical, contact_a, make_ticket):
    for _ in range(2):
        services.assign(make_ticket(contact_a), agents[0], agents[0])
    services.assign(make_ticket(contact_a), agents[1], agents[1])
    routing.set_mode(technical, RoutingMode.LEAST_LOAD)
    ticket = open_ticket()
    assert ticket.assignee_id == agents[2].pk
    event = AuditEvent.objects.get(ticket=ticket, action="desk.ticket.assigned")
    assert event.data["reason"] == "routing.least_load"
    # Now 2, 1, 1: a tie between agents 1 and 2; agent 1's last assignment is the older one.
    assert open_ticket().assignee_id == agents[1].pk


def test_least_load_ties_go_to_the_longest_waiting_agent(agents, open_ticket, technical):
    routing.set_mode(technical, RoutingMode.LEAST_LOAD)
    got = [open_ticket().assignee_id for _ in range(3)]
    assert sorted(got) == sorted(a.pk for a in agents)  # nobody gets a second before everyone has one


def test_only_members_of_the_department_are_chosen(agents, open_ticket, sales, sales_agent):
    online(sales_agent)
    routing.set_mode(sales, RoutingMode.ROUND_ROBIN)
    assert open_ticket(department=sales).assignee_id == sales_agent.pk
    assert open_ticket().assignee_id is None  # Technical is still in manual triage


def test_a_ticket_already_assigned_is_left_alone_and_routing_twice_is_harmless(agents, open_ticket, technical):
    routing.set_mode(technical, RoutingMode.ROUND_ROBIN)
    ticket = open_ticket()
    assert routing.route_ticket(ticket.pk) is None
    ticket.refresh_from_db()
    assert ticket.assignee_id == agents[0].pk
    assert AuditEvent.objects.filter(ticket=ticket, action="desk.ticket.assigned").count() == 1


def test_nothing_is_assigned_inside_the_opening_transaction(agents, contact_a, make_ticket, technical):
    """The hand-out waits for the commit (an opening that rolls back hands out nothing)."""
    routing.set_mode(technical, RoutingMode.ROUND_ROBIN)
    ticket = make_ticket(contact_a)  # the test's transaction never commits: no callback runs
    ticket.refresh_from_db()
    assert ticket.assignee_id is None


def test_an_unknown_mode_or_a_bad_capacity_is_refused(technical, agents):
    with pytest.raises(routing.RoutingError):
        routing.set_mode(technical, "lottery")
    with pytest.raises(routing.RoutingError):
        routing.set_capacity(agents[0], -1)


def test_the_tickets_history_names_the_automatic_assignment(agents, open_ticket, technical):
    from hotro.console.history import ROUTING_REASONS, describe

    routing.set_mode(technical, RoutingMode.ROUND_ROBIN)
    ticket = open_ticket()
    lines = [line.text for line in describe(ticket.events.select_related("actor_user", "actor_contact"))]
    assert any(str(ROUTING_REASONS["routing.round_robin"]) in line for line in lines)

"""Escalation is a desk change of its own (P11): under the ticket's lock, audited, announced."""

from __future__ import annotations

from hotro.desk import events, services
from hotro.desk.models import AuditEvent, Priority, Status


def test_it_raises_the_priority_and_hands_the_ticket_to_a_supervisor(contact_a, make_ticket, supervisor):
    ticket = make_ticket(contact_a)
    seen = []

    def note(sender, **kwargs):  # type: ignore[no-untyped-def]
        seen.append((kwargs["actor"], kwargs.get("priority"), kwargs.get("assignee")))

    events.priority_changed.connect(note)
    events.ticket_assigned.connect(note)
    try:
        changed, done = services.escalate(
            ticket, raise_priority=True, supervisor=supervisor, reason="sla_breach", action="sla.escalated"
        )
    finally:
        events.priority_changed.disconnect(note)
        events.ticket_assigned.disconnect(note)
    assert done == ["priority_raised", "reassigned_to_supervisor"]
    ticket.refresh_from_db()
    assert (ticket.priority, ticket.assignee, ticket.status) == (Priority.HIGH, supervisor, Status.OPEN)
    assert (changed.priority, changed.assignee_id) == (Priority.HIGH, supervisor.pk)
    assert seen == [(None, Priority.HIGH, None), (None, None, supervisor)]
    event = AuditEvent.objects.get(ticket=ticket, action="sla.escalated")
    assert event.data == {"actions": done, "reason": "sla_breach"} and event.actor_user is None
    reasons = AuditEvent.objects.filter(
        ticket=ticket, action__in=["desk.ticket.priority_changed", "desk.ticket.assigned"]
    )
    assert {e.data["reason"] for e in reasons} == {"sla_breach"}


def test_an_urgent_ticket_with_its_supervisor_is_left_alone(contact_a, make_ticket, supervisor):
    ticket = make_ticket(contact_a, priority=Priority.URGENT)
    services.assign(ticket, supervisor, supervisor)
    before = AuditEvent.objects.count()
    _ticket, done = services.escalate(
        ticket, raise_priority=True, supervisor=supervisor, reason="sla_breach", action="sla.escalated"
    )
    assert done == [] and AuditEvent.objects.count() == before

"""What a breach does to the ticket, per its policy: raise the priority, hand it to a supervisor.

These are desk changes made by the system (no agent acts), so they write the
same audit events and send the same desk events as ``hotro.desk.services`` do —
the mail receivers, the SLA receivers and the timeline see an ordinary change
with ``actor=None`` and ``reason="sla_breach"``.
"""

from __future__ import annotations

from django.utils import timezone

from hotro.accounts.models import User
from hotro.desk import events
from hotro.desk.models import Priority, Status, Ticket
from hotro.desk.services.audit import record
from hotro.desk.services.status import apply_status
from hotro.sla.models import SlaPolicy
from hotro.sla.people import supervisors

REASON = "sla_breach"


def raise_priority(ticket: Ticket) -> bool:
    """One step up (low → normal → high → urgent); an urgent ticket stays urgent."""
    if ticket.priority <= Priority.URGENT:
        return False
    previous = ticket.priority
    ticket.priority = Priority(previous - 1)
    ticket.save(update_fields=["priority", "updated_at"])
    record("desk.ticket.priority_changed", ticket, None, before=previous, after=int(ticket.priority), reason=REASON)
    events.priority_changed.send(
        sender=Ticket, ticket=ticket, actor=None, previous=previous, priority=Priority(ticket.priority)
    )
    return True


def reassign_to_supervisor(ticket: Ticket) -> User | None:
    """The department's first supervisor takes the ticket, unless a supervisor already has it."""
    bosses = supervisors(ticket.department)
    if not bosses or ticket.assignee_id in {u.pk for u in bosses}:
        return None
    previous, supervisor = ticket.assignee, bosses[0]
    ticket.assignee = supervisor
    ticket.assigned_at = timezone.now()
    ticket.save(update_fields=["assignee", "assigned_at", "updated_at"])
    record(
        "desk.ticket.assigned",
        ticket,
        None,
        before=previous.pk if previous else None,
        after=supervisor.pk,
        reason=REASON,
    )
    events.ticket_assigned.send(sender=Ticket, ticket=ticket, actor=None, previous=previous, assignee=supervisor)
    if ticket.status == Status.NEW:
        apply_status(ticket, Status.OPEN, None, reason=REASON)
    return supervisor


def escalate(ticket: Ticket, policy: SlaPolicy | None) -> list[str]:
    """Apply the policy's escalation rule; returns what was done, for the audit event."""
    done = []
    if policy is None:
        return done
    if policy.escalate_raise_priority and raise_priority(ticket):
        done.append("priority_raised")
    if policy.escalate_to_supervisor and reassign_to_supervisor(ticket) is not None:
        done.append("reassigned_to_supervisor")
    return done

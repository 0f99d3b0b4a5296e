"""What a breach does to the ticket, per its policy: raise the priority, hand it to a supervisor.

These are desk changes made by the system (no agent acts): they go through the
desk's own ``apply_*`` steps with ``actor=None`` and ``reason="sla_breach"``, so
the mail receivers, the SLA receivers and the timeline see an ordinary change.
"""

from __future__ import annotations

from hotro.accounts.models import User
from hotro.desk.models import Priority, Ticket
from hotro.desk.services.assignment import apply_assignee
from hotro.desk.services.status import apply_priority
from hotro.sla.models import SlaPolicy
from hotro.sla.people import supervisors

REASON = "sla_breach"


def raise_priority(ticket: Ticket) -> bool:
    """One step up (low → normal → high → urgent); an urgent ticket stays urgent."""
    if ticket.priority <= Priority.URGENT:
        return False
    return apply_priority(ticket, Priority(ticket.priority - 1), None, reason=REASON)


def reassign_to_supervisor(ticket: Ticket) -> User | None:
    """The department's first supervisor takes the ticket, unless a supervisor already has it."""
    bosses = supervisors(ticket.department)
    if not bosses or ticket.assignee_id in {u.pk for u in bosses}:
        return None
    apply_assignee(ticket, bosses[0], None, reason=REASON)
    return bosses[0]


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

"""What a breach does to the ticket, per its policy: raise the priority, hand it to a supervisor.

The SLA decides; the desk's ``escalate`` service makes the change under its own row lock,
with ``reason="sla_breach"``, so the mail receivers, the SLA receivers and the timeline
see an ordinary change made by the system.
"""

from __future__ import annotations

from hotro.desk import services
from hotro.desk.models import Ticket
from hotro.sla.models import SlaPolicy
from hotro.sla.people import supervisors

REASON = "sla_breach"


def escalate(ticket: Ticket, policy: SlaPolicy | None) -> tuple[Ticket, list[str]]:
    """Apply the policy's escalation rule: the ticket as changed and what was done."""
    if policy is None or not (policy.escalate_raise_priority or policy.escalate_to_supervisor):
        return ticket, []
    supervisor = None
    if policy.escalate_to_supervisor:
        bosses = supervisors(ticket.department)
        # The department's first supervisor takes it, unless a supervisor already has it.
        if bosses and ticket.assignee_id not in {u.pk for u in bosses}:
            supervisor = bosses[0]
    return services.escalate(
        ticket,
        raise_priority=policy.escalate_raise_priority,
        supervisor=supervisor,
        reason=REASON,
        action="sla.escalated",
    )

"""P2: the receiving team triages new tickets and assigns a staff member."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hotro.accounts.models import User
from hotro.desk import events
from hotro.desk.errors import DeskError
from hotro.desk.models import Status, Ticket
from hotro.desk.services.access import agent_can_work_in, is_agent
from hotro.desk.services.audit import record
from hotro.desk.services.rules import locked, require_agent
from hotro.desk.services.status import apply_status


def apply_assignee(ticket: Ticket, assignee: User | None, by: User | None, *, reason: str = "") -> Ticket:
    """Set the assignee of a locked ticket, audited and announced; callers hold the transaction.

    ``by`` is None when the system acts (an SLA escalation names its ``reason``).
    """
    previous = ticket.assignee
    if (previous.pk if previous else None) == (assignee.pk if assignee else None):
        return ticket
    ticket.assignee = assignee
    ticket.assigned_at = timezone.now() if assignee else None
    ticket.save(update_fields=["assignee", "assigned_at", "updated_at"])
    record(
        "desk.ticket.assigned" if assignee else "desk.ticket.unassigned",
        ticket,
        by,
        before=previous.pk if previous else None,
        after=assignee.pk if assignee else None,
        **({"reason": reason} if reason else {}),
    )
    events.ticket_assigned.send(sender=Ticket, ticket=ticket, actor=by, previous=previous, assignee=assignee)
    if assignee and ticket.status == Status.NEW:
        apply_status(ticket, Status.OPEN, by, reason=reason or "assigned")
    return ticket


def assign(ticket: Ticket, assignee: User, by: User) -> Ticket:
    with transaction.atomic():
        ticket = locked(ticket)  # checked against the department as it is now, not before a concurrent transfer
        require_agent(ticket, by)
        if not is_agent(assignee) or not agent_can_work_in(assignee, ticket.department):
            raise DeskError(
                _("This agent does not work in the ticket's department."), field="assignee", code="bad_assignee"
            )
        if not ticket.is_active:
            raise DeskError(_("A resolved or closed ticket cannot be assigned."), code="inactive")
        return apply_assignee(ticket, assignee, by)


def assign_automatically(ticket: Ticket, assignee: User, *, reason: str) -> Ticket | None:
    """The system hands a ticket still waiting in triage to ``assignee`` (automatic routing, P2), with
    ``reason`` in the audit trail. ``None`` when the ticket was taken, moved or closed meanwhile, or the
    agent no longer works in its department: the ticket then simply stays where it is.
    """
    with transaction.atomic():
        ticket = locked(ticket)
        if ticket.assignee_id is not None or not ticket.is_active:
            return None
        if not is_agent(assignee) or not agent_can_work_in(assignee, ticket.department):
            return None
        return apply_assignee(ticket, assignee, None, reason=reason)


def unassign(ticket: Ticket, by: User) -> Ticket:
    with transaction.atomic():
        ticket = locked(ticket)
        require_agent(ticket, by)
        return apply_assignee(ticket, None, by)


def claim(ticket: Ticket, agent: User) -> Ticket:
    """Take an unassigned ticket from triage; two agents claiming at once cannot both win."""
    with transaction.atomic():
        ticket = locked(ticket)
        require_agent(ticket, agent)
        if ticket.assignee_id is not None and ticket.assignee_id != agent.pk:
            assert ticket.assignee is not None  # assignee_id is set
            raise DeskError(
                _("%(name)s has already taken this ticket.") % {"name": ticket.assignee.display_name},
                code="taken",
            )
        if not ticket.is_active:
            raise DeskError(_("A resolved or closed ticket cannot be assigned."), code="inactive")
        return apply_assignee(ticket, agent, agent)

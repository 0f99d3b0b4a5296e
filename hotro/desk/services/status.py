"""Status, priority, department: the ticket's triage fields."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hotro.accounts.models import Contact, User
from hotro.desk import events
from hotro.desk.errors import DeskError
from hotro.desk.models import Category, Department, Priority, Status, Ticket
from hotro.desk.services.access import agent_can_work_in, contact_can_see
from hotro.desk.services.audit import Actor, record
from hotro.desk.services.rules import locked, reopen_window_open, require_agent
from hotro.desk.state import can_move


def apply_status(ticket: Ticket, status: str, actor: Actor, *, reason: str = "") -> None:
    """Move a locked ticket to ``status`` and stamp the timestamps; callers hold the transaction."""
    if status not in Status.values:
        raise DeskError(_("Unknown status."), field="status", code="unknown_status")
    previous = ticket.status
    if previous == status:
        return
    if not can_move(previous, status):
        raise DeskError(_("This status change is not allowed."), field="status", code="bad_transition")
    now = timezone.now()
    ticket.status = status
    fields = ["status", "updated_at"]
    if status == Status.RESOLVED:
        ticket.resolved_at = now
        fields.append("resolved_at")
    elif status == Status.CLOSED:
        ticket.closed_at = now
        fields.append("closed_at")
    if status == Status.OPEN and previous in (Status.RESOLVED, Status.CLOSED):
        ticket.resolved_at = None
        ticket.closed_at = None
        fields += ["resolved_at", "closed_at"]
    ticket.save(update_fields=fields)
    record("desk.ticket.status_changed", ticket, actor, before=previous, after=status, reason=reason)
    events.status_changed.send(
        sender=Ticket, ticket=ticket, actor=actor, previous=previous, status=status, reason=reason
    )


def change_status(ticket: Ticket, status: str, agent: User) -> Ticket:

    with transaction.atomic():
        ticket = locked(ticket)
        require_agent(ticket, agent)
        apply_status(ticket, status, agent)
    return ticket


def close_ticket(ticket: Ticket, actor: User | Contact) -> Ticket:
    """The customer (or an agent) closes a ticket they consider done."""

    with transaction.atomic():
        ticket = locked(ticket)
        if isinstance(actor, Contact):
            if not contact_can_see(actor, ticket):
                raise DeskError(_("You cannot close this ticket."), code="forbidden")
        else:
            require_agent(ticket, actor)
        if ticket.status == Status.CLOSED:
            raise DeskError(_("This ticket is already closed."), code="already_closed")
        apply_status(ticket, Status.CLOSED, actor)
    return ticket


def reopen_ticket(ticket: Ticket, actor: User | Contact) -> Ticket:

    with transaction.atomic():
        ticket = locked(ticket)
        if isinstance(actor, Contact):
            if not contact_can_see(actor, ticket):
                raise DeskError(_("You cannot reopen this ticket."), code="forbidden")
            if not reopen_window_open(ticket):
                raise DeskError(
                    _("This ticket is closed and can no longer be reopened; please open a new ticket."),
                    code="closed",
                )
        else:
            require_agent(ticket, actor)
        if ticket.status not in (Status.RESOLVED, Status.CLOSED):
            raise DeskError(_("Only a resolved or closed ticket can be reopened."), code="not_closed")
        apply_status(ticket, Status.OPEN, actor, reason="reopened")
    return ticket


def change_priority(ticket: Ticket, priority: int | str, agent: User) -> Ticket:

    try:
        value = Priority(int(priority))
    except (TypeError, ValueError):
        raise DeskError(_("Unknown priority."), field="priority", code="unknown_priority") from None
    with transaction.atomic():
        ticket = locked(ticket)
        require_agent(ticket, agent)
        apply_priority(ticket, value, agent)
    return ticket


def apply_priority(ticket: Ticket, priority: Priority, actor: Actor, *, reason: str = "") -> bool:
    """Set the priority of a locked ticket, audited and announced; False when it was already that."""
    previous = ticket.priority
    if previous == priority:
        return False
    ticket.priority = priority
    ticket.save(update_fields=["priority", "updated_at"])
    extra = {"reason": reason} if reason else {}
    record("desk.ticket.priority_changed", ticket, actor, before=previous, after=int(priority), **extra)
    events.priority_changed.send(sender=Ticket, ticket=ticket, actor=actor, previous=previous, priority=priority)
    return True


def change_category(ticket: Ticket, category: Category | None, agent: User) -> Ticket:
    """Set (or clear) the category within the ticket's own department; moving departments is ``transfer_ticket``."""
    if category is not None and not category.active:
        raise DeskError(_("This category is no longer in use."), field="category", code="bad_category")
    with transaction.atomic():
        ticket = locked(ticket)
        require_agent(ticket, agent)
        if category is not None and category.department_id != ticket.department_id:
            raise DeskError(_("This category belongs to another department."), field="category", code="bad_category")
        previous = ticket.category
        if (previous.pk if previous else None) == (category.pk if category else None):
            return ticket
        ticket.category = category
        ticket.save(update_fields=["category", "updated_at"])
        record(
            "desk.ticket.category_changed",
            ticket,
            agent,
            before=previous.slug if previous else None,
            after=category.slug if category else None,
        )
    return ticket


def transfer_ticket(ticket: Ticket, department: Department, agent: User, *, category: Category | None = None) -> Ticket:
    """Move a ticket to another department; an assignee who does not work there is released."""

    if not department.active:
        raise DeskError(_("This department does not accept tickets."), field="department", code="inactive")
    if category is not None and (category.department_id != department.pk or not category.active):
        raise DeskError(_("This category belongs to another department."), field="category", code="bad_category")
    with transaction.atomic():
        ticket = locked(ticket)
        require_agent(ticket, agent)
        previous = ticket.department
        if previous.pk == department.pk:
            raise DeskError(_("The ticket is already in this department."), field="department", code="same")
        ticket.department = department
        ticket.serving_rank = department.rank
        ticket.category = category
        fields = ["department", "serving_rank", "category", "updated_at"]
        released = None
        if ticket.assignee is not None and not agent_can_work_in(ticket.assignee, department):
            released = ticket.assignee
            ticket.assignee = None
            ticket.assigned_at = None
            fields += ["assignee", "assigned_at"]
        ticket.save(update_fields=fields)
        record(
            "desk.ticket.transferred",
            ticket,
            agent,
            before=previous.slug,
            after=department.slug,
            released_assignee=released.pk if released else None,
        )
        events.ticket_transferred.send(
            sender=Ticket, ticket=ticket, actor=agent, previous=previous, department=department
        )
    return ticket


def revoke_guest_links(ticket: Ticket, agent: User) -> Ticket:
    """Every guest link of this ticket already sent stops opening it (a link forwarded or leaked).

    The customer keeps their access: a signed-in account still sees the ticket, and the
    next mail about it (a reply, a status change) carries a new link.
    """
    with transaction.atomic():
        ticket = locked(ticket)
        require_agent(ticket, agent)
        ticket.guest_link_generation += 1
        ticket.save(update_fields=["guest_link_generation", "updated_at"])
        record("desk.ticket.guest_links_revoked", ticket, agent, generation=ticket.guest_link_generation)
    return ticket

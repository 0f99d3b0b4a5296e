"""Macros: a canned reply plus status, priority, category and assignee changes, applied in one action.

Each change goes through the desk's own service (its checks, its audit event, its notifications);
the whole macro runs in one transaction, so a change the desk refuses leaves the ticket untouched.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from hotro.accounts.models import User
from hotro.desk import services as desk
from hotro.desk.models import Category, Department, Priority, Status, Ticket
from hotro.replies.errors import RepliesError
from hotro.replies.models import AssigneeChoice, CannedResponse, Macro
from hotro.replies.services.rendering import render_response
from hotro.replies.services.signatures import signature_text, signed


def usable_macros(agent: User, department: Department) -> QuerySet[Macro]:
    """The macros an agent may apply on a ticket of ``department``: that department's, if they work there."""
    if not desk.is_agent(agent) or not desk.agent_can_work_in(agent, department):
        return Macro.objects.none()
    return Macro.objects.filter(department=department).order_by("name", "id")


def save_macro(
    macro: Macro | None,
    *,
    department: Department,
    name: str,
    response: CannedResponse | None,
    status: str,
    priority: int | None,
    category: Category | None,
    assign: str,
    assignee: User | None,
) -> Macro:
    """Create or update a macro of ``department``; the caller has checked the agent may manage its macros."""
    name = " ".join(name.split())
    if not name:
        raise RepliesError(_("The name is empty."), field="name", code="empty")
    if response is not None and response.department_id != department.pk:
        raise RepliesError(
            _("A macro uses a shared response of its own department."), field="response", code="bad_response"
        )
    if status and status not in Status.values:
        raise RepliesError(_("Unknown status."), field="status", code="unknown_status")
    if priority is not None and priority not in Priority.values:
        raise RepliesError(_("Unknown priority."), field="priority", code="unknown_priority")
    if category is not None and category.department_id != department.pk:
        raise RepliesError(_("This category belongs to another department."), field="category", code="bad_category")
    if assign not in AssigneeChoice.values:
        raise RepliesError(_("Unknown choice."), field="assign")
    if assign == AssigneeChoice.AGENT:
        if assignee is None or not desk.is_agent(assignee) or not desk.agent_can_work_in(assignee, department):
            raise RepliesError(
                _("This agent does not work in the ticket's department."), field="assignee", code="bad_assignee"
            )
    else:
        assignee = None
    if response is None and not status and priority is None and category is None and not assign:
        raise RepliesError(_("A macro must do something: choose a reply or a change."), code="empty")
    macro = macro or Macro()
    macro.department = department
    macro.name = name[:120]
    macro.response = response
    macro.status = status
    macro.priority = priority
    macro.category = category
    macro.assign = assign
    macro.assignee = assignee
    macro.save()
    return macro


def apply_macro(macro: Macro, ticket: Ticket, agent: User) -> Ticket:
    """Run every change of ``macro`` on ``ticket`` as ``agent``, each through its desk service, all or nothing.

    The fields first, then the reply (signed, in the customer's language) carrying the status, so a
    "pending customer" that comes with the reply sends the customer one message, not two (P3).
    Raises ``RepliesError`` for a macro of another department and ``DeskError`` for a refused change.
    """
    if macro.department_id != ticket.department_id or not desk.agent_can_work_in(agent, ticket.department):
        raise RepliesError(_("This macro belongs to another department."), code="forbidden")
    with transaction.atomic():
        if macro.category_id is not None and macro.category is not None:
            ticket = desk.change_category(ticket, macro.category, agent)
        if macro.priority is not None:
            ticket = desk.change_priority(ticket, macro.priority, agent)
        if macro.assign == AssigneeChoice.ME:
            ticket = desk.assign(ticket, agent, agent)
        elif macro.assign == AssigneeChoice.AGENT:
            if macro.assignee is None:
                raise RepliesError(_("The macro's agent no longer exists."), field="assignee", code="bad_assignee")
            ticket = desk.assign(ticket, macro.assignee, agent)
        if macro.response is not None:
            body = signed(render_response(macro.response, ticket, agent), signature_text(agent, ticket.department_id))
            desk.add_agent_reply(ticket, agent, body, new_status=macro.status or None)
        elif macro.status:
            ticket = desk.change_status(ticket, macro.status, agent)
    ticket.refresh_from_db()
    return ticket

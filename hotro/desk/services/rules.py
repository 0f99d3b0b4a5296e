"""Checks shared by several services: who may act, and whether a closed ticket may reopen."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from hotro.accounts.models import User
from hotro.desk.errors import DeskError
from hotro.desk.models import SEARCH_FIELDS, Status, Ticket
from hotro.desk.services.access import agent_can_work_in, is_agent


def locked(ticket: Ticket, *, document: str | None = None) -> Ticket:
    """Re-read the ticket under a row lock; callers are inside ``transaction.atomic``.

    ``document`` (``search_text`` or ``search_notes``) is read too, for a service that
    appends a message to it (``search.add_message``) and saves it with its own update.
    """
    # of=self: PostgreSQL refuses FOR UPDATE on the nullable side of the outer join to the assignee.
    rows = Ticket.objects.select_for_update(of=("self",)).select_related("department", "requester", "assignee")
    if document is not None:
        rows = rows.defer(None).defer(*(name for name in SEARCH_FIELDS if name != document))
    return rows.get(pk=ticket.pk)


def require_agent(ticket: Ticket, agent: User) -> None:
    if not is_agent(agent) or not agent_can_work_in(agent, ticket.department):
        raise DeskError(_("You do not work in this ticket's department."), code="forbidden")


def reopen_window_open(ticket: Ticket) -> bool:
    if ticket.status != Status.CLOSED:
        return True
    days = settings.HOTRO_REOPEN_CLOSED_DAYS
    return ticket.closed_at is not None and timezone.now() - ticket.closed_at <= timedelta(days=days)

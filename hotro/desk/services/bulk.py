"""One change applied to many tickets from a list page, through the same services one ticket uses.

Each ticket goes through its own service call (its own transaction, lock and audit entry, as if the
agent had done it on the ticket's page), so one refusal (a status move not allowed from where that
ticket is) skips that ticket and leaves the others done. Tickets outside the agent's departments are
never loaded: they are reported as skipped, with the same reason whether they exist or not.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from hotro.accounts.models import User
from hotro.desk.errors import DeskError
from hotro.desk.models import Department, Ticket
from hotro.desk.services.access import tickets_for_agent
from hotro.desk.services.assignment import assign
from hotro.desk.services.merging import merge_tickets
from hotro.desk.services.status import change_priority, change_status, transfer_ticket
from hotro.desk.services.tags import add_tag

MAX_TICKETS = 100  # two pages of a list; a larger change is a job for an administrator, not a click

ACTIONS = ("assign", "status", "priority", "transfer", "merge", "tag")


@dataclass
class BulkOutcome:
    """What happened to each selected ticket: done (numbers) or skipped (number and why)."""

    done: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def _number(pk: int) -> str:
    return f"{settings.HOTRO_TICKET_PREFIX}-{pk:06d}"


def _service(action: str, value: Any, agent: User, other_requester: bool) -> Callable[[Ticket], object]:
    match action:
        case "assign":
            assert isinstance(value, User)
            return lambda ticket: assign(ticket, value, agent)
        case "status":
            return lambda ticket: change_status(ticket, str(value), agent)
        case "priority":
            return lambda ticket: change_priority(ticket, value, agent)
        case "transfer":
            assert isinstance(value, Department)
            return lambda ticket: transfer_ticket(ticket, value, agent)
        case "merge":
            assert isinstance(value, Ticket)
            return lambda ticket: merge_tickets(ticket, value, agent, other_requester=other_requester)
        case "tag":
            return lambda ticket: add_tag(ticket, str(value), agent)
    raise DeskError(_("Unknown bulk action."), field="action", code="unknown_action")


def apply_in_bulk(
    agent: User, ticket_ids: Sequence[int], action: str, value: Any, *, other_requester: bool = False
) -> BulkOutcome:
    """Run ``action`` with ``value`` (a ``User``, a status, a priority, a ``Department``, a target ``Ticket``
    or a tag name) on each ticket of ``ticket_ids`` the agent works on, in id order."""
    run = _service(action, value, agent, other_requester)
    ids = sorted(set(ticket_ids))
    if not ids:
        raise DeskError(_("Select at least one ticket."), field="tickets", code="empty")
    if len(ids) > MAX_TICKETS:
        raise DeskError(
            _("Select at most %(count)d tickets at once.") % {"count": MAX_TICKETS}, field="tickets", code="too_many"
        )
    outcome = BulkOutcome()
    mine = {t.pk: t for t in tickets_for_agent(agent).select_related("department", "requester").filter(pk__in=ids)}
    for pk in ids:
        ticket = mine.get(pk)
        if ticket is None:
            outcome.skipped.append((_number(pk), _("You do not work in this ticket's department.")))
            continue
        if action == "merge" and ticket.pk == value.pk:
            continue  # the ticket the others go into, selected with them
        try:
            run(ticket)
        except DeskError as error:
            outcome.skipped.append((ticket.number, str(error.message)))
        else:
            outcome.done.append(ticket.number)
    return outcome

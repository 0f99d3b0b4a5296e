"""Every desk change becomes one ``ticket`` frame to the consoles of its department, after commit.

Receivers of the signals in ``hotro.desk.events``: they run inside the service's transaction
and only note what changed (a few values of the locked ticket, in memory). One service call
often sends several events (a reply that also sets the status); they are gathered per
transaction, so each changed ticket is pushed once, when the transaction commits, and never
when it rolls back.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from hotro.accounts.models import Contact, User
from hotro.desk import events
from hotro.desk.models import Department, Message, Ticket
from hotro.live.push import department_group, send_now


@dataclass
class _Change:
    """What one transaction did to one ticket; the last event's values win."""

    frame: dict[str, Any]
    departments: set[int] = field(default_factory=set)
    changes: list[str] = field(default_factory=list)
    assignee_id: int | None = None


class _Batch:
    """The tickets changed by one transaction, pushed by one on-commit hook."""

    def __init__(self) -> None:
        self.tickets: dict[int, _Change] = {}
        self.hook = self.flush  # one bound method, so the connection's hook list can be searched for it

    def flush(self) -> None:
        names = _assignee_names(self.tickets.values())
        for change in self.tickets.values():
            assignee = change.assignee_id
            frame = {
                **change.frame,
                "changes": change.changes,
                "assignee": {"id": assignee, "name": names.get(assignee, "")} if assignee else None,
            }
            send_now([department_group(pk) for pk in sorted(change.departments)], frame)
        self.tickets.clear()


_local = threading.local()


def _current_batch() -> tuple[_Batch, bool]:
    """The batch of the running transaction (a new one with its hook registered), and whether a
    transaction is running at all (outside one, the caller flushes at once)."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return _Batch(), False
    batch: _Batch | None = getattr(_local, "batch", None)
    # A hook dropped with a rolled-back transaction (or savepoint) is no longer in the list: start afresh.
    if batch is None or not any(entry[1] is batch.hook for entry in connection.run_on_commit):
        batch = _Batch()
        _local.batch = batch
        transaction.on_commit(batch.hook, robust=True)
    return batch, True


def _actor(actor: Any) -> dict[str, Any]:
    if isinstance(actor, User):
        return {"id": actor.pk, "name": actor.display_name, "kind": "agent" if actor.is_agent else "customer"}
    if isinstance(actor, Contact):
        return {"id": None, "name": actor.display_name, "kind": "customer"}
    return {"id": None, "name": "", "kind": "system"}


def _assignee_names(changes: Any) -> dict[int, str]:
    wanted = {c.assignee_id for c in changes if c.assignee_id}
    if not wanted:
        return {}
    return {pk: full_name or email for pk, full_name, email in _user_names(wanted)}


def _user_names(pks: set[int]) -> list[tuple[int, str, str]]:
    return list(User.objects.filter(pk__in=pks).values_list("pk", "full_name", "email"))


def note(
    ticket: Ticket, change: str, actor: Any, *, message: Message | None = None, department: int | None = None
) -> None:
    """Remember that ``ticket`` changed (``change`` names how) for the push at commit."""
    if ticket.pk is None:
        return
    batch, in_transaction = _current_batch()
    entry = batch.tickets.get(ticket.pk)
    if entry is None:
        entry = batch.tickets[ticket.pk] = _Change(frame={})
    entry.departments.add(ticket.department_id)
    if department is not None:
        entry.departments.add(department)  # the department it left: its lists drop the row
    if change not in entry.changes:
        entry.changes.append(change)
    entry.assignee_id = ticket.assignee_id
    entry.frame.update(
        {
            "type": "ticket",
            "id": ticket.pk,
            "number": ticket.number,
            "department": ticket.department_id,
            "status": ticket.status,
            "priority": ticket.priority,
            "updated_at": (ticket.updated_at or timezone.now()).isoformat(),
            "by": _actor(actor),
        }
    )
    if message is not None:
        entry.frame["message"] = {"id": message.pk, "internal": message.internal, "author": message.author_kind}
    if not in_transaction:
        batch.flush()


def on_ticket_opened(sender: Any, *, ticket: Ticket, actor: Any, message: Message, **kwargs: Any) -> None:
    note(ticket, "opened", actor, message=message)


def on_message_added(sender: Any, *, ticket: Ticket, actor: Any, message: Message, **kwargs: Any) -> None:
    note(ticket, "note" if message.internal else "message", actor, message=message)


def on_ticket_assigned(sender: Any, *, ticket: Ticket, actor: Any, **kwargs: Any) -> None:
    note(ticket, "assigned", actor)


def on_status_changed(sender: Any, *, ticket: Ticket, actor: Any, **kwargs: Any) -> None:
    note(ticket, "status", actor)


def on_priority_changed(sender: Any, *, ticket: Ticket, actor: Any, **kwargs: Any) -> None:
    note(ticket, "priority", actor)


def on_ticket_transferred(sender: Any, *, ticket: Ticket, actor: Any, previous: Any = None, **kwargs: Any) -> None:
    left = previous.pk if isinstance(previous, Department) else previous if isinstance(previous, int) else None
    note(ticket, "transferred", actor, department=left)


def on_cc_added(sender: Any, *, ticket: Ticket, actor: Any, **kwargs: Any) -> None:
    note(ticket, "cc", actor)


def connect() -> None:
    """Called from ``LiveConfig.ready``; the dispatch uids keep a second call harmless."""
    events.ticket_opened.connect(on_ticket_opened, dispatch_uid="hotro.live.ticket_opened")
    events.message_added.connect(on_message_added, dispatch_uid="hotro.live.message_added")
    events.ticket_assigned.connect(on_ticket_assigned, dispatch_uid="hotro.live.ticket_assigned")
    events.status_changed.connect(on_status_changed, dispatch_uid="hotro.live.status_changed")
    events.priority_changed.connect(on_priority_changed, dispatch_uid="hotro.live.priority_changed")
    events.ticket_transferred.connect(on_ticket_transferred, dispatch_uid="hotro.live.ticket_transferred")
    events.cc_added.connect(on_cc_added, dispatch_uid="hotro.live.cc_added")

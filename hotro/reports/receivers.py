"""Marks for the reports, written from the desk's events (``hotro.desk.events``).

Each receiver runs inside the desk service's transaction and writes one ``DirtyTicket``
row: the mark commits or rolls back with the change. Nothing else happens here; the
arithmetic waits for the scheduler's ``reports.refresh`` job (``refresh.py``).

Also marked: a ticket deleted (Django's ``post_delete``: deletion is no desk event) and a
rating saved or deleted (``hotro.satisfaction``, when installed; its model's own signals,
so that app need not know the reports exist).
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from hotro.desk import events
from hotro.desk.models import Message, Ticket
from hotro.reports.facts import local_day, rating_model
from hotro.reports.models import DirtyTicket


def mark(ticket_id: int | None) -> None:
    if ticket_id is not None:
        DirtyTicket.objects.create(ticket_id=ticket_id, day=local_day(timezone.now()))


def on_ticket_changed(sender: Any, *, ticket: Ticket, **kwargs: Any) -> None:
    mark(ticket.pk)


def on_message_added(sender: Any, *, ticket: Ticket, message: Message, **kwargs: Any) -> None:
    if message.internal:
        return  # a note changes no figure the reports show
    mark(ticket.pk)


def on_ticket_deleted(sender: Any, *, instance: Ticket, **kwargs: Any) -> None:
    mark(instance.pk)


def on_rating_changed(sender: Any, *, instance: Any, **kwargs: Any) -> None:
    mark(getattr(instance, "ticket_id", None))


def connect() -> None:
    """Called from ``ReportsConfig.ready``; the dispatch uids keep a second call harmless."""
    for name in ("ticket_opened", "ticket_assigned", "status_changed", "priority_changed", "ticket_transferred"):
        getattr(events, name).connect(on_ticket_changed, dispatch_uid=f"hotro.reports.{name}")
    events.message_added.connect(on_message_added, dispatch_uid="hotro.reports.message_added")
    post_delete.connect(on_ticket_deleted, sender=Ticket, dispatch_uid="hotro.reports.ticket_deleted")
    Rating = rating_model()
    if Rating is not None:
        post_save.connect(on_rating_changed, sender=Rating, dispatch_uid="hotro.reports.rating_saved")
        post_delete.connect(on_rating_changed, sender=Rating, dispatch_uid="hotro.reports.rating_deleted")

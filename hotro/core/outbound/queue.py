"""Writing an outbound row in the caller's transaction, and handing it to a worker."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from hotro.core.models import OutboundMessage, OutboundStatus
from hotro.core.outbound.context import freeze
from hotro.core.outbound.senders import sender_for

if TYPE_CHECKING:
    from hotro.desk.models import Message, Ticket

logger = logging.getLogger(__name__)


def queue_outbound(
    *,
    channel: str,
    to: str,
    kind: str,
    context: dict[str, Any],
    language: str,
    time_zone: str = "",
    ticket: Ticket | None = None,
    automatic: bool = True,
    reply_to_message_id: str = "",
    message: Message | None = None,
) -> OutboundMessage:
    """One message to ``to`` on ``channel``, rendered later from template ``kind`` with ``context``.

    Nothing is rendered here: the row holds the intent (a few ids and values, see
    ``context.freeze``), the worker renders it in ``language`` and ``time_zone`` (the
    site's when empty) and sends it. Delivery is enqueued with the row (a task row in
    the same transaction) or, with a task queue outside the database, on commit.

    ``automatic`` (no person wrote it: RFC 3834 headers for email) and ``reply_to_message_id``
    (the channel's id of the message it answers, for threading) are for the channel's
    ``prepare``, which sets what must be known before sending (email: Message-ID, headers).
    """
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    row = OutboundMessage(
        channel=channel,
        ticket_message=message,
        to=to,
        kind=kind[:100],
        context=freeze(context),
        language=language,
        time_zone=time_zone,
        ticket=ticket,
        status=OutboundStatus.PENDING,
        next_attempt_at=timezone.now(),
    )
    sender_for(channel).prepare(row, automatic=automatic, reply_to_message_id=reply_to_message_id)
    row.save(force_insert=True)
    if transaction.get_connection().in_atomic_block and tasks_share_the_database():
        # The task row commits or rolls back with the outbound row, as one transaction: no
        # second commit per message, and a worker never sees the task before its row.
        from hotro.core.tasks import deliver_outbound

        deliver_outbound.enqueue(row.pk)
    else:
        transaction.on_commit(lambda: enqueue_delivery(row.pk), robust=True)
    return row


def tasks_share_the_database() -> bool:
    """Whether tasks are rows of this database (django-tasks' DatabaseBackend), written transactionally."""
    from django_tasks import task_backends
    from django_tasks_db import DatabaseBackend

    return isinstance(task_backends["default"], DatabaseBackend)


def enqueue_delivery(message_pk: int) -> None:
    """Hand the row to a task worker; if that fails, the periodic ``deliver_due`` picks it up anyway."""
    from hotro.core.tasks import deliver_outbound

    try:
        deliver_outbound.enqueue(message_pk)
    except Exception:
        logger.exception("Could not enqueue delivery of outbound message %s; deliver_due will retry", message_pk)

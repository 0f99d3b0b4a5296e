"""Loop protection for automatic answers (RFC 3834, section 2), on every channel.

Two helpdesks that acknowledge each other's acknowledgements write for ever; so does a
customer's broken auto-responder (or an SMS bot) that escaped classification; and a stranger
can make the desk mail anyone by typing their address into the portal's anonymous form. At
most ``HOTRO_MAIL_ACK_LIMIT_PER_HOUR`` acknowledgements go to one address per hour, whatever
the channel of the ticket; beyond that the ticket is still opened, only the automatic answer
is held.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from hotro.core import sql
from hotro.core.models import OutboundMessage

ACK_TEMPLATE = "desk/ticket_opened"

# Set while a channel handles a message that must get no automatic answer (RFC 3834).
_quiet: ContextVar[bool] = ContextVar("hotro_no_auto_reply", default=False)


@contextmanager
def no_automatic_answers(active: bool = True) -> Iterator[None]:
    token = _quiet.set(active)
    try:
        yield
    finally:
        _quiet.reset(token)


def acknowledgement_allowed(address: str) -> bool:
    if _quiet.get():
        return False
    limit = settings.HOTRO_MAIL_ACK_LIMIT_PER_HOUR
    return acknowledgements_since(address, timezone.now() - timedelta(hours=1)) < limit


def acknowledgements_since(address: str, since: datetime) -> int:
    """How many acknowledgements went to ``address`` (any case) since ``since``.

    ``OutboundMessage.objects.filter(to__iexact=…, kind=…, created_at__gte=…).count()``, written
    as SQL: it runs for every ticket opened by email, and building it through the ORM cost
    five times what the database spends answering it (``bench/mail_ingest.py``).
    """
    to, kind, created = (sql.column(OutboundMessage, name) for name in ("to", "kind", "created_at"))
    statement = (
        f"SELECT COUNT(*) FROM {sql.table(OutboundMessage)} "  # noqa: S608 - names from the model
        f"WHERE UPPER({to}) = UPPER(%s) AND {kind} = %s AND {created} >= %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [address, ACK_TEMPLATE, connection.ops.adapt_datetimefield_value(since)])
        row = cursor.fetchone()
        return int(row[0]) if row else 0

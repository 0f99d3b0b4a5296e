"""Mail-loop protection for outgoing acknowledgements (RFC 3834, section 2).

Two helpdesks that acknowledge each other's acknowledgements mail for ever;
so does a customer's broken auto-responder that escaped classification. At
most ``HOTRO_MAIL_ACK_LIMIT_PER_HOUR`` acknowledgements go to one address per
hour; beyond that the ticket is still opened, only the automatic mail is held.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from hotro.mail.models import OutboxMessage

ACK_TEMPLATE = "desk/ticket_opened"

# Set while intake handles a mail that must get no automatic answer (RFC 3834).
_quiet: ContextVar[bool] = ContextVar("hotro_mail_no_auto_reply", default=False)


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
    since = timezone.now() - timedelta(hours=1)
    sent = OutboxMessage.objects.filter(to__iexact=address, kind=ACK_TEMPLATE, created_at__gte=since).count()
    return sent < limit

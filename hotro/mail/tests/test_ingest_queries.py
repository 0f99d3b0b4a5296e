"""How many SQL statements intake spends on a message: a fixed number, whatever the database holds.

The mail benchmark (``bench/mail_ingest.py``) measures throughput; this keeps the
statement counts from creeping back up unnoticed. The counts are every statement
the connection runs for ``store_raw`` + ``process_inbound`` (transaction control
included; inside a test's transaction the store and the processing are savepoints,
in production they are transactions of their own), after a first message from the
same sender has warmed the per-process caches (departments, business-hours
calendars) and made the contact. The acknowledgement's delivery task is a row written in
the same transaction (tasks live in the database): it is counted.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hotro.mail.intake.process import process_inbound
from hotro.mail.intake.store import store_raw
from hotro.mail.models import InboundStatus, OutboxMessage

from .intake_helpers import raw_mail

# Store: one INSERT … ON CONFLICT DO NOTHING. Process: SAVEPOINT, lock the row, Message-ID
# look-up, the contact, ticket (with its SLA due times) + message + audit event, acknowledgement
# (rate check, outbox row, its delivery task), the stored row, RELEASE.
NEW_TICKET_STATEMENTS = 13
# Store 1. Process: SAVEPOINT, lock, look-up, the ticket, SAVEPOINT, the desk's locked re-read,
# message, ticket update (activity and search text), audit event, RELEASE, the stored row, RELEASE.
REPLY_STATEMENTS = 13


@pytest.fixture(autouse=True)
def _departments(provider_defaults):
    """Technical (support@) and Sales (sales@) with their addresses, as the provider set them up."""


def _ingest(raw: bytes) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        stored = store_raw(raw, enqueue=False)
        result = process_inbound(stored.mail.pk)
    assert result.mail.status == InboundStatus.PROCESSED, result.mail.reason
    return len(queries), "\n".join(q["sql"][:150] for q in queries.captured_queries)


def test_a_new_ticket_and_a_reply_take_a_fixed_number_of_statements():
    _ingest(raw_mail(sender="Khách Hàng <khach@example.net>", subject="Warm-up"))
    count, statements = _ingest(raw_mail(sender="Khách Hàng <khach@example.net>"))
    assert count <= NEW_TICKET_STATEMENTS, statements
    ack = OutboxMessage.objects.filter(to="khach@example.net").latest("id")
    count, statements = _ingest(raw_mail(sender="khach@example.net", subject="Re: VPS", in_reply_to=ack.message_id))
    assert count <= REPLY_STATEMENTS, statements


def test_the_statement_count_does_not_grow_with_the_tickets_already_there():
    _ingest(raw_mail(sender="khach@example.net", subject="Warm-up"))
    first, _ = _ingest(raw_mail(sender="khach@example.net"))
    for n in range(5):
        _ingest(raw_mail(sender=f"other{n}@example.net"))
    again, _ = _ingest(raw_mail(sender="khach@example.net", subject="Another one"))
    assert again == first

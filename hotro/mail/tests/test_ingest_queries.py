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

from hotro.core.models import OutboundMessage
from hotro.mail.intake.process import process_inbound
from hotro.mail.intake.store import store_raw
from hotro.mail.models import InboundStatus

from .intake_helpers import raw_mail

# Store: one INSERT … ON CONFLICT DO NOTHING. Process: SAVEPOINT, lock the row, Message-ID
# look-up, the contact, ticket (with its SLA due times) + message + audit event, acknowledgement
# (rate check, outbox row, its delivery task), the department's agents to tell (hotro.alerts: none
# here), the reports' mark of the changed ticket, the stored row, RELEASE.
NEW_TICKET_STATEMENTS = 15
# Store 1. Process: SAVEPOINT, lock, look-up, the ticket, SAVEPOINT, the desk's locked re-read,
# message, ticket update (activity and search text), audit event, the agents to tell, the reports'
# mark, RELEASE, the stored row, RELEASE.
REPLY_STATEMENTS = 15


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
    ack = OutboundMessage.objects.filter(to="khach@example.net").latest("id")
    count, statements = _ingest(raw_mail(sender="khach@example.net", subject="Re: VPS", in_reply_to=ack.message_id))
    assert count <= REPLY_STATEMENTS, statements


def test_the_statement_count_does_not_grow_with_the_tickets_already_there():
    _ingest(raw_mail(sender="khach@example.net", subject="Warm-up"))
    first, _ = _ingest(raw_mail(sender="khach@example.net"))
    for n in range(5):
        _ingest(raw_mail(sender=f"other{n}@example.net"))
    again, _ = _ingest(raw_mail(sender="khach@example.net", subject="Another one"))
    assert again == first


@pytest.mark.skipif(connection.vendor != "postgresql", reason="index plans are PostgreSQL's")
def test_the_acknowledgement_rate_check_reads_an_index_not_the_whole_outbox():
    """Run for every ticket opened by email: a scan of the outbox would grow with every mail sent."""
    from datetime import timedelta

    from django.utils import timezone

    from hotro.notify import loops

    plans: list[str] = []

    def explain(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        if sql.startswith("SELECT COUNT(*)"):
            with context["connection"].cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off")  # a test's tiny table would be scanned anyway
                cursor.execute("EXPLAIN " + sql, params)
                plans.append("\n".join(row[0] for row in cursor.fetchall()))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(explain):
        loops.acknowledgements_since("Khach@Example.net", timezone.now() - timedelta(hours=1))
    [plan] = plans
    assert "outbox_ack_rate_idx" in plan, plan

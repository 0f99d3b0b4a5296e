"""Queue order (P11): technical before sales and billing, then whatever is due first.

Department rank first (``Department.rank``: Technical 10, Sales & Accounting
20), then the nearest SLA due time (tickets with nothing due — paused, or no
policy — last), then priority and age. Within one department's queue the rank
is constant and the ``ticket_sla_queue_idx`` index serves the due-time order.
"""

from __future__ import annotations

from django.db.models import F, QuerySet

from hotro.desk.models import Ticket

# ``serving_rank`` is the department's rank copied onto the ticket, so that the
# queue indexes (hotro.desk.models: QUEUE_INDEX_FIELDS) serve this order directly.
QUEUE_ORDER = (
    F("serving_rank").asc(),
    F("sla_due_at").asc(nulls_last=True),
    F("priority").asc(),
    F("created_at").asc(),
    F("pk").asc(),
)

# Overdue first: the view a supervisor opens to see what is already late.
OVERDUE_FIRST_ORDER = (F("sla_due_at").asc(nulls_last=True), F("serving_rank").asc(), F("priority").asc())


def in_queue_order(tickets: QuerySet[Ticket]) -> QuerySet[Ticket]:
    return tickets.order_by(*QUEUE_ORDER)


def overdue_first(tickets: QuerySet[Ticket]) -> QuerySet[Ticket]:
    return tickets.order_by(*OVERDUE_FIRST_ORDER, F("created_at").asc(), F("pk").asc())

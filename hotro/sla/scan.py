"""The SLA scan: record warnings and breaches as they fall due, notify, escalate.

Run by the scheduler (``hotro.core.scheduler.JOBS``) every minute. Safe with
several schedulers: each ticket is claimed with a conditional UPDATE on its
``sla_next_check_at`` (only one process sees its old value), and the unique
constraint on ``SlaEvent`` (ticket, target, kind) is the last guard.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from hotro.desk import services
from hotro.desk.models import Ticket
from hotro.sla import clock, compute
from hotro.sla.escalation import escalate
from hotro.sla.models import EventKind, SlaEvent
from hotro.sla.notify import notify

logger = logging.getLogger(__name__)
BATCH = 200


def scan_due(now: datetime | None = None, limit: int = BATCH) -> int:
    """Check every ticket whose next SLA check has come; returns how many this process handled."""
    now = now or timezone.now()
    # Uses ticket_sla_check_idx: WHERE sla_next_check_at <= now ORDER BY sla_next_check_at
    candidates = list(
        Ticket.objects.filter(sla_next_check_at__lte=now)
        .order_by("sla_next_check_at")
        .values_list("pk", "sla_next_check_at")[:limit]
    )
    handled = 0
    for pk, check_at in candidates:
        if check_at is None:
            continue  # another scan claimed it between the query and now
        try:
            handled += check_ticket(pk, check_at, now)
        except Exception:
            logger.exception("SLA check of ticket %s failed; it is retried at the next scan", pk)
    return handled


def check_ticket(pk: int, check_at: datetime, now: datetime) -> bool:
    """Claim one ticket and record what has fallen due; False when another process had it first."""
    with transaction.atomic():
        won = Ticket.objects.filter(pk=pk, sla_next_check_at=check_at).update(sla_next_check_at=None)
        if not won:
            return False
        ticket = Ticket.objects.select_for_update(of=("self",)).select_related("department", "assignee").get(pk=pk)
        recorded = clock.recorded_events(ticket)
        breached = False
        for target, value in clock.running_deadlines(ticket).items():
            state = compute.state_at(value, now)
            if state == compute.BREACHED and (target, EventKind.BREACHED) not in recorded:
                breached |= _record(ticket, target, EventKind.BREACHED, value.due, recorded)
            elif state == compute.WARNING and not recorded & {
                (target, EventKind.WARNING),
                (target, EventKind.BREACHED),
            }:
                _record(ticket, target, EventKind.WARNING, value.due, recorded)
        if breached:
            # The escalation re-reads the ticket under its own lock (already ours): the SLA
            # receivers of a priority change update that copy, which is the one saved below.
            ticket, _done = escalate(ticket, clock.policy_for(ticket))
        clock.refresh_summary(ticket, recorded)
        clock.save(ticket)
    return True


def _record(ticket: Ticket, target: str, kind: str, due_at: datetime, recorded: set[tuple[str, str]]) -> bool:
    """One SlaEvent, its audit event and its mail; False when it was already recorded."""
    recorded.add((target, kind))
    try:
        with transaction.atomic():
            SlaEvent.objects.create(ticket=ticket, target=target, kind=kind, due_at=due_at)
    except IntegrityError:
        return False
    services.record_audit(f"sla.{target}.{kind}", ticket, None, due_at=due_at.isoformat())
    notify(ticket, target, kind, due_at)
    return True

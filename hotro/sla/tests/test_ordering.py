"""P11: queues serve technical requests before sales and billing, then by SLA due time."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hotro.desk import services
from hotro.desk.models import Priority, Status, Ticket
from hotro.sla.ordering import in_queue_order, overdue_first
from hotro.sla.tests.helpers import at

pytestmark = pytest.mark.django_db
MONDAY_10 = at(2026, 3, 9, 10, 0)


@pytest.fixture
def mixed(clock, contact_a, make_ticket, sales, tech_agent):
    clock.set(MONDAY_10)
    billing_urgent = make_ticket(contact_a, department=sales, subject="Hoá đơn sai", priority=Priority.URGENT)
    clock.set(MONDAY_10 + timedelta(minutes=1))
    tech_low = make_ticket(contact_a, subject="Đổi rDNS", priority=Priority.LOW)
    clock.set(MONDAY_10 + timedelta(minutes=2))
    tech_urgent = make_ticket(contact_a, subject="VPS sập", priority=Priority.URGENT)
    tech_waiting = make_ticket(contact_a, subject="Chờ khách", priority=Priority.URGENT)
    services.change_status(tech_waiting, Status.PENDING, tech_agent)
    return billing_urgent, tech_low, tech_urgent, tech_waiting


def test_technical_tickets_come_first_then_the_one_due_first(mixed):
    """P11: even an urgent billing ticket waits behind technical ones; within technical, due time decides."""
    billing_urgent, tech_low, tech_urgent, tech_waiting = mixed
    assert list(in_queue_order(Ticket.objects.all())) == [tech_urgent, tech_low, tech_waiting, billing_urgent]


def test_the_overdue_first_view_sorts_on_due_time_alone(clock, mixed):
    """The billing ticket (due 14:00) comes before the low technical one (due 14:01) here."""
    billing_urgent, tech_low, tech_urgent, tech_waiting = mixed
    assert list(overdue_first(Ticket.objects.all())) == [tech_urgent, billing_urgent, tech_low, tech_waiting]

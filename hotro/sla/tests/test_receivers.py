"""Due times follow the ticket through the desk services (P10, P12): opening, priority and
department changes, replies, waiting on the customer."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hotro.desk import services
from hotro.desk.models import Priority, Status
from hotro.sla.tests.helpers import at

pytestmark = pytest.mark.django_db

MONDAY_10 = at(2026, 3, 9, 10, 0)


def test_opening_a_technical_urgent_ticket_sets_its_due_times(clock, contact_a, make_ticket):
    """P10: urgent technical first response within 30 minutes on the 24/7 calendar; warned at 75 %."""
    clock.set(MONDAY_10)
    ticket = make_ticket(contact_a, priority=Priority.URGENT)
    ticket.refresh_from_db()
    assert ticket.sla_clock_started_at == MONDAY_10
    assert ticket.first_response_due_at == MONDAY_10 + timedelta(minutes=30)
    assert ticket.first_response_warn_at == MONDAY_10 + timedelta(minutes=22, seconds=30)
    assert ticket.resolution_due_at == MONDAY_10 + timedelta(hours=8)
    assert ticket.next_response_due_at is None
    assert ticket.sla_due_at == ticket.first_response_due_at
    assert ticket.sla_next_check_at == ticket.first_response_warn_at


def test_a_sales_ticket_received_on_saturday_afternoon_starts_its_clock_on_monday(clock, contact_a, make_ticket, sales):
    """P12: accepted while closed, clock from the next opening (Monday 08:00); normal = one business day."""
    clock.set(at(2026, 3, 7, 12, 0))
    ticket = make_ticket(contact_a, department=sales, subject="Hoá đơn tháng 3")
    ticket.refresh_from_db()
    assert ticket.sla_clock_started_at == at(2026, 3, 9, 8, 0)
    assert ticket.first_response_due_at == at(2026, 3, 9, 17, 0)


def test_changing_the_priority_recomputes_the_due_times_from_arrival(clock, contact_a, make_ticket, tech_agent):
    """P10: a normal ticket (2 h) made urgent is due 30 minutes after it arrived."""
    clock.set(MONDAY_10)
    ticket = make_ticket(contact_a)
    assert ticket.first_response_due_at == MONDAY_10 + timedelta(hours=2)
    clock.set(MONDAY_10 + timedelta(minutes=5))
    services.change_priority(ticket, Priority.URGENT, tech_agent)
    ticket.refresh_from_db()
    assert ticket.first_response_due_at == MONDAY_10 + timedelta(minutes=30)
    assert ticket.sla_due_at == MONDAY_10 + timedelta(minutes=30)


def test_a_transfer_to_sales_measures_on_the_sales_calendar(clock, contact_a, make_ticket, tech_agent, sales):
    """P11: the ticket takes the new department's targets and hours (Saturday evening: from Monday)."""
    clock.set(at(2026, 3, 7, 19, 0))
    ticket = make_ticket(contact_a)
    assert ticket.first_response_due_at == at(2026, 3, 7, 21, 0)
    services.transfer_ticket(ticket, sales, tech_agent)
    ticket.refresh_from_db()
    assert ticket.sla_clock_started_at == at(2026, 3, 9, 8, 0)
    assert ticket.first_response_due_at == at(2026, 3, 9, 17, 0)


def test_the_first_public_agent_reply_meets_first_response(clock, contact_a, make_ticket, tech_agent):
    """P10: a first public reply on any channel meets the target; the queue then sorts on resolution."""
    clock.set(MONDAY_10)
    ticket = make_ticket(contact_a)
    clock.set(MONDAY_10 + timedelta(minutes=20))
    services.add_agent_reply(ticket, tech_agent, "Chúng tôi đang kiểm tra.", channel="email")
    ticket.refresh_from_db()
    assert ticket.first_response_at == MONDAY_10 + timedelta(minutes=20)
    assert ticket.sla_due_at == ticket.resolution_due_at


def test_an_internal_note_does_not_meet_first_response(clock, contact_a, make_ticket, tech_agent):
    """A note is not a response: the customer never sees it."""
    clock.set(MONDAY_10)
    ticket = make_ticket(contact_a)
    services.add_internal_note(ticket, tech_agent, "Xem log trước đã.")
    ticket.refresh_from_db()
    assert ticket.first_response_at is None
    assert ticket.sla_due_at == MONDAY_10 + timedelta(hours=2)


def test_waiting_on_the_customer_pauses_the_clock(clock, contact_a, make_ticket, tech_agent):
    """Pending customer: nothing is due from the agents, the scan leaves the ticket alone."""
    clock.set(MONDAY_10)
    ticket = make_ticket(contact_a)
    clock.set(MONDAY_10 + timedelta(minutes=10))
    services.change_status(ticket, Status.PENDING, tech_agent)
    ticket.refresh_from_db()
    assert ticket.sla_paused_at == MONDAY_10 + timedelta(minutes=10)
    assert ticket.sla_due_at is None and ticket.sla_next_check_at is None


def test_the_customers_reply_resumes_the_clock_and_shifts_due_times(clock, contact_a, make_ticket, tech_agent):
    """An hour spent waiting on the customer moves the unmet first response an hour later."""
    clock.set(MONDAY_10)
    ticket = make_ticket(contact_a)
    clock.set(MONDAY_10 + timedelta(minutes=10))
    services.change_status(ticket, Status.PENDING, tech_agent)
    clock.set(MONDAY_10 + timedelta(minutes=70))
    services.add_customer_reply(ticket, contact_a, "Mật khẩu root là ... (đã gửi riêng)")
    ticket.refresh_from_db()
    assert ticket.sla_paused_at is None
    assert ticket.sla_paused_seconds == 3600
    assert ticket.first_response_due_at == MONDAY_10 + timedelta(hours=3)
    assert ticket.resolution_due_at == MONDAY_10 + timedelta(days=3, hours=1)
    assert ticket.sla_due_at == ticket.first_response_due_at
    assert ticket.next_response_due_at is None  # no first response yet: no next one either


def test_a_customer_reply_after_the_first_response_starts_the_next_response_clock(
    clock, contact_a, make_ticket, tech_agent
):
    """After an agent has answered, the customer's next message is due an answer (normal: 4 h)."""
    clock.set(MONDAY_10)
    ticket = make_ticket(contact_a)
    services.add_agent_reply(ticket, tech_agent, "Bạn thử khởi động lại giúp mình.")
    clock.set(MONDAY_10 + timedelta(hours=1))
    services.add_customer_reply(ticket, contact_a, "Vẫn không được.")
    ticket.refresh_from_db()
    assert ticket.next_response_due_at == MONDAY_10 + timedelta(hours=5)
    assert ticket.sla_due_at == ticket.next_response_due_at
    services.add_agent_reply(ticket, tech_agent, "Đã xử lý xong.")
    ticket.refresh_from_db()
    assert ticket.next_response_due_at is None
    assert ticket.sla_due_at == ticket.resolution_due_at


def test_a_resolved_ticket_has_nothing_due(clock, contact_a, make_ticket, tech_agent):
    clock.set(MONDAY_10)
    ticket = make_ticket(contact_a)
    services.add_agent_reply(ticket, tech_agent, "Đã xong.", new_status=Status.RESOLVED)
    ticket.refresh_from_db()
    assert ticket.sla_due_at is None and ticket.sla_next_check_at is None

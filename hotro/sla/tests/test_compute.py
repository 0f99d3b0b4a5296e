"""The SLA arithmetic alone, on schedules built in memory (P10, P12)."""

from __future__ import annotations

from datetime import timedelta

from hotro.sla import compute
from hotro.sla.compute import Deadline
from hotro.sla.tests.helpers import always_open, at, sales_hours


def test_technical_urgent_is_due_30_minutes_after_a_ticket_at_3am_on_sunday():
    """P10: Technical is measured on its 24/7 calendar; urgent first response within 30 minutes."""
    start, due = compute.first_response_due(always_open(), at(2026, 3, 8, 3, 0), timedelta(minutes=30))
    assert start == at(2026, 3, 8, 3, 0)
    assert due == at(2026, 3, 8, 3, 30)


def test_a_sales_ticket_on_saturday_at_11_is_due_on_monday_in_business_time():
    """P10/P12: 30 minutes count on Saturday before 11:30, the remaining 8.5 hours from Monday 08:00."""
    start, due = compute.first_response_due(sales_hours(), at(2026, 3, 7, 11, 0), timedelta(hours=9))
    assert start == at(2026, 3, 7, 11, 0)
    assert due == at(2026, 3, 9, 16, 30)


def test_a_sales_ticket_after_saturday_closing_starts_its_clock_on_monday_morning():
    """P12: a ticket that arrives while closed is accepted; its clock starts at the next opening."""
    start, due = compute.first_response_due(sales_hours(), at(2026, 3, 7, 12, 0), timedelta(hours=4))
    assert start == at(2026, 3, 9, 8, 0)
    assert due == at(2026, 3, 9, 12, 0)


def test_a_sales_ticket_on_tet_eve_waits_for_the_office_to_reopen_after_tet():
    """P9/P12: Giao thừa (16/02/2026) to the fourth day of Tết are closed; the clock starts Saturday 21/02."""
    start, due = compute.first_response_due(sales_hours(), at(2026, 2, 16, 9, 0), timedelta(hours=9))
    assert start == at(2026, 2, 21, 8, 0)
    assert due == at(2026, 2, 23, 13, 30)  # 3.5 h on Saturday, 5.5 h on Monday


def test_technical_email_ignores_tet():
    """P8: Technical email is 24/7/365, Tết included."""
    _start, due = compute.first_response_due(always_open(), at(2026, 2, 16, 23, 50), timedelta(minutes=30))
    assert due == at(2026, 2, 17, 0, 20)


def test_the_warning_comes_at_75_percent_of_the_target_in_business_time():
    """The warning instant is measured on the calendar too: 6 h 45 of 9 business hours.

    From Friday 14:00: 3 h on Friday, 3.5 h on Saturday morning, the rest on Monday.
    """
    value = compute.deadline(sales_hours(), at(2026, 3, 6, 14, 0), timedelta(hours=9), 75)
    assert value == Deadline(due=at(2026, 3, 9, 10, 30), warn=at(2026, 3, 9, 8, 15))


def test_a_pause_shifts_the_due_time_by_the_business_time_spent_paused():
    """The clock stops while waiting on the customer: 4 business hours paused move the due 4 hours later."""
    schedule = sales_hours()
    paused = compute.paused_time(schedule, at(2026, 3, 9, 10, 0), at(2026, 3, 9, 14, 0))
    assert paused == timedelta(hours=4)
    assert compute.shift(schedule, at(2026, 3, 9, 16, 0), paused) == at(2026, 3, 10, 11, 0)


def test_a_pause_outside_working_hours_costs_nothing():
    """Waiting from Saturday noon to Monday 08:00 uses no business time, so nothing moves."""
    schedule = sales_hours()
    paused = compute.paused_time(schedule, at(2026, 3, 7, 12, 0), at(2026, 3, 9, 8, 0))
    assert paused == timedelta(0)
    assert compute.shift(schedule, at(2026, 3, 6, 17, 0), paused) == at(2026, 3, 6, 17, 0)


def test_a_due_time_at_closing_is_kept_when_nothing_was_paused():
    """ "Due by close of business" stays 17:00; a zero shift must not jump to the next opening."""
    assert compute.shift(sales_hours(), at(2026, 3, 9, 17, 0), timedelta(0)) == at(2026, 3, 9, 17, 0)


def test_the_next_check_skips_what_is_already_recorded():
    """The scan looks again at the first warning or breach not recorded yet."""
    first = Deadline(due=at(2026, 3, 9, 12), warn=at(2026, 3, 9, 11))
    resolution = Deadline(due=at(2026, 3, 12, 12), warn=at(2026, 3, 11, 12))
    running = {"first_response": first, "resolution": resolution}
    assert compute.next_check(running, set()) == at(2026, 3, 9, 11)
    assert compute.next_check(running, {("first_response", "warning")}) == at(2026, 3, 9, 12)
    assert compute.next_check(running, {("first_response", "breached")}) == at(2026, 3, 11, 12)
    assert compute.next_check({}, set()) is None


def test_the_state_is_ok_then_warning_then_breached():
    value = Deadline(due=at(2026, 3, 9, 12), warn=at(2026, 3, 9, 11))
    assert compute.state_at(value, at(2026, 3, 9, 10, 59)) == "ok"
    assert compute.state_at(value, at(2026, 3, 9, 11)) == "warning"
    assert compute.state_at(value, at(2026, 3, 9, 12)) == "breached"
    assert compute.state_at(None, at(2026, 3, 9, 12)) == ""

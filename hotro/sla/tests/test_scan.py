"""The SLA scan: warnings at 75 %, breaches at the due time, each recorded once, notified
and escalated per the department's policy."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hotro.core.outbound.testing import rendered
from hotro.desk import services
from hotro.desk.models import AuditEvent, Priority, Status
from hotro.sla.models import SlaEvent, SlaPolicy
from hotro.sla.scan import check_ticket, scan_due
from hotro.sla.tests.helpers import at

pytestmark = pytest.mark.django_db

MONDAY_10 = at(2026, 3, 9, 10, 0)


def sla_mail(kind: str) -> list[str]:
    return sorted(rendered().filter(kind=f"sla/{kind}").values_list("to", flat=True))


@pytest.fixture
def urgent_ticket(clock, contact_a, make_ticket, tech_agent, supervisor):
    clock.set(MONDAY_10)
    ticket = make_ticket(contact_a, priority=Priority.URGENT)
    services.assign(ticket, tech_agent, tech_agent)
    return ticket


def test_a_warning_then_a_breach_are_each_recorded_once_when_the_scan_runs_twice(clock, urgent_ticket):
    """P10: at 75 % of 30 minutes a warning, at 30 minutes a breach; a second scan adds nothing."""
    clock.set(MONDAY_10 + timedelta(minutes=23))
    assert scan_due() == 1
    assert scan_due() == 0
    assert list(SlaEvent.objects.values_list("target", "kind")) == [("first_response", "warning")]
    clock.set(MONDAY_10 + timedelta(minutes=31))
    assert scan_due() == 1
    assert scan_due() == 0
    assert list(SlaEvent.objects.values_list("target", "kind")) == [
        ("first_response", "warning"),
        ("first_response", "breached"),
    ]
    assert AuditEvent.objects.filter(ticket=urgent_ticket, action="sla.first_response.breached").count() == 1
    assert AuditEvent.objects.filter(ticket=urgent_ticket, action="sla.first_response.warning").count() == 1


def test_a_warning_mails_the_assignee_and_a_breach_also_the_supervisors(clock, urgent_ticket, tech_agent, supervisor):
    clock.set(MONDAY_10 + timedelta(minutes=23))
    scan_due()
    assert sla_mail("warning") == [tech_agent.email]
    clock.set(MONDAY_10 + timedelta(minutes=31))
    scan_due()
    assert sla_mail("breached") == sorted([tech_agent.email, supervisor.email])
    mail = rendered().get(kind="sla/breached", to=supervisor.email)
    assert urgent_ticket.number in mail.subject and urgent_ticket.number in mail.body_text


def test_a_scan_that_missed_the_warning_records_only_the_breach(clock, urgent_ticket):
    clock.set(MONDAY_10 + timedelta(hours=1))
    scan_due()
    assert list(SlaEvent.objects.values_list("kind", flat=True)) == ["breached"]


def test_a_second_scheduler_with_the_same_row_loses_the_claim(clock, urgent_ticket):
    """Several schedulers: the conditional UPDATE on sla_next_check_at lets only one through."""
    urgent_ticket.refresh_from_db()
    seen = urgent_ticket.sla_next_check_at
    now = MONDAY_10 + timedelta(minutes=31)
    clock.set(now)
    assert check_ticket(urgent_ticket.pk, seen, now) is True
    assert check_ticket(urgent_ticket.pk, seen, now) is False
    assert SlaEvent.objects.count() == 1


def test_a_ticket_waiting_on_the_customer_is_not_breached(clock, urgent_ticket, tech_agent):
    """The clock is stopped while pending: nothing falls due."""
    services.change_status(urgent_ticket, Status.PENDING, tech_agent)
    clock.set(MONDAY_10 + timedelta(hours=2))
    assert scan_due() == 0
    assert not SlaEvent.objects.exists()


def test_a_met_first_response_is_never_breached(clock, urgent_ticket, tech_agent):
    clock.set(MONDAY_10 + timedelta(minutes=10))
    services.add_agent_reply(urgent_ticket, tech_agent, "Đã nhận, đang xử lý.")
    clock.set(MONDAY_10 + timedelta(minutes=40))
    scan_due()
    assert not SlaEvent.objects.filter(target="first_response").exists()


def test_a_breach_raises_the_priority_one_step(clock, contact_a, make_ticket):
    """Technical normal (2 h) breached: the policy raises it to high; the due times follow."""
    clock.set(MONDAY_10)
    ticket = make_ticket(contact_a)
    clock.set(MONDAY_10 + timedelta(hours=2, minutes=1))
    scan_due()
    ticket.refresh_from_db()
    assert ticket.priority == Priority.HIGH
    assert ticket.first_response_due_at == MONDAY_10 + timedelta(hours=1)
    raised = AuditEvent.objects.get(ticket=ticket, action="desk.ticket.priority_changed")
    assert raised.data == {"before": Priority.NORMAL, "after": Priority.HIGH, "reason": "sla_breach"}
    assert AuditEvent.objects.filter(ticket=ticket, action="sla.escalated").exists()


def test_a_breach_hands_a_high_ticket_to_the_supervisor(clock, contact_a, make_ticket, tech_agent, supervisor):
    """Technical high breached: raised to urgent and reassigned to the department's supervisor."""
    clock.set(MONDAY_10)
    ticket = make_ticket(contact_a, priority=Priority.HIGH)
    services.assign(ticket, tech_agent, tech_agent)
    clock.set(MONDAY_10 + timedelta(hours=1, minutes=1))
    scan_due()
    ticket.refresh_from_db()
    assert ticket.priority == Priority.URGENT
    assert ticket.assignee == supervisor
    assert rendered().filter(kind="desk/assigned", to=supervisor.email).exists()


def test_a_policy_without_escalation_leaves_the_ticket_alone(clock, contact_a, make_ticket, technical):
    SlaPolicy.objects.filter(department=technical).update(escalate_raise_priority=False)
    clock.set(MONDAY_10)
    ticket = make_ticket(contact_a)
    clock.set(MONDAY_10 + timedelta(hours=3))
    scan_due()
    ticket.refresh_from_db()
    assert ticket.priority == Priority.NORMAL
    assert SlaEvent.objects.filter(ticket=ticket, kind="breached").exists()


def test_the_scan_is_a_scheduler_job(db):
    from hotro.core.scheduler import JOBS

    assert "hotro.sla.scan.scan_due" in [job.function for job in JOBS]

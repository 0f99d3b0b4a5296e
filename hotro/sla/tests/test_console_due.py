"""The console's "due" column and ticket page (time left / overdue), and SLA queue order (P11)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from hotro.desk.models import Priority
from hotro.sla.tests.helpers import at

pytestmark = pytest.mark.django_db
MONDAY_10 = at(2026, 3, 9, 10, 0)


@pytest.fixture(autouse=True)
def _english_speaking_agent(tech_agent):
    """These tests read the English wording; the agent's language decides the console's."""
    tech_agent.language = "en"
    tech_agent.save(update_fields=["language"])


def row_of(page: str, number: str) -> str:
    start = page.index(f">{number}<")
    return page[start : page.index("</tr>", start)]


def test_the_queue_row_shows_time_left_then_amber_then_red(clock, contact_a, make_ticket, tech_agent, client_for):
    """P10: urgent technical, due in 30 minutes: plain, warned at 22.5 minutes, overdue after 30."""
    clock.set(MONDAY_10)
    ticket = make_ticket(contact_a, priority=Priority.URGENT)
    client = client_for(tech_agent)
    clock.set(MONDAY_10 + timedelta(minutes=10))
    row = row_of(client.get(reverse("console:queue")).content.decode(), ticket.number)
    assert 'class="due due-ok"' in row and "in 20 min" in row
    clock.set(MONDAY_10 + timedelta(minutes=25))
    row = row_of(client.get(reverse("console:queue")).content.decode(), ticket.number)
    assert 'class="due due-warning"' in row and "in 5 min" in row
    clock.set(MONDAY_10 + timedelta(hours=1, minutes=35))
    row = row_of(client.get(reverse("console:queue")).content.decode(), ticket.number)
    assert 'class="due due-breached"' in row and "overdue 1 h 05 min" in row


def test_the_ticket_page_shows_the_due_time_and_each_target(clock, contact_a, make_ticket, tech_agent, client_for):
    clock.set(MONDAY_10)
    ticket = make_ticket(contact_a, priority=Priority.URGENT)
    page = client_for(tech_agent).get(reverse("console:ticket", args=[ticket.number])).content.decode()
    assert 'class="due due-ok"' in page and "in 30 min" in page
    assert "sla-targets" in page


def test_a_department_queue_serves_the_ticket_due_first_before_a_higher_priority(
    clock, contact_a, make_ticket, tech_agent, client_for
):
    """P11 then due time: a low ticket due at 14:00 comes before a normal one due at 14:30."""
    clock.set(MONDAY_10)
    low = make_ticket(contact_a, priority=Priority.LOW, subject="low")
    clock.set(MONDAY_10 + timedelta(hours=2, minutes=30))
    normal = make_ticket(contact_a, priority=Priority.NORMAL, subject="normal")
    page = client_for(tech_agent).get(reverse("console:queue_department", args=["technical"])).content.decode()
    assert page.index(f">{low.number}<") < page.index(f">{normal.number}<")


def test_the_overdue_first_view_ignores_the_department_rank(
    clock, contact_a, make_ticket, sales, admin_agent, client_for
):
    """A billing ticket overdue since Monday morning comes before a technical one due later."""
    clock.set(at(2026, 3, 7, 12, 0))
    billing = make_ticket(contact_a, department=sales, priority=Priority.URGENT, subject="billing")  # due Mon 12:00
    clock.set(at(2026, 3, 9, 13, 0))
    tech = make_ticket(contact_a, priority=Priority.LOW, subject="tech")  # due Mon 17:00
    client = client_for(admin_agent)
    served = client.get(reverse("console:queue")).content.decode()
    assert served.index(f">{tech.number}<") < served.index(f">{billing.number}<")
    overdue = client.get(reverse("console:queue"), {"sort": "due"}).content.decode()
    assert overdue.index(f">{billing.number}<") < overdue.index(f">{tech.number}<")

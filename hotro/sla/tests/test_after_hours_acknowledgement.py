"""P12: a ticket that arrives while its department is closed is accepted, and its
acknowledgement says when it will be handled, in each customer's language."""

from __future__ import annotations

import pytest

from hotro.core.models import OutboundMessage
from hotro.core.outbound.testing import rendered
from hotro.sla.tests.helpers import at

pytestmark = pytest.mark.django_db


def acknowledgement(email: str) -> OutboundMessage:
    return rendered().get(kind="desk/ticket_opened", to=email)


def test_a_sales_ticket_on_saturday_at_noon_is_handled_from_monday_08_00_in_vietnamese(
    clock, contact_a, make_ticket, sales
):
    """P12: the Vietnamese customer reads the department and the opening in Vietnamese."""
    clock.set(at(2026, 3, 7, 12, 0))
    make_ticket(contact_a, department=sales, subject="Gia hạn VPS")
    mail = acknowledgement(contact_a.email)
    assert "Phòng Kinh doanh và Kế toán" in mail.body_text
    assert "08:00 Thứ Hai, 09/03" in mail.body_text
    assert "08:00 Thứ Hai, 09/03" in mail.body_html


def test_a_sales_ticket_on_saturday_at_noon_is_handled_from_monday_08_00_in_english(
    clock, contact_a, contact_b, make_ticket, sales
):
    """P12: an English-speaking CC reads the same line in English, in the same ticket."""
    clock.set(at(2026, 3, 7, 12, 0))
    make_ticket(contact_a, department=sales, subject="Renewal", ccs=[contact_b])
    mail = acknowledgement(contact_b.email)
    assert "Sales & Accounting will handle your request from Monday 09/03 at 08:00." in mail.body_text
    assert "Sales &amp; Accounting will handle your request from Monday 09/03 at 08:00." in mail.body_html


def test_a_ticket_that_arrives_during_working_hours_gets_no_after_hours_line(clock, contact_b, make_ticket, sales):
    clock.set(at(2026, 3, 9, 9, 0))
    make_ticket(contact_b, department=sales, subject="Invoice")
    assert "will handle your request from" not in acknowledgement(contact_b.email).body_text


def test_a_technical_ticket_at_night_is_handled_at_once(clock, contact_b, make_ticket):
    """P8: Technical email is 24/7/365, so there is no "from" to announce."""
    clock.set(at(2026, 2, 17, 3, 0))
    make_ticket(contact_b)
    assert "will handle your request from" not in acknowledgement(contact_b.email).body_text

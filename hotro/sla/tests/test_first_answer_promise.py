"""P10, P12: the acknowledgement and the customer's ticket page say when the first answer is due, in the
customer's language, from the ticket's own SLA due time (after hours too: not only "handled from")."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from hotro.core.outbound.testing import rendered
from hotro.desk import services
from hotro.hours.display import format_opening
from hotro.sla.promise import first_answer_due, first_answer_promise
from hotro.sla.tests.helpers import at

pytestmark = pytest.mark.django_db


def expected(ticket, language: str) -> str:
    """The sentence built here from the stored due time, not copied from the code under test."""
    with translation.override(language):
        return gettext("We will reply by %(time)s.") % {"time": format_opening(ticket.first_response_due_at)}


def test_the_vietnamese_acknowledgement_names_the_first_response_due_time(clock, contact_a, make_ticket):
    clock.set(at(2026, 3, 9, 9, 0))  # Monday morning, Technical (24/7)
    ticket = make_ticket(contact_a)
    ticket.refresh_from_db()
    assert ticket.first_response_due_at is not None
    mail = rendered().get(kind="desk/ticket_opened", to=contact_a.email)
    sentence = expected(ticket, "vi")
    assert sentence in mail.body_text and sentence in mail.body_html
    assert format_opening(ticket.first_response_due_at, "vi") in sentence  # "HH:MM Thứ Hai, 09/03"


def test_the_english_acknowledgement_says_it_in_english(clock, contact_b, make_ticket):
    clock.set(at(2026, 3, 9, 9, 0))
    ticket = make_ticket(contact_b)
    ticket.refresh_from_db()
    mail = rendered().get(kind="desk/ticket_opened", to=contact_b.email)
    assert expected(ticket, "en") in mail.body_text
    assert expected(ticket, "vi") not in mail.body_text


def test_after_hours_the_promise_lies_in_the_next_working_hours(clock, contact_a, make_ticket, sales):
    """P12: a Saturday-noon sales ticket's clock starts Monday 08:00; its due time is later that morning."""
    clock.set(at(2026, 3, 7, 12, 0))
    ticket = make_ticket(contact_a, department=sales)
    ticket.refresh_from_db()
    assert ticket.first_response_due_at >= at(2026, 3, 9, 8, 0)
    mail = rendered().get(kind="desk/ticket_opened", to=contact_a.email)
    assert expected(ticket, "vi") in mail.body_text
    assert "Thứ Hai, 09/03" in expected(ticket, "vi")


def test_the_customers_ticket_page_shows_the_promise_until_the_first_answer(
    client_for, customer_a, contact_a, make_ticket, tech_agent
):
    ticket = make_ticket(contact_a)
    ticket.refresh_from_db()
    url = reverse("portal:ticket_detail", args=[ticket.number])
    page = client_for(customer_a).get(url)
    language = page["Content-Language"]
    assert expected(ticket, language) in page.content.decode()
    services.add_agent_reply(ticket, tech_agent, "Chúng tôi đang kiểm tra.")
    ticket.refresh_from_db()
    assert first_answer_due(ticket) is None
    assert 'id="first-answer-promise"' not in client_for(customer_a).get(url).content.decode()


def test_no_promise_for_a_closed_ticket(contact_a, make_ticket, tech_agent):
    ticket = make_ticket(contact_a)
    services.close_ticket(ticket, contact_a)
    ticket.refresh_from_db()
    assert first_answer_promise(ticket) == ""

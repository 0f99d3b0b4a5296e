"""The customer panel beside the thread: other tickets, contact details, language, failing address."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from hotro.accounts.services import create_agent
from hotro.console.customer_panel import customer_panel
from hotro.desk.models import Ticket


def _panel_html(page: str) -> str:
    start = page.index('class="card customer-panel"')
    return page[start : page.index("</section>", start)]


def test_it_lists_the_customers_other_tickets_of_my_departments_only(
    contact_a, make_ticket, sales, client_for, tech_agent
):
    ticket = make_ticket(contact_a, subject="Hiện tại")
    older = make_ticket(contact_a, subject="VPS cũ")
    billing = make_ticket(contact_a, department=sales, subject="Hoá đơn riêng tư")
    panel = _panel_html(client_for(tech_agent).get(reverse("console:ticket", args=[ticket.number])).content.decode())
    assert reverse("console:ticket", args=[older.number]) in panel and "VPS cũ" in panel
    assert billing.number not in panel and "Hoá đơn riêng tư" not in panel
    data = customer_panel(ticket, tech_agent)
    assert (data.other_count, data.hidden_count) == (2, 1)


def test_an_administrator_sees_every_other_ticket(contact_a, make_ticket, sales, admin_agent):
    ticket = make_ticket(contact_a)
    make_ticket(contact_a, department=sales)
    data = customer_panel(ticket, admin_agent)
    assert (len(data.recent), data.hidden_count) == (1, 0)


def test_it_shows_at_most_five_recent_tickets(contact_a, make_ticket, tech_agent):
    ticket = make_ticket(contact_a)
    for i in range(7):
        make_ticket(contact_a, subject=f"cũ {i}")
    data = customer_panel(ticket, tech_agent)
    assert len(data.recent) == 5 and data.other_count == 7
    assert data.recent[0].subject == "cũ 6"  # newest first


def test_it_shows_contact_details_language_and_a_failing_address(contact_b, make_ticket, client_for, tech_agent):
    contact_b.phone = "+84969297579"
    contact_b.email_failing_since = timezone.now()
    contact_b.save(update_fields=["phone", "email_failing_since"])
    ticket = make_ticket(contact_b)
    panel = _panel_html(client_for(tech_agent).get(reverse("console:ticket", args=[ticket.number])).content.decode())
    assert contact_b.email in panel and "+84969297579" in panel and "English" in panel
    assert 'class="failing small"' in panel
    data = customer_panel(Ticket.objects.get(pk=ticket.pk), tech_agent)
    assert [f.address for f in data.failing] == [contact_b.email]


def test_the_panel_costs_a_bounded_number_of_queries(contact_a, make_ticket, tech_agent, django_assert_max_num_queries):
    ticket = make_ticket(contact_a)
    for _ in range(10):
        make_ticket(contact_a)
    ticket = Ticket.objects.select_related("requester").get(pk=ticket.pk)
    with django_assert_max_num_queries(6):
        customer_panel(ticket, tech_agent)


def test_an_agent_of_both_departments_sees_both(contact_a, make_ticket, technical, sales):
    both = create_agent("hai@cloudmini.example", None, name="Hai Phòng", departments=[technical, sales])
    ticket = make_ticket(contact_a)
    make_ticket(contact_a, department=sales)
    assert customer_panel(ticket, both).hidden_count == 0

"""Department queues and my tickets: P11 ordering, filters, cheap paging, constant query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hotro.accounts.services import create_agent
from hotro.console.queues import PAGE_SIZE
from hotro.desk import services
from hotro.desk.models import Category, Channel, Priority, Status


def positions(page: str, tickets) -> list[int]:
    return [page.index(f">{t.number}<") for t in tickets]


def test_the_queue_serves_technical_first_then_priority_then_age(
    admin_agent, contact_a, sales, make_ticket, client_for
):
    """P11: technical requests before billing/sales; then urgent first; then oldest first."""
    sales_urgent = make_ticket(contact_a, department=sales, priority=Priority.URGENT, subject="s-urgent")
    tech_low = make_ticket(contact_a, priority=Priority.LOW, subject="t-low")
    tech_urgent_old = make_ticket(contact_a, priority=Priority.URGENT, subject="t-urgent-old")
    sales_normal = make_ticket(contact_a, department=sales, subject="s-normal")
    tech_urgent_new = make_ticket(contact_a, priority=Priority.URGENT, subject="t-urgent-new")
    page = client_for(admin_agent).get(reverse("console:queue")).content.decode()
    expected = [tech_urgent_old, tech_urgent_new, tech_low, sales_urgent, sales_normal]
    found = positions(page, expected)
    assert found == sorted(found)


def test_an_agent_of_both_departments_sees_both_in_the_same_order(technical, sales, contact_a, make_ticket, client_for):
    both = create_agent("both@cloudmini.example", None, name="Hai Phòng", departments=[technical, sales])
    billing = make_ticket(contact_a, department=sales, priority=Priority.URGENT, subject="billing")
    down = make_ticket(contact_a, priority=Priority.LOW, subject="down")
    page = client_for(both).get(reverse("console:queue")).content.decode()
    assert page.index(f">{down.number}<") < page.index(f">{billing.number}<")


def test_the_queue_lists_active_tickets_only_by_default(tech_agent, contact_a, make_ticket, client_for):
    active = make_ticket(contact_a, subject="active")
    done = make_ticket(contact_a, subject="done")
    services.change_status(done, Status.RESOLVED, tech_agent)
    page = client_for(tech_agent).get(reverse("console:queue")).content.decode()
    assert f">{active.number}<" in page
    assert f">{done.number}<" not in page
    resolved = client_for(tech_agent).get(reverse("console:queue"), {"status": "resolved"}).content.decode()
    assert f">{done.number}<" in resolved and f">{active.number}<" not in resolved


def test_a_department_queue_shows_that_department_only(admin_agent, contact_a, sales, make_ticket, client_for):
    tech = make_ticket(contact_a, subject="tech")
    bill = make_ticket(contact_a, department=sales, subject="bill")
    page = client_for(admin_agent).get(reverse("console:queue_department", args=["sales"])).content.decode()
    assert f">{bill.number}<" in page and f">{tech.number}<" not in page


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"priority": str(Priority.URGENT.value)}, {"urgent"}),
        ({"channel": Channel.EMAIL}, {"by-email"}),
        ({"status": Status.ON_HOLD}, {"on-hold"}),
        ({"assignee": "me"}, {"mine"}),
        ({"assignee": "none"}, {"urgent", "by-email", "plain"}),
        ({"q": "ổ đĩa"}, {"on-hold"}),
        ({"priority": "banana", "q": "ổ đĩa"}, {"on-hold"}),
    ],
)
def test_filters_narrow_the_queue(tech_agent, tech_agent_2, contact_a, make_ticket, client_for, params, expected):
    tickets = {
        "urgent": make_ticket(contact_a, priority=Priority.URGENT, subject="urgent"),
        "by-email": make_ticket(contact_a, channel=Channel.EMAIL, subject="by-email"),
        "on-hold": make_ticket(contact_a, subject="Hỏng ổ đĩa"),
        "mine": make_ticket(contact_a, subject="mine"),
        "plain": make_ticket(contact_a, subject="plain"),
    }
    services.assign(tickets["on-hold"], tech_agent_2, tech_agent_2)
    services.change_status(tickets["on-hold"], Status.ON_HOLD, tech_agent_2)
    services.claim(tickets["mine"], tech_agent)
    page = client_for(tech_agent).get(reverse("console:queue"), params).content.decode()
    shown = {name for name, ticket in tickets.items() if f">{ticket.number}<" in page}
    assert shown == expected


def test_the_assignee_filter_takes_a_specific_agent(tech_agent, tech_agent_2, contact_a, make_ticket, client_for):
    theirs = make_ticket(contact_a, subject="theirs")
    mine = make_ticket(contact_a, subject="mine")
    services.claim(theirs, tech_agent_2)
    services.claim(mine, tech_agent)
    page = client_for(tech_agent).get(reverse("console:queue"), {"assignee": str(tech_agent_2.pk)}).content.decode()
    assert f">{theirs.number}<" in page and f">{mine.number}<" not in page


def test_the_search_box_finds_a_ticket_by_number(tech_agent, contact_a, make_ticket, client_for):
    wanted = make_ticket(contact_a, subject="first")
    other = make_ticket(contact_a, subject="second")
    page = client_for(tech_agent).get(reverse("console:queue"), {"q": wanted.number}).content.decode()
    assert f">{wanted.number}<" in page and f">{other.number}<" not in page


def test_an_htmx_filter_request_gets_only_the_list_fragment(tech_agent, contact_a, make_ticket, client_for):
    ticket = make_ticket(contact_a)
    response = client_for(tech_agent).get(
        reverse("console:queue"), {"q": "VPS"}, headers={"HX-Request": "true", "HX-Target": "queue-list"}
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="queue-list">')
    assert "<html" not in body
    assert f">{ticket.number}<" in body
    assert "HX-Request" in response["Vary"]


def test_the_filter_form_is_wired_for_htmx(tech_agent, client_for):
    page = client_for(tech_agent).get(reverse("console:queue")).content.decode()
    assert 'hx-get="/console/queue/"' in page
    assert 'hx-push-url="true"' in page
    assert 'hx-target="#queue-list"' in page


def test_paging_fetches_one_row_more_and_never_counts(tech_agent, contact_a, make_ticket, client_for):
    tickets = [make_ticket(contact_a, subject=f"ticket {i}") for i in range(PAGE_SIZE + 1)]
    client = client_for(tech_agent)
    with CaptureQueriesContext(connection) as queries:
        first = client.get(reverse("console:queue")).content.decode()
    assert not [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert f">{tickets[0].number}<" in first
    assert f">{tickets[-1].number}<" not in first
    assert 'rel="next"' in first
    second = client.get(reverse("console:queue"), {"page": "2"}).content.decode()
    assert f">{tickets[-1].number}<" in second
    assert 'rel="next"' not in second and 'rel="prev"' in second


def test_a_bad_page_number_shows_the_first_page(tech_agent, contact_a, make_ticket, client_for):
    ticket = make_ticket(contact_a)
    page = client_for(tech_agent).get(reverse("console:queue"), {"page": "-3x"}).content.decode()
    assert f">{ticket.number}<" in page


def _fill(count, contact, make_ticket, agent, sales):
    vps = Category.objects.get(slug="vps")
    billing = Category.objects.get(slug="billing")
    for i in range(count):
        if i % 2:
            ticket = make_ticket(contact, department=sales, category=billing, subject=f"bill {i}")
        else:
            ticket = make_ticket(contact, category=vps, subject=f"vps {i}")
            services.claim(ticket, agent)


@pytest.mark.parametrize("name", ["console:queue", "console:triage", "console:mine"])
def test_the_number_of_queries_does_not_grow_with_the_rows(
    admin_agent, contact_a, sales, make_ticket, client_for, django_assert_max_num_queries, name
):
    client = client_for(admin_agent)
    _fill(3, contact_a, make_ticket, admin_agent, sales)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse(name))
    _fill(27, contact_a, make_ticket, admin_agent, sales)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse(name))
    assert response.status_code == 200


def test_my_tickets_lists_active_tickets_assigned_to_me(tech_agent, tech_agent_2, contact_a, make_ticket, client_for):
    mine = make_ticket(contact_a, subject="mine")
    theirs = make_ticket(contact_a, subject="theirs")
    done = make_ticket(contact_a, subject="done")
    services.claim(mine, tech_agent)
    services.claim(theirs, tech_agent_2)
    services.claim(done, tech_agent)
    services.change_status(done, Status.RESOLVED, tech_agent)
    page = client_for(tech_agent).get(reverse("console:mine")).content.decode()
    assert f">{mine.number}<" in page
    assert f">{theirs.number}<" not in page
    assert f">{done.number}<" not in page


def test_a_queue_row_shows_the_columns_agents_work_with(tech_agent, contact_a, make_ticket, client_for):
    vps = Category.objects.get(slug="vps")
    make_ticket(contact_a, category=vps, priority=Priority.HIGH, subject="Không SSH được")
    page = client_for(tech_agent).get(reverse("console:queue")).content.decode()
    for text in (
        "Không SSH được",
        "Nguyễn Văn An",
        "an.nguyen@example.com",
        vps.label,
        "prio-high",
        "status-new",
        'class="due',
    ):
        assert text in page

"""The agents' search page: words and filters over the agent's departments, cheap paging, constant queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hotro.desk import services
from hotro.desk.models import Channel, Status, Ticket

URL = reverse("console:search")


@pytest.fixture(autouse=True)
def _english_speaking_agent(tech_agent):
    """These tests read the English wording; the agent's language decides the console's."""
    tech_agent.language = "en"
    tech_agent.save(update_fields=["language"])


def shown(page: str, ticket) -> bool:
    return f">{ticket.number}<" in page


def get(client, **params) -> str:
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def test_it_finds_vietnamese_without_accents(tech_agent, contact_a, make_ticket, client_for):
    wanted = make_ticket(contact_a, subject="Cần hỗ trợ đăng ký tên miền")
    other = make_ticket(contact_a, subject="VPS chậm")
    page = get(client_for(tech_agent), q="ho tro dang ky")
    assert shown(page, wanted) and not shown(page, other)


def test_it_finds_internal_notes_for_agents(tech_agent, contact_a, make_ticket, client_for):
    ticket = make_ticket(contact_a)
    services.add_internal_note(ticket, tech_agent, "Đã chuyển cho đội mạng")
    assert shown(get(client_for(tech_agent), q="doi mang"), ticket)


def test_it_never_shows_another_departments_ticket(tech_agent, contact_a, sales, make_ticket, client_for):
    billing = make_ticket(contact_a, department=sales, subject="Hoá đơn")
    client = client_for(tech_agent)
    assert not shown(get(client, q="hoa don"), billing)
    assert not shown(get(client, q=billing.number), billing)
    # A department outside the agent's own is an ignored filter, not a way in.
    assert not shown(get(client, q="hoa don", department="sales"), billing)


def test_customers_and_strangers_cannot_open_it(customer_a, client_for, client):
    assert client_for(customer_a).get(URL).status_code in (302, 403, 404)
    assert client.get(URL).status_code == 302


def test_nothing_asked_shows_no_tickets_but_a_hint(tech_agent, contact_a, make_ticket, client_for):
    ticket = make_ticket(contact_a)
    page = get(client_for(tech_agent))
    assert not shown(page, ticket)
    assert "quoted phrase" in page


def test_a_punctuation_query_is_a_clear_empty_result(tech_agent, contact_a, make_ticket, client_for):
    ticket = make_ticket(contact_a)
    page = get(client_for(tech_agent), q="?!…")
    assert not shown(page, ticket)
    assert "at least one letter or digit" in page


def test_filters_narrow_the_results(tech_agent, tech_agent_2, contact_a, make_ticket, client_for):
    web = make_ticket(contact_a, subject="Sự cố mạng")
    mail = make_ticket(contact_a, subject="Sự cố mạng", channel=Channel.EMAIL)
    closed = make_ticket(contact_a, subject="Sự cố mạng")
    services.claim(web, tech_agent)
    services.claim(mail, tech_agent_2)
    services.claim(closed, tech_agent)
    services.close_ticket(closed, tech_agent)
    client = client_for(tech_agent)
    page = get(client, q="su co", channel="email")
    assert shown(page, mail) and not shown(page, web) and not shown(page, closed)
    page = get(client, q="su co", status=Status.CLOSED)
    assert shown(page, closed) and not shown(page, web) and not shown(page, mail)
    page = get(client, q="su co", assignee="me")
    assert shown(page, web) and shown(page, closed) and not shown(page, mail)
    page = get(client, q="su co", assignee=str(tech_agent_2.pk))
    assert shown(page, mail) and not shown(page, web)
    page = get(client, q="su co", department="technical")
    assert shown(page, web) and shown(page, mail) and shown(page, closed)
    # Filters alone, without words, list what they select.
    page = get(client, channel="email")
    assert shown(page, mail) and not shown(page, web)


def test_the_date_range_is_inclusive_local_days(tech_agent, contact_a, make_ticket, client_for):
    old = make_ticket(contact_a, subject="Sự cố cũ")
    new = make_ticket(contact_a, subject="Sự cố mới")
    Ticket.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=10))
    today = timezone.localdate()
    client = client_for(tech_agent)
    page = get(client, q="su co", **{"from": today.isoformat(), "to": today.isoformat()})
    assert shown(page, new) and not shown(page, old)
    page = get(client, q="su co", to=(today - dt.timedelta(days=5)).isoformat())
    assert shown(page, old) and not shown(page, new)


def test_bad_filters_are_reported_and_ignored(tech_agent, contact_a, make_ticket, client_for):
    ticket = make_ticket(contact_a, subject="Sự cố")
    page = get(client_for(tech_agent), q="su co", status="bogus", **{"from": "not-a-date"})
    assert shown(page, ticket)
    assert "form-error" in page


def test_results_show_latest_activity_first(tech_agent, contact_a, make_ticket, client_for):
    older = make_ticket(contact_a, subject="Sự cố A")
    newer = make_ticket(contact_a, subject="Sự cố B")
    services.add_customer_reply(older, contact_a, "Vẫn còn lỗi")
    page = get(client_for(tech_agent), q="su co")
    assert page.index(f">{older.number}<") < page.index(f">{newer.number}<")


def test_an_htmx_request_gets_the_list_fragment(tech_agent, contact_a, make_ticket, client_for):
    ticket = make_ticket(contact_a)
    response = client_for(tech_agent).get(URL, {"q": "vps"}, headers={"HX-Request": "true", "HX-Target": "queue-list"})
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="queue-list">') and shown(body, ticket)


def test_it_pages_without_counting(tech_agent, contact_a, make_ticket, client_for):
    from hotro.console.queues import PAGE_SIZE

    for i in range(PAGE_SIZE + 1):
        make_ticket(contact_a, subject=f"Sự cố {i}")
    client = client_for(tech_agent)
    with CaptureQueriesContext(connection) as queries:
        first = get(client, q="su co")
    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert 'rel="next"' in first
    assert 'rel="prev"' in get(client, q="su co", page="2")


@pytest.mark.parametrize("params", [{"q": "vps"}, {"q": "vps", "status": "new", "assignee": "none"}])
def test_the_number_of_queries_does_not_grow_with_the_rows(
    admin_agent, contact_a, make_ticket, client_for, django_assert_max_num_queries, params
):
    client = client_for(admin_agent)
    for _ in range(3):
        make_ticket(contact_a, subject="VPS")
    with CaptureQueriesContext(connection) as small:
        get(client, **params)
    for _ in range(20):
        make_ticket(contact_a, subject="VPS")
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = get(client, **params)
    assert page.count('class="prio-row-') == 23


def test_the_queue_search_box_uses_the_same_search(tech_agent, contact_a, make_ticket, client_for):
    ticket = make_ticket(contact_a, subject="Cần hỗ trợ")
    page = client_for(tech_agent).get(reverse("console:queue"), {"q": "ho tro"}).content.decode()
    assert shown(page, ticket)

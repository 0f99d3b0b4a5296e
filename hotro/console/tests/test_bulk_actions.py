"""Bulk actions on the list pages: checkboxes and an action bar, the same services, one audit entry each."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hotro.desk import services
from hotro.desk.models import AuditEvent, Priority, Ticket


def _bulk(client, tickets, **data):
    payload = {"tickets": [t.pk for t in tickets], "next": reverse("console:queue"), **data}
    return client.post(reverse("console:bulk"), payload)


@pytest.mark.parametrize("name", ["console:queue", "console:triage", "console:mine", "console:search"])
def test_every_list_page_has_the_bar_and_a_checkbox_per_row(name, contact_a, make_ticket, client_for, tech_agent):
    ticket = make_ticket(contact_a, subject="VPS")
    services.claim(ticket, tech_agent) if name == "console:mine" else None
    params = {"q": "vps"} if name == "console:search" else {}
    page = client_for(tech_agent).get(reverse(name), params).content.decode()
    assert 'id="bulk-form"' in page
    assert f'name="tickets" value="{ticket.pk}" form="bulk-form"' in page


def test_bulk_assign_from_the_queue(contact_a, make_ticket, client_for, tech_agent, tech_agent_2):
    tickets = [make_ticket(contact_a) for _ in range(2)]
    response = _bulk(client_for(tech_agent), tickets, action="assign", assignee=tech_agent_2.pk)
    assert response["Location"] == reverse("console:queue")
    assert set(Ticket.objects.values_list("assignee_id", flat=True)) == {tech_agent_2.pk}
    assert AuditEvent.objects.filter(action="desk.ticket.assigned").count() == 2


def test_tickets_of_other_departments_are_skipped_and_named(contact_a, make_ticket, sales, client_for, tech_agent):
    mine = make_ticket(contact_a)
    theirs = make_ticket(contact_a, department=sales)
    client = client_for(tech_agent)
    response = _bulk(client, [mine, theirs], action="priority", priority=Priority.URGENT)
    theirs.refresh_from_db()
    mine.refresh_from_db()
    assert (mine.priority, theirs.priority) == (Priority.URGENT, Priority.NORMAL)
    page = client.get(response["Location"]).content.decode()
    assert theirs.number in page  # named in the "skipped" message


def test_bulk_merge_and_tag(contact_a, make_ticket, client_for, tech_agent):
    target, other = make_ticket(contact_a), make_ticket(contact_a)
    client = client_for(tech_agent)
    _bulk(client, [target, other], action="tag", tag="ssl")
    _bulk(client, [other], action="merge", target=target.number)
    other.refresh_from_db()
    assert other.merged_into_id == target.pk
    assert [t.name for t in services.tags_of(target)] == ["ssl"]


@pytest.mark.parametrize(
    "data",
    [
        {"action": "explode"},
        {"action": "assign"},  # no agent chosen
        {"action": "merge", "target": "CM-999999"},
        {"action": "priority", "priority": "banana"},
    ],
)
def test_bad_input_changes_nothing(data, contact_a, make_ticket, client_for, tech_agent):
    ticket = make_ticket(contact_a)
    before = AuditEvent.objects.count()
    assert _bulk(client_for(tech_agent), [ticket], **data).status_code == 302
    assert AuditEvent.objects.count() == before


def test_no_selection_changes_nothing(client_for, tech_agent):
    response = client_for(tech_agent).post(reverse("console:bulk"), {"action": "priority", "priority": 1})
    assert response.status_code == 302


def test_outsiders_cannot_post(contact_a, make_ticket, client_for, customer_a):
    ticket = make_ticket(contact_a)
    data = {"tickets": [ticket.pk], "action": "priority", "priority": Priority.URGENT}
    assert client_for(customer_a).post(reverse("console:bulk"), data).status_code == 404
    assert "/accounts/login/" in Client().post(reverse("console:bulk"), data)["Location"]
    assert client_for(customer_a).get(reverse("console:bulk")).status_code in (404, 405)
    ticket.refresh_from_db()
    assert ticket.priority == Priority.NORMAL


def test_an_open_redirect_is_not_followed(contact_a, make_ticket, client_for, tech_agent):
    ticket = make_ticket(contact_a)
    response = client_for(tech_agent).post(
        reverse("console:bulk"),
        {"tickets": [ticket.pk], "action": "priority", "priority": 1, "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("console:queue")


def test_the_bulk_post_costs_a_bounded_number_of_queries_per_ticket(contact_a, make_ticket, client_for, tech_agent):
    client = client_for(tech_agent)
    small = [make_ticket(contact_a) for _ in range(2)]
    large = [make_ticket(contact_a) for _ in range(8)]
    with CaptureQueriesContext(connection) as two:
        _bulk(client, small, action="priority", priority=Priority.HIGH)
    with CaptureQueriesContext(connection) as eight:
        _bulk(client, large, action="priority", priority=Priority.HIGH)
    per_ticket = (len(eight) - len(two)) / 6
    assert per_ticket <= 12  # lock, update, audit, the SLA's due times: the service's own statements
    assert len(two) - 2 * per_ticket <= 15  # session, user, selection: paid once


@pytest.mark.parametrize("name", ["console:queue", "console:triage", "console:search"])
def test_the_list_pages_stay_flat_with_the_bulk_bar(
    name, admin_agent, contact_a, make_ticket, client_for, django_assert_max_num_queries
):
    client = client_for(admin_agent)
    params = {"q": "vps"} if name == "console:search" else {}
    for _ in range(3):
        make_ticket(contact_a, subject="VPS")
    with CaptureQueriesContext(connection) as small:
        client.get(reverse(name), params)
    for _ in range(25):
        make_ticket(contact_a, subject="VPS")
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(reverse(name), params).content.decode()
    assert page.count('class="bulk-pick"') == 28

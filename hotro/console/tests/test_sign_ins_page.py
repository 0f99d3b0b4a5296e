"""The administrators' security log: the sign-in audit trail and the tickets' audit, filtered, paged and as CSV
(issue #14, "Staff accounts"); and the staff second-factor list."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hotro.accounts import signin_audit
from hotro.accounts.models import SignInEvent, SignInEventKind
from hotro.accounts.tests.two_factor_helpers import enrol

pytestmark = pytest.mark.django_db

URL = "/console/security/sign-ins/"


def recorded(kind: str, username: str, *, days_ago: int = 0, agent: str = "") -> SignInEvent:
    event = signin_audit.record(kind, None, username=username)
    if agent:
        SignInEvent.objects.filter(pk=event.pk).update(user_agent=agent)
    if days_ago:
        SignInEvent.objects.filter(pk=event.pk).update(created_at=timezone.now() - dt.timedelta(days=days_ago))
    return event


def test_only_administrators_read_the_log(admin_agent, supervisor, tech_agent, customer_a, client_for):
    assert client_for(admin_agent).get(URL).status_code == 200
    assert client_for(supervisor).get(URL).status_code == 403
    assert client_for(tech_agent).get(URL).status_code == 403
    assert client_for(customer_a).get(URL).status_code == 404
    anonymous = Client().get(URL)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert client_for(tech_agent).get(URL, {"format": "csv"}).status_code == 403


def test_the_menu_links_the_log_for_administrators_only(admin_agent, tech_agent, client_for):
    assert URL in client_for(admin_agent).get(reverse("console:search")).content.decode()
    assert URL not in client_for(tech_agent).get(reverse("console:search")).content.decode()


def test_it_lists_the_events_newest_first(admin_agent, client_for):
    older = recorded(SignInEventKind.FAILED, "a@example.com", days_ago=1)
    newer = recorded(SignInEventKind.LOCKED_OUT, "b@example.com")
    page = client_for(admin_agent).get(URL)  # force_login's own sign-in is listed too
    listed = [event.pk for event in page.context["page"].object_list if event.pk in (older.pk, newer.pk)]
    assert listed == [newer.pk, older.pk]


def test_it_filters_by_account_event_and_day(admin_agent, client_for):
    client = client_for(admin_agent)
    a = recorded(SignInEventKind.FAILED, "a@example.com")
    recorded(SignInEventKind.SIGNED_IN, "a@example.com")
    recorded(SignInEventKind.FAILED, "b@example.com")
    old = recorded(SignInEventKind.FAILED, "a@example.com", days_ago=10)
    listed = client.get(URL, {"user": "A@example", "event": "failed"}).context["page"].object_list
    assert {event.pk for event in listed} == {a.pk, old.pk}
    today = timezone.localdate()
    listed = client.get(URL, {"user": "a@example.com", "event": "failed", "since": today.isoformat()})
    assert [event.pk for event in listed.context["page"].object_list] == [a.pk]
    until = (today - dt.timedelta(days=5)).isoformat()
    listed = client.get(URL, {"user": "a@example.com", "until": until}).context["page"].object_list
    assert [event.pk for event in listed] == [old.pk]


@pytest.mark.parametrize(
    "bad",
    [
        {"since": "0001-01-01"},
        {"since": "not-a-date"},
        {"since": "2026-05-02", "until": "2026-05-01"},
        {"event": "hacked"},
        {"log": "passwords"},
        {"user": "x" * 300},
    ],
)
def test_bad_filters_are_a_400_with_the_form_errors(admin_agent, client_for, bad):
    response = client_for(admin_agent).get(URL, bad)
    assert response.status_code == 400 and response.context["form"].errors
    assert client_for(admin_agent).get(URL, {**bad, "format": "csv"}).status_code == 400


def test_it_pages_fifty_at_a_time(admin_agent, client_for):
    for n in range(60):
        recorded(SignInEventKind.FAILED, f"guess{n}@example.com")
    client = client_for(admin_agent)
    assert len(client.get(URL, {"event": "failed"}).context["page"].object_list) == 50
    second = client.get(URL, {"event": "failed", "page": 2})
    assert len(second.context["page"].object_list) == 10
    assert "event=failed" in second.context["query"] and "page" not in second.context["query"]
    assert client.get(URL, {"page": "abc"}).status_code == 200  # a bad page number shows the first page


def test_the_csv_holds_the_filtered_rows_and_no_formulas(admin_agent, client_for):
    recorded(SignInEventKind.FAILED, "a@example.com", agent='=HYPERLINK("https://evil.example")')
    recorded(SignInEventKind.SIGNED_IN, "b@example.com")
    response = client_for(admin_agent).get(URL, {"event": "failed", "format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["time", "event", "account"]
    assert [row[1:3] for row in rows[1:]] == [["failed", "a@example.com"]]
    assert rows[1][5].startswith("'=")


def test_the_ticket_changes_are_beside_it(admin_agent, tech_agent, contact_a, make_ticket, client_for):
    from hotro.desk.models import AuditEvent

    ticket = make_ticket(contact_a)
    AuditEvent.objects.create(ticket=ticket, action="desk.ticket.assigned", actor_user=tech_agent)
    client = client_for(admin_agent)
    page = client.get(URL, {"log": "tickets", "user": tech_agent.email})
    assert page.status_code == 200
    assert [event.action for event in page.context["page"].object_list] == ["desk.ticket.assigned"]
    assert ticket.number in page.content.decode()
    rows = list(
        csv.reader(
            io.StringIO(b"".join(client.get(URL, {"log": "tickets", "format": "csv"}).streaming_content).decode())
        )
    )
    assert rows[0] == ["time", "ticket", "action", "actor"]
    assert any(row[1] == ticket.number for row in rows[1:])


def test_the_staff_second_factor_list_is_for_administrators(
    admin_agent, supervisor, tech_agent, customer_a, client_for
):
    enrol(supervisor)
    url = reverse("console:staff_second_factors")
    page = client_for(admin_agent).get(url)
    assert page.status_code == 200
    rows = {row["user"].pk: row for row in page.context["rows"]}
    assert rows[supervisor.pk]["enrolled"] and rows[supervisor.pk]["required"]
    assert not rows[tech_agent.pk]["enrolled"] and not rows[tech_agent.pk]["required"]
    assert customer_a.pk not in rows
    assert reverse("console:reset_second_factor", args=[supervisor.pk]) in page.content.decode()
    assert client_for(supervisor).get(url).status_code == 403
    assert client_for(customer_a).get(url).status_code == 404

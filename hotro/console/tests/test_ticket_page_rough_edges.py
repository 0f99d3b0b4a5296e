"""What a new agent tripped over on the ticket page: the status box, confirmations, names, dates."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from hotro.desk import services
from hotro.desk.models import AuditEvent, Status


@pytest.fixture
def ticket(contact_a, make_ticket, sales):
    return make_ticket(contact_a, department=sales)


def page(client, ticket) -> str:
    return client.get(reverse("console:ticket", args=[ticket.number])).content.decode()


def selected_status(html: str) -> str:
    box = re.search(r'<select name="status"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.search(r'<option value="([a-z_]+)"[^>]*selected', box).group(1)


@pytest.mark.parametrize("status", [Status.NEW, Status.PENDING, Status.ON_HOLD, Status.RESOLVED, Status.CLOSED])
def test_the_status_box_shows_the_tickets_own_status(status, ticket, sales_agent, client_for):
    if status != Status.NEW:
        services.change_status(ticket, status, sales_agent)
    assert selected_status(page(client_for(sales_agent), ticket)) == status


def test_a_status_change_is_confirmed_and_setting_the_same_one_changes_nothing(ticket, sales_agent, client_for):
    client = client_for(sales_agent)
    url = reverse("console:status", args=[ticket.number])
    done = client.post(url, {"status": "pending"}, follow=True).content.decode()
    assert "Status set to Pending customer." in done
    assert selected_status(done) == "pending"
    again = client.post(url, {"status": "pending"}, follow=True).content.decode()
    assert "The status is unchanged: Pending customer." in again
    assert AuditEvent.objects.filter(ticket=ticket, action="desk.ticket.status_changed").count() == 1


def test_a_priority_change_is_confirmed(ticket, sales_agent, client_for):
    response = client_for(sales_agent).post(
        reverse("console:priority", args=[ticket.number]), {"priority": 1}, follow=True
    )
    assert "Priority set to" in response.content.decode()


def test_revoking_guest_links_asks_first(ticket, sales_agent, client_for):
    html = page(client_for(sales_agent), ticket)
    block = re.search(r'<details class="confirm" id="revoke-guest-links">(.*?)</details>', html, re.S).group(1)
    assert "<summary" in block and "Revoke them?" in block
    assert f'action="{reverse("console:revoke_guest_links", args=[ticket.number])}"' in block


def test_the_agent_header_names_each_ticket_list_once(ticket, sales_agent, client_for):
    html = page(client_for(sales_agent), ticket)
    assert html.count(">My tickets<") == 1  # the portal's list of their own requests
    assert ">Assigned to me<" in html  # the console's


def test_dates_on_the_ticket_page_share_one_format(ticket, sales_agent, client_for):
    services.add_agent_reply(ticket, sales_agent, "Chúng tôi đang kiểm tra.")
    html = page(client_for(sales_agent), ticket)
    shown = re.findall(r"<time(?! class=\"due)[^>]*>([^<]+)</time>", html) + re.findall(r"<dd>(\d[^<]*)</dd>", html)
    assert shown
    assert all(re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", value.strip()) for value in shown), shown

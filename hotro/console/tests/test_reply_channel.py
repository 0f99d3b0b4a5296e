"""The compose box says how a public reply reaches the customer (the notifications' own rule)."""

from __future__ import annotations

import pytest

from hotro.accounts.services import get_or_create_contact_by_phone, get_or_create_contact_by_visitor
from hotro.desk import services
from hotro.desk.models import Channel


def page(client, ticket) -> str:
    return client.get(f"/console/tickets/{ticket.number}/").content.decode()


def test_an_sms_ticket_is_answered_by_sms_with_a_segment_counter(technical, tech_agent, client_for):
    contact = get_or_create_contact_by_phone("0969297579")
    ticket = services.open_ticket(
        requester=contact, department=technical, subject="VPS", body="Mất mạng", channel=Channel.SMS
    )
    html = page(client_for(tech_agent), ticket)
    assert "+84969297579" in html and 'id="sms-count"' in html and "js/sms-count.js" in html


@pytest.mark.parametrize("kind", ["email", "nobody"])
def test_other_tickets_say_email_or_that_the_customer_cannot_be_reached(
    kind, technical, tech_agent, client_for, contact_a
):
    contact = contact_a if kind == "email" else get_or_create_contact_by_visitor("v-1")
    ticket = services.open_ticket(requester=contact, department=technical, subject="VPS", body="Mất mạng")
    html = page(client_for(tech_agent), ticket)
    assert 'id="sms-count"' not in html
    assert "+84" not in html.split('id="compose"')[1].split("</form>")[0]

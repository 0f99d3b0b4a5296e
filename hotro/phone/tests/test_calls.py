"""The hotline's call log (P7): no technical support by voice; a technical call becomes a ticket."""

from __future__ import annotations

import pytest

from hotro.core.models import OutboundMessage
from hotro.desk.models import Channel, Ticket
from hotro.phone.models import Call, CallOutcome

URL = "/console/calls/"


def call(department, **extra):
    return {
        "number": "096.929.75.79",
        "department": department.pk,
        "direction": "in",
        "outcome": CallOutcome.ANSWERED,
        "duration_minutes": 3,
        "notes": "",
        **extra,
    }


def test_an_agent_logs_an_answered_call(sales, sales_agent, client_for):
    client = client_for(sales_agent)
    response = client.post(URL, call(sales, notes="Hỏi giá tên miền .vn"))
    assert response.status_code == 302
    logged = Call.objects.get()
    assert (logged.number, logged.duration_seconds, logged.agent, logged.ticket) == (
        "+84969297579",
        180,
        sales_agent,
        None,
    )
    assert logged.contact.phone == "+84969297579"
    assert "+84969297579" in client.get(URL).content.decode()


def test_a_technical_call_is_converted_to_a_ticket_and_the_caller_is_told_by_sms(technical, tech_agent, client_for):
    """P7: the caller is asked to follow the problem by ticket; its number reaches them by SMS."""
    response = client_for(tech_agent).post(
        URL,
        call(
            technical, outcome=CallOutcome.CONVERTED, subject="VPS không vào được SSH", notes="Khách báo mất SSH từ 9h"
        ),
    )
    ticket = Ticket.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/console/tickets/{ticket.number}/"
    assert (ticket.channel, ticket.department, ticket.subject) == (Channel.PHONE, technical, "VPS không vào được SSH")
    note = ticket.messages.get(internal=True)
    assert note.body_text == "Khách báo mất SSH từ 9h" and note.author_user == tech_agent
    assert Call.objects.get().ticket == ticket
    told = OutboundMessage.objects.get(ticket=ticket)
    assert (told.channel, told.to, told.kind) == ("sms", "+84969297579", "desk/ticket_opened")


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"number": "12345"}, "number"),
        ({"outcome": CallOutcome.CONVERTED, "notes": ""}, "notes"),
        ({"outcome": "shouted"}, "outcome"),
    ],
)
def test_bad_input_is_refused_and_logs_nothing(extra, field, technical, tech_agent, client_for):
    response = client_for(tech_agent).post(URL, call(technical, **extra))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Call.objects.exists() and not Ticket.objects.exists()


def test_an_agent_logs_calls_only_for_their_departments(technical, sales_agent, client_for):
    response = client_for(sales_agent).post(URL, call(technical))
    assert response.status_code == 200 and "department" in response.context["form"].errors
    assert not Call.objects.exists()


def test_agents_see_only_their_departments_calls(technical, sales, tech_agent, sales_agent, client_for):
    client_for(tech_agent).post(URL, call(technical, number="0912345678"))
    assert "+84912345678" not in client_for(sales_agent).get(URL).content.decode()
    assert "+84912345678" in client_for(tech_agent).get(URL).content.decode()


def test_customers_get_404_and_strangers_are_sent_to_sign_in(customer_a, client_for, client, sales):
    assert client_for(customer_a).get(URL).status_code == 404
    assert client_for(customer_a).post(URL, call(sales)).status_code == 404
    assert client.get(URL).status_code == 302
    assert not Call.objects.exists()

"""The contact page: one customer's tickets, SMS and calls on one timeline, and merging duplicates.

P7: a customer who called the hotline and sent it an SMS, then wrote by email, is one person;
agents see what happened on every channel, but only in their own departments.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from hotro.accounts.models import Contact, ContactIdentity
from hotro.desk.models import Channel, Ticket
from hotro.phone.models import Call, CallOutcome
from hotro.phone.signatures import twilio_signature

TOKEN = "twilio-test-token"
PUBLIC = "https://desk.example"
NUMBER = "+84912345678"


@pytest.fixture(autouse=True)
def _gateway(settings, provider_defaults):
    settings.HOTRO_TWILIO_AUTH_TOKEN = TOKEN
    settings.HOTRO_PUBLIC_URL = PUBLIC


def send_sms(client, body: str, sid: str) -> None:
    form = {"MessageSid": sid, "From": "0912 345 678", "To": "+84969297579", "Body": body}
    signed = twilio_signature(PUBLIC + "/hooks/sms/twilio/", list(form.items()), TOKEN)
    response = client.post(
        "/hooks/sms/twilio/",
        urlencode(form),
        content_type="application/x-www-form-urlencoded",
        HTTP_X_TWILIO_SIGNATURE=signed,
    )
    assert response.status_code == 200


def log_call(client, department, notes: str) -> None:
    form = {
        "number": "0912.345.678",
        "department": department.pk,
        "direction": "in",
        "outcome": CallOutcome.ANSWERED,
        "duration_minutes": 2,
        "notes": notes,
    }
    assert client.post("/console/calls/", form).status_code == 302


@pytest.fixture
def sms_customer(client, sales, sales_agent, client_for) -> Contact:
    """Someone who texted the hotline (a Sales ticket), then called it."""
    send_sms(client, "Cho hỏi giá VPS 8GB", "SM-A")
    log_call(client_for(sales_agent), sales, "Hỏi lại giá VPS, đã báo giá")
    return Contact.objects.get(phone=NUMBER)


def page(client, contact: Contact) -> str:
    response = client.get(f"/console/contacts/{contact.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_timeline_shows_sms_calls_and_tickets_newest_first(sms_customer, sales_agent, client_for):
    html = page(client_for(sales_agent), sms_customer)
    ticket = Ticket.objects.get(channel=Channel.SMS)
    assert "Cho hỏi giá VPS 8GB" in html and "Hỏi lại giá VPS, đã báo giá" in html
    assert f"/console/tickets/{ticket.number}/" in html
    # Newest first: the call came after the SMS and the acknowledgement the desk sent back.
    assert html.index("Hỏi lại giá VPS") < html.index("Cho hỏi giá VPS 8GB", html.index('class="timeline"'))


def test_agents_see_only_their_departments_on_the_timeline(
    sms_customer, make_ticket, technical, tech_agent, sales_agent, admin_agent, client_for
):
    make_ticket(sms_customer, technical, subject="VPS mất mạng từ 9h")
    sales_view = page(client_for(sales_agent), sms_customer)
    tech_view = page(client_for(tech_agent), sms_customer)
    admin_view = page(client_for(admin_agent), sms_customer)
    assert "VPS mất mạng từ 9h" not in sales_view and "Cho hỏi giá VPS 8GB" in sales_view
    assert "VPS mất mạng từ 9h" in tech_view
    assert "Cho hỏi giá VPS 8GB" not in tech_view and "Hỏi lại giá VPS" not in tech_view
    assert all(text in admin_view for text in ("VPS mất mạng từ 9h", "Cho hỏi giá VPS 8GB", "Hỏi lại giá VPS"))


def test_merging_asks_for_confirmation_then_joins_the_records(
    sms_customer, contact_a, make_ticket, technical, sales_agent, client_for
):
    """The SMS customer is customer A, who also writes by email: one record after the merge."""
    email_ticket = make_ticket(contact_a, technical)
    client = client_for(sales_agent)
    url = f"/console/contacts/{contact_a.pk}/merge/"

    asked = client.post(url, {"other": "0912 345 678"})
    assert asked.status_code == 200 and asked.context["other"] == sms_customer
    assert Contact.objects.filter(pk=sms_customer.pk).exists()  # nothing changed before confirming

    done = client.post(url, {"other": "0912 345 678", "confirm": str(sms_customer.pk)})
    assert done.status_code == 302 and done["Location"] == f"/console/contacts/{contact_a.pk}/"
    assert not Contact.objects.filter(pk=sms_customer.pk).exists()
    contact_a.refresh_from_db()
    assert contact_a.phone == NUMBER
    assert ContactIdentity.objects.get(kind="phone", value=NUMBER).contact == contact_a
    assert set(Ticket.objects.filter(requester=contact_a)) == {email_ticket, Ticket.objects.get(channel=Channel.SMS)}
    assert Call.objects.get().contact == contact_a  # the call log follows the merge
    assert "Hỏi lại giá VPS" in page(client, contact_a)


@pytest.mark.parametrize(
    ("other", "error"),
    [
        ("0999 000 111", "No customer is known"),
        ("not a number", "not valid"),
        ("an.nguyen@example.com", "That is this"),
    ],
)
def test_a_merge_that_cannot_be_done_says_why_and_changes_nothing(
    other, error, sms_customer, contact_a, sales_agent, client_for, settings
):
    settings.LANGUAGE_CODE = "en"
    client = client_for(sales_agent)
    client.cookies["hotro_language"] = "en"
    response = client.post(f"/console/contacts/{contact_a.pk}/merge/", {"other": other, "confirm": "1"})
    assert response.status_code == 200 and error in str(response.context["form"].errors)
    assert Contact.objects.filter(pk=sms_customer.pk).exists() and Call.objects.get().contact == sms_customer


def test_customers_and_strangers_never_see_a_contact_page(sms_customer, contact_a, customer_a, client_for, client):
    customer = client_for(customer_a)
    assert customer.get(f"/console/contacts/{contact_a.pk}/").status_code == 404
    assert customer.post(f"/console/contacts/{contact_a.pk}/merge/", {"other": NUMBER}).status_code == 404
    assert client.get(f"/console/contacts/{sms_customer.pk}/").status_code == 302
    assert Contact.objects.filter(pk=sms_customer.pk).exists()

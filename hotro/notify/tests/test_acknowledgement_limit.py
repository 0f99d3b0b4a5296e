"""Issue 14, finding 3: the desk cannot be made to mail anyone; one acknowledgement limit per address, every channel."""

import pytest
from django.test import Client

from hotro.core.models import OutboundMessage
from hotro.desk.models import Channel, Priority, Ticket

pytestmark = pytest.mark.django_db

VICTIM = "nan.nhan@example.com"


def acknowledgements_to(address: str) -> int:
    return OutboundMessage.objects.filter(to__iexact=address, kind="desk/ticket_opened").count()


def guest_form(department, number: int, email: str = VICTIM) -> dict:
    return {
        "department": department.pk,
        "priority": Priority.NORMAL,
        "subject": f"Mua thuốc giảm cân giá rẻ tại evil.example ({number})",
        "body": "Nhấn vào liên kết để nhận quà.",
        "email": email,
    }


def test_eight_anonymous_portal_tickets_with_a_victims_address_send_at_most_the_limit(settings, technical):
    settings.HOTRO_MAIL_ACK_LIMIT_PER_HOUR = 5
    for number in range(8):
        response = Client().post(
            "/tickets/new/", guest_form(technical, number, VICTIM.upper() if number % 2 else VICTIM)
        )
        assert response.status_code == 302  # the tickets are still opened: only the automatic answers are held
    assert Ticket.objects.count() == 8
    assert acknowledgements_to(VICTIM) == 5


def test_the_limit_counts_acknowledgements_of_every_channel_together(settings, technical, contact_a, make_ticket):
    settings.HOTRO_MAIL_ACK_LIMIT_PER_HOUR = 3
    make_ticket(contact_a, channel=Channel.EMAIL)
    make_ticket(contact_a, channel=Channel.WEB)
    make_ticket(contact_a, channel=Channel.WEB)
    make_ticket(contact_a, channel=Channel.EMAIL)
    make_ticket(contact_a, channel=Channel.WEB)
    assert acknowledgements_to(contact_a.email) == 3


def test_another_address_is_still_acknowledged(settings, technical):
    settings.HOTRO_MAIL_ACK_LIMIT_PER_HOUR = 1
    for number in range(3):
        Client().post("/tickets/new/", guest_form(technical, number))
    Client().post("/tickets/new/", guest_form(technical, 9, email="khach.that@example.com"))
    assert acknowledgements_to(VICTIM) == 1
    assert acknowledgements_to("khach.that@example.com") == 1

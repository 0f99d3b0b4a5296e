"""Issue 14 through the portal: dressed-up executables, the daily upload allowance (finding 6), the
priority customers may choose (finding 9, P2), and a guest ticket in an account's name (finding 3)."""

import pytest
from django.test import Client
from django.urls import reverse

from conftest import upload
from hotro.desk import services
from hotro.desk.models import Attachment, AuditEvent, Priority, Ticket
from hotro.notify.links import customer_ticket_url

pytestmark = pytest.mark.django_db

URL = "/tickets/new/"


def form(department, **extra):
    return {
        "department": department.pk,
        "priority": Priority.NORMAL,
        "subject": "VPS không khởi động",
        "body": "Sau khi reboot máy chủ không lên.",
        **extra,
    }


def priority_list(client) -> str:
    page = client.get(URL).content.decode()
    start = page.index('<select name="priority"')
    return page[start : page.index("</select>", start)]


@pytest.mark.parametrize("name", ["evil.exe.", "evil.exe ", "EVIL.Exe", "update.lnk", "invoice.docm"])
def test_a_guest_cannot_attach_a_dressed_up_executable(english_guest, technical, name):
    page = english_guest.post(URL, form(technical, email="k@example.com", attachments=[upload(name)]))
    assert page.status_code == 200
    assert "Files of this type cannot be attached" in page.content.decode()
    assert not Ticket.objects.exists()


def test_a_guest_past_the_daily_allowance_is_told_and_nothing_is_saved(settings, english_guest, technical):
    settings.HOTRO_ATTACHMENT_DAILY_BYTES_PER_CUSTOMER = 1000
    first = english_guest.post(URL, form(technical, email="k@example.com", attachments=[upload("a.log", b"x" * 600)]))
    assert first.status_code == 302
    page = english_guest.post(URL, form(technical, email="k@example.com", attachments=[upload("b.log", b"x" * 600)]))
    assert page.status_code == 200
    assert "past your upload allowance of 1000\xa0bytes a day" in page.content.decode()
    assert Ticket.objects.count() == 1
    # Without files, or as someone else, a ticket is still welcome.
    assert english_guest.post(URL, form(technical, email="k@example.com")).status_code == 302
    other = form(technical, email="other@example.com", attachments=[upload("b.log", b"x" * 600)])
    assert english_guest.post(URL, other).status_code == 302


def test_a_reply_past_the_daily_allowance_is_refused(settings, client_for, customer_a, contact_a, make_ticket):
    settings.HOTRO_ATTACHMENT_DAILY_BYTES_PER_CUSTOMER = 1000
    ticket = make_ticket(contact_a, attachments=[upload("a.log", b"x" * 900)])
    url = reverse("portal:ticket_reply", args=[ticket.number])
    response = client_for(customer_a).post(url, {"body": "Thêm log.", "attachments": [upload("b.log", b"x" * 200)]})
    assert response.status_code == 200
    assert ticket.messages.count() == 1
    assert Attachment.objects.count() == 1


def test_a_guest_link_reply_counts_against_the_guests_allowance(settings, client, contact_a, make_ticket):
    settings.HOTRO_ATTACHMENT_DAILY_BYTES_PER_CUSTOMER = 1000
    ticket = make_ticket(contact_a, attachments=[upload("a.log", b"x" * 900)])
    url = reverse("portal:guest_ticket_reply", args=[services.guest_token(ticket, contact_a)])
    response = client.post(url, {"body": "Thêm log.", "attachments": [upload("b.log", b"x" * 200)]})
    assert response.status_code == 200
    assert ticket.messages.count() == 1


def test_the_form_offers_only_the_priorities_customers_may_choose(english_guest, technical):
    page = priority_list(english_guest)
    for allowed in (Priority.LOW, Priority.NORMAL, Priority.HIGH):
        assert f'<option value="{allowed}"' in page
    assert f'<option value="{Priority.URGENT}"' not in page


def test_a_wish_for_urgent_is_kept_for_triage_and_the_ticket_is_opened_high(client_for, customer_a, technical):
    response = client_for(customer_a).post(URL, form(technical, priority=Priority.URGENT))
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert ticket.priority == Priority.HIGH
    note = ticket.messages.get(internal=True)
    assert note.author_user is None
    assert str(Priority.URGENT.label) in note.body_text or "Khẩn" in note.body_text
    event = ticket.events.get(action="portal.priority.wished")
    assert event.data["wished"] == "urgent"
    assert event.data["granted"] == "high"
    # The note is the agents': the customer's page does not show it.
    page = client_for(customer_a).get(reverse("portal:ticket_detail", args=[ticket.number])).content.decode()
    assert note.body_text not in page


def test_a_wish_within_the_allowed_priorities_is_granted_without_a_note(client_for, customer_a, technical):
    client_for(customer_a).post(URL, form(technical, priority=Priority.LOW))
    ticket = Ticket.objects.get()
    assert ticket.priority == Priority.LOW
    assert not ticket.messages.filter(internal=True).exists()


def test_the_setting_decides_which_priorities_customers_may_choose(settings, english_guest, technical):
    settings.HOTRO_CUSTOMER_PRIORITIES = ["low", "normal"]
    assert f'<option value="{Priority.HIGH}"' not in priority_list(english_guest)
    english_guest.post(URL, form(technical, email="k@example.com", priority=Priority.HIGH))
    assert Ticket.objects.get().priority == Priority.NORMAL

    settings.HOTRO_CUSTOMER_PRIORITIES = ["urgent", "high", "normal", "low"]
    assert f'<option value="{Priority.URGENT}"' in priority_list(english_guest)
    english_guest.post(URL, form(technical, email="k@example.com", priority=Priority.URGENT, subject="Lần hai"))
    assert Ticket.objects.get(subject="Lần hai").priority == Priority.URGENT


def test_an_unknown_priority_is_still_refused(english_guest, technical):
    page = english_guest.post(URL, form(technical, email="k@example.com", priority=9))
    assert page.status_code == 200
    assert not Ticket.objects.exists()


def test_a_guest_ticket_opened_with_an_accounts_address_is_not_listed_before_it_is_confirmed(
    english_guest, client_for, customer_a, contact_a, technical
):
    response = english_guest.post(URL, form(technical, email=contact_a.email, subject="Tài khoản bị khoá, nhấn đây"))
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    page = client_for(customer_a).get(reverse("portal:ticket_list")).content.decode()
    assert ticket.number not in page
    assert client_for(customer_a).get(reverse("portal:ticket_detail", args=[ticket.number])).status_code == 404


def test_following_the_mailed_guest_link_confirms_the_ticket_into_the_accounts_list(
    english_guest, client_for, customer_a, contact_a, technical
):
    english_guest.post(URL, form(technical, email=contact_a.email))
    ticket = Ticket.objects.get()
    # The acknowledgement points an unconfirmed ticket's requester at its guest link, not at the account's page.
    link = customer_ticket_url(ticket, contact_a)
    assert link.endswith(reverse("portal:guest_ticket", args=[services.guest_token(ticket, contact_a)]))
    assert Client().get(link).status_code == 200
    ticket.refresh_from_db()
    assert ticket.requester_confirmed
    assert AuditEvent.objects.filter(ticket=ticket, action="desk.ticket.requester_confirmed").count() == 1
    account = client_for(customer_a)
    assert ticket.number in account.get(reverse("portal:ticket_list")).content.decode()
    assert account.get(reverse("portal:ticket_detail", args=[ticket.number])).status_code == 200
    assert customer_ticket_url(ticket, contact_a).endswith(reverse("portal:ticket_detail", args=[ticket.number]))


def test_a_signed_in_customers_own_ticket_and_a_strangers_address_need_no_confirmation(
    english_guest, client_for, customer_a, technical
):
    client_for(customer_a).post(URL, form(technical))
    english_guest.post(URL, form(technical, email="chua.co.tai.khoan@example.com"))
    assert list(Ticket.objects.values_list("requester_confirmed", flat=True)) == [True, True]

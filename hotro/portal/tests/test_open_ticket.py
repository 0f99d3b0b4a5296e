"""Opening a ticket from the portal (P1, P15), as a customer and as a guest."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from conftest import upload
from hotro.accounts.models import Contact
from hotro.desk.models import Attachment, Category, Priority, Ticket

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


def test_the_page_lists_departments_with_what_they_handle_and_the_channel_hint(english_guest, technical, sales):
    """P1 (choose a department) and P15 (tickets for technical problems)."""
    page = english_guest.get(URL).content.decode()
    assert "Technical" in page
    assert "Sales &amp; Accounting" in page
    assert "Problems with your VPS" in page
    assert "Tickets are best for technical problems" in page
    assert 'type="file"' in page and "multiple" in page
    assert Category.objects.get(slug="billing").name_en in page


def test_a_customer_opens_a_ticket_with_attachments(client_for, customer_a, contact_a, technical):
    """P1: the ticket is the signed-in customer's, in the chosen department, with both files."""
    vps = Category.objects.get(slug="vps")
    response = client_for(customer_a).post(
        URL,
        form(
            technical,
            category=vps.pk,
            priority=Priority.HIGH,
            attachments=[upload("dmesg.txt"), upload("screen.png", b"\x89PNG", "image/png")],
        ),
    )
    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:ticket_detail", args=[ticket.number])
    assert ticket.requester == contact_a
    assert ticket.department == technical
    assert ticket.category == vps
    assert ticket.priority == Priority.HIGH
    assert ticket.messages.get().body_text == "Sau khi reboot máy chủ không lên."
    assert sorted(a.filename for a in Attachment.objects.filter(ticket=ticket)) == ["dmesg.txt", "screen.png"]


def test_the_priority_defaults_to_normal(client_for, customer_a):
    page = client_for(customer_a).get(URL).content.decode()
    assert f'<option value="{Priority.NORMAL}" selected>' in page


def test_a_guest_opens_a_ticket_with_just_an_email_address(english_guest, technical):
    """P1: no account needed, but the email address is mandatory; the link goes by email."""
    response = english_guest.post(URL, form(technical, email="Khach.Moi@Example.com", name="Khách Mới"))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:ticket_sent")
    ticket = Ticket.objects.get()
    assert ticket.requester.email == "khach.moi@example.com"
    assert ticket.requester.name == "Khách Mới"
    assert ticket.requester.language == "en"
    page = english_guest.get(response["Location"]).content.decode()
    assert "We've emailed you a link to follow your ticket" in page
    assert ticket.number in page


def test_a_guest_without_an_email_address_is_told_to_give_one(english_guest, technical):
    response = english_guest.post(URL, form(technical))
    assert response.status_code == 200
    assert "Enter your email address: we answer by email." in response.content.decode()
    assert not Ticket.objects.exists()


def test_forged_requester_fields_are_ignored_for_a_signed_in_customer(
    client_for, customer_a, contact_a, contact_b, technical
):
    """The requester is always the signed-in customer's contact, whatever the POST says."""
    client_for(customer_a).post(
        URL, form(technical, requester=contact_b.pk, contact=contact_b.pk, email=contact_b.email, name="B")
    )
    ticket = Ticket.objects.get()
    assert ticket.requester == contact_a
    assert contact_b.tickets.count() == 0
    assert Contact.objects.filter(email=contact_b.email).count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"body": "   "}, "The message is empty."),
        ({"subject": ""}, "The subject is empty."),
        ({"department": 999999}, "Choose a department that accepts tickets."),
        ({"department": "not-a-number"}, "Choose a department that accepts tickets."),
        ({"category": 999999}, "This category does not exist; choose one from the list."),
        ({"priority": 9}, "Select a valid choice."),
        ({"attachments": [upload("setup.exe", b"MZ")]}, "Files of this type cannot be attached: setup.exe"),
    ],
)
def test_bad_input_gets_a_clear_message_and_saves_nothing(client_for, customer_b, technical, change, message):
    response = client_for(customer_b).post(URL, {**form(technical), **change})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Ticket.objects.exists()
    assert not Attachment.objects.exists()


def test_a_refused_guest_ticket_leaves_no_contact_behind(english_guest, technical):
    response = english_guest.post(URL, form(technical, email="new@example.com", attachments=[upload("a.exe", b"MZ")]))
    assert "Files of this type cannot be attached: a.exe" in response.content.decode()
    assert not Contact.objects.filter(email="new@example.com").exists()


def test_a_category_of_another_department_is_refused(client_for, customer_b, technical):
    billing = Category.objects.get(slug="billing")
    response = client_for(customer_b).post(URL, form(technical, category=billing.pk))
    assert "This category does not belong to the chosen department." in response.content.decode()
    assert not Ticket.objects.exists()


def test_an_inactive_department_is_refused(client_for, customer_b, sales):
    sales.active = False
    sales.save(update_fields=["active"])
    response = client_for(customer_b).post(URL, form(sales))
    assert "Choose a department that accepts tickets." in response.content.decode()
    assert not Ticket.objects.exists()


def test_an_oversized_attachment_is_refused(client_for, customer_b, technical, settings):
    settings.HOTRO_ATTACHMENT_MAX_BYTES = 10
    response = client_for(customer_b).post(URL, form(technical, attachments=[upload("big.log", b"x" * 11)]))
    assert "big.log is too large" in response.content.decode()
    assert not Ticket.objects.exists()


def test_errors_are_shown_in_vietnamese_to_a_vietnamese_customer(client_for, customer_a, technical):
    """Every page exists in Vietnamese: the error is rendered in the customer's language."""
    response = client_for(customer_a).post(URL, form(technical, body=""))
    page = response.content.decode()
    assert 'lang="vi"' in page
    with translation.override("vi"):
        assert str(translation.gettext("The message is empty.")) in page
    assert not Ticket.objects.exists()


def test_opening_a_ticket_is_protected_against_csrf(technical):
    response = Client(enforce_csrf_checks=True).post(URL, form(technical, email="x@example.com"))
    assert response.status_code == 403
    assert not Ticket.objects.exists()


def test_the_sent_page_without_a_ticket_goes_back_to_the_form(english_guest):
    assert english_guest.get(reverse("portal:ticket_sent"))["Location"] == URL


def test_the_attachment_limits_are_told_on_the_form(english_guest, technical):
    page = english_guest.get(URL).content.decode()
    assert f"Up to {settings.HOTRO_ATTACHMENT_MAX_COUNT} files" in page

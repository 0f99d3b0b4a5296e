"""What a new customer tripped over on the ticket forms: addresses no one can deliver to, files lost
when a form comes back, the subject's limit, categories of every department, errors a screen reader
could not find."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from conftest import upload
from hotro.accounts.addresses import undeliverable_domain
from hotro.accounts.models import Contact
from hotro.desk import services
from hotro.desk.models import Category, Priority, Ticket

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


@pytest.mark.parametrize(
    "address",
    ["an@localhost", "an@printer.local", "an@box.localhost", "an@x.invalid", "an@site.test", "an@[127.0.0.1]"],
)
def test_the_guest_form_refuses_addresses_no_mail_can_reach(address, english_guest, technical):
    response = english_guest.post(URL, form(technical, email=address))
    assert response.status_code == 200
    html = response.content.decode()
    error = re.search(r'<div id="id_email_error">(.*?)</div>', html, re.S)
    assert error is not None
    assert "only works inside one network" in error.group(1) or "Enter a valid email address" in error.group(1)
    assert not Ticket.objects.exists()
    assert not Contact.objects.filter(email=address).exists()


def test_an_localhost_gets_a_field_error_tied_to_the_field(english_guest, technical):
    html = english_guest.post(URL, form(technical, email="an@localhost")).content.decode()
    field = re.search(r"<input[^>]*name=\"email\"[^>]*>", html).group(0)
    assert 'aria-invalid="true"' in field
    described = re.search(r'aria-describedby="([^"]+)"', field).group(1).split()
    assert described == ["id_email_helptext", "id_email_error"]
    assert all(f'id="{name}"' in html for name in described)
    assert "localhost only works inside one network" in html
    assert not Ticket.objects.exists()


@pytest.mark.parametrize("address", ["khach@cloudmini.example", "an.nguyen@gmail.com", "x@mail.co.vn"])
def test_ordinary_and_example_addresses_are_accepted(address):
    assert undeliverable_domain(address) is None


def test_the_email_field_points_at_a_help_text_that_exists(english_guest, technical):
    html = english_guest.get(URL).content.decode()
    field = re.search(r"<input[^>]*name=\"email\"[^>]*>", html).group(0)
    described = re.search(r'aria-describedby="([^"]+)"', field).group(1)
    assert f'id="{described}"' in html


def test_a_refused_form_starts_with_an_error_summary_and_says_so_in_its_title(english_guest, technical):
    html = english_guest.post(URL, form(technical, subject="", email="khach@example.com")).content.decode()
    assert re.search(r"<title>Error: Open a ticket", html)
    summary = re.search(r'<div class="error-summary" id="error-summary"[^>]*>(.*?)</div>', html, re.S)
    assert summary and 'tabindex="-1"' in html and 'role="alert"' in html
    assert '<a href="#id_subject">Subject: The subject is empty.</a>' in summary.group(1)


def test_the_department_error_is_tied_to_every_radio_button(english_guest, technical, sales):
    data = form(technical, email="khach@example.com")
    del data["department"]
    html = english_guest.post(URL, data).content.decode()
    radios = re.findall(r'<input type="radio" name="department"[^>]*>', html, re.S)
    assert len(radios) == 2
    for radio in radios:
        assert 'aria-describedby="id_department_error"' in radio and 'aria-invalid="true"' in radio
    assert '<div id="id_department_error">' in html
    assert 'href="#id_department_0"' in html and 'id="id_department_0"' in html


def test_a_refused_file_says_which_good_ones_to_attach_again(client_for, customer_b, technical):
    files = [upload("ok.txt"), upload("setup.exe", b"MZ"), upload("screen.png", b"\x89PNG", "image/png")]
    html = client_for(customer_b).post(URL, form(technical, attachments=files)).content.decode()
    assert "Files of this type cannot be attached: setup.exe" in html
    again = re.search(r'<p class="attach-again"[^>]*>(.*?)</p>', html, re.S).group(1)
    assert "choose them again: ok.txt, screen.png" in again
    assert not Ticket.objects.exists()


def test_files_of_a_form_refused_for_another_reason_are_named_too(client_for, customer_b, technical):
    html = client_for(customer_b).post(URL, form(technical, body="", attachments=[upload("log.txt")])).content.decode()
    assert "choose it again: log.txt" in html


def test_the_subject_shows_its_limit_and_a_counter(english_guest, technical):
    html = english_guest.get(URL).content.decode()
    field = re.search(r'<input[^>]*name="subject"[^>]*>', html).group(0)
    assert 'maxlength="250"' in field and 'aria-describedby="id_subject_counter"' in field
    assert re.search(r'id="id_subject_counter" data-counts="id_subject"', html)
    assert "At most 250 characters." in html


def test_each_category_group_names_its_department_for_the_script(english_guest, technical, sales):
    html = english_guest.get(URL).content.decode()
    assert 'data-follows="department"' in html
    for category in Category.objects.filter(active=True):
        group = re.search(
            rf'<optgroup label="[^"]*" data-department="{category.department_id}">(.*?)</optgroup>', html, re.S
        )
        assert f'value="{category.pk}"' in group.group(1)
    assert "js/hotro.js" in html


def test_every_page_has_a_skip_link_a_favicon_and_big_enough_language_buttons(english_guest, technical):
    html = english_guest.get("/").content.decode()
    assert '<a class="skip-link" href="#main">Skip to main content</a>' in html
    assert '<main id="main" tabindex="-1"' in html
    assert re.search(r'<link rel="icon" href="/static/favicon\.svg"', html)
    assert finders.find("favicon.svg")


def test_closing_a_ticket_asks_first(client_for, customer_a, contact_a, make_ticket, settings):
    settings.HOTRO_REOPEN_CLOSED_DAYS = 14
    ticket = make_ticket(contact_a)
    customer_a.language = "en"
    customer_a.save(update_fields=["language"])
    html = client_for(customer_a).get(reverse("portal:ticket_detail", args=[ticket.number])).content.decode()
    block = re.search(r'<details class="confirm" id="close-ticket">(.*?)</details>', html, re.S).group(1)
    assert "<summary" in block and "for 14 days" in block
    assert f'action="{reverse("portal:ticket_close", args=[ticket.number])}"' in block
    assert "Yes, close the ticket" in block


def test_the_closing_email_names_the_reopen_window(contact_b, make_ticket, settings, tech_agent):
    from hotro.core.outbound.testing import rendered

    settings.HOTRO_REOPEN_CLOSED_DAYS = 14
    ticket = make_ticket(contact_b)  # customer B reads English
    services.change_status(ticket, "closed", tech_agent)
    mail = rendered().filter(ticket=ticket, kind="desk/status_changed").latest("pk")
    assert "within 14 days" in mail.body_text
    assert "for a while" not in mail.body_text

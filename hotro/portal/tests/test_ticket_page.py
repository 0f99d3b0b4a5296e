"""One ticket in the portal: the public thread, replying (P4), closing and reopening."""

import pytest
from django.test import Client
from django.urls import reverse

from conftest import upload
from hotro.desk import services
from hotro.desk.models import Message, Status

pytestmark = pytest.mark.django_db


def page_url(ticket, action=""):
    name = f"portal:ticket_{action}" if action else "portal:ticket_detail"
    return reverse(name, args=[ticket.number])


def test_it_shows_the_public_thread_with_status_department_and_assignee(
    client_for, customer_a, contact_a, make_ticket, tech_agent
):
    ticket = make_ticket(contact_a, attachments=[upload("dmesg.txt")])
    services.assign(ticket, tech_agent, tech_agent)
    services.add_agent_reply(ticket, tech_agent, "Chúng tôi đang kiểm tra máy chủ của bạn.")
    page = client_for(customer_a).get(page_url(ticket)).content.decode()
    assert "Máy chủ của tôi không SSH được từ sáng nay." in page
    assert "Chúng tôi đang kiểm tra máy chủ của bạn." in page
    assert "Lê Kỹ Thuật" in page
    assert ticket.department.name in page
    assert "status-open" in page
    attachment = ticket.attachments.get()
    assert reverse("portal:attachment", args=[attachment.pk]) in page


def test_internal_notes_are_never_shown(client_for, customer_a, contact_a, make_ticket, tech_agent):
    """Internal notes never reach a customer, by any channel."""
    ticket = make_ticket(contact_a)
    services.add_internal_note(
        ticket, tech_agent, "Khách này hay hỏi, ưu tiên thấp", attachments=[upload("secret.txt")]
    )
    page = client_for(customer_a).get(page_url(ticket)).content.decode()
    assert "Khách này hay hỏi" not in page
    assert "secret.txt" not in page


def test_a_reply_threads_into_the_same_ticket(client_for, customer_a, contact_a, make_ticket):
    """P4: the customer adds information directly to their ticket."""
    ticket = make_ticket(contact_a)
    response = client_for(customer_a).post(
        page_url(ticket, "reply"), {"body": "Thêm thông tin: IP 103.1.2.3", "attachments": [upload("trace.txt")]}
    )
    assert response.status_code == 302
    assert response["Location"] == page_url(ticket)
    reply = ticket.messages.order_by("-pk").first()
    assert reply.body_text == "Thêm thông tin: IP 103.1.2.3"
    assert reply.author_contact == contact_a
    assert reply.attachments.get().filename == "trace.txt"
    assert ticket.messages.count() == 2


def test_a_reply_reopens_a_resolved_ticket(client_for, customer_a, contact_a, make_ticket, tech_agent):
    ticket = make_ticket(contact_a)
    services.change_status(ticket, Status.RESOLVED, tech_agent)
    client_for(customer_a).post(page_url(ticket, "reply"), {"body": "Lỗi lại xuất hiện"})
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN


def test_an_empty_reply_is_refused_with_a_clear_message(client_for, customer_b, contact_b, make_ticket):
    ticket = make_ticket(contact_b)
    response = client_for(customer_b).post(page_url(ticket, "reply"), {"body": "  "})
    assert response.status_code == 200
    assert "The message is empty." in response.content.decode()
    assert ticket.messages.count() == 1


def test_a_forbidden_attachment_on_a_reply_is_refused(client_for, customer_b, contact_b, make_ticket):
    ticket = make_ticket(contact_b)
    response = client_for(customer_b).post(
        page_url(ticket, "reply"), {"body": "Đây là file", "attachments": [upload("tool.exe", b"MZ")]}
    )
    assert "Files of this type cannot be attached: tool.exe" in response.content.decode()
    assert ticket.messages.count() == 1


def test_a_reply_to_a_ticket_closed_past_the_reopen_window_is_refused(
    client_for, customer_b, contact_b, make_ticket, settings
):
    settings.HOTRO_REOPEN_CLOSED_DAYS = 0
    ticket = make_ticket(contact_b)
    services.close_ticket(ticket, contact_b)
    client = client_for(customer_b)
    page = client.get(page_url(ticket)).content.decode()
    assert 'id="reply"' not in page
    response = client.post(page_url(ticket, "reply"), {"body": "Còn lỗi"})
    assert "This ticket is closed and can no longer be reopened" in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED
    assert ticket.messages.count() == 1


def test_the_customer_closes_and_reopens_their_ticket(client_for, customer_b, contact_b, make_ticket):
    ticket = make_ticket(contact_b)
    client = client_for(customer_b)
    assert client.post(page_url(ticket, "close"))["Location"] == page_url(ticket)
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED
    assert "Reopen the ticket" in client.get(page_url(ticket)).content.decode()
    client.post(page_url(ticket, "reopen"))
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN


def test_closing_twice_shows_the_services_message(client_for, customer_b, contact_b, make_ticket):
    ticket = make_ticket(contact_b)
    client = client_for(customer_b)
    client.post(page_url(ticket, "close"))
    response = client.post(page_url(ticket, "close"), follow=True)
    assert "This ticket is already closed." in response.content.decode()


def test_state_changes_are_post_only(client_for, customer_a, contact_a, make_ticket):
    ticket = make_ticket(contact_a)
    client = client_for(customer_a)
    for action in ("reply", "close", "reopen"):
        assert client.get(page_url(ticket, action)).status_code == 405
    ticket.refresh_from_db()
    assert ticket.status == Status.NEW


def test_another_customer_gets_404_for_the_page_reply_and_close(client_for, customer_b, contact_a, make_ticket):
    ticket = make_ticket(contact_a)
    client = client_for(customer_b)
    assert client.get(page_url(ticket)).status_code == 404
    assert client.post(page_url(ticket, "reply"), {"body": "Tôi chen vào"}).status_code == 404
    assert client.post(page_url(ticket, "close")).status_code == 404
    assert client.post(page_url(ticket, "reopen")).status_code == 404
    ticket.refresh_from_db()
    assert ticket.status == Status.NEW
    assert not Message.objects.filter(body_text="Tôi chen vào").exists()


def test_an_unknown_or_malformed_number_is_a_404(client_for, customer_a):
    client = client_for(customer_a)
    assert client.get("/tickets/CM-999999/").status_code == 404
    assert client.get("/tickets/not-a-number/").status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(contact_a, make_ticket):
    ticket = make_ticket(contact_a)
    client = Client()
    response = client.get(page_url(ticket))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert client.post(page_url(ticket, "reply"), {"body": "x"}).status_code == 302
    assert ticket.messages.count() == 1


def test_replying_is_protected_against_csrf(customer_a, contact_a, make_ticket):
    ticket = make_ticket(contact_a)
    client = Client(enforce_csrf_checks=True)
    client.force_login(customer_a)
    assert client.post(page_url(ticket, "reply"), {"body": "x"}).status_code == 403
    assert ticket.messages.count() == 1

"""Replies and notes through the services (P3, P4)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import upload
from hotro.desk import services
from hotro.desk.models import AuditEvent, Message, Status, Ticket


def test_a_customer_reply_threads_into_the_same_ticket(contact_a, make_ticket):
    ticket = make_ticket(contact_a)
    services.add_customer_reply(ticket, contact_a, "Thêm thông tin: IP 103.1.2.3", attachments=[upload()])
    assert ticket.messages.count() == 2
    assert Ticket.objects.count() == 1
    assert AuditEvent.objects.filter(ticket=ticket, action="desk.message.customer_reply").exists()


def test_another_customer_cannot_reply(contact_a, contact_b, make_ticket):
    ticket = make_ticket(contact_a)
    with pytest.raises(services.DeskError) as error:
        services.add_customer_reply(ticket, contact_b, "xin chào")
    assert error.value.code == "forbidden"
    assert ticket.messages.count() == 1


def test_a_cc_may_reply(contact_a, contact_b, make_ticket):
    ticket = make_ticket(contact_a, ccs=[contact_b])
    services.add_customer_reply(ticket, contact_b, "Tôi là đồng nghiệp")
    assert ticket.messages.count() == 2


def test_a_customer_reply_reopens_a_resolved_ticket(contact_a, tech_agent, make_ticket):
    ticket = make_ticket(contact_a)
    services.change_status(ticket, Status.RESOLVED, tech_agent)
    services.add_customer_reply(ticket, contact_a, "Vẫn lỗi")
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    assert ticket.resolved_at is None


def test_a_reply_to_a_closed_ticket_past_the_window_is_refused(contact_a, tech_agent, make_ticket, settings):
    settings.HOTRO_REOPEN_CLOSED_DAYS = 3
    ticket = make_ticket(contact_a)
    services.close_ticket(ticket, contact_a)
    Ticket.objects.filter(pk=ticket.pk).update(closed_at=timezone.now() - timedelta(days=4))
    with pytest.raises(services.DeskError) as error:
        services.add_customer_reply(ticket, contact_a, "Còn nữa")
    assert error.value.code == "closed"
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED
    assert ticket.messages.count() == 1


def test_a_reply_to_a_recently_closed_ticket_reopens_it(contact_a, make_ticket):
    ticket = make_ticket(contact_a)
    services.close_ticket(ticket, contact_a)
    services.add_customer_reply(ticket, contact_a, "Còn nữa")
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN


def test_the_first_agent_reply_meets_first_response_and_opens_the_ticket(contact_a, tech_agent, make_ticket):
    ticket = make_ticket(contact_a)
    services.add_agent_reply(ticket, tech_agent, "Chúng tôi đang kiểm tra.")
    ticket.refresh_from_db()
    assert ticket.first_response_at is not None
    assert ticket.status == Status.OPEN
    first = ticket.first_response_at
    services.add_agent_reply(ticket, tech_agent, "Đã xong.", new_status=Status.RESOLVED)
    ticket.refresh_from_db()
    assert ticket.first_response_at == first
    assert ticket.status == Status.RESOLVED


def test_an_internal_note_does_not_count_as_a_response(contact_a, tech_agent, make_ticket):
    ticket = make_ticket(contact_a)
    note = services.add_internal_note(ticket, tech_agent, "Khách hàng cũ, kiểm tra hoá đơn")
    ticket.refresh_from_db()
    assert note.internal
    assert ticket.first_response_at is None
    assert ticket.status == Status.NEW


def test_an_agent_outside_the_department_cannot_reply_or_note(contact_a, sales_agent, make_ticket):
    ticket = make_ticket(contact_a)
    for call in (services.add_agent_reply, services.add_internal_note):
        with pytest.raises(services.DeskError):
            call(ticket, sales_agent, "x")
    assert ticket.messages.count() == 1


def test_a_customer_is_not_an_agent(contact_a, customer_b, make_ticket):
    ticket = make_ticket(contact_a)
    with pytest.raises(services.DeskError):
        services.add_agent_reply(ticket, customer_b, "x")


def test_an_empty_reply_is_refused(contact_a, tech_agent, make_ticket):
    ticket = make_ticket(contact_a)
    with pytest.raises(services.DeskError) as error:
        services.add_agent_reply(ticket, tech_agent, " \n ")
    assert error.value.code == "empty"
    assert Message.objects.count() == 1


def test_html_is_sanitised_and_gives_the_text(contact_a, make_ticket):
    ticket = make_ticket(contact_a)
    message = services.add_customer_reply(
        ticket, contact_a, "", body_html='<p onclick="x()">Xin <b>chào</b></p><script>alert(1)</script>'
    )
    assert "<script" not in message.body_html
    assert "onclick" not in message.body_html
    assert message.body_text == "Xin chào"


def test_an_html_only_reply_keeps_its_paragraphs_and_list_items_as_lines(contact_a, make_ticket):
    ticket = make_ticket(contact_a)
    body_html = "<p>Chào anh,</p><ul><li>VPS 1</li><li>VPS 2</li></ul><p>Cảm ơn &amp; chúc</p>"
    message = services.add_customer_reply(ticket, contact_a, "", body_html=body_html)
    lines = message.body_text.splitlines()
    assert lines[0] == "Chào anh,"
    assert "- VPS 1" in lines and "- VPS 2" in lines
    assert lines[-1] == "Cảm ơn & chúc"


def test_an_admin_may_reply_in_any_department(contact_a, admin_agent, sales, make_ticket):
    ticket = make_ticket(contact_a, department=sales)
    services.add_agent_reply(ticket, admin_agent, "OK")
    assert ticket.messages.count() == 2

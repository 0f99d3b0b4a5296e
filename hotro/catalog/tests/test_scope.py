"""P13: scope hints flag (never close) a new ticket; "out of scope" answers in the customer's language and resolves."""

from __future__ import annotations

import pytest

from hotro.catalog.models import ScopeFlag, ScopeHint
from hotro.catalog.services import matching_hints, out_of_scope_answer, resolve_out_of_scope
from hotro.core.models import OutboundMessage
from hotro.desk import services
from hotro.desk.models import AuditEvent, Channel, Status


@pytest.mark.parametrize(
    "text",
    ["Lỗi mã nguồn PHP", "loi ma nguon php", "MÃ NGUỒN bị lỗi", "Plugin WordPress không chạy", "my wordpress plugin"],
)
def test_hints_match_with_and_without_diacritics(provider_defaults, text):
    assert matching_hints(text)


def test_a_hint_written_without_accents_matches_text_with_them(provider_defaults):
    ScopeHint.objects.create(phrase="cai dat phan mem")
    assert "cai dat phan mem" in matching_hints("Nhờ hỗ trợ cài đặt phần mềm kế toán")


def test_hints_match_whole_words_only(provider_defaults):
    assert matching_hints("themes are fine, the plugins folder too") == []  # "theme"/"plugin" as words only


def test_an_email_ticket_naming_a_hint_is_flagged_and_stays_new(contact_a, technical):
    ticket = services.open_ticket(
        requester=contact_a,
        department=technical,
        subject="Website lỗi",
        body="Sau khi cập nhật plugin WordPress trang trắng.",
        channel=Channel.EMAIL,
    )
    flag = ScopeFlag.objects.get(ticket=ticket)
    assert set(flag.phrases) == {"WordPress", "plugin"}
    ticket.refresh_from_db()
    assert ticket.status == Status.NEW


def test_a_ticket_without_hints_is_not_flagged(contact_a, make_ticket):
    ticket = make_ticket(contact_a)
    assert not ScopeFlag.objects.filter(ticket=ticket).exists()


@pytest.fixture
def vps_ticket(make_instance, contact_a, make_ticket):
    from hotro.catalog.services import name_service

    instance = make_instance(contact_a.email, label="web-an")
    ticket = make_ticket(contact_a, subject="WordPress lỗi", body="Plugin của tôi lỗi")
    name_service(ticket, instance, contact_a)
    return ticket


def test_the_answer_is_in_vietnamese_for_a_vietnamese_customer_and_quotes_the_limits(vps_ticket):
    text = out_of_scope_answer(vps_ticket)
    assert text.startswith("Kính gửi Quý khách")
    assert "nằm ngoài phạm vi hỗ trợ" in text
    assert "Không được hỗ trợ: ứng dụng khách hàng tự cài đặt" in text  # Cloud VPS's limits
    assert "web-an" in text


def test_the_answer_is_in_english_for_an_english_customer(make_instance, contact_b, make_ticket):
    ticket = make_ticket(contact_b, subject="Plugin broken")
    text = out_of_scope_answer(ticket)
    assert text.startswith("Dear")
    assert "outside the scope of support" in text


def test_out_of_scope_sends_the_answer_resolves_and_records_why(vps_ticket, tech_agent, contact_a):
    body = out_of_scope_answer(vps_ticket)
    resolve_out_of_scope(vps_ticket, tech_agent, body + "\n-- edited by the agent")
    vps_ticket.refresh_from_db()
    assert vps_ticket.status == Status.RESOLVED
    reply = vps_ticket.messages.filter(internal=False, author_user=tech_agent).get()
    assert reply.body_text.endswith("-- edited by the agent")
    sent = OutboundMessage.objects.filter(ticket=vps_ticket, kind="desk/agent_reply").get()
    assert (sent.to, sent.language) == (contact_a.email, "vi")
    event = AuditEvent.objects.get(ticket=vps_ticket, action="catalog.ticket.out_of_scope")
    assert event.data["product"] == "cloud-vps"


def test_the_console_action_shows_the_editable_answer_then_sends_it(vps_ticket, tech_agent, client_for):
    client = client_for(tech_agent)
    url = f"/console/tickets/{vps_ticket.number}/out-of-scope/"
    page = client.get(url).content.decode()
    assert "Kính gửi Quý khách" in page
    response = client.post(url, {"body": "Xin lỗi, ngoài phạm vi hỗ trợ."})
    assert response.status_code == 302
    vps_ticket.refresh_from_db()
    assert vps_ticket.status == Status.RESOLVED


def test_an_empty_answer_is_refused(vps_ticket, tech_agent, client_for):
    response = client_for(tech_agent).post(f"/console/tickets/{vps_ticket.number}/out-of-scope/", {"body": " "})
    assert response.status_code == 400
    vps_ticket.refresh_from_db()
    assert vps_ticket.status == Status.NEW


def test_an_agent_of_another_department_cannot_answer(vps_ticket, sales_agent, client_for):
    client = client_for(sales_agent)
    url = f"/console/tickets/{vps_ticket.number}/out-of-scope/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"body": "x"}).status_code == 404

"""Ticket notifications by email (P3): who is mailed, about what, in which language, with which link."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext

from hotro.accounts.services import get_or_create_contact
from hotro.core.models import OutboundMessage
from hotro.core.outbound.testing import rendered
from hotro.desk import services
from hotro.desk.models import Status

SITE = "http://hotro.test"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


def mails_to(address: str, kind: str | None = None) -> list[OutboundMessage]:
    qs = rendered().filter(to=address).order_by("id")
    return list(qs.filter(kind=kind) if kind else qs)


def test_it_acknowledges_a_new_ticket_with_its_number_and_portal_link(contact_a, make_ticket):
    """P1/P3: the customer is told their ticket exists, its number, and where to follow it."""
    ticket = make_ticket(contact_a)
    [ack] = mails_to(contact_a.email)
    assert ack.kind == "desk/ticket_opened"
    assert ack.subject.startswith(f"[{ticket.number}] ")
    assert ack.ticket == ticket
    link = f"{SITE}/tickets/{ticket.number}/"
    assert ticket.number in ack.body_text and link in ack.body_text
    assert f'href="{link}"' in ack.body_html
    assert "Phòng Kỹ thuật" in ack.body_text  # the department, in the customer's language (vi)


def test_it_mails_a_public_agent_reply_with_its_text(contact_a, tech_agent, make_ticket):
    """P3: every public reply reaches the customer, with the reply itself."""
    ticket = make_ticket(contact_a)
    services.add_agent_reply(ticket, tech_agent, "Chúng tôi đã khởi động lại VPS của bạn.")
    [reply] = mails_to(contact_a.email, "desk/agent_reply")
    assert "Chúng tôi đã khởi động lại VPS của bạn." in reply.body_text
    assert "Chúng tôi đã khởi động lại VPS của bạn." in reply.body_html
    assert reply.subject.startswith(f"[{ticket.number}]")


def test_it_never_mails_an_internal_note_to_the_customer(contact_a, contact_b, tech_agent, make_ticket):
    """Internal notes never reach a customer by any channel (DESIGN non-negotiable, P3)."""
    ticket = make_ticket(contact_a, ccs=[contact_b])
    note = "SECRET-NOTE: khách này nợ cước, đừng hứa gì."
    services.assign(ticket, tech_agent, tech_agent)
    services.add_internal_note(ticket, tech_agent, note)
    services.add_agent_reply(ticket, tech_agent, "Đang kiểm tra.")
    customer_mail = rendered().filter(to__in=[contact_a.email, contact_b.email])
    assert customer_mail.count() == 4  # two acks, two replies
    for mail in customer_mail:
        assert "SECRET-NOTE" not in mail.body_text + mail.body_html + mail.subject
    assert not rendered().filter(body_text__contains="SECRET-NOTE").exists()


def test_it_escapes_the_reply_in_the_html_part_and_keeps_it_verbatim_in_the_text_part(
    contact_a, tech_agent, make_ticket
):
    ticket = make_ticket(contact_a)
    services.add_agent_reply(ticket, tech_agent, "Run: echo '<b>ok</b>' && reboot\nthen wait")
    [reply] = mails_to(contact_a.email, "desk/agent_reply")
    assert "echo '<b>ok</b>' && reboot" in reply.body_text
    assert "<b>ok</b>" not in reply.body_html
    assert "&lt;b&gt;ok&lt;/b&gt;" in reply.body_html
    assert "<br>then wait" in reply.body_html


@pytest.mark.parametrize("status", [Status.PENDING, Status.RESOLVED])
def test_it_mails_the_customer_when_the_ticket_waits_on_them_or_is_resolved(contact_a, tech_agent, make_ticket, status):
    """P3: status changes the customer must know about are mailed."""
    ticket = make_ticket(contact_a)
    services.change_status(ticket, status, tech_agent)
    [mail] = mails_to(contact_a.email, "desk/status_changed")
    assert ticket.number in mail.body_text
    assert f"{SITE}/tickets/{ticket.number}/" in mail.body_text


def test_it_mails_the_customer_when_an_agent_closes_the_ticket(contact_a, tech_agent, make_ticket):
    ticket = make_ticket(contact_a)
    services.close_ticket(ticket, tech_agent)
    assert len(mails_to(contact_a.email, "desk/status_changed")) == 1


def test_it_confirms_to_a_customer_who_closes_their_own_ticket(contact_a, make_ticket):
    """Documented choice: the closing mail confirms the action and says how to reopen."""
    ticket = make_ticket(contact_a)
    services.close_ticket(ticket, contact_a)
    assert len(mails_to(contact_a.email, "desk/status_changed")) == 1


@pytest.mark.parametrize("status", [Status.OPEN, Status.ON_HOLD])
def test_it_does_not_mail_internal_workflow_statuses(contact_a, tech_agent, make_ticket, status):
    ticket = make_ticket(contact_a)
    services.change_status(ticket, status, tech_agent)
    assert mails_to(contact_a.email, "desk/status_changed") == []


def test_it_sends_one_mail_for_a_reply_that_asks_the_customer_for_information(contact_a, tech_agent, make_ticket):
    """The reply is the question: a second "waiting for you" mail would be noise."""
    ticket = make_ticket(contact_a)
    services.add_agent_reply(ticket, tech_agent, "Bạn gửi giúp IP của VPS?", new_status=Status.PENDING)
    kinds = [m.kind for m in mails_to(contact_a.email)]
    assert kinds == ["desk/ticket_opened", "desk/agent_reply"]


def test_it_mails_the_assignee_with_a_console_link(contact_a, tech_agent, tech_agent_2, make_ticket):
    """P2: the assigned staff member learns about the ticket."""
    ticket = make_ticket(contact_a)
    services.assign(ticket, tech_agent_2, tech_agent)
    [mail] = mails_to(tech_agent_2.email)
    assert mail.kind == "desk/assigned"
    assert f"{SITE}/console/tickets/{ticket.number}/" in mail.body_text
    assert tech_agent.display_name in mail.body_text
    assert mails_to(tech_agent.email) == []


def test_it_does_not_mail_an_agent_who_takes_a_ticket_themselves(contact_a, tech_agent, make_ticket):
    ticket = make_ticket(contact_a)
    services.claim(ticket, tech_agent)
    services.assign(services.unassign(ticket, tech_agent), tech_agent, tech_agent)
    assert mails_to(tech_agent.email) == []


def test_it_mails_the_assignee_when_the_customer_replies(contact_a, tech_agent, make_ticket):
    """P4: information the customer adds reaches the agent working on it."""
    ticket = make_ticket(contact_a)
    services.claim(ticket, tech_agent)
    services.add_customer_reply(ticket, contact_a, "IP là 103.1.2.3")
    [mail] = mails_to(tech_agent.email, "desk/customer_reply")
    assert "IP là 103.1.2.3" in mail.body_text
    assert f"{SITE}/console/tickets/{ticket.number}/" in mail.body_text
    assert mails_to(contact_a.email, "desk/agent_reply") == []


def test_a_customer_reply_on_an_unassigned_ticket_mails_nobody(contact_a, make_ticket):
    ticket = make_ticket(contact_a)
    before = rendered().count()
    services.add_customer_reply(ticket, contact_a, "Thêm thông tin")
    assert rendered().count() == before


def test_it_writes_to_each_customer_in_their_own_language(contact_a, contact_b, make_ticket):
    """Every email exists in Vietnamese and English; the recipient's language wins."""
    vi_ticket = make_ticket(contact_a, subject="VPS lỗi")
    en_ticket = make_ticket(contact_b, subject="VPS lỗi")
    [vi] = mails_to(contact_a.email)
    [en] = mails_to(contact_b.email)
    assert (vi.language, en.language) == ("vi", "en")
    assert en.subject == f"[{en_ticket.number}] We received your request: VPS lỗi"
    with translation.override("vi"):
        expected_vi = gettext("We received your request: %(subject)s") % {"subject": "VPS lỗi"}
    assert vi.subject == f"[{vi_ticket.number}] {expected_vi}"
    # Names the desk keeps in both languages already differ, catalog or not.
    assert "Phòng Kỹ thuật" in vi.body_text and "Phòng Kỹ thuật" not in en.body_text
    assert "Technical" in en.body_text


def test_it_writes_to_an_agent_in_the_agents_language(contact_a, sales, sales_agent, make_ticket):
    ticket = make_ticket(contact_a, department=sales)
    services.claim(ticket, sales_agent)
    services.add_customer_reply(ticket, contact_a, "Hoá đơn sai")
    [mail] = mails_to(sales_agent.email)
    assert mail.language == "en"
    assert mail.subject == f"[{ticket.number}] Customer replied: VPS không truy cập được"


def test_it_gives_a_guest_a_signed_link_that_opens_their_ticket(make_ticket):
    guest = get_or_create_contact("khach.le@example.net", name="Khách lẻ")
    ticket = make_ticket(guest)
    [ack] = mails_to(guest.email)
    prefix = f"{SITE}/t/"
    line = next(line for line in ack.body_text.splitlines() if line.startswith(prefix))
    token = line.removeprefix(prefix).removesuffix("/")
    found, contact = services.access_ticket_by_token(token)
    assert (found, contact) == (ticket, guest)
    assert f"{SITE}/tickets/" not in ack.body_text


def test_ccs_get_the_customer_mails_too_each_with_their_own_link(contact_a, tech_agent, make_ticket):
    guest = get_or_create_contact("ke.toan@example.net", language="en")
    ticket = make_ticket(contact_a, ccs=[guest])
    services.add_agent_reply(ticket, tech_agent, "Đã xử lý.")
    assert [m.kind for m in mails_to(guest.email)] == ["desk/ticket_opened", "desk/agent_reply"]
    guest_mail = mails_to(guest.email)[1]
    assert f"{SITE}/t/" in guest_mail.body_text and guest_mail.language == "en"
    assert f"{SITE}/tickets/{ticket.number}/" in mails_to(contact_a.email)[1].body_text


def test_a_change_that_rolls_back_leaves_no_mail(contact_a, make_ticket):
    """The transactional outbox: a mail exists exactly when its change committed."""
    with pytest.raises(RuntimeError), transaction.atomic():
        make_ticket(contact_a)
        assert rendered().count() == 1
        raise RuntimeError("the request failed after opening the ticket")
    assert rendered().count() == 0

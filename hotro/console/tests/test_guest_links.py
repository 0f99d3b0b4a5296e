"""Revoking a ticket's guest links: a link forwarded or leaked stops opening the ticket (P1, P4).

Guests follow their ticket through signed links in our emails; an agent can make every
link sent so far stop working, and the next email to the customer carries a new one.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from hotro.accounts.services import get_or_create_contact
from hotro.core.outbound.testing import rendered
from hotro.desk import services
from hotro.desk.models import AuditEvent

pytestmark = pytest.mark.django_db

LINK = re.compile(r"/t/([^/\s]+)/")


@pytest.fixture
def guest_ticket(technical):
    guest = get_or_create_contact("khach@example.com", name="Khách", language="en")
    ticket = services.open_ticket(requester=guest, department=technical, subject="Website lỗi 500", body="Từ sáng")
    return ticket, guest


def _latest_link(ticket) -> str:
    mail = rendered().filter(ticket=ticket, to="khach@example.com").latest("id")
    return LINK.search(mail.body_text).group(1)


def test_an_agent_revokes_the_links_sent_so_far_and_the_next_mail_carries_a_working_one(
    guest_ticket, tech_agent, client_for
):
    ticket, _guest = guest_ticket
    old = _latest_link(ticket)  # from the acknowledgement
    visitor = Client()
    assert visitor.get(reverse("portal:guest_ticket", args=[old])).status_code == 200

    agent = client_for(tech_agent)
    response = agent.post(reverse("console:revoke_guest_links", args=[ticket.number]), follow=True)
    assert response.status_code == 200
    assert visitor.get(reverse("portal:guest_ticket", args=[old])).status_code == 404
    assert visitor.post(reverse("portal:guest_ticket_reply", args=[old]), {"body": "still me?"}).status_code == 404
    assert ticket.messages.count() == 1  # the refused reply changed nothing

    services.add_agent_reply(ticket, tech_agent, "Chúng tôi đang kiểm tra.")
    new = _latest_link(ticket)
    assert new != old
    page = visitor.get(reverse("portal:guest_ticket", args=[new])).content.decode()
    assert "Chúng tôi đang kiểm tra." in page
    event = AuditEvent.objects.get(ticket=ticket, action="desk.ticket.guest_links_revoked")
    assert event.actor_user == tech_agent
    tech_agent.language = "en"
    tech_agent.save(update_fields=["language"])
    history = agent.get(reverse("console:ticket", args=[ticket.number])).content.decode()
    assert "revoked the guest links sent so far" in history


def test_only_agents_of_the_ticket_department_may_revoke(guest_ticket, sales_agent, customer_a, client_for):
    ticket, _guest = guest_ticket
    url = reverse("console:revoke_guest_links", args=[ticket.number])
    old = _latest_link(ticket)
    assert client_for(sales_agent).post(url).status_code == 404  # not their department: not even seen
    assert client_for(customer_a).post(url).status_code in (302, 403, 404)
    assert Client().post(url).status_code in (302, 403)
    assert Client().get(reverse("portal:guest_ticket", args=[old])).status_code == 200  # nothing was revoked


def test_revoking_takes_a_post(guest_ticket, tech_agent, client_for):
    ticket, _guest = guest_ticket
    url = reverse("console:revoke_guest_links", args=[ticket.number])
    assert client_for(tech_agent).get(url).status_code == 405
    ticket.refresh_from_db()
    assert ticket.guest_link_generation == 0


def test_the_card_the_confirmation_and_the_history_read_in_vietnamese(guest_ticket, tech_agent, client_for):
    ticket, _guest = guest_ticket
    tech_agent.language = "vi"
    tech_agent.save(update_fields=["language"])
    agent = client_for(tech_agent)
    page = agent.get(reverse("console:ticket", args=[ticket.number])).content.decode()
    assert "Liên kết khách" in page and "Thu hồi liên kết khách" in page
    after = agent.post(reverse("console:revoke_guest_links", args=[ticket.number]), follow=True).content.decode()
    assert "Các liên kết khách đã gửi không còn mở được ticket này" in after
    assert "đã thu hồi các liên kết khách đã gửi" in after

"""A bad rating tells the department's supervisors by email, through the outbox, in each one's language."""

from __future__ import annotations

from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from hotro.accounts.services import create_agent
from hotro.core.models import OutboundMessage
from hotro.core.outbound.delivery import deliver_due
from hotro.core.outbound.testing import rendered
from hotro.satisfaction import services as satisfaction
from hotro.satisfaction.links import rating_token

KIND = "satisfaction/bad_rating"


def rate(ticket, score: str, comment: str = "") -> None:
    response = Client().post(reverse("portal:rate", args=[rating_token(ticket)]), {"score": score, "comment": comment})
    assert response.status_code == 302


def test_a_bad_rating_mails_each_supervisor_of_the_department(resolved_ticket, supervisor, tech_agent_2, sales):
    create_agent(
        "gs2@cloudmini.example",
        None,
        name="Second",
        departments=[resolved_ticket.department],
        supervises=True,
        language="en",
    )
    create_agent("gs3@cloudmini.example", None, name="Sales boss", departments=[sales], supervises=True)
    rate(resolved_ticket, "bad", "Không ai trả lời cả tuần.")

    rows = list(rendered().filter(kind=KIND).order_by("to"))
    assert [(r.to, r.language) for r in rows] == [
        ("gs2@cloudmini.example", "en"),
        (supervisor.email, supervisor.language),
    ]  # neither a plain agent of the department nor another department's supervisor
    for row in rows:
        assert row.ticket_id == resolved_ticket.pk
        assert "Không ai trả lời cả tuần." in row.body_text
        assert f"/console/tickets/{resolved_ticket.number}/" in row.body_text
        with translation.override(row.language):
            assert gettext("From the ticket page you can open a follow-up ticket for the customer.") in row.body_text

    assert deliver_due() >= 2
    assert {m.to[0] for m in mail.outbox if "[" + resolved_ticket.number + "]" in m.subject} >= {
        "gs2@cloudmini.example",
        supervisor.email,
    }


def test_good_and_okay_ratings_tell_nobody(resolved_ticket, supervisor):
    rate(resolved_ticket, "good")
    rate(resolved_ticket, "okay")
    assert not OutboundMessage.objects.filter(kind=KIND).exists()


def test_changing_to_bad_tells_once_and_a_new_comment_does_not_tell_again(resolved_ticket, supervisor, contact_a):
    rate(resolved_ticket, "okay")
    rate(resolved_ticket, "bad")
    rate(resolved_ticket, "bad", "Thêm chi tiết.")
    assert OutboundMessage.objects.filter(kind=KIND).count() == 1
    assert satisfaction.rating_of(resolved_ticket).comment == "Thêm chi tiết."

"""The resolution email asks the requester to rate the support: three signed one-click links, in their language."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from hotro.core.outbound.testing import rendered
from hotro.desk import services
from hotro.desk.models import Status, Ticket
from hotro.satisfaction.models import Rating, Score
from hotro.satisfaction.tests.conftest import SITE, path_of

LINK = re.compile(rf"{re.escape(SITE)}/rate/[^\s\"'<>?]+\?score=(good|okay|bad)")
INVITE = "How did we do? Rate our support with one click:"


def status_mails(ticket: Ticket, to: str):
    return [m for m in rendered().filter(ticket=ticket, to=to, kind="desk/status_changed")]


def links_in(text: str) -> dict[str, str]:
    return {match.group(1): match.group(0) for match in LINK.finditer(text)}


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_resolution_email_carries_three_rating_links_in_the_requesters_language(
    language, make_ticket, contact_a, customer_a, resolve
):
    customer_a.language = language
    customer_a.save(update_fields=["language"])
    ticket = resolve(make_ticket(contact_a))

    (mail,) = status_mails(ticket, contact_a.email)
    assert mail.language == language
    text_links, html_links = links_in(mail.body_text), links_in(mail.body_html.replace("&amp;", "&"))
    assert set(text_links) == set(html_links) == set(Score.values)
    with translation.override(language):
        assert gettext(INVITE) in mail.body_text
        assert str(Score.BAD.label) in mail.body_text


def test_a_link_opens_the_confirmation_page_with_its_face_chosen_and_records_nothing(resolved_ticket, contact_a):
    (mail,) = status_mails(resolved_ticket, contact_a.email)
    url = links_in(mail.body_text)["bad"]

    response = Client().get(path_of(url))  # what a mail scanner does
    assert response.status_code == 200
    assert response.context["chosen"] == "bad"
    assert 'value="bad" required checked' in response.content.decode()
    assert not Rating.objects.exists()


def test_the_closing_email_carries_the_links_too_and_cc_recipients_get_none(
    make_ticket, contact_a, contact_b, tech_agent
):
    ticket = make_ticket(contact_a)
    services.add_cc(ticket, contact_b)
    services.change_status(ticket, Status.CLOSED, tech_agent)

    (requester_mail,) = status_mails(ticket, contact_a.email)
    (cc_mail,) = status_mails(ticket, contact_b.email)
    assert set(links_in(requester_mail.body_text)) == set(Score.values)
    assert links_in(cc_mail.body_text) == {}
    assert "/rate/" not in cc_mail.body_html


def test_a_pending_status_mail_asks_for_no_rating(make_ticket, contact_a, tech_agent):
    ticket = make_ticket(contact_a)
    services.change_status(ticket, Status.PENDING, tech_agent)
    (mail,) = status_mails(ticket, contact_a.email)
    assert links_in(mail.body_text) == {}


def test_no_links_once_the_answer_can_no_longer_be_changed(resolved_ticket, contact_a, tech_agent, settings):
    from hotro.satisfaction import services as satisfaction

    satisfaction.rate(resolved_ticket, contact_a, Score.GOOD)
    settings.HOTRO_CSAT_CHANGE_DAYS = 0
    services.reopen_ticket(Ticket.objects.get(pk=resolved_ticket.pk), contact_a)
    services.change_status(Ticket.objects.get(pk=resolved_ticket.pk), Status.RESOLVED, tech_agent)
    last = status_mails(resolved_ticket, contact_a.email)[-1]
    assert links_in(last.body_text) == {}

"""The emailed rating link: a GET only shows the choice, a POST records it; the signed link is the only key."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from hotro.desk import services
from hotro.desk.models import AuditEvent, Status, Ticket
from hotro.satisfaction.links import rating_token
from hotro.satisfaction.models import Rating, Score


def link(ticket: Ticket) -> str:
    return reverse("portal:rate", args=[rating_token(ticket)])


def test_posting_the_confirmation_records_the_answer_and_comment_at_once(resolved_ticket, contact_a, tech_agent):
    url = link(resolved_ticket)
    response = Client().post(url, {"score": "good", "comment": "  Nhanh và chu đáo.  "})
    assert response.status_code == 302
    assert response["Location"] == url

    rating = Rating.objects.get()
    assert (rating.ticket_id, rating.score, rating.comment) == (resolved_ticket.pk, "good", "Nhanh và chu đáo.")
    assert rating.agent == tech_agent  # the assignee when rated
    assert rating.department_id == resolved_ticket.department_id
    event = AuditEvent.objects.get(action="satisfaction.rating.received")
    assert (event.ticket_id, event.actor_contact_id, event.data["score"]) == (resolved_ticket.pk, contact_a.pk, "good")

    page = Client().get(url)  # after recording: the answer, and the comment to add to or change
    assert page.status_code == 200
    assert page.context["rating"] == rating and page.context["can_rate"]


def test_a_comment_can_be_added_after_the_one_click_answer(resolved_ticket):
    url = link(resolved_ticket)
    Client().post(url, {"score": "okay"})
    assert Rating.objects.get().comment == ""
    Client().post(url, {"score": "okay", "comment": "Hơi chậm."})
    assert (Rating.objects.get().score, Rating.objects.get().comment) == ("okay", "Hơi chậm.")
    assert Rating.objects.count() == 1  # one answer per ticket


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # the signature
        lambda token: "x" + token,  # the payload
        lambda token: token.split(":")[0],  # no signature at all
    ],
)
def test_a_tampered_link_is_a_404_and_writes_nothing(resolved_ticket, tamper):
    token = tamper(rating_token(resolved_ticket))
    url = reverse("portal:rate", args=[token])
    assert Client().get(url).status_code == 404
    assert Client().post(url, {"score": "bad"}).status_code == 404
    assert not Rating.objects.exists()


def test_a_link_signed_for_something_else_is_a_404(resolved_ticket, contact_a):
    guest = services.guest_token(resolved_ticket, contact_a)  # a genuine guest link is not a rating link
    assert Client().post(reverse("portal:rate", args=[guest]), {"score": "bad"}).status_code == 404
    assert not Rating.objects.exists()


def test_revoking_the_tickets_links_revokes_its_rating_links(resolved_ticket, tech_agent):
    url = link(resolved_ticket)
    services.revoke_guest_links(resolved_ticket, tech_agent)
    assert Client().post(url, {"score": "bad"}).status_code == 404
    assert not Rating.objects.exists()


def test_an_unknown_score_is_a_400_and_writes_nothing(resolved_ticket):
    response = Client().post(link(resolved_ticket), {"score": "excellent"})
    assert response.status_code == 400
    assert response.context["form"].errors["score"]
    assert not Rating.objects.exists()


def test_the_answer_can_be_changed_within_the_window(resolved_ticket, settings):
    settings.HOTRO_CSAT_CHANGE_DAYS = 7
    url = link(resolved_ticket)
    Client().post(url, {"score": "bad", "comment": "Chưa được."})
    Rating.objects.update(created_at=Rating.objects.get().created_at - timedelta(days=6, hours=23))

    assert Client().post(url, {"score": "good", "comment": "Đã ổn."}).status_code == 302
    rating = Rating.objects.get()
    assert (rating.score, rating.comment) == ("good", "Đã ổn.")
    changed = AuditEvent.objects.get(action="satisfaction.rating.changed")
    assert (changed.data["previous"], changed.data["score"]) == ("bad", "good")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_after_the_window_the_answer_stays_and_the_page_says_why(resolved_ticket, settings, language):
    settings.HOTRO_CSAT_CHANGE_DAYS = 7
    url = link(resolved_ticket)
    Client().post(url, {"score": "bad"})
    Rating.objects.update(created_at=Rating.objects.get().created_at - timedelta(days=7, minutes=1))
    client = Client(headers={"accept-language": language})

    response = client.post(url, {"score": "good", "comment": "Đổi ý."})
    assert response.status_code == 409
    assert (Rating.objects.get().score, Rating.objects.get().comment) == ("bad", "")
    page = client.get(url)
    assert page.status_code == 200 and not page.context["can_rate"]
    with translation.override(language):
        expected = gettext("This rating can no longer be changed: answers can be changed for %(days)s days.") % {
            "days": 7
        }
    assert expected in page.content.decode()


def test_a_ticket_not_resolved_cannot_be_rated(make_ticket, contact_a):
    ticket = make_ticket(contact_a)
    response = Client().post(link(ticket), {"score": "good"})
    assert response.status_code == 409
    assert not Rating.objects.exists()
    assert not Client().get(link(ticket)).context["can_rate"]


def test_a_reopened_ticket_keeps_its_rating_but_takes_no_change_until_resolved_again(resolved_ticket, contact_a):
    url = link(resolved_ticket)
    Client().post(url, {"score": "okay"})
    services.reopen_ticket(Ticket.objects.get(pk=resolved_ticket.pk), contact_a)
    assert Client().post(url, {"score": "bad"}).status_code == 409
    assert Rating.objects.get().score == Score.OKAY
    assert Ticket.objects.get(pk=resolved_ticket.pk).status == Status.OPEN


def test_the_same_answer_twice_writes_nothing_more(resolved_ticket):
    url = link(resolved_ticket)
    Client().post(url, {"score": "good", "comment": "Tốt."})
    Client().post(url, {"score": "good", "comment": "Tốt."})
    assert AuditEvent.objects.filter(action__startswith="satisfaction.").count() == 1

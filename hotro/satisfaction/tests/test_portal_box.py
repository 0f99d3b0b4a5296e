"""The portal ticket page's rating box: the ticket's own customer (signed in, or by its guest link) and no one else."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from hotro.accounts.services import get_or_create_contact
from hotro.desk import services
from hotro.satisfaction.models import Rating

BOX = "How did we do?"


def test_the_requester_sees_the_choice_on_a_resolved_ticket_and_rates_from_it(resolved_ticket, customer_a, client_for):
    client = client_for(customer_a)
    page = client.get(reverse("portal:ticket_detail", args=[resolved_ticket.number]))
    rate_url = reverse("portal:ticket_rate", args=[resolved_ticket.number])
    assert page.status_code == 200 and f'action="{rate_url}"' in page.content.decode()
    with translation.override(customer_a.language):
        assert gettext(BOX) in page.content.decode()

    response = client.post(rate_url, {"score": "good", "comment": ""})
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:ticket_detail", args=[resolved_ticket.number])
    assert Rating.objects.get().score == "good"
    again = client.get(reverse("portal:ticket_detail", args=[resolved_ticket.number]))
    assert 'value="good" aria-pressed="true"' in again.content.decode()  # the current answer


def test_no_box_on_a_ticket_still_open(make_ticket, contact_a, customer_a, client_for):
    ticket = make_ticket(contact_a)
    page = client_for(customer_a).get(reverse("portal:ticket_detail", args=[ticket.number]))
    assert reverse("portal:ticket_rate", args=[ticket.number]) not in page.content.decode()
    assert (
        client_for(customer_a).post(reverse("portal:ticket_rate", args=[ticket.number]), {"score": "good"}).status_code
        == 409
    )
    assert not Rating.objects.exists()


def test_another_customer_cannot_rate_it(resolved_ticket, customer_b, client_for):
    response = client_for(customer_b).post(
        reverse("portal:ticket_rate", args=[resolved_ticket.number]), {"score": "bad"}
    )
    assert response.status_code == 404
    assert not Rating.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(resolved_ticket):
    response = Client().post(reverse("portal:ticket_rate", args=[resolved_ticket.number]), {"score": "bad"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Rating.objects.exists()


def test_the_guest_link_holder_rates_from_the_guest_page(resolved_ticket, contact_a):
    token = services.guest_token(resolved_ticket, contact_a)
    page = Client().get(reverse("portal:guest_ticket", args=[token]))
    assert reverse("portal:guest_ticket_rate", args=[token]) in page.content.decode()
    response = Client().post(reverse("portal:guest_ticket_rate", args=[token]), {"score": "okay"})
    assert response.status_code == 302
    assert Rating.objects.get().score == "okay"


def test_a_forged_guest_link_rates_nothing(resolved_ticket):
    assert (
        Client().post(reverse("portal:guest_ticket_rate", args=["forged:token"]), {"score": "bad"}).status_code == 404
    )
    assert not Rating.objects.exists()


def test_a_copied_customer_sees_no_choice_and_cannot_rate(resolved_ticket):
    cc = get_or_create_contact("ke.toan@example.com", name="Kế toán")
    services.add_cc(resolved_ticket, cc)
    token = services.guest_token(resolved_ticket, cc)
    page = Client().get(reverse("portal:guest_ticket", args=[token]))
    assert page.status_code == 200
    assert reverse("portal:guest_ticket_rate", args=[token]) not in page.content.decode()
    response = Client().post(reverse("portal:guest_ticket_rate", args=[token]), {"score": "bad"})
    assert response.status_code == 403
    assert not Rating.objects.exists()


def test_bad_input_from_the_box_is_a_400(resolved_ticket, customer_a, client_for):
    response = client_for(customer_a).post(
        reverse("portal:ticket_rate", args=[resolved_ticket.number]), {"score": "good", "comment": "x" * 2001}
    )
    assert response.status_code == 400
    assert not Rating.objects.exists()

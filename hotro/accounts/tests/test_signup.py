"""Signing up and confirming the email address (P1: the address is the customer's identity)."""

from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from hotro.accounts import verification
from hotro.accounts.models import Contact, User
from hotro.core.outbound.testing import rendered

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Phạm Minh Châu",
    "email": "Chau.Pham@Example.com",
    "password1": "a-long-unusual-passphrase-42",
    "password2": "a-long-unusual-passphrase-42",
    "language": "en",
}


def english_client() -> Client:
    client = Client()
    client.cookies["hotro_language"] = "en"
    return client


def test_it_creates_an_unverified_account_signs_in_and_queues_the_verification_email():
    """P1: the account exists at once, but its address is only trusted after the emailed link."""
    client = english_client()
    response = client.post(reverse("accounts:signup"), FORM)
    assert response.status_code == 302
    user = User.objects.get(email="chau.pham@example.com")
    assert not user.email_verified
    assert user.full_name == "Phạm Minh Châu"
    # The address is not proven yet, so the account is not tied to its contact (and its tickets) yet.
    assert not Contact.objects.filter(user=user).exists()
    mail = rendered().get(kind="accounts/verify_email")
    assert mail.to == "chau.pham@example.com"
    assert mail.language == "en"
    assert verification.verification_url(user).split("/verify/")[0] in mail.body_text
    assert "/accounts/verify/" in mail.body_text
    assert "/accounts/verify/" in mail.body_html
    assert client.get(reverse("portal:home")).context["user"] == user


def test_the_emailed_link_asks_for_confirmation_then_verifies_the_address():
    """The GET (which mail scanners follow) changes nothing; the POST verifies."""
    client = english_client()
    client.post(reverse("accounts:signup"), FORM)
    user = User.objects.get(email="chau.pham@example.com")
    url = reverse("accounts:verify_email", args=[verification.verification_token(user)])
    page = client.get(url)
    assert page.status_code == 200
    assert "Confirm my address" in page.content.decode()
    user.refresh_from_db()
    assert not user.email_verified
    response = client.post(url)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email_verified


def test_the_link_in_the_queued_email_is_the_one_that_works():
    client = english_client()
    client.post(reverse("accounts:signup"), FORM)
    body = rendered().get(kind="accounts/verify_email").body_text
    link = next(line for line in body.splitlines() if "/accounts/verify/" in line).strip()
    path = link.split("://", 1)[1].split("/", 1)[1]
    client.post("/" + path)
    assert User.objects.get(email="chau.pham@example.com").email_verified


def test_it_rejects_a_forged_link(customer_a):
    customer_a.email_verified = False
    customer_a.save(update_fields=["email_verified"])
    forged = signing.dumps({"u": customer_a.pk, "e": customer_a.email}, salt="another-salt")
    response = english_client().post(reverse("accounts:verify_email", args=[forged]))
    assert response.status_code == 400
    assert "This link is not valid." in response.content.decode()
    customer_a.refresh_from_db()
    assert not customer_a.email_verified


def test_it_rejects_an_expired_link(customer_a, monkeypatch):
    customer_a.email_verified = False
    customer_a.save(update_fields=["email_verified"])
    token = verification.verification_token(customer_a)
    monkeypatch.setattr(verification, "VERIFY_MAX_AGE", timedelta(seconds=-1))
    response = english_client().post(reverse("accounts:verify_email", args=[token]))
    assert response.status_code == 400
    assert "This link has expired." in response.content.decode()
    customer_a.refresh_from_db()
    assert not customer_a.email_verified


def test_a_link_sent_to_an_old_address_stops_working(customer_a):
    customer_a.email_verified = False
    customer_a.save(update_fields=["email_verified"])
    token = verification.verification_token(customer_a)
    customer_a.email = "new.address@example.com"
    customer_a.save(update_fields=["email"])
    response = english_client().post(reverse("accounts:verify_email", args=[token]))
    assert response.status_code == 400
    customer_a.refresh_from_db()
    assert not customer_a.email_verified


def test_it_refuses_an_address_that_already_has_an_account(customer_a):
    response = english_client().post(reverse("accounts:signup"), {**FORM, "email": "AN.NGUYEN@example.com"})
    assert response.status_code == 200
    assert "An account with this email address already exists." in response.content.decode()
    assert User.objects.filter(email="an.nguyen@example.com").count() == 1
    assert not rendered().filter(kind="accounts/verify_email").exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"password2": "something-else-entirely"}, "The two passwords do not match."),
        ({"password1": "123", "password2": "123"}, "This password is too short."),
        ({"email": "not-an-address"}, "Enter a valid email address."),
    ],
)
def test_it_rejects_bad_input_and_creates_nothing(change, message):
    response = english_client().post(reverse("accounts:signup"), {**FORM, **change})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()
    assert not rendered().exists()


def test_signup_is_protected_against_csrf():
    client = Client(enforce_csrf_checks=True)
    assert client.post(reverse("accounts:signup"), FORM).status_code == 403
    assert not User.objects.exists()

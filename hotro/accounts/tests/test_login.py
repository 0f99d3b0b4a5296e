"""Signing in with email and password, signing out, and the unverified-address banner."""

import pytest
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from hotro.core.outbound.testing import rendered

pytestmark = pytest.mark.django_db


def test_it_signs_a_customer_in_with_their_email_however_capitalised(customer_a):
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": " AN.Nguyen@Example.com ", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")
    assert client.session["_auth_user_id"] == str(customer_a.pk)


def test_an_agent_lands_in_the_console(tech_agent):
    response = Client().post(reverse("accounts:login"), {"username": tech_agent.email, "password": PASSWORD})
    assert response["Location"] == reverse("console:home")


def test_it_follows_a_safe_next_and_ignores_another_site(customer_a):
    url = reverse("accounts:login")
    ok = Client().post(url, {"username": customer_a.email, "password": PASSWORD, "next": "/tickets/"})
    assert ok["Location"] == "/tickets/"
    evil = Client().post(url, {"username": customer_a.email, "password": PASSWORD, "next": "https://evil.example/"})
    assert evil["Location"] == reverse("portal:home")


def test_it_rejects_a_wrong_password_with_a_clear_message(customer_b):
    client = Client()
    client.cookies["hotro_language"] = "en"
    response = client.post(reverse("accounts:login"), {"username": customer_b.email, "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter a correct email address and password." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_signing_out_is_post_only(client_for, customer_a):
    client = client_for(customer_a)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_an_unverified_customer_can_sign_in_and_sees_the_banner(customer_b):
    customer_b.email_verified = False
    customer_b.save(update_fields=["email_verified"])
    client = Client()
    client.post(reverse("accounts:login"), {"username": customer_b.email, "password": PASSWORD})
    page = client.get(reverse("portal:home")).content.decode()
    assert "Please confirm your email address" in page
    assert reverse("accounts:resend_verification") in page


def test_a_verified_customer_sees_no_banner(client_for, customer_b):
    page = client_for(customer_b).get(reverse("portal:home")).content.decode()
    assert "Please confirm your email address" not in page


def test_resend_queues_a_new_link_once_a_minute(client_for, customer_b):
    customer_b.email_verified = False
    customer_b.save(update_fields=["email_verified"])
    client = client_for(customer_b)
    url = reverse("accounts:resend_verification")
    assert client.get(url).status_code == 405
    client.post(url, {"next": "/tickets/"})
    client.post(url)
    mails = rendered().filter(kind="accounts/verify_email", to=customer_b.email)
    assert mails.count() == 1
    assert mails.get().language == "en"


def test_resend_sends_nothing_to_a_verified_customer(client_for, customer_b):
    client_for(customer_b).post(reverse("accounts:resend_verification"))
    assert not rendered().exists()


def test_the_login_form_is_protected_against_csrf(customer_a):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": customer_a.email, "password": PASSWORD})
    assert response.status_code == 403

"""The sign-in audit trail: a row for each sign-in, failure, lockout, password change and sign-out (issue #14)."""

from __future__ import annotations

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from conftest import PASSWORD
from hotro.accounts.models import SignInEvent, SignInEventKind, User

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chromium/140"


def post_login(client: Client, email: str, password: str):
    return client.post(
        LOGIN, {"username": email, "password": password}, REMOTE_ADDR="198.51.100.7", HTTP_USER_AGENT=BROWSER
    )


def test_a_sign_in_is_recorded_with_the_address_and_browser(customer_a):
    post_login(Client(), customer_a.email, PASSWORD)
    event = SignInEvent.objects.get(event=SignInEventKind.SIGNED_IN)
    assert (event.user, event.username, event.ip_address, event.user_agent) == (
        customer_a,
        customer_a.email,
        "198.51.100.7",
        BROWSER,
    )


def test_a_wrong_password_is_recorded_for_the_account_or_the_address_tried(customer_a):
    post_login(Client(), customer_a.email.upper(), "wrong")
    post_login(Client(), "nobody@example.com", "wrong")
    known, unknown = SignInEvent.objects.filter(event=SignInEventKind.FAILED).order_by("id")
    assert known.user == customer_a and known.username == customer_a.email
    assert unknown.user is None and unknown.username == "nobody@example.com"


def test_a_lockout_is_recorded(tech_agent):
    client = Client()
    for _ in range(10):
        post_login(client, tech_agent.email, "wrong")
    post_login(client, tech_agent.email, PASSWORD)
    assert SignInEvent.objects.filter(event=SignInEventKind.FAILED, user=tech_agent).count() == 9
    assert SignInEvent.objects.filter(event=SignInEventKind.LOCKED_OUT, user=tech_agent).count() == 2
    assert not SignInEvent.objects.filter(event=SignInEventKind.SIGNED_IN).exists()


def test_signing_out_is_recorded(customer_a):
    client = Client()
    post_login(client, customer_a.email, PASSWORD)
    client.post(reverse("accounts:logout"))
    assert SignInEvent.objects.filter(event=SignInEventKind.SIGNED_OUT, user=customer_a).count() == 1


def test_a_password_reset_by_email_is_recorded(customer_a):
    client = Client()
    uid = urlsafe_base64_encode(force_bytes(customer_a.pk))
    token = default_token_generator.make_token(customer_a)
    form_url = client.get(reverse("accounts:password_reset_confirm", args=[uid, token]))["Location"]
    new = "another-horse-battery-77"
    response = client.post(form_url, {"new_password1": new, "new_password2": new}, REMOTE_ADDR="198.51.100.8")
    assert response.status_code == 302
    event = SignInEvent.objects.get(user=customer_a, event=SignInEventKind.PASSWORD_RESET)
    assert event.ip_address == "198.51.100.8"
    assert not SignInEvent.objects.filter(event=SignInEventKind.PASSWORD_CHANGED).exists()


def test_any_other_password_change_is_recorded_but_not_a_new_account(tech_agent):
    assert not SignInEvent.objects.exists()  # creating accounts changed no password
    user = User.objects.get(pk=tech_agent.pk)
    user.set_password("a-brand-new-secret-42")
    user.save()
    user.save()  # saving again changes nothing more
    assert SignInEvent.objects.filter(user=tech_agent, event=SignInEventKind.PASSWORD_CHANGED).count() == 1

"""Brute-force protection on every sign-in form (the security review's finding 1).

The attack: guess a password again and again. After ten failures within the window the
right password is refused too, no session is started, and the visitor is told to wait.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone

from conftest import PASSWORD

LOGIN = "/accounts/login/"


def sign_in(client: Client, email: str, password: str, address: str = "203.0.113.7"):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=address)


def test_ten_wrong_passwords_lock_the_account_and_the_right_one_is_refused(tech_agent, settings):
    settings.LANGUAGE_CODE = "en"
    client = Client()
    for _ in range(10):
        assert sign_in(client, tech_agent.email, "wrong-guess").status_code in (200, 429)
    refused = sign_in(client, tech_agent.email, PASSWORD)
    assert refused.status_code == 429
    assert "blocked for 15 minutes" in refused.content.decode()
    assert "sessionid" not in refused.cookies and "_auth_user_id" not in client.session
    # From another network too: the account itself is locked.
    assert sign_in(Client(), tech_agent.email.upper(), PASSWORD, address="198.51.100.2").status_code == 429


def test_the_lock_lasts_the_cool_off_time_then_the_right_password_works(tech_agent):
    client = Client()
    for _ in range(10):
        sign_in(client, tech_agent.email, "wrong-guess")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=6))
    assert sign_in(client, tech_agent.email, PASSWORD).status_code == 429  # still within the window
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    welcome = sign_in(client, tech_agent.email, PASSWORD)
    assert welcome.status_code == 302 and client.session.get("_auth_user_id") == str(tech_agent.pk)


def test_one_address_guessing_many_accounts_is_locked_out(tech_agent, customer_a):
    client = Client()
    for n in range(10):
        sign_in(client, f"nobody{n}@example.com", "guess", address="192.0.2.50")
    assert sign_in(client, customer_a.email, PASSWORD, address="192.0.2.50").status_code == 429
    assert sign_in(Client(), customer_a.email, PASSWORD, address="192.0.2.51").status_code == 302


def test_a_few_typos_do_not_lock_anyone_out(customer_a):
    client = Client()
    for _ in range(3):
        sign_in(client, customer_a.email, "typo")
    assert sign_in(client, customer_a.email, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_the_admin_sign_in_is_protected_too(admin_agent):
    client = Client()
    for _ in range(10):
        client.post("/admin/login/", {"username": admin_agent.email, "password": "wrong"}, REMOTE_ADDR="203.0.113.9")
    refused = client.post(
        "/admin/login/", {"username": admin_agent.email, "password": PASSWORD}, REMOTE_ADDR="203.0.113.9"
    )
    assert refused.status_code == 429 and "_auth_user_id" not in client.session

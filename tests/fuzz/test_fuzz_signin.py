"""/accounts/login/ under random posts: no 5xx, no account written, and no session unless the
right password for a real account was given (and the account is not locked out)."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from conftest import PASSWORD
from hotro.accounts.models import User

from .strategies import FUZZ, assert_local_redirect, assert_refusal_wrote_nothing, counts, form_data, text

URL = "/accounts/login/"
MODELS = (User,)

fields = form_data(
    {
        "username": st.sampled_from(["an.nguyen@example.com", "AN.NGUYEN@example.com", "kt1@cloudmini.example"]),
        "password": st.sampled_from([PASSWORD, "wrong-password"]),
        "next": st.sampled_from(["", "/tickets/", "/console/"]),
    },
    near={
        "username": st.sampled_from(["", "nobody@example.com", "a@b", "x" * 300]),
        "next": st.sampled_from(
            ["https://evil.example/", "//evil.example", "/\\evil.example", "javascript:alert(1)", "\\\\evil"]
        ),
        "password": text,
    },
)


@pytest.fixture
def accounts(customer_a, tech_agent):
    return customer_a, tech_agent


@FUZZ
@given(data=fields)
def test_sign_in_never_500_and_only_the_right_password_starts_a_session(accounts, data):
    AccessAttempt.objects.all().delete()  # the lockout has its own tests; here every example gets a fresh count
    client = Client()
    before = counts(MODELS)
    response = client.post(URL, data)
    assert_refusal_wrote_nothing(response, before, MODELS)
    assert counts(MODELS) == before
    assert_local_redirect(response)
    signed_in = "_auth_user_id" in client.session
    if signed_in:
        assert response.status_code == 302 and data.get("password") == PASSWORD

"""/accounts/signup/ under random posts: no 5xx; a refused sign-up makes no account, no contact, no mail."""

from __future__ import annotations

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from hotro.accounts.models import Contact, User
from hotro.core.models import OutboundMessage

from .strategies import FUZZ, assert_local_redirect, assert_refusal_wrote_nothing, counts, form_data, text

URL = "/accounts/signup/"
MODELS = (User, Contact, OutboundMessage)
PASSWORD = "a-long-unusual-passphrase-42"

fields = form_data(
    {
        "name": st.sampled_from(["Phạm Minh Châu", ""]),
        "email": st.sampled_from(["chau@example.com", "Chau@Example.com", "an.nguyen@example.com", "moi@x.vn"]),
        "password1": st.just(PASSWORD),
        "password2": st.just(PASSWORD),
        "language": st.sampled_from(["vi", "en"]),
    },
    near={
        "email": st.sampled_from(["a@localhost", "a@b", "@", "a" * 250 + "@example.com", "ä@example.com"]),
        "password1": st.sampled_from(["1234", "password", "chau@example.com", "x" * 5000]),
        "password2": text,
        "language": st.sampled_from(["fr", "", "VI"]),
        "name": st.just("x" * 201),
    },
)


@pytest.fixture
def existing(customer_a):
    return customer_a


@FUZZ
@given(data=fields)
def test_signup_never_500_and_a_refusal_writes_nothing(existing, data):
    client = Client()
    before = counts(MODELS)
    response = client.post(URL, data)
    assert_refusal_wrote_nothing(response, before, MODELS, refused=response.status_code != 302)
    assert_local_redirect(response)
    if response.status_code != 302:
        assert "_auth_user_id" not in client.session


def test_an_address_longer_than_the_column_is_a_form_error(existing):
    """Found by the fuzzing above on PostgreSQL: the form took up to 320 characters, the column 254, a 500."""
    data = {"email": "a" * 250 + "@example.com", "password1": PASSWORD, "password2": PASSWORD, "language": "vi"}
    response = Client().post(URL, data)
    assert response.status_code == 200
    assert [error.code for error in response.context["form"].errors.as_data()["email"]] == ["max_length"]
    assert not User.objects.filter(email__startswith="aaaa").exists()

"""Confirming the email address: the emailed link (/accounts/verify/<token>/) with forged tokens,
and asking for the link again (/accounts/verify/resend/) with random posts.

No 5xx; a forged link verifies nobody and makes no contact; a resend never redirects off the desk.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from conftest import PASSWORD
from hotro.accounts import verification
from hotro.accounts.models import Contact, User
from hotro.accounts.services import register_customer
from hotro.core.models import OutboundMessage

from .strategies import FUZZ, assert_local_redirect, assert_refusal_wrote_nothing, counts, form_data, text

MODELS = (Contact, OutboundMessage)


@pytest.fixture
def unverified(db):
    return register_customer("moi@example.com", PASSWORD, name="Mới")


@st.composite
def forged(draw: st.DrawFn, token: str) -> str:
    if draw(st.booleans()):
        return draw(text.filter(bool))
    chars = list(token)
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(chars) - 1))
        chars[at : at + 1] = draw(st.sampled_from([[], ["A"], [":"], ["\x00"]]))
    return "".join(chars) or "x"


@FUZZ
@given(data=st.data(), method=st.sampled_from(["get", "post"]))
def test_forged_verification_links_never_500_and_verify_nobody(unverified, data, method):
    token = data.draw(forged(verification.verification_token(unverified)))
    before = counts(MODELS)
    response = getattr(Client(), method)(f"/accounts/verify/{quote(token, safe='')}/")
    if response.status_code == 302:  # the genuine link, unchanged by the draw
        return
    assert_refusal_wrote_nothing(response, before, MODELS, refused=True)
    assert not User.objects.filter(email_verified=True, pk=unverified.pk).exists()


@FUZZ
@given(
    data=form_data(
        {"next": st.sampled_from(["", "/tickets/", "/accounts/profile/"])},
        near={"next": st.sampled_from(["https://evil.example/", "//evil.example", "/\\evil", "javascript:x"])},
    ),
    query=st.sampled_from(["", "?next=//evil.example", "?next=https://evil.example"]),
)
def test_resending_the_link_never_500_and_never_redirects_away(unverified, client_for, data, query):
    client = client_for(unverified)
    before = counts(MODELS)
    response = client.post(f"/accounts/verify/resend/{query}", data)
    assert_refusal_wrote_nothing(response, before, MODELS)
    assert_local_redirect(response)


def test_a_next_that_is_no_url_is_followed_as_one_not_a_500(unverified, client_for):
    """Found by the fuzzing above: ``next=a b`` (no slash, no dot) made ``redirect()`` look for a view
    named "a b" and fail with NoReverseMatch, a 500."""
    response = client_for(unverified).post("/accounts/verify/resend/", {"next": "a b"})
    assert response.status_code == 302
    assert response["Location"] == "a%20b"  # relative to the page it came from: still the desk

"""The language switch (/accounts/language/ and Django's /i18n/setlang/), a form on every page:
no 5xx, never a redirect off the desk, and a signed-in person's account keeps only a real language."""

from __future__ import annotations

from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from hotro.accounts.models import User

from .strategies import FUZZ, assert_local_redirect, assert_refusal_wrote_nothing, form_data, text

fields = form_data(
    {"language": st.sampled_from(["vi", "en"]), "next": st.sampled_from(["", "/", "/tickets/new/"])},
    near={
        "language": st.sampled_from(["fr", "", "EN", "vi-VN", "en\x00"]),
        "next": st.one_of(
            st.sampled_from(["https://evil.example/", "//evil.example", "/\\evil", "javascript:x"]), text
        ),
    },
)


@FUZZ
@given(data=fields, url=st.sampled_from(["/accounts/language/", "/i18n/setlang/"]), signed_in=st.booleans())
def test_switching_language_never_500_and_never_redirects_away(customer_a, client_for, data, url, signed_in):
    client = client_for(customer_a) if signed_in else Client()
    response = client.post(url, data)
    assert_refusal_wrote_nothing(response, {}, (), refused=False)
    assert_local_redirect(response)
    assert User.objects.get(pk=customer_a.pk).language in ("vi", "en")

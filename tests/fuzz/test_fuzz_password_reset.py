"""The password reset forms: asking for the mail (/accounts/password/reset/) and the emailed link's
page (/accounts/password/reset/<uidb64>/<token>/), under random posts and forged links.

No 5xx; a refused ask queues no mail; a forged link changes no password.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from hypothesis import given
from hypothesis import strategies as st

from conftest import PASSWORD
from hotro.accounts.models import User
from hotro.core.models import OutboundMessage

from .strategies import FUZZ, assert_local_redirect, assert_refusal_wrote_nothing, counts, form_data, short_text, text

URL = "/accounts/password/reset/"
MODELS = (User, OutboundMessage)
NEW = "another-long-passphrase-77"


@pytest.fixture
def customer(customer_b):
    return customer_b


ask = form_data(
    {"email": st.sampled_from(["binh.tran@example.com", "Binh.Tran@Example.com", "nobody@example.com"])},
    near={"email": st.sampled_from(["a@localhost", "a@b", "x" * 300 + "@example.com"])},
)


@FUZZ
@given(data=ask)
def test_asking_for_a_reset_never_500_and_a_refusal_queues_nothing(customer, data):
    before = counts(MODELS)
    response = Client().post(URL, data)
    assert_refusal_wrote_nothing(response, before, MODELS, refused=response.status_code != 302)
    assert_local_redirect(response)


@FUZZ
@given(
    uid=st.one_of(short_text, st.sampled_from(["MQ", "AA", "-1", "OTk5OTk5OTk5OTk5OTk5OTk5OTk5"])),
    token=st.one_of(short_text, st.sampled_from(["set-password", "abc-123", "x" * 200])),
    data=form_data({"new_password1": st.just(NEW), "new_password2": st.just(NEW)}, near={"new_password2": text}),
)
def test_forged_reset_links_never_500_and_change_no_password(customer, uid, token, data):
    client = Client()
    url = f"{URL}{quote(uid, safe='') or 'x'}/{quote(token, safe='') or 'x'}/"
    for response in (client.get(url), client.post(url, data)):
        assert_refusal_wrote_nothing(response, {}, (), refused=False)
        assert_local_redirect(response)
    customer.refresh_from_db()
    assert customer.check_password(PASSWORD)


@FUZZ
@given(data=form_data({"new_password1": st.just(NEW), "new_password2": st.just(NEW)}, near={"new_password1": text}))
def test_the_real_link_with_random_passwords_never_500(customer, data):
    customer.set_password(PASSWORD)  # an earlier example may have changed it, as it was allowed to
    customer.save(update_fields=["password"])
    client = Client()
    uid = urlsafe_base64_encode(force_bytes(customer.pk))
    page = client.get(f"{URL}{uid}/{default_token_generator.make_token(customer)}/", follow=True)
    assert page.status_code == 200
    response = client.post(page.redirect_chain[-1][0], data)
    assert_refusal_wrote_nothing(response, {}, (), refused=False)
    customer.refresh_from_db()
    if response.status_code != 302:
        assert customer.check_password(PASSWORD)

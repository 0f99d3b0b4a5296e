"""/hooks/catalog/instances/ (the billing system's upsert) under random records and bodies.

Signed (the right bearer token) so records reach the validation, and unsigned; a refused record
writes nothing: no instance, and no contact made on the way for an account that had none.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from conftest import PASSWORD
from hotro.accounts.models import Contact, ContactIdentity
from hotro.accounts.services import register_customer
from hotro.catalog.models import Instance

from .strategies import FUZZ, assert_refusal_wrote_nothing, counts, json_value, post_raw, raw_body, short_text, text

URL = "/hooks/catalog/instances/"
TOKEN = "fuzz-catalog-token"
MODELS = (Instance, Contact, ContactIdentity)
# A customer with an account who never wrote: the endpoint makes their contact when a record names them.
NEVER_WROTE = "chua.viet@example.com"


@pytest.fixture
def catalog_hook(settings, provider_defaults, customer_a):
    settings.HOTRO_CATALOG_TOKEN = TOKEN
    register_customer(NEVER_WROTE, PASSWORD, name="Chưa Viết")


VALID = {
    "external_id": "VPS-1",
    "customer_email": "an.nguyen@example.com",
    "product": "cloud-vps",
    "label": "Máy chủ web",
    "hostname": "web1.example.vn",
    "ip": "103.9.9.9",
    "region": "HN1",
    "status": "active",
    "start_date": "2025-01-01",
    "end_date": "2026-01-01",
}
PLAUSIBLE = {
    "external_id": ["VPS-2", "a" * 101, "bad id!"],
    "customer_email": [NEVER_WROTE, "AN.NGUYEN@example.com", "nobody@x.vn"],
    "product": ["hosting", "domain", "nope"],
    "hostname": ["-bad-.vn", "x" * 254],
    "ip": ["::1, 10.0.0.1; 2001:db8::1", "999.1.1.1", "1.2.3.4 " * 200],
    "status": ["suspended", "cancelled", "ACTIVE", "gone"],
    "start_date": ["0001-01-01", "9999-12-31", "2025-02-30"],
    "end_date": ["2024-01-01", "2025-13-01"],
}


@st.composite
def record(draw: st.DrawFn) -> dict[str, object]:
    """A valid record with a few fields dropped or replaced (by a near miss, any text or any JSON), plus strays."""
    result: dict[str, object] = dict(VALID)
    for name in draw(st.lists(st.sampled_from(sorted(VALID)), max_size=3, unique=True)):
        choice = draw(st.sampled_from(["drop", "near", "text", "json"]))
        if choice == "drop":
            del result[name]
        elif choice == "near" and name in PLAUSIBLE:
            result[name] = draw(st.sampled_from(PLAUSIBLE[name]))
        else:
            result[name] = draw(text if choice != "json" else json_value)
    result.update(draw(st.dictionaries(short_text.filter(lambda key: key not in VALID), json_value, max_size=2)))
    return result


@FUZZ
@given(body=st.one_of(record().map(json.dumps), json_value.map(json.dumps)))
def test_signed_records_never_500_and_a_refused_one_writes_nothing(catalog_hook, body):
    before = counts(MODELS)
    response = Client().post(URL, body, content_type="application/json", headers={"Authorization": f"Bearer {TOKEN}"})
    assert_refusal_wrote_nothing(response, before, MODELS)
    assert response.status_code in (200, 201, 400), response.content[:200]


@FUZZ
@given(body=raw_body(), authorization=st.one_of(st.none(), short_text, st.just(f"Bearer {TOKEN}")))
def test_any_body_with_any_authorization_never_500(catalog_hook, body, authorization):
    data, content_type = body
    headers = {"Authorization": authorization} if authorization is not None else {}
    before = counts(MODELS)
    response = post_raw(Client(), URL, data, content_type, headers=headers)
    assert_refusal_wrote_nothing(response, before, MODELS)


def test_a_refused_record_for_an_account_without_a_contact_makes_no_contact(catalog_hook):
    """Found by the fuzzing above: the record's customer got a contact even though the record
    was refused (unknown product), because the contact was made before validation ended."""
    before = counts(MODELS)
    body = {"external_id": "VPS-9", "customer_email": NEVER_WROTE, "product": "nope"}
    response = Client().post(
        URL, json.dumps(body), content_type="application/json", headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert response.status_code == 400
    assert counts(MODELS) == before


def test_json_nested_too_deep_is_a_400(catalog_hook):
    """Found by the fuzzing above: ``[[[[…`` two thousand deep made ``json.loads`` raise RecursionError, a 500."""
    response = post_raw(Client(), URL, b"[" * 2000, "application/json", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 400
    assert Instance.objects.count() == 0


def test_a_nul_character_in_a_field_is_a_400(catalog_hook):
    """Found by the fuzzing above on PostgreSQL, which refuses NUL in text: a label with one was a 500."""
    body = {**VALID, "label": "web\x00"}
    response = Client().post(
        URL, json.dumps(body), content_type="application/json", headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert response.status_code == 400
    assert response.json()["error"]
    assert Instance.objects.count() == 0

"""The billing system's upsert endpoint: bearer token, JSON, idempotent."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from hotro.catalog.models import Instance

URL = "/hooks/catalog/instances/"
TOKEN = "s3cret-token-for-billing"
RECORD = {
    "external_id": "VPS-42",
    "customer_email": "an.nguyen@example.com",
    "product": "cloud-vps",
    "label": "Máy chủ web",
    "hostname": "web42.example.vn",
    "ip": "103.9.9.9",
    "region": "HN1",
    "status": "active",
    "start_date": "2025-01-01",
}


@pytest.fixture
def configured(settings, provider_defaults, customer_a):
    settings.HOTRO_CATALOG_TOKEN = TOKEN


def post(body, token: str | None = TOKEN, raw: bool = False):
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    data = body if raw else json.dumps(body)
    return Client().post(URL, data=data, content_type="application/json", headers=headers)


def test_it_is_a_404_while_no_token_is_configured(db):
    assert post(RECORD).status_code == 404


def test_it_asks_for_a_bearer_token(configured):
    response = post(RECORD, token=None)
    assert response.status_code == 401
    assert "Bearer" in response["WWW-Authenticate"]
    assert Instance.objects.count() == 0


def test_it_refuses_a_wrong_token(configured):
    response = post(RECORD, token="s3cret-token-for-billinG")
    assert response.status_code == 403
    assert response.json()["error"]
    assert Instance.objects.count() == 0


def test_a_customer_session_is_no_token(configured, customer_a, client_for):
    response = client_for(customer_a).post(URL, data=json.dumps(RECORD), content_type="application/json")
    assert response.status_code == 401


def test_it_creates_then_finds_nothing_to_change(configured):
    first = post(RECORD)
    assert first.status_code == 201
    assert first.json() == {"external_id": "VPS-42", "result": "created"}
    again = post(RECORD)
    assert again.status_code == 200
    assert again.json()["result"] == "unchanged"
    changed = post({**RECORD, "status": "suspended"})
    assert changed.json()["result"] == "updated"
    assert Instance.objects.get().status == "suspended"


@pytest.mark.parametrize(
    ("body", "raw", "says"),
    [
        ("{not json", True, "not JSON"),
        ([RECORD], False, "one JSON object"),
        ({**RECORD, "product": "spaceship"}, False, "Unknown product"),
        ({**RECORD, "customer_email": "ghost@example.com"}, False, "Unknown customer"),
        ({**RECORD, "ip": "999.1.1.1"}, False, "Not an IP address"),
        ({**RECORD, "status": 3}, False, "must be text"),
    ],
)
def test_bad_bodies_are_a_400_that_says_why(configured, body, raw, says):
    response = post(body, raw=raw)
    assert response.status_code == 400
    assert says in response.json()["error"]
    assert Instance.objects.count() == 0


def test_get_is_not_allowed(configured):
    assert Client().get(URL, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 405

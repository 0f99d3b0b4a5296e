"""/api/v1/services/: the catalogue's upsert behind the API's tokens (scope ``services``), and a customer's services."""

from __future__ import annotations

from django.test import Client

from hotro.api.tests.conftest import ApiClient
from hotro.catalog.models import Instance

RECORD = {
    "external_id": "VPS-42",
    "customer_email": "an.nguyen@example.com",
    "product": "cloud-vps",
    "label": "Máy chủ web",
    "hostname": "web42.example.vn",
    "ip": "103.9.9.9, 103.9.9.10",
    "region": "HN1",
    "status": "active",
    "start_date": "2025-01-01",
}


def test_without_a_token_or_with_a_wrong_one_it_is_a_401(provider_defaults, customer_a):
    anonymous = Client().post("/api/v1/services/", RECORD, content_type="application/json")
    assert anonymous.status_code == 401 and anonymous["WWW-Authenticate"].startswith("Bearer")
    assert ApiClient("hotro_nothing_wrongsecret").post("/services/", RECORD).status_code == 401
    assert ApiClient("hotro_nothing_wrongsecret").get("/services/", email=customer_a.email).status_code == 401
    assert ApiClient("hotro_nothing_wrongsecret").get("/services/1").status_code == 401
    assert not Instance.objects.exists()


def test_a_token_without_the_services_scope_is_a_403(api_as, tech_agent, customer_a):
    api = api_as(tech_agent, ["tickets:read", "tickets:write", "contacts"])
    response = api.post("/services/", RECORD)
    assert response.status_code == 403 and response.json()["code"] == "insufficient_scope"
    assert api.get("/services/", email=customer_a.email).status_code == 403
    assert api.get("/services/1").status_code == 403
    assert not Instance.objects.exists()


def test_the_upsert_creates_then_changes_nothing_then_updates(api_as, tech_agent, customer_a):
    api = api_as(tech_agent, ["services"])
    created = api.post("/services/", RECORD)
    assert created.status_code == 201
    body = created.json()
    assert body["result"] == "created"
    assert body["ip_addresses"] == ["103.9.9.9", "103.9.9.10"]
    assert (body["customer_email"], body["product"], body["start_date"]) == (
        customer_a.email,
        "cloud-vps",
        "2025-01-01",
    )

    again = api.post("/services/", RECORD)
    assert (again.status_code, again.json()["result"]) == (200, "unchanged")
    updated = api.post("/services/", {**RECORD, "status": "suspended"})
    assert (updated.status_code, updated.json()["result"], updated.json()["status"]) == (200, "updated", "suspended")
    assert Instance.objects.count() == 1


def test_the_catalogues_rules_refuse_a_bad_record_with_a_422_naming_the_field(api_as, tech_agent, customer_a):
    api = api_as(tech_agent, ["services"])
    for record, field in (
        ({**RECORD, "customer_email": "nobody@example.com"}, "customer_email"),
        ({**RECORD, "product": "no-such-product"}, "product"),
        ({**RECORD, "ip": "999.1.1.1"}, "ip"),
        ({**RECORD, "start_date": "2025-02-30"}, "start_date"),
        ({**RECORD, "label": "nul\x00byte"}, "label"),
    ):
        response = api.post("/services/", record)
        assert response.status_code == 422, record
        assert response["Content-Type"] == "application/problem+json"
        assert field in [e["field"] for e in response.json()["errors"]], response.json()
    assert not Instance.objects.exists()


def test_an_idempotency_key_replays_the_first_answer(api_as, tech_agent, customer_a):
    api = api_as(tech_agent, ["services"])
    first = api.post("/services/", RECORD, key="billing-sync-1")
    replay = api.post("/services/", RECORD, key="billing-sync-1")
    assert (first.status_code, replay.status_code) == (201, 201)  # the first answer again, not "unchanged"
    assert replay.json() == first.json() and replay["Idempotent-Replayed"] == "true"
    other_body = api.post("/services/", {**RECORD, "label": "Khác"}, key="billing-sync-1")
    assert other_body.status_code == 422 and other_body.json()["code"] == "idempotency_key_reused"
    assert Instance.objects.get().label == "Máy chủ web"


def test_a_customers_services_are_listed_and_read(api_as, tech_agent, customer_a, customer_b):
    api = api_as(tech_agent, ["services"])
    mine = api.post("/services/", RECORD).json()
    api.post("/services/", {**RECORD, "external_id": "VPS-43", "status": "cancelled", "ip": ""})
    api.post("/services/", {**RECORD, "external_id": "B-1", "customer_email": customer_b.email})

    by_contact = api.get("/services/", contact=mine["contact_id"])
    assert by_contact.status_code == 200
    assert [s["external_id"] for s in by_contact.json()] == ["VPS-42", "VPS-43"]  # every status
    assert [s["external_id"] for s in api.get("/services/", email="AN.NGUYEN@example.com").json()] == [
        "VPS-42",
        "VPS-43",
    ]
    assert [s["id"] for s in api.get("/services/", external_id="B-1").json()] != [mine["id"]]
    assert api.get("/services/", email="stranger@example.com").json() == []

    one = api.get(f"/services/{mine['id']}")
    assert one.status_code == 200 and one.json()["hostname"] == "web42.example.vn"
    assert api.get("/services/999999").status_code == 404
    assert api.get(f"/services/{2**64}").status_code == 422  # beyond a database id: refused, not an overflow


def test_the_list_needs_exactly_one_filter(api_as, tech_agent, customer_a):
    api = api_as(tech_agent, ["services"])
    assert api.get("/services/").status_code == 422
    assert api.get("/services/", email=customer_a.email, external_id="VPS-42").status_code == 422
    assert api.get("/services/", email="not an address").status_code == 422

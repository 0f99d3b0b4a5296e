"""The console's API tokens page and the staff-only API docs."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from hotro.api.models import ApiToken
from hotro.api.tests.conftest import ApiClient

pytestmark = pytest.mark.django_db


def test_an_agent_creates_a_token_and_sees_its_secret_once(client_for, tech_agent):
    client = client_for(tech_agent)
    response = client.post("/console/api-tokens/", {"name": "my script", "scopes": ["tickets:read"]})
    assert response.status_code == 200
    secret = re.search(r'id="token-secret">([^<]+)<', response.content.decode()).group(1)
    assert ApiClient(secret).get("/tickets/").status_code == 200
    assert secret not in client.get("/console/api-tokens/").content.decode()
    token = ApiToken.objects.get()
    assert token.user == tech_agent and token.kind == "personal"


def test_agents_cannot_make_integration_tokens(client_for, tech_agent):
    client_for(tech_agent).post(
        "/console/api-tokens/", {"name": "x", "scopes": ["admin"], "kind": "integration", "all_departments": "on"}
    )
    assert ApiToken.objects.get().kind == "personal"


def test_an_administrator_makes_an_integration_token(client_for, admin_agent, sales):
    client_for(admin_agent).post(
        "/console/api-tokens/",
        {"name": "billing", "scopes": ["tickets:read"], "kind": "integration", "departments": [sales.pk]},
    )
    token = ApiToken.objects.get()
    assert token.kind == "integration" and list(token.departments.all()) == [sales]


def test_only_the_owner_revokes(client_for, make_token, tech_agent, tech_agent_2):
    token, secret = make_token(tech_agent)
    assert client_for(tech_agent_2).post(f"/console/api-tokens/{token.pk}/revoke/").status_code == 404
    assert ApiClient(secret).get("/tickets/").status_code == 200
    client_for(tech_agent).post(f"/console/api-tokens/{token.pk}/revoke/")
    assert ApiClient(secret).get("/tickets/").status_code == 401


def test_tokens_page_and_docs_are_for_agents(client_for, customer_a, tech_agent):
    for url in ("/console/api-tokens/", "/api/v1/docs/"):
        assert Client().get(url).status_code == 302
        assert client_for(customer_a).get(url).status_code == 404
        assert client_for(tech_agent).get(url).status_code == 200


def test_the_schema_is_served(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/tickets/" in schema["paths"]
    post = schema["paths"]["/api/v1/tickets/"]["post"]
    assert any(p["name"] == "Idempotency-Key" for p in post["parameters"])
    assert "application/problem+json" in post["responses"]["422"]["content"]


@pytest.mark.parametrize("expires", ["0001-01-01", "9999-12-31"])
def test_an_expiry_date_out_of_range_is_a_form_error_not_a_crash(client_for, tech_agent, expires):
    """Security review finding 8: the end of such a day overflows when made aware (a 500)."""
    response = client_for(tech_agent).post(
        "/console/api-tokens/", {"name": "x", "scopes": ["tickets:read"], "expires_at": expires}
    )
    assert response.status_code == 200 and "expires_at" in response.context["form"].errors
    assert not ApiToken.objects.exists()

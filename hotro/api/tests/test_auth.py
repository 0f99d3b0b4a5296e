"""Bearer tokens: who gets in, what scopes allow, rate limits, and the one error format."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from hotro.api import tokens
from hotro.api.models import ApiToken
from hotro.api.tests.conftest import ApiClient

pytestmark = pytest.mark.django_db


def assert_problem(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["code"] == code and body["type"] == f"urn:hotro:problem:{code}"
    assert body["title"] and body["detail"]
    return body


def test_it_refuses_a_request_without_a_token_as_a_problem():
    response = Client().get("/api/v1/tickets/")
    assert_problem(response, 401, "unauthenticated")
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("value", ["Bearer nonsense", "Bearer hotro_abc_def", "Basic dXNlcjpwYXNz", "hotro_x"])
def test_it_refuses_garbage_tokens(value):
    assert_problem(Client().get("/api/v1/tickets/", headers={"Authorization": value}), 401, "unauthenticated")


def test_a_revoked_token_stops_at_once(make_token, tech_agent):
    token, secret = make_token(tech_agent)
    assert ApiClient(secret).get("/tickets/").status_code == 200
    tokens.revoke(token, tech_agent)
    assert_problem(ApiClient(secret).get("/tickets/"), 401, "unauthenticated")


def test_an_expired_token_is_refused(make_token, tech_agent):
    token, secret = make_token(tech_agent)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert_problem(ApiClient(secret).get("/tickets/"), 401, "unauthenticated")


def test_a_deactivated_agents_tokens_stop_with_them(make_token, tech_agent):
    _token, secret = make_token(tech_agent)
    tech_agent.agent.active = False
    tech_agent.agent.save(update_fields=["active"])
    assert_problem(ApiClient(secret).get("/tickets/"), 401, "unauthenticated")


def test_only_agents_get_tokens(customer_a):
    with pytest.raises(tokens.TokenError):
        tokens.create_token(name="mine", user=customer_a, scopes=["tickets:read"])


def test_unknown_scopes_are_refused(tech_agent):
    with pytest.raises(tokens.TokenError):
        tokens.create_token(name="typo", user=tech_agent, scopes=["tickets:raed"])


def test_the_secret_is_stored_hashed(make_token, tech_agent):
    token, secret = make_token(tech_agent)
    token.refresh_from_db()
    assert secret not in (token.token_hash, token.prefix) and len(token.token_hash) == 64


def test_last_use_is_recorded(make_token, tech_agent):
    token, secret = make_token(tech_agent)
    ApiClient(secret).get("/tickets/")
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize(
    ("path", "method", "scope_needed"),
    [
        ("/tickets/", "get", "tickets:read"),
        ("/tickets/", "post", "tickets:write"),
        ("/contacts/?email=an.nguyen@example.com", "get", "contacts"),
        ("/contacts/", "post", "contacts"),
    ],
)
def test_each_endpoint_needs_its_scope(api_as, tech_agent, contact_a, path, method, scope_needed):
    others = [s for s in ["tickets:read", "tickets:write", "contacts", "services", "admin"] if s != scope_needed]
    api = api_as(tech_agent, others)
    body = {"requester": {"email": "a@example.com"}, "department": "technical", "subject": "s", "body": "b"}
    response = (
        api.get(path)
        if method == "get"
        else api.post(path, body if path == "/tickets/" else {"email": "z@example.com"})
    )
    assert_problem(response, 403, "insufficient_scope")


def test_ticket_actions_need_the_write_scope(api_as, tech_agent, contact_a, make_ticket):
    ticket = make_ticket(contact_a)
    api = api_as(tech_agent, ["tickets:read"])
    for path, body in [
        ("replies", {"body": "x"}),
        ("notes", {"body": "x"}),
        ("status", {"status": "pending"}),
        ("priority", {"priority": "high"}),
        ("assign", {"assignee": None}),
        ("transfer", {"department": "sales"}),
    ]:
        assert_problem(api.post(f"/tickets/{ticket.number}/{path}", body), 403, "insufficient_scope")
    assert ticket.messages.count() == 1


def test_a_token_past_its_rate_limit_waits(api_as, tech_agent, settings):
    settings.HOTRO_API_RATE_LIMIT = 3
    api = api_as(tech_agent)
    assert [api.get("/tickets/").status_code for _ in range(3)] == [200, 200, 200]
    response = api.get("/tickets/")
    assert_problem(response, 429, "rate_limited")
    assert 1 <= int(response["Retry-After"]) <= 61


def test_rate_limits_are_per_token(api_as, tech_agent, settings):
    settings.HOTRO_API_RATE_LIMIT = 1
    first, second = api_as(tech_agent), api_as(tech_agent)
    assert first.get("/tickets/").status_code == 200
    assert first.get("/tickets/").status_code == 429
    assert second.get("/tickets/").status_code == 200


def test_invalid_json_is_a_problem_with_field_errors(api_as, tech_agent):
    api = api_as(tech_agent)
    body = assert_problem(api.post("/tickets/", {"department": 3}), 422, "validation_error")
    assert {e["field"] for e in body["errors"]} >= {"department", "subject", "body"}
    raw = api.client.post("/api/v1/tickets/", "{not json", content_type="application/json", headers=api.headers)
    assert_problem(raw, 400, "malformed_request")


def test_the_command_prints_the_token_alone_on_its_last_line(tech_agent, contact_a, make_ticket, capsys):
    ticket = make_ticket(contact_a)
    call_command(
        "create_api_token", "--name", "ci", "--agent", tech_agent.email, "--scopes", "tickets:read,tickets:write"
    )
    secret = capsys.readouterr().out.strip().splitlines()[-1]
    response = ApiClient(secret).get("/tickets/")
    assert response.status_code == 200 and [t["number"] for t in response.json()["items"]] == [ticket.number]


def test_the_command_makes_integration_tokens_bound_to_departments(admin_agent, sales, capsys):
    call_command(
        "create_api_token",
        "--name",
        "billing",
        "--agent",
        admin_agent.email,
        "--scopes",
        "tickets:read",
        "--integration",
        "--departments",
        "sales",
    )
    token = ApiToken.objects.get(name="billing")
    assert token.kind == "integration" and not token.all_departments
    assert list(token.departments.all()) == [sales]

"""API test helpers: tokens for the shared personas, and a client that sends them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from hotro.api import tokens
from hotro.api.models import TokenKind

ALL_SCOPES = ["tickets:read", "tickets:write", "contacts", "services", "admin"]


class ApiClient:
    """Django's test client with the bearer token and JSON bodies filled in."""

    def __init__(self, secret: str) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {secret}"}

    def get(self, path: str, **params: Any):
        return self.client.get(f"/api/v1{path}", params, headers=self.headers)

    def post(self, path: str, data: Any = None, *, key: str | None = None):
        headers = dict(self.headers)
        if key is not None:
            headers["Idempotency-Key"] = key
        return self.client.post(f"/api/v1{path}", data or {}, content_type="application/json", headers=headers)


@pytest.fixture
def make_token() -> Callable[..., tuple[Any, str]]:
    def make(user, scopes=("tickets:read",), **kwargs: Any):
        created = tokens.create_token(name="test", user=user, scopes=scopes, **kwargs)
        return created.token, created.secret

    return make


@pytest.fixture
def api_as(make_token) -> Callable[..., ApiClient]:
    """``api_as(user, scopes, kind=…, departments=…)``: a client whose token acts as ``user``."""

    def make(user, scopes=ALL_SCOPES, **kwargs: Any) -> ApiClient:
        _token, secret = make_token(user, scopes, **kwargs)
        return ApiClient(secret)

    return make


@pytest.fixture
def integration(api_as, admin_agent) -> Callable[..., ApiClient]:
    """An integration token acting as the administrator, bound to ``departments``."""

    def make(departments, scopes=ALL_SCOPES) -> ApiClient:
        return api_as(admin_agent, scopes, kind=TokenKind.INTEGRATION, departments=departments)

    return make

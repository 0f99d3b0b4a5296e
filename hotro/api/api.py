"""The REST API, version 1: authentication, the error format, and the OpenAPI document.

Endpoints live in ``endpoints/`` (thin: parse, call ``tickets``/``directory``, answer). This module
makes every failure a problem-details answer (RFC 9457) and rewrites the generated document so
that it says so: error responses are ``application/problem+json`` and POSTs accept
``Idempotency-Key``. Clients and the schemathesis run in the tests read that document.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.security import HttpBearer

from hotro.api import ratelimit, tokens
from hotro.api.models import ApiToken
from hotro.api.problems import PROBLEM_CONTENT_TYPE, ApiProblem, FieldError, from_desk_error, problem_response
from hotro.desk.services import DeskError

DESCRIPTION = """
The Hotro helpdesk's REST API. Authenticate with `Authorization: Bearer <token>`; tokens are made
on the console's **API tokens** page or with `manage.py create_api_token`. Every error is an RFC 9457
problem (`application/problem+json`). POSTs accept an `Idempotency-Key` header. See docs/api.md.
"""


class TokenAuth(HttpBearer):
    """A bearer token from ``hotro.api.tokens``; each request also counts against the token's rate limit."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = tokens.authenticate(token)
        if found is not None:
            ratelimit.check(found)
        return found


class HotroApi(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema.get("paths", {}).values():
            for method, operation in operations.items():
                _document_operation(method, operation)
        return schema


IDEMPOTENCY_PARAMETER = {
    "in": "header",
    "name": "Idempotency-Key",
    "required": False,
    "description": "A key of your choice (1-255 printable characters): a retry with the same key and body gets "
    "the first answer and changes nothing twice; the same key with another body is refused (422).",
    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[\\x20-\\x7e]+$"},
}
RETRY_AFTER_HEADER = {"Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}}}


def _document_operation(method: str, operation: dict[str, Any]) -> None:
    for status, response in operation.get("responses", {}).items():
        if int(status) >= 400 and "content" in response:
            response["content"] = {PROBLEM_CONTENT_TYPE: response["content"]["application/json"]}
        if int(status) == 429:
            response["headers"] = RETRY_AFTER_HEADER
    if method == "post":
        operation.setdefault("parameters", []).append(IDEMPOTENCY_PARAMETER)


api = HotroApi(
    title="Hotro API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=TokenAuth(),
    docs_url=None,  # the browsable page is for signed-in staff: hotro.api.views.docs
)


def token_of(request: HttpRequest) -> ApiToken:
    token = getattr(request, "auth", None)
    assert isinstance(token, ApiToken)  # every endpoint requires TokenAuth
    return token


@api.exception_handler(ApiProblem)
def _api_problem(request: HttpRequest, exc: ApiProblem) -> HttpResponse:
    return problem_response(exc)


@api.exception_handler(DeskError)
def _desk_error(request: HttpRequest, exc: DeskError) -> HttpResponse:
    return problem_response(from_desk_error(exc))


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    problem = ApiProblem(
        401,
        "unauthenticated",
        _("A valid bearer token is required (Authorization: Bearer …)."),
        headers={"WWW-Authenticate": 'Bearer realm="hotro"'},
    )
    return problem_response(problem)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        FieldError(
            ".".join(str(part) for part in error.get("loc", ()) if part not in ("body", "data", "query", "path"))
            or "body",
            str(error.get("msg", "")),
            str(error.get("type", "invalid")),
        )
        for error in exc.errors
    ]
    return problem_response(ApiProblem(422, "validation_error", _("The request is not valid."), errors))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem_response(ApiProblem(404, "not_found", _("No such resource.")))


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    code = "malformed_request" if exc.status_code == 400 else "http_error"  # ninja: a body that is not JSON
    return problem_response(ApiProblem(exc.status_code, code, str(exc)))


def _register() -> None:
    from hotro.api.endpoints import contacts, departments, services, tickets

    api.add_router("/tickets", tickets.router)
    api.add_router("/contacts", contacts.router)
    api.add_router("/departments", departments.router)
    api.add_router("/services", services.router)


_register()

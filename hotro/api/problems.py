"""One error format for every API answer that is not a success: RFC 9457 problem details.

Clients handle one shape whatever went wrong (a missing token, a refused scope, an unknown
ticket, a desk rule, bad JSON, too many requests): ``type``, ``title``, ``status``, ``detail``,
our ``code``, and ``errors`` (one per field) when the input was at fault.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

from django.http import HttpResponse, JsonResponse

from hotro.desk.services import DeskError

PROBLEM_CONTENT_TYPE = "application/problem+json"


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str
    code: str = "invalid"


@dataclass
class ApiProblem(Exception):
    """Raised anywhere under an endpoint; the API turns it into a problem response."""

    status: int
    code: str
    detail: str = ""
    errors: Sequence[FieldError] = ()
    headers: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.status} {self.code}: {self.detail}"


def problem_body(status: int, code: str, detail: str = "", errors: Sequence[FieldError] = ()) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": f"urn:hotro:problem:{code}",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail or HTTPStatus(status).description,
        "code": code,
    }
    if errors:
        body["errors"] = [{"field": e.field, "message": e.message, "code": e.code} for e in errors]
    return body


def problem_response(problem: ApiProblem) -> HttpResponse:
    response = JsonResponse(
        problem_body(problem.status, problem.code, problem.detail, problem.errors),
        status=problem.status,
        content_type=PROBLEM_CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )
    for name, value in problem.headers.items():
        response[name] = value
    return response


def from_desk_error(error: DeskError) -> ApiProblem:
    """A desk rule said no: 422 with the field it names (403 when the rule was about who acts)."""
    message = str(error.message)
    code = error.code or "invalid"
    status = 403 if code == "forbidden" else 422
    errors = [FieldError(error.field, message, code)] if error.field else []
    return ApiProblem(status, code, message, errors)


def not_found(detail: str = "No such resource.") -> ApiProblem:
    return ApiProblem(404, "not_found", detail)


def invalid(field_name: str, message: str, code: str = "invalid") -> ApiProblem:
    return ApiProblem(422, "validation_error", message, [FieldError(field_name, message, code)])

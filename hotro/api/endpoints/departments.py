"""/api/v1/departments/: the departments a token works in, with their hours (open now, next opening)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from hotro.api import directory
from hotro.api.api import token_of
from hotro.api.endpoints import ERRORS
from hotro.api.schemas import DepartmentOut
from hotro.desk.models import Department

router = Router(tags=["departments"])


def _out(department: Department) -> DepartmentOut:
    return DepartmentOut(
        slug=department.slug,
        name=department.name,
        name_en=department.name_en,
        active=department.active,
        hours=directory.department_hours(department),
    )


@router.get("/", response={200: list[DepartmentOut], **ERRORS}, url_name="departments")
def list_departments(request: HttpRequest) -> list[DepartmentOut]:
    """Every department the token may work in, with each channel's hours now."""
    return [_out(d) for d in directory.departments(token_of(request))]


@router.get("/{slug}", response={200: DepartmentOut, **ERRORS}, url_name="department")
def read_department(request: HttpRequest, slug: str) -> DepartmentOut:
    """One department and its hours: open now, next opening and closing, per channel calendar."""
    return _out(directory.department(token_of(request), slug))

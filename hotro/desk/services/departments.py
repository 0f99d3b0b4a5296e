"""The departments, as every inbound message reads them: kept per process for a short while.

Every mail asks which addresses are ours and which department an address belongs
to, every SMS which department owns the number written to; departments change a
few times a year (``hotro.core.kept``: saving or deleting one clears this process's
copy at once, other processes see the change within 30 seconds).
"""

from __future__ import annotations

from hotro.core.kept import Kept
from hotro.desk.models import Department

kept = Kept("departments")
kept.watch(Department)  # here rather than in an AppConfig: only inbound channels fill it


def all_departments() -> tuple[Department, ...]:
    """Every department, active or not, in the model's order (rank, slug)."""
    return kept.get("all", lambda: tuple(Department.objects.all()))


def by_id(pk: int | None) -> Department | None:
    """The department with this id; one created in the last few seconds is read from the database."""
    if pk is None:
        return None
    for department in all_departments():
        if department.pk == pk:
            return department
    return Department.objects.filter(pk=pk).first()


def active_by_slug(slug: str) -> Department | None:
    """The active department with this slug (a setting names it: the hotline's SMS go to ``sales``)."""
    return next((d for d in all_departments() if d.slug == slug and d.active), None)

"""The departments, as intake reads them for every message: kept per process for a short while.

Every message asks which addresses are ours and which department an address
belongs to; departments change a few times a year (``hotro.core.kept``: saving
or deleting one clears this process's copy at once, other processes see the
change within 30 seconds).
"""

from __future__ import annotations

from hotro.core.kept import Kept
from hotro.desk.models import Department

kept = Kept("intake-departments")
kept.watch(Department)  # here rather than in an AppConfig: only intake fills it


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

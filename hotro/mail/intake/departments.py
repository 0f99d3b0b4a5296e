"""The departments, as intake reads them for every message: kept per process for a short while.

Every message asks which addresses are ours and which department an address
belongs to; departments change a few times a year. Like the business-hours
schedules (``hotro.hours.services``), each process keeps them for
``CACHE_SECONDS``: saving or deleting a department clears this process's copy
at once, other processes see the change within that time.
"""

from __future__ import annotations

import time

from django.db.models.signals import post_delete, post_save

from hotro.desk.models import Department

CACHE_SECONDS = 30.0
_cache: dict[str, tuple[float, tuple[Department, ...]]] = {}


def clear_cache(**_signal_kwargs: object) -> None:
    _cache.clear()


# Connected here rather than in an AppConfig: the cache can only be filled once this module is imported.
post_save.connect(clear_cache, sender=Department, dispatch_uid="hotro.mail.intake.departments.save")
post_delete.connect(clear_cache, sender=Department, dispatch_uid="hotro.mail.intake.departments.delete")


def all_departments() -> tuple[Department, ...]:
    """Every department, active or not, in the model's order (rank, slug)."""
    now = time.monotonic()
    cached = _cache.get("all")
    if cached is not None and now - cached[0] < CACHE_SECONDS:
        return cached[1]
    departments = tuple(Department.objects.all())
    _cache["all"] = (now, departments)
    return departments


def by_id(pk: int | None) -> Department | None:
    """The department with this id; one created in the last few seconds is read from the database."""
    if pk is None:
        return None
    for department in all_departments():
        if department.pk == pk:
            return department
    return Department.objects.filter(pk=pk).first()

"""Configuration kept per process is dropped when a change commits, not only when it is saved."""

from __future__ import annotations

import pytest
from django.db import transaction

from hotro.core.kept import Kept
from hotro.desk.models import Department

kept = Kept("test.commit")
kept.watch(Department)


@pytest.mark.django_db(transaction=True)
def test_what_another_thread_loaded_before_the_commit_is_not_kept_after_it(provider_defaults):
    kept.clear()
    with transaction.atomic():
        department = Department.objects.get(slug="technical")
        department.name_en = "Support"
        department.save()
        # Another thread loads now: it cannot see the uncommitted name yet.
        assert kept.get("name", lambda: "Technical") == "Technical"
        assert kept.get("name", lambda: "Support") == "Technical"  # kept for 30 s...
    assert kept.get("name", lambda: "Support") == "Support"  # ...unless the commit drops it


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_still_drops_what_it_dropped(provider_defaults):
    kept.clear()
    kept.get("name", lambda: "Technical")
    with pytest.raises(RuntimeError), transaction.atomic():
        Department.objects.get(slug="technical").save()
        raise RuntimeError("rolled back")
    assert kept.get("name", lambda: "reloaded") == "reloaded"

"""The default SLA policies (P10) load once and never overwrite the admin's edits."""

from __future__ import annotations

import pytest

from hotro.core.defaults import load_all
from hotro.desk.models import Priority
from hotro.sla.models import SlaPolicy

pytestmark = pytest.mark.django_db


def test_technical_first_response_targets_are_30_minutes_to_4_hours(provider_defaults):
    """P10: "answered within 30 minutes to 4 hours", by priority."""
    minutes = dict(
        SlaPolicy.objects.filter(department__slug="technical").values_list("priority", "first_response_minutes")
    )
    assert minutes == {Priority.URGENT: 30, Priority.HIGH: 60, Priority.NORMAL: 120, Priority.LOW: 240}


def test_loading_twice_keeps_the_admins_changes(provider_defaults):
    SlaPolicy.objects.filter(department__slug="sales", priority=Priority.URGENT).update(first_response_minutes=90)
    load_all(lambda _line: None)
    assert SlaPolicy.objects.count() == 8
    assert SlaPolicy.objects.get(department__slug="sales", priority=Priority.URGENT).first_response_minutes == 90

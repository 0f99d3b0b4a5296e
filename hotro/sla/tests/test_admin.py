"""SLA policies are editable in the admin; the warning/breach record is read-only there."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hotro.accounts.models import User
from hotro.desk.models import Priority
from hotro.sla.models import SlaPolicy

pytestmark = pytest.mark.django_db


def test_an_administrator_changes_a_target_in_the_admin(admin_agent, client_for):
    client = client_for(User.objects.get(email="root@cloudmini.example"))
    policy = SlaPolicy.objects.get(department__slug="technical", priority=Priority.URGENT)
    url = reverse("admin:sla_slapolicy_change", args=[policy.pk])
    assert client.get(reverse("admin:sla_slapolicy_changelist")).status_code == 200
    response = client.post(
        url,
        {
            "department": policy.department_id,
            "priority": Priority.URGENT,
            "first_response_minutes": 20,
            "next_response_minutes": 60,
            "resolution_minutes": 480,
            "warn_at_percent": 80,
            "escalate_raise_priority": "on",
        },
    )
    assert response.status_code == 302
    policy.refresh_from_db()
    assert (policy.first_response_minutes, policy.warn_at_percent, policy.escalate_to_supervisor) == (20, 80, False)


def test_nobody_adds_sla_events_by_hand(admin_agent, client_for):
    client = client_for(User.objects.get(email="root@cloudmini.example"))
    assert client.get(reverse("admin:sla_slaevent_add")).status_code == 403

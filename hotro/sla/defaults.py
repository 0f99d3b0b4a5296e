"""Default SLA policies from the support policy, loaded idempotently.

Targets are minutes of the department's *business* time (its ticket calendar):

Technical (calendar 24/7/365, P10: "answered within 30 minutes to 4 hours"):

==========  ==============  =============  ==========
priority    first response  next response  resolution
==========  ==============  =============  ==========
urgent      30 min          1 h            8 h
high        1 h             2 h            24 h
normal      2 h             4 h            3 days
low         4 h             8 h            5 days
==========  ==============  =============  ==========

Sales & Accounting (08:00-17:00 Mon-Fri, Saturday until 11:30, closed on
holidays; one business day = 9 h, 08:00-17:00). The policy gives no figure and
says billing and sales "may take longer" (P11), so the targets are looser:

==========  ==============  ===============  ===============
priority    first response  next response    resolution
==========  ==============  ===============  ===============
urgent      4 h             4 h              2 business days
high        8 h             8 h              3 business days
normal      1 business day  1 business day   5 business days
low         2 business days 2 business days  10 business days
==========  ==============  ===============  ===============

Warnings at 75 % of a target. Escalation on a breach: Technical raises the
priority one step and reassigns to a supervisor on urgent and high tickets,
raises the priority on normal and low; Sales & Accounting only raises the priority.
An existing policy is the admin's and is never overwritten.
"""

from __future__ import annotations

from collections.abc import Callable

from hotro.desk.models import Department, Priority
from hotro.sla.models import SlaPolicy

HOUR = 60
TECH_DAY = 24 * HOUR
BUSINESS_DAY = 9 * HOUR  # 08:00-17:00

# slug -> priority -> (first response, next response, resolution, raise priority, to supervisor)
POLICIES: dict[str, dict[Priority, tuple[int, int, int, bool, bool]]] = {
    "technical": {
        Priority.URGENT: (30, 1 * HOUR, 8 * HOUR, True, True),
        Priority.HIGH: (1 * HOUR, 2 * HOUR, 1 * TECH_DAY, True, True),
        Priority.NORMAL: (2 * HOUR, 4 * HOUR, 3 * TECH_DAY, True, False),
        Priority.LOW: (4 * HOUR, 8 * HOUR, 5 * TECH_DAY, True, False),
    },
    "sales": {
        Priority.URGENT: (4 * HOUR, 4 * HOUR, 2 * BUSINESS_DAY, True, False),
        Priority.HIGH: (8 * HOUR, 8 * HOUR, 3 * BUSINESS_DAY, True, False),
        Priority.NORMAL: (BUSINESS_DAY, BUSINESS_DAY, 5 * BUSINESS_DAY, True, False),
        Priority.LOW: (2 * BUSINESS_DAY, 2 * BUSINESS_DAY, 10 * BUSINESS_DAY, True, False),
    },
}


def load(log: Callable[[str], None]) -> None:
    """Create the policies that are missing."""
    for slug, by_priority in POLICIES.items():
        department = Department.objects.filter(slug=slug).first()
        if department is None:
            log(f"sla: department {slug} not found, policies skipped")
            continue
        for priority, (first, following, resolution, raise_priority, to_supervisor) in by_priority.items():
            _policy, created = SlaPolicy.objects.get_or_create(
                department=department,
                priority=priority,
                defaults={
                    "first_response_minutes": first,
                    "next_response_minutes": following,
                    "resolution_minutes": resolution,
                    "escalate_raise_priority": raise_priority,
                    "escalate_to_supervisor": to_supervisor,
                },
            )
            if created:
                log(f"SLA policy {slug}/{priority.slug} created")

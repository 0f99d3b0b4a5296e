"""Background tasks of the catalogue: they take ids and are safe to run twice."""

from __future__ import annotations

from django_tasks import task

from hotro.catalog.services.incidents import deliver_update


@task()
def deliver_incident_update(update_id: int) -> int:
    """Add one incident update to every linked ticket it has not reached yet; returns how many got it."""
    sent, _skipped = deliver_update(update_id)
    return sent

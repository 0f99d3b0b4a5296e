"""Secrets are destroyed HOTRO_VAULT_KEEP_DAYS after their ticket closes: the ciphertext is wiped, a tombstone
and an audit event stay; nothing else is touched, and a second run changes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from hotro.core.scheduler import JOBS
from hotro.desk.models import AuditEvent, Status, Ticket
from hotro.vault.models import Secret
from hotro.vault.services import destroy_expired

pytestmark = pytest.mark.django_db


def _closed(ticket: Ticket, days_ago: float) -> None:
    Ticket.objects.filter(pk=ticket.pk).update(
        status=Status.CLOSED, closed_at=timezone.now() - timedelta(days=days_ago)
    )


def test_the_secrets_of_a_ticket_closed_past_the_window_are_destroyed_with_a_tombstone(
    settings, ticket_with_secret, client_for, tech_agent
):
    settings.HOTRO_VAULT_KEEP_DAYS = 7
    old = ticket_with_secret()
    recent = ticket_with_secret("Second#Secret-2")
    still_open = ticket_with_secret("Third#Secret-3")
    _closed(old, days_ago=7.1)
    _closed(recent, days_ago=6.9)

    assert destroy_expired() == 1

    gone = Secret.objects.get(ticket=old)
    assert gone.ciphertext == "" and gone.destroyed_at is not None
    assert Secret.objects.get(ticket=recent).ciphertext and Secret.objects.get(ticket=still_open).ciphertext
    assert AuditEvent.objects.filter(ticket=old, action="vault.secret.destroyed", data={"secret": gone.pk}).exists()
    assert destroy_expired() == 0  # a second scheduler finds nothing left
    assert AuditEvent.objects.filter(action="vault.secret.destroyed").count() == 1
    page = client_for(tech_agent).get(f"/console/tickets/{old.number}/").content.decode()
    assert f"vault-secret-{gone.pk}" in page  # the tombstone is still listed, without a reveal button
    assert f"/vault/{gone.pk}/reveal/" not in page


def test_the_window_is_a_setting(settings, ticket_with_secret):
    settings.HOTRO_VAULT_KEEP_DAYS = 30
    ticket = ticket_with_secret()
    _closed(ticket, days_ago=10)
    assert destroy_expired() == 0
    settings.HOTRO_VAULT_KEEP_DAYS = 1
    assert destroy_expired() == 1


def test_the_scheduler_runs_the_job():
    assert any(job.function == "hotro.vault.services.destroy_expired" for job in JOBS)

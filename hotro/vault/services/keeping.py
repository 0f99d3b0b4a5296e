"""How long secrets live, and the keys they are kept under.

``destroy_expired`` is a scheduler job (``hotro.core.scheduler.JOBS``): a secret is destroyed
``HOTRO_VAULT_KEEP_DAYS`` after its ticket closed. Its ciphertext is wiped and the row stays as a
tombstone ("destroyed on …") with an audit event on the ticket. Each secret is claimed with a
conditional UPDATE, so two schedulers never destroy (and audit) one twice.

``rotate_keys`` re-encrypts every live secret with the first of ``HOTRO_VAULT_KEYS``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from hotro.desk.models import Status, Ticket
from hotro.desk.services import record_audit
from hotro.vault import crypto
from hotro.vault.models import Secret

BATCH = 500


def destroy_expired(now: datetime | None = None) -> int:
    """Destroy the secrets of tickets closed more than ``HOTRO_VAULT_KEEP_DAYS`` ago; returns how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.HOTRO_VAULT_KEEP_DAYS)
    due = list(
        Secret.objects.filter(
            destroyed_at__isnull=True, ticket__status=Status.CLOSED, ticket__closed_at__lte=cutoff
        ).values_list("pk", "ticket_id")[:BATCH]
    )
    tickets = Ticket.objects.only("pk").in_bulk({ticket_id for _pk, ticket_id in due})
    destroyed = 0
    for pk, ticket_id in due:
        with transaction.atomic():
            won = Secret.objects.filter(pk=pk, destroyed_at__isnull=True).update(ciphertext="", destroyed_at=now)
            if won:
                record_audit("vault.secret.destroyed", tickets.get(ticket_id), None, secret=pk)
                destroyed += won
    return destroyed


def rotate_keys() -> int:
    """Re-encrypt every live secret with the first configured key; returns how many were rewritten."""
    crypto.cipher()  # no key: refused before touching anything
    rewritten = 0
    last_pk = 0
    while True:
        with transaction.atomic():
            batch = list(
                Secret.objects.select_for_update()
                .filter(pk__gt=last_pk, destroyed_at__isnull=True)
                .exclude(ciphertext="")
                .order_by("pk")[:BATCH]
            )
            for secret in batch:
                secret.ciphertext = crypto.reencrypt(secret.ciphertext)
            Secret.objects.bulk_update(batch, ["ciphertext"])
        if not batch:
            return rewritten
        rewritten += len(batch)
        last_pk = batch[-1].pk

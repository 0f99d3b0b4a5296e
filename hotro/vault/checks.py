"""System checks of the vault's keys (Django's checks framework).

- ``vault.E001`` (``check --deploy``, so ``manage.py doctor``'s deploy check too): DEBUG is off, no
  ``HOTRO_VAULT_KEYS``, and the vault is in use — secrets are stored that nobody can reveal, rotate or
  destroy properly until the key is back. A desk that never had a key is not in error: it offers no
  secret field (``crypto.vault_ready``) and ``check --deploy`` stays clean (the issue's interface), while
  secrets pasted in messages are still flagged. It is a deploy check rather than one every command runs,
  so ``migrate`` and the workers still start while the operator restores the key (the vault fails closed).
- ``vault.E002`` (always): a configured key is not a Fernet key.
- ``vault.W001`` (always): DEBUG without a key, a key derived from ``SECRET_KEY`` is in use.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks
from django.db import DatabaseError

from hotro.vault.crypto import bad_keys, configured_keys, uses_derived_key

HINT = "Generate one with: python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"


def check_keys(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    found: list[checks.CheckMessage] = [
        checks.Error(
            f"HOTRO_VAULT_KEYS: key {position} is not a Fernet key (32 url-safe base64 bytes).",
            hint=HINT,
            id="vault.E002",
        )
        for position in bad_keys()
    ]
    if uses_derived_key():
        found.append(
            checks.Warning(
                "HOTRO_VAULT_KEYS is not set: the credential vault uses a key derived from SECRET_KEY "
                "(development only).",
                hint=HINT,
                id="vault.W001",
            )
        )
    return found


def _secrets_stored() -> int:
    from hotro.vault.models import Secret

    try:
        return Secret.objects.filter(destroyed_at__isnull=True).count()
    except DatabaseError:  # no database yet (a build step), or not migrated: nothing stored either
        return 0


def check_key_in_production(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    if configured_keys() or settings.DEBUG:
        return []
    stored = _secrets_stored()
    if not stored:
        return []
    return [
        checks.Error(
            f"HOTRO_VAULT_KEYS is not set but the credential vault holds {stored} secret(s): "
            "they cannot be revealed, and no new secret is accepted.",
            hint="Restore the key they were encrypted with. " + HINT,
            id="vault.E001",
        )
    ]


def register() -> None:
    """Called from ``VaultConfig.ready``; registering the same function twice is harmless."""
    checks.register(check_keys, checks.Tags.security)
    checks.register(check_key_in_production, checks.Tags.security, deploy=True)

"""``manage.py rotate_vault_keys``: re-encrypt every secret with the first key of ``HOTRO_VAULT_KEYS``.

Rotation: put the new key first (``HOTRO_VAULT_KEYS=new,old``), restart, run this, then drop the old key.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hotro.vault.services import VaultError, rotate_keys


class Command(BaseCommand):
    help = "Re-encrypt every secret of the credential vault with the first key of HOTRO_VAULT_KEYS."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            count = rotate_keys()
        except VaultError as error:
            raise CommandError(str(error.message)) from None
        self.stdout.write(f"{count} secret(s) re-encrypted with the first key.")

"""Every operation of the credential vault; adapters (portal, console, the scheduler, commands) call these."""

from hotro.vault.crypto import vault_ready
from hotro.vault.errors import VaultError
from hotro.vault.services.keeping import destroy_expired, rotate_keys
from hotro.vault.services.moving import flag_message, move_to_vault
from hotro.vault.services.secrets import (
    MASK,
    SECRET_MAX_CHARS,
    SecretRow,
    VaultPanel,
    check_secret,
    customer_secrets,
    destruction_date,
    reveal_to_agent,
    reveal_to_customer,
    store_secret,
    vault_panel,
)

__all__ = [
    "MASK",
    "SECRET_MAX_CHARS",
    "SecretRow",
    "VaultError",
    "VaultPanel",
    "check_secret",
    "customer_secrets",
    "destroy_expired",
    "destruction_date",
    "flag_message",
    "move_to_vault",
    "reveal_to_agent",
    "reveal_to_customer",
    "rotate_keys",
    "store_secret",
    "vault_panel",
    "vault_ready",
]

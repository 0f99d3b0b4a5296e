"""Encryption of the vault's secrets: Fernet (AES-128-CBC + HMAC-SHA256) with keys from the environment.

``HOTRO_VAULT_KEYS`` holds comma-separated Fernet keys: the first encrypts, every one decrypts
(``MultiFernet``), so a key is rotated by putting a new one first, running ``manage.py
rotate_vault_keys`` (which re-encrypts every secret with it) and then dropping the old one.

Without a key, under ``DEBUG`` only, a key is derived from ``SECRET_KEY`` (HKDF) so a developer's
desk works out of the box; the system check ``vault.W001`` says so. Anywhere else the vault refuses
to work (``VaultError``) and the forms offer no secret field; ``manage.py check --deploy`` fails with
``vault.E001`` once secrets are stored and the key is gone. A secret must never be kept under a key
that was not chosen for it.
"""

from __future__ import annotations

import base64
import binascii
import logging
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from hotro.vault.errors import VaultError

logger = logging.getLogger(__name__)

_DERIVATION_INFO = b"hotro.vault.development-key"


def configured_keys() -> list[str]:
    return [key for key in getattr(settings, "HOTRO_VAULT_KEYS", []) if key]


def bad_keys() -> list[int]:
    """Positions (from 1) of the configured keys that are not Fernet keys (32 url-safe base64 bytes)."""
    wrong = []
    for position, key in enumerate(configured_keys(), start=1):
        try:
            if len(base64.urlsafe_b64decode(key.encode())) != 32:
                wrong.append(position)
        except (binascii.Error, ValueError):
            wrong.append(position)
    return wrong


def derived_key(secret_key: str) -> bytes:
    """A development key from ``SECRET_KEY``: the same on every start, so secrets stay readable."""
    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_DERIVATION_INFO).derive(secret_key.encode())
    return base64.urlsafe_b64encode(raw)


def uses_derived_key() -> bool:
    return not configured_keys() and bool(settings.DEBUG)


def vault_ready() -> bool:
    """A key to encrypt with: a configured one, or under DEBUG the derived one. Without it the desk offers no
    secret field (a production desk whose operator has not set HOTRO_VAULT_KEYS yet still works)."""
    return bool(configured_keys()) or bool(settings.DEBUG)


def cipher() -> MultiFernet:
    """The vault's cipher for the keys configured now (tests change them through settings)."""
    keys = tuple(configured_keys())
    if not keys:
        if not settings.DEBUG:
            raise VaultError(_("The vault has no key: set HOTRO_VAULT_KEYS."), code="no_key")
        logger.warning("vault: no HOTRO_VAULT_KEYS, using a key derived from SECRET_KEY (development only)")
        keys = (derived_key(settings.SECRET_KEY).decode(),)
    return _cipher(keys)


@lru_cache(maxsize=4)
def _cipher(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except (ValueError, binascii.Error):
        raise VaultError(_("A vault key is not a valid Fernet key."), code="bad_key") from None


def encrypt(plaintext: str) -> str:
    return cipher().encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return cipher().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken:
        raise VaultError(_("This secret cannot be decrypted with the configured keys."), code="undecryptable") from None


def reencrypt(token: str) -> str:
    """``token`` encrypted again with the first key (its content unchanged); for key rotation."""
    try:
        return cipher().rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken:
        raise VaultError(_("This secret cannot be decrypted with the configured keys."), code="undecryptable") from None

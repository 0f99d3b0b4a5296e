"""Encryption: round trip, rotation with MultiFernet, no plaintext in the database, the key rules and checks."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.core import checks
from django.core.management import CommandError, call_command
from django.db import connection

from hotro.vault import crypto
from hotro.vault.checks import check_key_in_production, check_keys
from hotro.vault.errors import VaultError
from hotro.vault.models import Secret
from hotro.vault.tests.conftest import ROOT_PASSWORD


def test_a_secret_comes_back_as_it_went_in_vietnamese_and_spaces_included():
    for value in [ROOT_PASSWORD, " mật khẩu có dấu và khoảng trắng ", "-----BEGIN PRIVATE KEY-----\nabc\n"]:
        token = crypto.encrypt(value)
        assert value not in token
        assert crypto.decrypt(token) == value


def test_the_first_key_encrypts_every_key_decrypts_and_the_command_rotates(settings, ticket_with_secret, vault_key):
    ticket = ticket_with_secret()
    old_token = Secret.objects.get(ticket=ticket).ciphertext
    new_key = Fernet.generate_key().decode()
    settings.HOTRO_VAULT_KEYS = [new_key, vault_key]
    assert crypto.decrypt(old_token) == ROOT_PASSWORD  # the old key still opens it

    call_command("rotate_vault_keys", stdout=None)

    settings.HOTRO_VAULT_KEYS = [new_key]  # the old key dropped
    secret = Secret.objects.get(ticket=ticket)
    assert secret.ciphertext != old_token
    assert crypto.decrypt(secret.ciphertext) == ROOT_PASSWORD
    settings.HOTRO_VAULT_KEYS = [vault_key]  # the old key alone no longer opens it: it was re-encrypted
    with pytest.raises(VaultError) as refused:
        crypto.decrypt(secret.ciphertext)
    assert refused.value.code == "undecryptable"


def test_no_plaintext_reaches_the_database_column(ticket_with_secret):
    ticket_with_secret()
    with connection.cursor() as cursor:
        cursor.execute("SELECT ciphertext FROM vault_secret")
        (stored,) = cursor.fetchone()
    assert ROOT_PASSWORD not in stored
    assert ROOT_PASSWORD.encode().hex() not in stored
    assert stored.startswith("gAAAAA")  # a Fernet token


@pytest.mark.django_db
def test_without_a_key_production_refuses_and_check_deploy_is_clean_until_secrets_are_stored(settings):
    settings.HOTRO_VAULT_KEYS = []
    settings.DEBUG = False
    with pytest.raises(VaultError) as refused:
        crypto.encrypt("x")
    assert refused.value.code == "no_key"
    assert not crypto.vault_ready()
    # A desk that never had a key: check --deploy stays clean (the interface), the field is not offered.
    assert check_key_in_production() == []
    assert "vault.E001" not in {m.id for m in checks.run_checks(include_deployment_checks=True)}


def test_secrets_stored_and_the_key_gone_is_a_deploy_error(settings, ticket_with_secret):
    ticket_with_secret()
    settings.HOTRO_VAULT_KEYS = []
    settings.DEBUG = False
    assert [m.id for m in check_key_in_production()] == ["vault.E001"]
    assert "vault.E001" in {m.id for m in checks.run_checks(include_deployment_checks=True)}
    assert "vault.E001" not in {m.id for m in checks.run_checks()}  # migrate and the workers still start


def test_under_debug_a_key_derived_from_secret_key_is_used_with_a_warning(settings):
    settings.HOTRO_VAULT_KEYS = []
    settings.DEBUG = True
    token = crypto.encrypt("dev")
    assert crypto.decrypt(token) == "dev"
    assert Fernet(crypto.derived_key(settings.SECRET_KEY)).decrypt(token.encode()) == b"dev"
    assert [m.id for m in check_keys()] == ["vault.W001"]
    assert check_key_in_production() == []


def test_a_malformed_key_is_a_check_error_naming_its_position(settings, vault_key):
    settings.HOTRO_VAULT_KEYS = [vault_key, "not-a-fernet-key"]
    errors = check_keys()
    assert [m.id for m in errors] == ["vault.E002"]
    assert "key 2" in errors[0].msg


@pytest.mark.django_db
def test_rotating_without_a_key_is_a_command_error(settings):
    settings.HOTRO_VAULT_KEYS = []
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("rotate_vault_keys")

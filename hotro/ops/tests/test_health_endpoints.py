"""/healthz and /readyz: unauthenticated, JSON, cheap; readiness follows the database, migrations and cache."""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.test import Client

from hotro.ops import health


@pytest.fixture(autouse=True)
def _fresh_readiness(monkeypatch):
    monkeypatch.setattr(health, "_migrations_applied", False)
    monkeypatch.setattr(health, "_last_failures", None)


def test_healthz_answers_without_touching_the_database():
    # No django_db mark: any query would fail this test.
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["status"] == "ok"


def test_healthz_answers_a_probe_by_ip_address_whatever_allowed_hosts_say():
    response = Client().get("/healthz", HTTP_HOST="10.0.0.7")
    assert response.status_code == 200


@pytest.mark.django_db
def test_readyz_is_200_when_the_database_is_reachable_and_migrated():
    response = Client().get("/readyz", HTTP_HOST="10.0.0.7")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": True, "migrations": True, "cache": True}}


@pytest.mark.django_db
def test_readyz_is_503_when_the_database_is_unreachable(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused by db.internal:5432")

    monkeypatch.setattr("django.db.backends.base.base.BaseDatabaseWrapper.cursor", refuse)
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] is False
    assert b"db.internal" not in response.content  # public answer: the details go to the log


@pytest.mark.django_db
def test_readyz_is_503_while_migrations_are_pending(monkeypatch):
    monkeypatch.setattr(health, "pending_migrations", lambda: ["desk.0099_future"])
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] is False


@pytest.mark.django_db
def test_readyz_is_503_when_the_configured_redis_does_not_answer(settings):
    from hotro.mail.testing import free_port

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] is False


@pytest.mark.django_db
def test_a_pending_migration_is_looked_up_again_until_it_is_applied(monkeypatch):
    calls = []
    monkeypatch.setattr(health, "pending_migrations", lambda: calls.append(1) or [])
    Client().get("/readyz")
    Client().get("/readyz")
    assert len(calls) == 1  # once seen applied, this process does not read the migration graph again


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_refuse_post(path, db):
    assert Client().post(path).status_code == 405

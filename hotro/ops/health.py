"""What ``/healthz`` and ``/readyz`` answer, and the few probes ``doctor`` shares with them.

``/healthz`` says only that the process answers (a balancer restarts it otherwise);
``/readyz`` says whether it can serve: database reachable, migrations applied, shared
cache reachable when there is one. Both must stay cheap, since they are polled every few
seconds: migrations are looked up only until they are found applied, since the code a
process runs cannot gain migrations without a restart.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

logger = logging.getLogger(__name__)
LOCAL_CACHES = ("LocMemCache", "DummyCache", "FileBasedCache")
_migrations_applied = False  # per process: once seen applied, they stay applied
_last_failures: dict[str, str] | None = None  # what the last readiness probe found wrong, to log changes only


@dataclass(frozen=True)
class Probe:
    ok: bool
    detail: str


def database() -> Probe:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:
        return Probe(False, f"{type(error).__name__}: {error}".strip()[:300])
    return Probe(True, connections[DEFAULT_DB_ALIAS].vendor)


def pending_migrations() -> list[str]:
    """``app.name`` of each migration the code has and the database lacks."""
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def migrations() -> Probe:
    global _migrations_applied
    if _migrations_applied:
        return Probe(True, "applied")
    try:
        pending = pending_migrations()
    except Exception as error:
        return Probe(False, f"{type(error).__name__}: {error}"[:300])
    if pending:
        more = f" (+{len(pending) - 5} more)" if len(pending) > 5 else ""
        return Probe(False, "pending: " + ", ".join(pending[:5]) + more)
    _migrations_applied = True
    return Probe(True, "applied")


def shared_cache_configured() -> bool:
    backend = str(settings.CACHES.get("default", {}).get("BACKEND", ""))
    return not backend.endswith(LOCAL_CACHES)


def shared_cache() -> Probe:
    """A round trip to the shared cache (Redis); a per-process cache is always there."""
    if not shared_cache_configured():
        return Probe(True, "per-process cache (no REDIS_URL)")
    try:
        cache.get("hotro:ops:ready")
    except Exception as error:
        return Probe(False, f"{type(error).__name__}: {error}"[:300])
    return Probe(True, "reachable")


def readiness() -> tuple[bool, dict[str, bool]]:
    """Whether this process can serve, and each probe's yes or no, for ``/readyz``'s JSON.

    The endpoint is public: the errors (host names, user names) go to the log, not to the answer.
    """
    probes = {"database": database()}
    # Migrations need the database; with it down their answer would only repeat its error.
    if probes["database"].ok:
        probes["migrations"] = migrations()
    probes["cache"] = shared_cache()
    _log_changes({name: probe.detail for name, probe in probes.items() if not probe.ok})
    return all(probe.ok for probe in probes.values()), {name: probe.ok for name, probe in probes.items()}


def _log_changes(failures: dict[str, str]) -> None:
    """Log when readiness changes, not at every probe: balancers poll every few seconds."""
    global _last_failures
    if failures == _last_failures:
        return
    if failures:
        logger.warning("not ready: %s", "; ".join(f"{name}: {detail}" for name, detail in failures.items()))
    elif _last_failures:
        logger.info("ready again")
    _last_failures = failures

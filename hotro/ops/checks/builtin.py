"""The checks of what every installation has: database, migrations, cache, disk, clock, settings."""

from __future__ import annotations

import os
import shutil
import socket
import time
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core import checks as django_checks
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import gettext_lazy as _

from hotro.ops import health
from hotro.ops.checks import Result, register

MIN_FREE_BYTES = 1024**3  # below 1 GiB free, uploads and the SQLite journal start failing soon
MIN_FREE_SHARE = 0.05
MAX_CLOCK_SKEW_SECONDS = 5.0  # due times and leases compare this machine's clock with the database's


@register(
    "web",
    _("Web process"),
    _("This page came from a running web process. Check the others with /healthz behind your load balancer."),
)
def web() -> Result:
    return Result("web", True, f"{socket.gethostname()} pid {os.getpid()}")


@register(
    "database",
    _("Database"),
    _(
        "Nothing works without the database. Check that PostgreSQL runs and accepts connections "
        "(DATABASE_URL, max_connections), or that the SQLite file in the data folder is readable."
    ),
)
def database() -> Result:
    probe = health.database()
    return Result("database", probe.ok, probe.detail)


@register(
    "migrations",
    _("Migrations"),
    _("Stop the workers and the scheduler, run 'python manage.py migrate', then start them again."),
)
def migrations() -> Result:
    pending = health.pending_migrations()
    if pending:
        return Result("migrations", False, f"{len(pending)} pending: " + ", ".join(pending[:5]))
    return Result("migrations", True, "all applied")


@register(
    "redis",
    _("Redis (shared cache)"),
    _("Start Redis or correct REDIS_URL: sessions and the shared cache live there."),
)
def redis() -> Result:
    if not health.shared_cache_configured():
        return Result("redis", True, "not configured (no REDIS_URL): each process caches for itself")
    probe = health.shared_cache()
    return Result("redis", probe.ok, probe.detail)


@register(
    "channel_layer",
    _("Channel layer (live updates)"),
    _("Start Redis or correct the channel layer's settings: live chat and pushed updates need it."),
)
def channel_layer() -> Result:
    layers = getattr(settings, "CHANNEL_LAYERS", None)
    if not layers:
        return Result("channel_layer", True, "not used (live chat is not installed)")
    return Result("channel_layer", True, str(layers.get("default", {}).get("BACKEND", "configured")))


def _existing(path: Path) -> Path:
    """The path itself or its nearest existing parent: a media folder not created yet is on that disk."""
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


@register(
    "disk",
    _("Disk space"),
    _(
        "Free space on the disk of the data folder and the attachments: delete old backups and logs, "
        "or grow the disk. With less than 1 GiB free, uploads and mail intake start failing."
    ),
)
def disk() -> list[Result]:
    results = []
    for label, folder in (("media", Path(settings.MEDIA_ROOT)), ("data", Path(settings.DATA_DIR))):
        usage = shutil.disk_usage(_existing(folder))
        ok = usage.free >= MIN_FREE_BYTES and usage.free >= usage.total * MIN_FREE_SHARE
        detail = f"{folder}: {usage.free / 1024**3:.1f} GiB free of {usage.total / 1024**3:.1f} GiB"
        results.append(Result(f"disk:{label}", ok, detail))
    return results


def clock_skew_seconds() -> float | None:
    """The database's clock minus this machine's, corrected for the round trip; None on SQLite (same clock)."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        before = time.time()
        cursor.execute("SELECT EXTRACT(EPOCH FROM clock_timestamp())")
        (database_epoch,) = cursor.fetchone()
        after = time.time()
    return float(database_epoch) - (before + after) / 2


@register(
    "clock",
    _("Clock"),
    _(
        "This machine's clock and the database server's disagree: SLA due times and work leases go wrong. "
        "Enable time synchronisation (chrony or systemd-timesyncd) on both machines."
    ),
)
def clock() -> Result:
    skew = clock_skew_seconds()
    if skew is None:
        return Result("clock", True, "SQLite: the database uses this machine's clock")
    now = datetime.now(UTC).isoformat(timespec="seconds")
    return Result(
        "clock", abs(skew) <= MAX_CLOCK_SKEW_SECONDS, f"database clock {skew:+.2f} s from this machine ({now})"
    )


@register(
    "deploy",
    _("Production settings"),
    _("Fix what 'python manage.py check --deploy' reports (SECRET_KEY, DEBUG, HTTPS cookies, ALLOWED_HOSTS)."),
    deep=True,
)
def deploy() -> Result:
    messages = [
        message
        for message in django_checks.run_checks(include_deployment_checks=True)
        if message.level >= django_checks.WARNING and not message.is_silenced()
    ]
    if not messages:
        return Result("deploy", True, "check --deploy: no warnings")
    ids = ", ".join(sorted({message.id or "?" for message in messages}))
    return Result("deploy", False, f"check --deploy: {len(messages)} warning(s): {ids}")

"""The database half of a backup: a snapshot dump per vendor, reading that snapshot, and restoring a dump.

SQLite: the online backup API copies the live database page by page into a file, as one
consistent state, while other connections keep writing. PostgreSQL: a REPEATABLE READ
transaction exports its snapshot, ``pg_dump --snapshot`` dumps exactly that state, and the
same transaction lists the files and counts the rows, so dump, files and counts agree.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction

from hotro.ops.backup.errors import BackupError

Rows = Callable[[str], Sequence[tuple[Any, ...]]]  # run a SELECT against the snapshot


def vendor() -> str:
    return connections[DEFAULT_DB_ALIAS].vendor


def dump_name(vendor_name: str) -> str:
    return "database.pgdump" if vendor_name == "postgresql" else "database.sqlite3"


@contextmanager
def snapshot(dump_path: Path) -> Iterator[Rows]:
    """Write the dump to ``dump_path`` and yield a reader of the very state it holds."""
    if vendor() == "sqlite":
        with _sqlite_snapshot(dump_path) as rows:
            yield rows
    elif vendor() == "postgresql":
        with _postgres_snapshot(dump_path) as rows:
            yield rows
    else:
        raise BackupError(f"Backing up a {vendor()} database is not supported.")


@contextmanager
def _sqlite_snapshot(dump_path: Path) -> Iterator[Rows]:
    connection = connections[DEFAULT_DB_ALIAS]
    connection.ensure_connection()
    target = sqlite3.connect(dump_path)
    try:
        connection.connection.backup(target)
        # The copy inherits WAL mode; a single file (no -wal, -shm beside it) is what an archive wants.
        target.execute("PRAGMA journal_mode=DELETE")
    finally:
        target.close()
    reader = sqlite3.connect(f"file:{dump_path}?mode=ro", uri=True)
    try:
        yield lambda sql: reader.execute(sql).fetchall()
    finally:
        reader.close()


def _pg_env() -> dict[str, str]:
    """libpq's variables for the configured database, so no password appears on a command line."""
    db = connections[DEFAULT_DB_ALIAS].settings_dict
    env = dict(os.environ)
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[variable] = str(db[key])
    if db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = str(db["OPTIONS"]["sslmode"])
    return env


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} is not installed: install the PostgreSQL client (apt-get install postgresql-client)."
        )
    return path


def _run(command: list[str]) -> None:
    done = subprocess.run(command, env=_pg_env(), capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip()[-2000:]}")


@contextmanager
def _postgres_snapshot(dump_path: Path) -> Iterator[Rows]:
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.in_atomic_block:
        raise BackupError("A backup must run outside a transaction: its snapshot is its own.")
    pg_dump = _pg_tool("pg_dump")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot_id,) = cursor.fetchone()
        name = str(connection.settings_dict["NAME"])
        _run([pg_dump, "--format=custom", f"--snapshot={snapshot_id}", f"--file={dump_path}", f"--dbname={name}"])

        def rows(sql: str) -> Sequence[tuple[Any, ...]]:
            cursor.execute(sql)
            found: Sequence[tuple[Any, ...]] = cursor.fetchall()
            return found

        yield rows


def table_names() -> list[str]:
    connection = connections[DEFAULT_DB_ALIAS]
    with connection.cursor() as cursor:
        return list(connection.introspection.table_names(cursor))


def restore(dump_path: Path, *, replace: bool) -> None:
    """Load a dump into the configured database; ``replace`` drops what is there first."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor == "sqlite":
        target = Path(str(connection.settings_dict["NAME"]))
        connection.close()
        target.parent.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(f"file:{dump_path}?mode=ro", uri=True)
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)  # replaces every page of the destination: a whole-database copy
        finally:
            destination.close()
            source.close()
        return
    if connection.vendor == "postgresql":
        name = str(connection.settings_dict["NAME"])
        connection.close()
        if hasattr(connection, "close_pool"):
            connection.close_pool()
        command = [_pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
        if replace:
            command += ["--clean", "--if-exists"]
        _run([*command, f"--dbname={name}", str(dump_path)])
        return
    raise BackupError(f"Restoring into a {connection.vendor} database is not supported.")

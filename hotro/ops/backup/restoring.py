"""``restore_backup``: check the archive, check the target is empty, then load the database and the files.

Nothing is written until the whole archive has been checked against its manifest, and a
database or storage that already holds data is refused unless ``force`` is given: a restore
run against the live desk by mistake must not be able to replace it.
"""

from __future__ import annotations

import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader

from hotro.ops.backup import contents, database
from hotro.ops.backup.errors import BackupError
from hotro.ops.backup.manifest import FILES_PREFIX, MANIFEST, Manifest, verify


@dataclass(frozen=True)
class Restored:
    manifest: Manifest
    files: int
    migrate_needed: list[str]  # migrations this code has that the backup's database lacks


@contextmanager
def unpacked(source: Path) -> Iterator[Path]:
    """The archive as a folder: itself, or a tar file extracted (safely: no path leaves the folder)."""
    if source.is_dir():
        yield source
        return
    if not source.is_file():
        raise BackupError(f"{source} does not exist.")
    with tempfile.TemporaryDirectory(prefix=".hotro-restore-", dir=_scratch_dir()) as work:
        try:
            with tarfile.open(source) as tar:
                tar.extractall(work, filter="data")
        except (tarfile.TarError, OSError) as error:
            raise BackupError(f"{source} is not a backup folder or a readable tar archive: {error}") from error
        yield Path(work)


def _scratch_dir() -> Path:
    folder = Path(settings.DATA_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def read_manifest(folder: Path) -> Manifest:
    path = folder / MANIFEST
    if not path.is_file():
        raise BackupError(f"{folder} has no {MANIFEST}: not a backup, or one that was interrupted.")
    return Manifest.from_json(path.read_text(encoding="utf-8"))


def storage_has_files() -> bool:
    if isinstance(default_storage, FileSystemStorage):
        root = Path(default_storage.location)
        return root.is_dir() and any(path.is_file() for path in root.rglob("*"))
    return False  # other storages: each name is checked before it is written (restore_files)


def check_target(manifest: Manifest, *, force: bool) -> None:
    here = database.vendor()
    if manifest.vendor != here:
        raise BackupError(
            f"This backup is of a {manifest.vendor} database and this desk uses {here}. Restore it into "
            f"{manifest.vendor} (set DATABASE_URL accordingly); to move between SQLite and PostgreSQL, restore "
            "it as it is, then copy the data across with 'manage.py dumpdata' and 'loaddata'."
        )
    if force:
        return
    if database.table_names():
        raise BackupError(
            "The database already has tables. Restore into a new, empty database, or add --force to replace it."
        )
    if storage_has_files():
        raise BackupError("The file storage already holds files. Restore into empty storage, or add --force.")


def restore_files(folder: Path, manifest: Manifest, *, force: bool) -> int:
    restored = 0
    for entry in manifest.files:
        if not entry.path.startswith(FILES_PREFIX):
            continue
        name = entry.path[len(FILES_PREFIX) :]
        if default_storage.exists(name):
            if not force:
                raise BackupError(f"The storage already holds {name}; add --force to replace it.")
            default_storage.delete(name)
        with (folder / entry.path).open("rb") as stream:
            saved = default_storage.save(name, File(stream))
        if saved != name:
            raise BackupError(f"The storage saved {name} as {saved}: it must keep the name the database refers to.")
        restored += 1
    return restored


def check_counts(manifest: Manifest) -> None:
    connection = connections[DEFAULT_DB_ALIAS]
    with connection.cursor() as cursor:

        def rows(sql: str) -> list[tuple[object, ...]]:
            cursor.execute(sql)
            return list(cursor.fetchall())

        for table, expected in manifest.counts.items():
            found = int(str(rows(f"SELECT COUNT(*) FROM {contents.quote(table)}")[0][0]))  # noqa: S608
            if found != expected:
                raise BackupError(f"After the restore {table} holds {found} rows, the backup {expected}.")


def migrations_to_apply(manifest: Manifest) -> list[str]:
    known = {f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).graph.nodes}
    return sorted(known - set(manifest.migrations))


def restore_backup(source: Path, *, force: bool = False) -> Restored:
    with unpacked(source) as folder:
        manifest = read_manifest(folder)
        verify(folder, manifest)
        check_target(manifest, force=force)
        database.restore(folder / manifest.database, replace=force)
        files = restore_files(folder, manifest, force=force)
    check_counts(manifest)
    return Restored(manifest, files, migrations_to_apply(manifest))

"""``create_backup``: dump, files and manifest into a folder or a tar file, never half-written at DEST.

A folder archive gets its manifest last, so a folder without one is an interrupted backup and
restore refuses it; a tar archive is written under a temporary name and renamed when complete.
"""

from __future__ import annotations

import shutil
import tarfile
import tempfile
from pathlib import Path
from typing import Literal

from django.core.files.storage import default_storage
from django.utils import timezone

from hotro.ops.backup import contents, database
from hotro.ops.backup.errors import BackupError
from hotro.ops.backup.manifest import CHUNK, FILES_PREFIX, MANIFEST, Entry, Manifest, sha256_of


def tar_mode(dest: Path) -> Literal["w", "w:gz"] | None:
    """The tarfile mode for DEST's name (``.tar``, ``.tar.gz``, ``.tgz``), or None for a folder archive."""
    if dest.name.endswith(".tar.gz") or dest.suffix == ".tgz":
        return "w:gz"
    if dest.suffix == ".tar":
        return "w"
    return None


def _copy_files(names: list[str], folder: Path) -> list[Entry]:
    entries = []
    for name in names:
        target = folder / FILES_PREFIX / name
        if not target.resolve().is_relative_to(folder.resolve()):
            raise BackupError(f"Refusing a stored file name outside the storage: {name!r}")
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with default_storage.open(name, "rb") as source, target.open("wb") as out:
                shutil.copyfileobj(source, out, CHUNK)
        except FileNotFoundError as error:
            raise BackupError(f"The stored file {name} is missing from the storage.") from error
        with target.open("rb") as written:
            digest, size = sha256_of(written)
        entries.append(Entry(f"{FILES_PREFIX}{name}", size, digest))
    return entries


def _fill(folder: Path) -> Manifest:
    """Write dump and files into ``folder`` and return their manifest (not written yet)."""
    vendor = database.vendor()
    dump = folder / database.dump_name(vendor)
    with database.snapshot(dump) as rows:
        names = contents.stored_files(rows)
        counts = contents.counts(rows)
        migrations = contents.applied_migrations(rows)
        # The files are copied while the snapshot is held: on PostgreSQL the transaction stays open,
        # so a file deleted meanwhile is reported instead of silently missing from the archive.
        entries = _copy_files(names, folder)
    with dump.open("rb") as stream:
        digest, size = sha256_of(stream)
    return Manifest(
        created=timezone.now().isoformat(),
        vendor=vendor,
        database=dump.name,
        files=[Entry(dump.name, size, digest), *entries],
        counts=counts,
        migrations=migrations,
    )


def create_backup(dest: Path) -> Manifest:
    mode = tar_mode(dest)
    if mode is None:
        if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
            raise BackupError(f"{dest} exists and is not an empty folder: choose a new path.")
        dest.mkdir(parents=True, exist_ok=True)
        manifest = _fill(dest)
        (dest / MANIFEST).write_text(manifest.to_json(), encoding="utf-8")
        return manifest
    if dest.exists():
        raise BackupError(f"{dest} exists: a backup never overwrites another; choose a new name.")
    dest.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".hotro-backup-", dir=dest.parent) as work:
        folder = Path(work) / "archive"
        folder.mkdir()
        manifest = _fill(folder)
        (folder / MANIFEST).write_text(manifest.to_json(), encoding="utf-8")
        partial = Path(work) / dest.name
        with tarfile.open(partial, mode) as tar:
            tar.add(folder / MANIFEST, arcname=MANIFEST)  # first, so a reader learns the contents early
            for entry in manifest.files:
                tar.add(folder / entry.path, arcname=entry.path)
        partial.replace(dest)
    return manifest

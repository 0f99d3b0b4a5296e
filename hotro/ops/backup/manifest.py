"""The manifest: what an archive holds, with a SHA-256 per file, so a restore checks before it writes."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import BinaryIO

from hotro.ops.backup.errors import BackupError

FORMAT = "hotro-backup"
VERSION = 1
MANIFEST = "manifest.json"
FILES_PREFIX = "files/"  # storage names under this folder in the archive
CHUNK = 1024 * 1024


@dataclass
class Entry:
    path: str  # in the archive
    size: int
    sha256: str


@dataclass
class Manifest:
    created: str
    vendor: str  # "sqlite" or "postgresql"
    database: str  # the dump's path in the archive
    files: list[Entry] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # rows per table of interest, checked after a restore
    migrations: list[str] = field(default_factory=list)  # "app.name" applied in the dumped database
    format: str = FORMAT
    version: int = VERSION

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        try:
            data = json.loads(text)
            if data.get("format") != FORMAT:
                raise BackupError("This is not a Hotro backup (its manifest names another format).")
            if data.get("version") != VERSION:
                raise BackupError(f"Backup format version {data.get('version')} is not supported (this is {VERSION}).")
            files = [Entry(**entry) for entry in data.pop("files")]
            return cls(files=files, **data)
        except (ValueError, TypeError, KeyError) as error:
            raise BackupError(f"The manifest is damaged: {error}") from error


def sha256_of(stream: BinaryIO) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def verify(folder: Path, manifest: Manifest) -> None:
    """Every file the manifest lists is there, with its size and checksum; BackupError naming the first that is not."""
    for entry in manifest.files:  # the database dump is one of them
        path = folder / entry.path
        if not path.is_file():
            raise BackupError(f"The archive lacks {entry.path}.")
        with path.open("rb") as stream:
            digest, size = sha256_of(stream)
        if (digest, size) != (entry.sha256, entry.size):
            raise BackupError(f"{entry.path} does not match its checksum: the archive is damaged.")

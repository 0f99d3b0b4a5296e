"""``manage.py backup DEST``: a consistent archive of the desk (database, attachments, raw inbound items)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hotro.ops.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Back up the database (with the raw inbound items it stores) and the attachments to DEST: "
        "a folder, or a .tar / .tar.gz file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dest", type=Path, help="a new or empty folder, or a file name ending in .tar or .tar.gz")

    def handle(self, *args: object, dest: Path, **options: Any) -> None:
        try:
            manifest = create_backup(dest)
        except BackupError as error:
            raise CommandError(str(error)) from error
        size = sum(entry.size for entry in manifest.files)
        self.stdout.write(
            f"Backed up a {manifest.vendor} database and {len(manifest.files) - 1} files "
            f"({size / 1024**2:.1f} MiB) to {dest}"
        )

"""``manage.py restore ARCHIVE``: a backup into a new, empty database and empty storage."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hotro.ops.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by 'manage.py backup' into an empty database and empty file storage. "
        "Stop the web servers, workers and scheduler first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="the backup folder or .tar / .tar.gz file")
        parser.add_argument(
            "--force", action="store_true", help="replace a database and storage that already hold data"
        )

    def handle(self, *args: object, archive: Path, force: bool, **options: Any) -> None:
        try:
            restored = restore_backup(archive, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        counts = ", ".join(f"{table} {count}" for table, count in restored.manifest.counts.items())
        self.stdout.write(f"Restored the backup of {restored.manifest.created}: {counts}; {restored.files} files.")
        if restored.migrate_needed:
            self.stdout.write(
                f"This version has {len(restored.migrate_needed)} migrations the backup lacks: "
                "run 'python manage.py migrate' before starting the desk."
            )

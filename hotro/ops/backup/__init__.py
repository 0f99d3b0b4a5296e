"""Backup and restore of a whole desk: the database, the attachments, and a manifest with checksums.

Raw inbound items (mail, SMS, call events) are rows of the database (``StoredInbound.raw``),
so the database dump carries them. The dump is a snapshot (the SQLite online backup API; on
PostgreSQL ``pg_dump`` of a snapshot exported by the transaction that also lists the files),
and only the files that snapshot refers to are copied: the archive is consistent even while
the desk keeps working.
"""

from hotro.ops.backup.errors import BackupError
from hotro.ops.backup.making import create_backup
from hotro.ops.backup.restoring import restore_backup

__all__ = ["BackupError", "create_backup", "restore_backup"]

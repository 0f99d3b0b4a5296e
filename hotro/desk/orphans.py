"""Attachment files that no attachment row points at, removed once they are a day old.

A file is written to storage while its row is written in the change's transaction;
when that transaction rolls back (a mail that failed half-way and is retried, a
request that failed after its upload), the row goes and the file stays. Storage has
no transactions, so a daily sweep removes files older than ``grace`` that no
``Attachment`` names; younger ones may belong to a transaction still running.
Works through the storage API, so shared storage (S3 and the like) is swept too.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime, timedelta

from django.core.files.storage import Storage, default_storage
from django.utils import timezone

from hotro.desk.models import Attachment

logger = logging.getLogger(__name__)

ROOT = "attachments"  # hotro.desk.models.attachment_path: attachments/<ticket id>/<random>/<name>
BATCH = 500  # ticket folders whose rows are read in one query


def _files_under(storage: Storage, folder: str) -> Iterator[str]:
    folders, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from _files_under(storage, f"{folder}/{sub}")


def _sweep_batch(storage: Storage, ticket_folders: list[str], cutoff: datetime) -> int:
    ids = [int(name) for name in ticket_folders if name.isdigit()]
    known = set(Attachment.objects.filter(ticket_id__in=ids).values_list("file", flat=True))
    removed = 0
    for folder in ticket_folders:
        for path in _files_under(storage, f"{ROOT}/{folder}"):
            if path in known:
                continue
            try:
                if storage.get_modified_time(path) > cutoff:
                    continue  # its transaction may still be running
            except (NotImplementedError, OSError):
                continue
            storage.delete(path)
            removed += 1
    return removed


def remove_orphan_files(grace: timedelta = timedelta(days=1), storage: Storage | None = None) -> int:
    """The scheduler's daily job; returns how many files were removed."""
    storage = storage or default_storage
    if not storage.exists(ROOT):
        return 0
    cutoff = timezone.now() - grace
    ticket_folders, _files = storage.listdir(ROOT)
    removed = 0
    for start in range(0, len(ticket_folders), BATCH):
        removed += _sweep_batch(storage, ticket_folders[start : start + BATCH], cutoff)
    if removed:
        logger.info("removed %d attachment files no ticket refers to", removed)
    return removed

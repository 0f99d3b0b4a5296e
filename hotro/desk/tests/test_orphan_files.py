"""Files whose attachment rows were rolled back are swept away by the daily job; kept files stay."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.db import transaction

from conftest import upload
from hotro.core.scheduler import JOBS
from hotro.desk import services
from hotro.desk.models import Attachment
from hotro.desk.orphans import remove_orphan_files


class Refused(Exception):
    pass


def _stored_files() -> set[str]:
    from hotro.desk.orphans import ROOT, _files_under

    return set(_files_under(default_storage, ROOT)) if default_storage.exists(ROOT) else set()


def test_a_rolled_back_upload_leaves_a_file_that_the_sweep_removes(contact_a, technical):
    kept = services.open_ticket(
        requester=contact_a, department=technical, subject="Kept", body="See log", attachments=[upload("kept.txt")]
    )
    with pytest.raises(Refused), transaction.atomic():
        services.open_ticket(
            requester=contact_a, department=technical, subject="Lost", body="See log", attachments=[upload("gone.txt")]
        )
        raise Refused  # anything after the files were written: the rows go, the files stay
    kept_file = Attachment.objects.get(ticket=kept).file.name
    orphans = _stored_files() - {kept_file}
    assert len(orphans) == 1 and next(iter(orphans)).endswith("gone.txt")

    assert remove_orphan_files() == 0  # a day's grace: it could belong to a transaction still running
    assert remove_orphan_files(grace=timedelta(0)) == 1
    assert _stored_files() == {kept_file}
    assert Attachment.objects.get(ticket=kept).file.read() == b"kernel: eth0 link down\n"
    assert remove_orphan_files(grace=timedelta(0)) == 0


def test_the_sweep_is_a_daily_scheduler_job_and_copes_with_no_files_at_all(db):
    assert any(job.function == "hotro.desk.orphans.remove_orphan_files" for job in JOBS)
    assert remove_orphan_files(grace=timedelta(0)) == 0

"""Back up a desk with tickets, attachments and inbound mail; restore it into a fresh database in another
process, as an operator would at 3 a.m.; compare everything."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from conftest import upload
from hotro.desk import services
from hotro.desk.models import Attachment, Message, Ticket
from hotro.mail.models import InboundMail
from hotro.mail.tests.intake_helpers import raw_mail
from hotro.ops.backup import BackupError, create_backup, restore_backup
from hotro.ops.backup.manifest import MANIFEST

ROOT = Path(__file__).resolve().parents[3]
sqlite_only = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")), reason="the SQLite variant"
)


@pytest.fixture
def desk(tmp_path, contact_a, make_ticket, tech_agent, settings):
    """Two tickets with replies and attachments (one with Vietnamese in its name), and an inbound mail."""
    first = make_ticket(contact_a, attachments=[upload("nhật ký.txt", b"kernel: eth0 down\n")])
    services.add_agent_reply(first, tech_agent, "Đã khởi động lại.", attachments=[upload("fix.sh", b"#!/bin/sh\n")])
    second = make_ticket(contact_a, subject="Tên miền hết hạn")
    services.add_customer_reply(second, contact_a, "Xin gia hạn giúp.", attachments=[upload("a.png", b"\x89PNG" * 50)])
    raw = tmp_path / "in.eml"
    raw.write_bytes(raw_mail(sender="Khách <khach@example.net>", subject="Mail vào"))
    call_command("mail_ingest", str(raw), stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert InboundMail.objects.count() == 1
    return settings


def snapshot_of_desk() -> dict[str, object]:
    """What must survive: tickets, messages, attachment bytes, raw inbound mail, through the ORM."""
    return {
        "tickets": sorted(Ticket.objects.values_list("id", "subject", "status", "department__slug")),
        "messages": sorted(Message.objects.values_list("id", "ticket_id", "body_text", "internal")),
        "attachments": sorted(
            (a.id, a.filename, a.file.name, hashlib.sha256(a.file.open("rb").read()).hexdigest())
            for a in Attachment.objects.all()
        ),
        "inbound": sorted(
            (m.id, hashlib.sha256(bytes(m.raw)).hexdigest(), m.status) for m in InboundMail.objects.all()
        ),
    }


READ_BACK = """
import hashlib, json, django
django.setup()
from hotro.desk.models import Attachment, Message, Ticket
from hotro.mail.models import InboundMail
print(json.dumps({
    "tickets": sorted(Ticket.objects.values_list("id", "subject", "status", "department__slug")),
    "messages": sorted(Message.objects.values_list("id", "ticket_id", "body_text", "internal")),
    "attachments": sorted(
        (a.id, a.filename, a.file.name, hashlib.sha256(a.file.open("rb").read()).hexdigest())
        for a in Attachment.objects.all()
    ),
    "inbound": sorted((m.id, hashlib.sha256(bytes(m.raw)).hexdigest(), m.status) for m in InboundMail.objects.all()),
}))
"""


def manage(data_dir: Path, *args: str, script: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "MEDIA_ROOT", "SECRET_KEY")}
    env.update(HOTRO_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="hotro.settings", PYTHONPATH=str(ROOT))
    command = [sys.executable, "-c", script] if script else [sys.executable, "manage.py", *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)


def as_json(value: object) -> object:
    return json.loads(json.dumps(value))


@sqlite_only
@pytest.mark.parametrize("name", ["backup", "backup.tar.gz"])
@pytest.mark.django_db(transaction=True)
def test_a_restore_into_an_empty_data_folder_reproduces_the_desk(desk, tmp_path, name):
    archive = tmp_path / name
    call_command("backup", str(archive), stdout=open(os.devnull, "w"))  # noqa: SIM115
    expected = snapshot_of_desk()

    fresh = tmp_path / "fresh"
    fresh.mkdir()
    restored = manage(fresh, "restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    assert "desk_ticket 3" in restored.stdout  # two from the portal, one from the mail

    read_back = manage(fresh, script=READ_BACK)
    assert read_back.returncode == 0, read_back.stderr
    assert json.loads(read_back.stdout) == as_json(expected)
    assert len(expected["attachments"]) == 3 and len(expected["inbound"]) == 1

    migrated = manage(fresh, "migrate", "--check")
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_the_manifest_lists_every_file_with_its_checksum(desk, tmp_path):
    manifest = create_backup(tmp_path / "b")
    written = json.loads((tmp_path / "b" / MANIFEST).read_text())
    assert written["format"] == "hotro-backup" and written["version"] == 1 and written["vendor"] == "sqlite"
    assert written["created"]
    paths = {entry["path"] for entry in written["files"]}
    assert "database.sqlite3" in paths
    assert {f"files/{a.file.name}" for a in Attachment.objects.all()} <= paths
    for entry in written["files"]:
        data = (tmp_path / "b" / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"] and len(data) == entry["size"]
    assert manifest.counts["desk_ticket"] == 3 and manifest.counts["mail_inboundmail"] == 1
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == ["database.sqlite3", "files", "manifest.json"]


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_a_restore_refuses_a_database_that_holds_data_unless_forced(desk, tmp_path):
    archive = tmp_path / "b.tar"
    create_backup(archive)
    target = tmp_path / "used"
    target.mkdir()
    assert manage(target, "restore", str(archive)).returncode == 0
    again = manage(target, "restore", str(archive))
    assert again.returncode != 0 and "already has tables" in again.stderr
    forced = manage(target, "restore", "--force", str(archive))
    assert forced.returncode == 0, forced.stderr


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_a_damaged_archive_is_refused_before_anything_is_written(desk, tmp_path):
    create_backup(tmp_path / "b")
    attachment = next((tmp_path / "b" / "files").rglob("*.sh"))
    attachment.write_bytes(b"rm -rf /\n")
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    result = manage(fresh, "restore", str(tmp_path / "b"))
    assert result.returncode != 0 and "checksum" in result.stderr
    assert not (fresh / "hotro.sqlite3").exists()


@pytest.mark.django_db(transaction=True)
def test_a_backup_of_another_vendor_is_refused_with_a_clear_message(desk, tmp_path):
    create_backup(tmp_path / "b")
    manifest = tmp_path / "b" / MANIFEST
    data = json.loads(manifest.read_text())
    data["vendor"] = "oracle"
    manifest.write_text(json.dumps(data))
    with pytest.raises(BackupError, match=f"oracle database and this desk uses {connection.vendor}"):
        restore_backup(tmp_path / "b")


@pytest.mark.django_db
def test_a_backup_never_overwrites_another(tmp_path):
    (tmp_path / "b.tar.gz").write_bytes(b"older backup")
    with pytest.raises(BackupError, match="never overwrites"):
        create_backup(tmp_path / "b.tar.gz")
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    with pytest.raises(BackupError, match="not an empty folder"):
        create_backup(tmp_path / "full")


def test_a_folder_without_a_manifest_is_not_a_backup(tmp_path):
    with pytest.raises(BackupError, match=r"has no manifest\.json"):
        restore_backup(tmp_path)


@pytest.mark.postgres_only
@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")), reason="needs PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_postgres_backup_restores_into_a_new_database(desk, tmp_path):
    """pg_dump of an exported snapshot, then pg_restore into a scratch database next to the test database."""
    archive = tmp_path / "pg.tar.gz"
    call_command("backup", str(archive), stdout=open(os.devnull, "w"))  # noqa: SIM115
    expected = snapshot_of_desk()
    scratch = f"{connection.settings_dict['NAME']}_restore"
    server_url = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    import psycopg

    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        conn.execute(f'CREATE DATABASE "{scratch}"')
    try:
        fresh = tmp_path / "fresh"
        fresh.mkdir()
        env_url = f"{server_url}/{scratch}"
        env = {**os.environ, "DATABASE_URL": env_url, "HOTRO_DATA_DIR": str(fresh), "PYTHONPATH": str(ROOT)}
        env.setdefault("SECRET_KEY", "test-only-not-secret")
        env.pop("MEDIA_ROOT", None)
        run = subprocess.run(
            [sys.executable, "manage.py", "restore", str(archive)], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert run.returncode == 0, run.stderr
        read = subprocess.run([sys.executable, "-c", READ_BACK], cwd=ROOT, env=env, capture_output=True, text=True)
        assert read.returncode == 0, read.stderr
        assert json.loads(read.stdout) == as_json(expected)
    finally:
        with psycopg.connect(f"{server_url}/postgres", autocommit=True) as conn:
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [scratch])
            conn.execute(f'DROP DATABASE IF EXISTS "{scratch}"')

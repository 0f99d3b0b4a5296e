"""What a backup must carry besides the tables: the stored files, and the counts a restore checks."""

from __future__ import annotations

from django.apps import apps
from django.db import models

from hotro.core import inbound
from hotro.ops.backup.database import Rows


def file_columns() -> list[tuple[str, str]]:
    """(table, column) of every file field of every model: attachments today, whatever comes next too."""
    return [
        (model._meta.db_table, field.column)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField)
    ]


def counted_tables() -> list[str]:
    """The tables whose row counts a restore compares: people, tickets, their messages and files, raw items."""
    labels = ["accounts.User", "accounts.Contact", "desk.Ticket", "desk.Message", "desk.Attachment", "desk.AuditEvent"]
    tables = [apps.get_model(label)._meta.db_table for label in labels]
    tables += [channel.model._meta.db_table for channel in inbound.channels()]
    return tables


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'  # the same identifier quoting on SQLite and PostgreSQL


def stored_files(rows: Rows) -> list[str]:
    """Storage names the snapshot refers to, each once, sorted."""
    names: set[str] = set()
    for table, column in file_columns():
        names.update(
            name
            for (name,) in rows(f"SELECT {quote(column)} FROM {quote(table)} WHERE {quote(column)} <> ''")  # noqa: S608
        )
    return sorted(names)


def counts(rows: Rows) -> dict[str, int]:
    return {table: int(rows(f"SELECT COUNT(*) FROM {quote(table)}")[0][0]) for table in counted_tables()}  # noqa: S608


def applied_migrations(rows: Rows) -> list[str]:
    return [f"{app}.{name}" for app, name in rows("SELECT app, name FROM django_migrations ORDER BY app, name")]

"""PostgreSQL only: trigram GIN indexes for ``LIKE '% word%'`` on the search documents.

Needs the ``pg_trgm`` extension. It is a trusted extension (PostgreSQL 13+), so the
database owner may create it; where the application's role may not, an administrator
runs ``CREATE EXTENSION pg_trgm;`` in the database once before migrating.
SQLite has no such index and scans; the results are the same.
"""

from django.db import migrations

INDEXES = {"ticket_search_text_trgm": "search_text", "ticket_search_notes_trgm": "search_notes"}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES.items():
        # CONCURRENTLY: the ticket table stays writable while a big index builds (hence atomic = False).
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON desk_ticket USING gin ({column} gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("desk", "0004_fill_search_documents")]

    operations = [migrations.RunPython(create, drop)]

"""Rows written before the outbox rendered in the worker already hold their words: mark them rendered."""

from django.db import migrations
from django.db.models import F


def mark_rendered(apps, schema_editor):
    apps.get_model("core", "OutboundMessage").objects.filter(rendered_at__isnull=True).update(
        rendered_at=F("created_at")
    )


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0003_outbound_message_every_channel'),
    ]

    operations = [
        migrations.RunPython(mark_rendered, migrations.RunPython.noop),
    ]

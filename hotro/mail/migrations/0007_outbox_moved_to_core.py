"""The outbox model now belongs to ``core`` (``core.0002``); the table stays, only the state moves."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0002_outbound_message_from_mail'),
        ('mail', '0006_outbox_ack_rate_index'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name='OutboxMessage')]),
    ]

"""The mail outbox becomes the core's outbox of every channel: the same table and rows.

State only: the model moves from ``mail`` to ``core`` without touching the table (the
next migration renames it and adds the channel columns); ``mail.0007`` forgets it there.
"""

import django.db.models.deletion
import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_scheduled_jobs'),
        ('desk', '0010_ticket_guest_link_generation'),
        ('mail', '0006_outbox_ack_rate_index'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='OutboundMessage',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('to', models.CharField(max_length=254, verbose_name='to')),
                        ('from_email', models.CharField(max_length=254, verbose_name='from')),
                        ('subject', models.CharField(max_length=500, verbose_name='subject')),
                        ('body_text', models.TextField(verbose_name='text body')),
                        ('body_html', models.TextField(blank=True, verbose_name='HTML body')),
                        ('headers', models.JSONField(blank=True, default=dict, verbose_name='headers')),
                        ('message_id', models.CharField(max_length=255, unique=True, verbose_name='Message-ID')),
                        ('kind', models.CharField(max_length=100, verbose_name='template')),
                        ('language', models.CharField(max_length=8, verbose_name='language')),
                        ('status', models.CharField(choices=[('pending', 'Pending'), ('sending', 'Sending'), ('sent', 'Sent'), ('failed', 'Failed')], default='pending', max_length=8, verbose_name='status')),
                        ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='attempts')),
                        ('deferrals', models.PositiveIntegerField(default=0)),
                        ('next_attempt_at', models.DateTimeField(verbose_name='next attempt')),
                        ('claimed_until', models.DateTimeField(blank=True, null=True, verbose_name='claimed until')),
                        ('claim_token', models.CharField(blank=True, max_length=32)),
                        ('last_error', models.TextField(blank=True, verbose_name='last error')),
                        ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='sent')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('ticket', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='outbox_messages', to='desk.ticket')),
                    ],
                    options={
                        'db_table': 'mail_outboxmessage',
                        'verbose_name': 'outgoing email',
                        'verbose_name_plural': 'outgoing emails',
                        'ordering': ['-created_at', '-id'],
                        'indexes': [
                            models.Index(fields=['status', 'next_attempt_at'], name='outbox_due_idx'),
                            models.Index(fields=['status', 'claimed_until'], name='outbox_lease_idx'),
                            models.Index(django.db.models.functions.text.Upper('to'), models.F('kind'), models.F('created_at'), name='outbox_ack_rate_idx'),
                        ],
                    },
                ),
            ],
        ),
    ]

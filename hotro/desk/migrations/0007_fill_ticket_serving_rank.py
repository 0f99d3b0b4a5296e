"""Copy each department's rank onto its tickets (the field added in 0006 starts at the default)."""

from django.db import migrations


def fill(apps, schema_editor):
    Department = apps.get_model("desk", "Department")
    Ticket = apps.get_model("desk", "Ticket")
    for department in Department.objects.all():
        Ticket.objects.filter(department=department).update(serving_rank=department.rank)


class Migration(migrations.Migration):
    dependencies = [("desk", "0006_ticket_serving_rank_and_queue_indexes")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]

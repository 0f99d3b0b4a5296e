"""Fill the search documents of existing tickets, in batches (hotro.desk.search.rebuild).

On a large existing database, ``manage.py reindex_search`` does the same from a shell.
"""

from django.db import migrations

BATCH = 2000


def fill(apps, schema_editor):
    from hotro.desk.search import rebuild

    Ticket = apps.get_model("desk", "Ticket")
    Message = apps.get_model("desk", "Message")
    last = 0
    while True:
        ids = list(Ticket.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:BATCH])
        if not ids:
            return
        rebuild(ids, ticket_model=Ticket, message_model=Message)
        last = ids[-1]


class Migration(migrations.Migration):
    dependencies = [("desk", "0003_ticket_search_documents")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]

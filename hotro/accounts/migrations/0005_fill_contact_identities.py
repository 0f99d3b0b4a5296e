"""Every existing contact's address and phone number become its identities (a number two contacts
shared stays with the older contact; the other keeps it as its phone, not as an identity)."""

from django.db import migrations


def fill(apps, schema_editor):
    Contact = apps.get_model("accounts", "Contact")
    ContactIdentity = apps.get_model("accounts", "ContactIdentity")
    taken = set(ContactIdentity.objects.values_list("kind", "value"))
    batch = []
    for pk, email, phone in Contact.objects.order_by("pk").values_list("pk", "email", "phone").iterator(chunk_size=2000):
        for kind, value in (("email", (email or "").strip().lower()), ("phone", (phone or "").strip())):
            if value and (kind, value) not in taken:
                taken.add((kind, value))
                batch.append(ContactIdentity(contact_id=pk, kind=kind, value=value))
        if len(batch) >= 2000:
            ContactIdentity.objects.bulk_create(batch)
            batch = []
    ContactIdentity.objects.bulk_create(batch)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_contact_identities'),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]

"""Existing customers keep every way they were known when identities arrive (accounts 0004/0005)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("accounts", "0003_contact_email_failing_since")]
AFTER = [("accounts", "0005_fill_contact_identities")]


@pytest.mark.django_db(transaction=True)
def test_contacts_and_their_tickets_migrate_to_identities_without_loss():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Contact = old.get_model("accounts", "Contact")
    a = Contact.objects.create(email="an@example.com", name="An", phone="+84969297579")
    b = Contact.objects.create(email="binh@example.com", phone="+84969297579")  # the same number as An
    c = Contact.objects.create(email="chi@example.com")

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    identities = new.get_model("accounts", "ContactIdentity").objects
    assert set(identities.values_list("contact_id", "kind", "value")) == {
        (a.pk, "email", "an@example.com"),
        (a.pk, "phone", "+84969297579"),  # the older contact keeps a shared number
        (b.pk, "email", "binh@example.com"),
        (c.pk, "email", "chi@example.com"),
    }
    contacts = new.get_model("accounts", "Contact").objects
    assert contacts.get(pk=b.pk).phone == "+84969297579"  # nothing is lost from the row itself
    assert contacts.count() == 3

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

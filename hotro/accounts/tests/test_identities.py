"""A customer is reached through any of their identities: addresses, phone numbers, chat visitors (P1, P7)."""

from __future__ import annotations

import pytest

from hotro.accounts.models import Contact, ContactIdentity, IdentityKind
from hotro.accounts.services import (
    AccountError,
    add_identity,
    find_contact,
    get_or_create_contact,
    get_or_create_contact_by_phone,
    get_or_create_contact_by_visitor,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("spelling", ["096.929.75.79", "0969297579", "+84 96 929 7579", "84969297579"])
def test_every_vietnamese_spelling_of_a_number_finds_one_contact(spelling):
    first = get_or_create_contact_by_phone("0969297579", name="Anh Minh")
    assert get_or_create_contact_by_phone(spelling) == first
    assert (first.email, first.phone, first.display_name) == ("", "+84969297579", "Anh Minh")
    assert Contact.objects.count() == 1


def test_a_contact_is_found_by_any_of_its_identities():
    contact = get_or_create_contact("Khach@Example.com ", phone="0969297579")
    add_identity(contact, IdentityKind.EMAIL, "ketoan@example.com")
    add_identity(contact, IdentityKind.CHAT, "v-77aa")
    assert find_contact(IdentityKind.EMAIL, "khach@example.com") == contact
    assert find_contact(IdentityKind.EMAIL, "ketoan@example.com") == contact
    assert find_contact(IdentityKind.PHONE, "+84969297579") == contact
    assert find_contact(IdentityKind.CHAT, "v-77aa") == contact
    assert get_or_create_contact("ketoan@example.com") == contact  # a second address is the same customer
    contact.refresh_from_db()
    assert contact.email == "khach@example.com"  # the preferred address stays


def test_a_later_email_fills_in_a_phone_only_contact():
    """P1: an SMS customer who then gives an address is told of updates by email from now on."""
    contact = get_or_create_contact_by_phone("0969297579")
    add_identity(contact, IdentityKind.EMAIL, "Minh@Example.com")
    contact.refresh_from_db()
    assert contact.email == "minh@example.com"
    assert get_or_create_contact("minh@example.com") == contact


def test_an_identity_belongs_to_one_contact_and_a_clash_changes_nothing():
    mine = get_or_create_contact("a@example.com")
    theirs = get_or_create_contact("b@example.com")
    before = list(ContactIdentity.objects.order_by("pk").values_list("contact_id", "kind", "value"))
    with pytest.raises(AccountError) as refused:
        add_identity(mine, IdentityKind.EMAIL, "b@example.com")
    assert refused.value.field == "value"
    assert list(ContactIdentity.objects.order_by("pk").values_list("contact_id", "kind", "value")) == before
    assert find_contact(IdentityKind.EMAIL, "b@example.com") == theirs


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: get_or_create_contact_by_phone("12345"), "phone"),
        (lambda: get_or_create_contact_by_phone("   "), "phone"),
        (lambda: get_or_create_contact("not-an-address"), "email"),
        (lambda: get_or_create_contact_by_visitor(""), "visitor"),
        (lambda: get_or_create_contact_by_visitor("x" * 300), "visitor"),
    ],
)
def test_bad_identities_are_refused_and_create_nothing(call, field):
    with pytest.raises(AccountError) as refused:
        call()
    assert refused.value.field == field and refused.value.message
    assert not Contact.objects.exists() and not ContactIdentity.objects.exists()


def test_a_chat_visitor_is_a_contact_with_neither_address_nor_number():
    visitor = get_or_create_contact_by_visitor("v-3f2a9c")
    assert (visitor.email, visitor.phone) == ("", "")
    assert get_or_create_contact_by_visitor("v-3f2a9c") == visitor
    assert str(visitor) == visitor.display_name


def test_many_contacts_may_have_no_email_but_an_address_is_unique():
    get_or_create_contact_by_phone("0969297579")
    get_or_create_contact_by_phone("0912345678")
    get_or_create_contact("a@example.com")
    assert Contact.objects.filter(email="").count() == 2
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Contact.objects.create(email="a@example.com")

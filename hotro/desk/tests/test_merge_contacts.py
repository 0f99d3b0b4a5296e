"""Merging two records of one customer: tickets, CCs, messages, identities and history move together."""

from __future__ import annotations

import pytest

from hotro.accounts.models import Contact, ContactIdentity, IdentityKind
from hotro.accounts.services import find_contact, get_or_create_contact, get_or_create_contact_by_phone
from hotro.desk import services
from hotro.desk.models import AuditEvent, Channel, Message, Ticket


@pytest.fixture
def by_sms(technical):
    contact = get_or_create_contact_by_phone("0969297579", name="Anh Minh")
    ticket = services.open_ticket(
        requester=contact, department=technical, subject="VPS", body="Mất mạng.", channel=Channel.SMS
    )
    return contact, ticket


def test_an_agent_merges_the_sms_customer_into_the_email_one(by_sms, technical, tech_agent, contact_a, make_ticket):
    phone_only, sms_ticket = by_sms
    own = make_ticket(contact_a)
    copied = make_ticket(get_or_create_contact("other@example.com"))
    copied.ccs.add(phone_only)
    kept = services.merge_contacts(contact_a, phone_only, tech_agent)

    assert not Contact.objects.filter(pk=phone_only.pk).exists()
    assert set(Ticket.objects.filter(requester=kept).values_list("pk", flat=True)) == {sms_ticket.pk, own.pk}
    assert list(copied.ccs.all()) == [kept]
    assert Message.objects.get(ticket=sms_ticket).author_contact == kept
    assert AuditEvent.objects.filter(ticket=sms_ticket, action="desk.ticket.opened").get().actor_contact == kept
    assert find_contact(IdentityKind.PHONE, "+84969297579") == kept
    assert kept.phone == "+84969297579" and kept.email == contact_a.email and kept.user_id == contact_a.user_id
    merged = AuditEvent.objects.filter(action="desk.contact.merged")
    assert {e.ticket_id for e in merged} == {sms_ticket.pk, copied.pk}
    assert all(e.actor_user == tech_agent and e.data["merged"]["phone"] == "+84969297579" for e in merged)
    # The customer now sees the SMS ticket in the portal, the guest link to it still works.
    assert sms_ticket in services.tickets_for_contact(kept)


def test_a_cc_on_the_requesters_own_ticket_is_dropped_not_doubled(by_sms, contact_a, tech_agent):
    phone_only, sms_ticket = by_sms
    sms_ticket.ccs.add(contact_a)
    services.merge_contacts(contact_a, phone_only, tech_agent)
    assert list(sms_ticket.ccs.all()) == []


@pytest.mark.parametrize(
    ("case", "code"),
    [("same", "same"), ("two accounts", "two_accounts"), ("customer", "forbidden")],
)
def test_refused_merges_change_nothing(case, code, contact_a, contact_b, customer_a, tech_agent, make_ticket):
    make_ticket(contact_b)
    keep, other, by = {
        "same": (contact_a, contact_a, tech_agent),
        "two accounts": (contact_a, contact_b, tech_agent),
        "customer": (contact_a, contact_b, customer_a),
    }[case]
    identities = list(ContactIdentity.objects.order_by("pk").values_list("contact_id", "value"))
    with pytest.raises(services.DeskError) as refused:
        services.merge_contacts(keep, other, by)
    assert refused.value.code == code
    assert Contact.objects.filter(pk=contact_b.pk).exists()
    assert Ticket.objects.get().requester_id == contact_b.pk
    assert list(ContactIdentity.objects.order_by("pk").values_list("contact_id", "value")) == identities
    assert not AuditEvent.objects.filter(action="desk.contact.merged").exists()

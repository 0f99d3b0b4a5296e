"""Splitting a message into a new ticket: the message moves (with its files), both histories say so."""

from __future__ import annotations

import pytest

from conftest import upload
from hotro.core.models import OutboundMessage
from hotro.desk import search, services
from hotro.desk.errors import DeskError
from hotro.desk.models import Attachment, AuditEvent, Message, Priority, Status, Ticket


@pytest.fixture
def thread(contact_a, make_ticket, tech_agent):
    ticket = make_ticket(contact_a, subject="VPS và tên miền", priority=Priority.HIGH)
    services.add_agent_reply(ticket, tech_agent, "Chúng tôi xem VPS ngay.")
    second = services.add_customer_reply(
        ticket, contact_a, "Còn tên miền cloudmini.vn thì hết hạn rồi.", attachments=[upload("whois.txt")]
    )
    return ticket, second


def test_the_message_moves_to_a_new_ticket_of_the_same_customer(thread, tech_agent):
    ticket, message = thread
    before = Message.objects.count()
    new = services.split_message(message, tech_agent, subject="Tên miền hết hạn")
    assert Message.objects.count() == before  # moved, not copied
    assert list(new.messages.values_list("pk", flat=True)) == [message.pk]
    assert not ticket.messages.filter(pk=message.pk).exists()
    assert Attachment.objects.get(message=message).ticket_id == new.pk
    assert (new.requester_id, new.department_id, new.priority, new.status) == (
        ticket.requester_id,
        ticket.department_id,
        Priority.HIGH,
        Status.NEW,
    )
    assert new.subject == "Tên miền hết hạn"
    assert new.sla_due_at is not None  # its own SLA clock, as any new ticket (P10)


def test_both_tickets_record_the_split(thread, tech_agent):
    ticket, message = thread
    new = services.split_message(message, tech_agent)
    split = AuditEvent.objects.get(ticket=ticket, action="desk.ticket.split")
    split_from = AuditEvent.objects.get(ticket=new, action="desk.ticket.split_from")
    assert split.data["into"] == new.pk and split_from.data["source"] == ticket.pk
    assert split.actor_user == tech_agent == split_from.actor_user
    assert new.subject == ticket.subject


def test_no_acknowledgement_is_sent_for_the_new_ticket(thread, tech_agent):
    _ticket, message = thread
    before = OutboundMessage.objects.count()
    services.split_message(message, tech_agent)
    assert OutboundMessage.objects.count() == before


def test_search_finds_the_message_in_its_new_ticket_only(thread, tech_agent):
    _ticket, message = thread
    new = services.split_message(message, tech_agent)
    found = search.matching(Ticket.objects.all(), "cloudmini vn", include_notes=False)
    assert list(found.values_list("pk", flat=True)) == [new.pk]


def test_the_only_message_of_a_ticket_is_not_split(contact_a, make_ticket, tech_agent):
    ticket = make_ticket(contact_a)
    with pytest.raises(DeskError) as refused:
        services.split_message(ticket.messages.get(), tech_agent)
    assert refused.value.code == "only"
    assert Ticket.objects.count() == 1


def test_an_agent_of_another_department_cannot_split(thread, sales_agent):
    _ticket, message = thread
    with pytest.raises(DeskError) as refused:
        services.split_message(message, sales_agent)
    assert refused.value.code == "forbidden"
    assert Ticket.objects.count() == 1

"""Merging one ticket into another: nothing lost, both histories kept, the customer told once (P3).

Invariants: every message of both tickets is in the survivor afterwards (count before = count after),
with its attachments; both audit trails are whole and each gains a merge event; the merged ticket is
closed and leads to the survivor; its customers follow the survivor.
"""

from __future__ import annotations

import pytest
from django.db.models import Max

from conftest import upload
from hotro.accounts.services import get_or_create_contact
from hotro.core.models import OutboundMessage
from hotro.desk import search, services
from hotro.desk.errors import DeskError
from hotro.desk.models import Attachment, AuditEvent, Message, Status, Ticket


@pytest.fixture
def pair(contact_a, make_ticket, tech_agent):
    target = make_ticket(contact_a, subject="VPS chậm", body="Máy chủ chạy rất chậm.")
    source = make_ticket(
        contact_a, subject="Lại là VPS", body="Vẫn còn chậm, xem tệp đính kèm.", attachments=[upload("top.txt")]
    )
    services.add_agent_reply(source, tech_agent, "Chúng tôi đang kiểm tra ổ đĩa.")
    services.add_internal_note(source, tech_agent, "Có thể là hàng xóm ồn ào trên cùng host.")
    return source, target


def test_no_message_is_lost_and_attachments_follow(pair, tech_agent):
    source, target = pair
    before = Message.objects.filter(ticket__in=[source, target]).count()
    files = set(Attachment.objects.filter(ticket=source).values_list("pk", flat=True))
    services.merge_tickets(source, target, tech_agent)
    assert Message.objects.filter(ticket=target).count() == before
    assert not Message.objects.filter(ticket=source).exists()
    assert set(Attachment.objects.filter(ticket=target).values_list("pk", flat=True)) >= files
    assert all(a.message.ticket_id == target.pk for a in Attachment.objects.filter(pk__in=files))


def test_both_audit_trails_stay_and_each_gains_a_merge_event(pair, tech_agent):
    source, target = pair
    source_events = set(source.events.values_list("pk", flat=True))
    target_events = set(target.events.values_list("pk", flat=True))
    services.merge_tickets(source, target, tech_agent)
    assert source_events < set(source.events.values_list("pk", flat=True))
    assert target_events < set(target.events.values_list("pk", flat=True))
    into = AuditEvent.objects.get(ticket=source, action="desk.ticket.merged_into")
    merged = AuditEvent.objects.get(ticket=target, action="desk.ticket.merged")
    assert into.data["into"] == target.pk and merged.data["merged"] == source.pk
    assert into.actor_user == tech_agent and merged.actor_user == tech_agent
    assert merged.data["messages"] == 3  # the source's opening message, the reply and the note


def test_the_merged_ticket_is_closed_and_leads_to_the_survivor(pair, tech_agent):
    source, target = pair
    services.merge_tickets(source, target, tech_agent)
    source.refresh_from_db()
    assert source.status == Status.CLOSED and source.merged_into_id == target.pk
    assert services.follow_merged(source).pk == target.pk
    closing = AuditEvent.objects.filter(ticket=source, action="desk.ticket.status_changed").last()
    assert closing.data == {"before": Status.OPEN, "after": Status.CLOSED, "reason": "merged"}


def test_the_customer_is_told_once_in_their_language(contact_b, make_ticket, tech_agent):
    target = make_ticket(contact_b, subject="Domain")
    source = make_ticket(contact_b, subject="Domain again")
    since = OutboundMessage.objects.aggregate(last=Max("pk"))["last"]
    services.merge_tickets(source, target, tech_agent)
    rows = list(OutboundMessage.objects.filter(pk__gt=since))
    assert [(r.kind, r.to, r.language, r.ticket_id) for r in rows] == [
        ("desk/ticket_merged", contact_b.email, "en", target.pk)
    ]


def test_the_merge_mail_renders_with_both_numbers(pair, tech_agent):
    from hotro.core.outbound.testing import rendered

    source, target = pair
    services.merge_tickets(source, target, tech_agent)
    row = rendered().get(kind="desk/ticket_merged")
    assert source.number in row.subject and target.number in row.subject
    assert source.number in row.body_text and target.number in row.body_text


def test_ccs_and_the_other_requester_follow_the_survivor(contact_a, contact_b, make_ticket, tech_agent):
    cc = get_or_create_contact("ke.toan@example.com", name="Kế Toán")
    target = make_ticket(contact_a)
    source = make_ticket(contact_b, ccs=[cc])
    services.merge_tickets(source, target, tech_agent, other_requester=True)
    source.refresh_from_db()
    assert set(target.ccs.values_list("pk", flat=True)) == {contact_b.pk, cc.pk}
    assert services.merged_target_for(source, contact_b) == target
    assert services.merged_target_for(source, cc) == target
    told = set(OutboundMessage.objects.filter(kind="desk/ticket_merged").values_list("to", flat=True))
    assert told == {contact_b.email, cc.email}


def test_a_reply_to_the_merged_ticket_goes_to_the_survivor(pair, contact_a, tech_agent):
    source, target = pair
    services.merge_tickets(source, target, tech_agent)
    message = services.add_customer_reply(source, contact_a, "Cảm ơn, giờ đã nhanh hơn.")
    assert message.ticket_id == target.pk
    source.refresh_from_db()
    assert source.status == Status.CLOSED


def test_the_survivors_search_document_holds_the_merged_messages(pair, tech_agent, technical):
    source, target = pair
    services.merge_tickets(source, target, tech_agent)
    found = search.matching(Ticket.objects.all(), "xem tep dinh kem", include_notes=False)
    assert list(found.values_list("pk", flat=True)) == [target.pk]
    notes = search.matching(Ticket.objects.all(), "hang xom", include_notes=True)
    assert list(notes.values_list("pk", flat=True)) == [target.pk]


def test_tickets_merged_into_the_source_follow_to_the_survivor(contact_a, make_ticket, tech_agent):
    first, middle, last = (make_ticket(contact_a, subject=s) for s in ("một", "hai", "ba"))
    services.merge_tickets(first, middle, tech_agent)
    services.merge_tickets(middle, last, tech_agent)
    first.refresh_from_db()
    assert first.merged_into_id == last.pk  # no chain


def _refused(code, *args, **kwargs):
    before = (Message.objects.count(), AuditEvent.objects.count(), OutboundMessage.objects.count())
    with pytest.raises(DeskError) as refused:
        services.merge_tickets(*args, **kwargs)
    assert refused.value.code == code
    assert (Message.objects.count(), AuditEvent.objects.count(), OutboundMessage.objects.count()) == before


def test_a_ticket_is_not_merged_into_itself(pair, tech_agent):
    source, _target = pair
    _refused("same", source, source, tech_agent)


def test_different_requesters_need_the_agents_confirmation(contact_a, contact_b, make_ticket, tech_agent):
    _refused("other_requester", make_ticket(contact_b), make_ticket(contact_a), tech_agent)


def test_no_merge_into_or_from_a_merged_ticket(pair, contact_a, make_ticket, tech_agent):
    source, target = pair
    services.merge_tickets(source, target, tech_agent)
    _refused("chain", make_ticket(contact_a), source, tech_agent)
    _refused("already_merged", source, make_ticket(contact_a), tech_agent)


def test_no_merge_into_a_closed_ticket(pair, tech_agent):
    source, target = pair
    services.change_status(target, Status.RESOLVED, tech_agent)
    _refused("inactive", source, target, tech_agent)


def test_an_agent_cannot_merge_across_a_department_they_do_not_work_in(contact_a, make_ticket, sales, tech_agent):
    """P2: agents work in their own departments' tickets."""
    _refused("forbidden", make_ticket(contact_a), make_ticket(contact_a, department=sales), tech_agent)
    _refused("forbidden", make_ticket(contact_a, department=sales), make_ticket(contact_a), tech_agent)

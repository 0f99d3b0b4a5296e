"""redact_message: text taken out of a message's body, HTML part, the subject and search, audited; refusals write nothing."""

from __future__ import annotations

import pytest

from hotro.desk import events, search
from hotro.desk.errors import DeskError
from hotro.desk.models import AuditEvent, Ticket
from hotro.desk.services import add_customer_reply, redact_message, tickets_for_agent

pytestmark = pytest.mark.django_db


def test_it_replaces_every_copy_rebuilds_search_audits_and_tells_the_channels(make_ticket, contact_a, tech_agent):
    ticket = make_ticket(contact_a, subject="root Tr0ub4dor&3", body="Mật khẩu: Tr0ub4dor&3 (Tr0ub4dor&3)")
    message = ticket.messages.get()
    told = []
    events.message_redacted.connect(
        lambda sender, **kw: told.append(kw["texts"]), weak=False, dispatch_uid="test.redacted"
    )
    try:
        texts = redact_message(message, [(10, 21)], tech_agent)
    finally:
        events.message_redacted.disconnect(dispatch_uid="test.redacted")
    assert texts == ["Tr0ub4dor&3"] and told == [("Tr0ub4dor&3",)]
    message.refresh_from_db()
    assert "Tr0ub4dor" not in message.body_text and message.body_text.count("[") == 2
    ticket = Ticket.objects.defer(None).get(pk=ticket.pk)
    assert "Tr0ub4dor" not in ticket.subject and "tr0ub4dor" not in ticket.search_text
    assert not search.matching(tickets_for_agent(tech_agent), "Tr0ub4dor", include_notes=True).exists()
    event = AuditEvent.objects.get(action="desk.message.redacted")
    assert event.data == {"message": message.pk, "parts": 1, "subject": True, "reason": ""}


def test_an_html_part_where_the_text_is_split_by_tags_is_dropped(make_ticket, contact_a, tech_agent):
    ticket = make_ticket(contact_a)
    message = add_customer_reply(ticket, contact_a, "pass: Ab12cd", body_html="<p>pass: Ab<i>12</i>cd</p>")
    redact_message(message, ["Ab12cd"], tech_agent)
    message.refresh_from_db()
    assert message.body_html == "" and "Ab12cd" not in message.body_text


def test_an_escaped_html_copy_is_replaced_in_place(make_ticket, contact_a, tech_agent):
    ticket = make_ticket(contact_a)
    message = add_customer_reply(ticket, contact_a, "pass: a<b&c1", body_html="<p>pass: a&lt;b&amp;c1</p>")
    redact_message(message, ["a<b&c1"], tech_agent)
    message.refresh_from_db()
    assert message.body_html.startswith("<p>pass: [") and "a&lt;b" not in message.body_html


@pytest.mark.parametrize("parts", [[(0, 999)], [(5, 5)], [""], ["   "], ["not in the message"], []])
def test_bad_parts_are_refused_and_nothing_changes(make_ticket, contact_a, tech_agent, parts):
    ticket = make_ticket(contact_a)
    message = ticket.messages.get()
    with pytest.raises(DeskError):
        redact_message(message, parts, tech_agent)
    message.refresh_from_db()
    assert message.body_text == "Máy chủ của tôi không SSH được từ sáng nay."
    assert not AuditEvent.objects.filter(action="desk.message.redacted").exists()


def test_only_an_agent_of_the_department_may_redact(make_ticket, contact_a, sales_agent):
    message = make_ticket(contact_a).messages.get()
    with pytest.raises(DeskError) as refused:
        redact_message(message, ["SSH"], sales_agent)
    assert refused.value.code == "forbidden"

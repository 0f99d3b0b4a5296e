"""The ticket page's POST endpoints: each calls one service, writes an audit event, and refuses bad input."""

import pytest
from django.urls import reverse

from conftest import upload
from hotro.accounts.services import create_agent
from hotro.desk import services
from hotro.desk.models import AuditEvent, Category, Message, Priority, Status


@pytest.fixture
def ticket(contact_a, make_ticket):
    return make_ticket(contact_a)


def post(client, name, ticket, data=None, **extra):
    return client.post(reverse(f"console:{name}", args=[ticket.number]), data or {}, **extra)


def actions_of(ticket) -> list[str]:
    return list(AuditEvent.objects.filter(ticket=ticket).values_list("action", flat=True))


def flash(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_a_reply_posts_a_public_message_with_attachments(tech_agent, ticket, client_for):
    """P3: a public reply reaches the customer; it is not an internal note."""
    response = post(
        client_for(tech_agent),
        "reply",
        ticket,
        {"body": "Đã khởi động lại máy chủ.", "attachments": [upload("a.txt"), upload("b.txt")]},
    )
    assert response.status_code == 302
    message = ticket.messages.filter(author_user=tech_agent).get()
    assert message.internal is False
    assert message.body_text == "Đã khởi động lại máy chủ."
    assert sorted(message.attachments.values_list("filename", flat=True)) == ["a.txt", "b.txt"]
    assert "desk.message.agent_reply" in actions_of(ticket)


def test_a_reply_can_set_the_status_after(tech_agent, ticket, client_for):
    post(client_for(tech_agent), "reply", ticket, {"body": "Đã xong, bạn kiểm tra lại nhé.", "then_status": "resolved"})
    ticket.refresh_from_db()
    assert ticket.status == Status.RESOLVED
    assert AuditEvent.objects.filter(
        ticket=ticket, action="desk.ticket.status_changed", data__after="resolved"
    ).exists()


def test_a_note_posts_an_internal_message(tech_agent, ticket, client_for):
    """Internal notes are for agents only."""
    post(client_for(tech_agent), "note", ticket, {"body": "Kiểm tra log phía hypervisor.", "then_status": "resolved"})
    message = ticket.messages.filter(author_user=tech_agent).get()
    assert message.internal is True
    ticket.refresh_from_db()
    assert ticket.status == Status.NEW  # a note never changes the status
    assert "desk.message.internal_note" in actions_of(ticket)


def test_text_written_in_note_mode_stays_internal_whichever_button_sent_it(tech_agent, ticket, client_for):
    """Pressing Enter submits with the form's first button (the public reply): the mode still decides."""
    from hotro.core.models import OutboundMessage

    before = OutboundMessage.objects.filter(to=ticket.requester.email).count()
    post(client_for(tech_agent), "reply", ticket, {"body": "Mật khẩu root cũ: hunter2", "mode": "note"})
    message = ticket.messages.filter(author_user=tech_agent).get()
    assert message.internal is True
    assert OutboundMessage.objects.filter(to=ticket.requester.email).count() == before


def test_an_empty_reply_is_refused_and_the_page_shows_the_error(tech_agent, ticket, client_for):
    response = post(client_for(tech_agent), "reply", ticket, {"body": "   "})
    assert response.status_code == 400
    assert 'class="errorlist' in response.content.decode()
    assert ticket.messages.count() == 1


def test_a_forbidden_attachment_is_refused_and_nothing_is_saved(tech_agent, ticket, client_for):
    response = post(
        client_for(tech_agent), "note", ticket, {"body": "xem file", "attachments": [upload("x.exe", b"MZ")]}
    )
    assert response.status_code == 400
    assert "x.exe" in response.content.decode()
    assert ticket.messages.count() == 1


def test_a_reply_with_an_illegal_status_changes_nothing(tech_agent, ticket, client_for):
    response = post(client_for(tech_agent), "reply", ticket, {"body": "ok", "then_status": "closed"})
    assert response.status_code == 400
    ticket.refresh_from_db()
    assert ticket.status == Status.NEW
    assert ticket.messages.count() == 1


def test_assign_gives_the_ticket_to_an_agent_of_the_department(tech_agent, tech_agent_2, ticket, client_for):
    post(client_for(tech_agent), "assign", ticket, {"assignee": tech_agent_2.pk})
    ticket.refresh_from_db()
    assert ticket.assignee == tech_agent_2
    event = AuditEvent.objects.get(ticket=ticket, action="desk.ticket.assigned")
    assert (event.actor_user, event.data["after"]) == (tech_agent, tech_agent_2.pk)


def test_assigning_an_agent_outside_the_department_is_refused(tech_agent, sales_agent, ticket, client_for):
    response = post(client_for(tech_agent), "assign", ticket, {"assignee": sales_agent.pk}, follow=True)
    assert flash(response)
    ticket.refresh_from_db()
    assert ticket.assignee is None
    assert actions_of(ticket) == ["desk.ticket.opened"]


def test_assigning_a_customer_is_refused(tech_agent, customer_b, ticket, client_for):
    post(client_for(tech_agent), "assign", ticket, {"assignee": customer_b.pk})
    ticket.refresh_from_db()
    assert ticket.assignee is None


def test_unassign_releases_the_ticket(tech_agent, ticket, client_for):
    services.claim(ticket, tech_agent)
    post(client_for(tech_agent), "unassign", ticket)
    ticket.refresh_from_db()
    assert ticket.assignee is None
    assert "desk.ticket.unassigned" in actions_of(ticket)


def test_claim_from_the_ticket_page_takes_the_ticket(tech_agent, ticket, client_for):
    response = post(client_for(tech_agent), "claim", ticket)
    assert response["Location"] == reverse("console:ticket", args=[ticket.number])
    ticket.refresh_from_db()
    assert ticket.assignee == tech_agent


def test_status_moves_to_a_legal_target(tech_agent, ticket, client_for):
    post(client_for(tech_agent), "status", ticket, {"status": "on_hold"})
    ticket.refresh_from_db()
    assert ticket.status == Status.ON_HOLD
    assert AuditEvent.objects.filter(ticket=ticket, action="desk.ticket.status_changed", data__after="on_hold").exists()


@pytest.mark.parametrize("status", ["pending", "nonsense", ""])
def test_an_illegal_status_is_refused_and_changes_nothing(tech_agent, ticket, client_for, status):
    services.change_status(ticket, Status.RESOLVED, tech_agent)
    response = post(client_for(tech_agent), "status", ticket, {"status": status}, follow=True)
    assert flash(response)
    ticket.refresh_from_db()
    assert ticket.status == Status.RESOLVED
    assert actions_of(ticket).count("desk.ticket.status_changed") == 1


def test_priority_changes_and_is_recorded(tech_agent, ticket, client_for):
    post(client_for(tech_agent), "priority", ticket, {"priority": Priority.URGENT})
    ticket.refresh_from_db()
    assert ticket.priority == Priority.URGENT
    assert "desk.ticket.priority_changed" in actions_of(ticket)


@pytest.mark.parametrize("priority", ["0", "9", "high"])
def test_an_unknown_priority_is_refused(tech_agent, ticket, client_for, priority):
    response = post(client_for(tech_agent), "priority", ticket, {"priority": priority}, follow=True)
    assert flash(response)
    ticket.refresh_from_db()
    assert ticket.priority == Priority.NORMAL


def test_transfer_to_a_department_i_do_not_belong_to_lands_on_my_queue(tech_agent, sales, ticket, client_for):
    billing = Category.objects.get(slug="billing")
    response = post(client_for(tech_agent), "transfer", ticket, {"department": sales.pk, "category": billing.pk})
    assert response["Location"] == reverse("console:queue")
    ticket.refresh_from_db()
    assert (ticket.department, ticket.category) == (sales, billing)
    assert "desk.ticket.transferred" in actions_of(ticket)


def test_transfer_within_my_departments_returns_to_the_ticket(technical, sales, ticket, client_for):
    both = create_agent("both@cloudmini.example", None, name="Hai Phòng", departments=[technical, sales])
    response = post(client_for(both), "transfer", ticket, {"department": sales.pk})
    assert response["Location"] == reverse("console:ticket", args=[ticket.number])


@pytest.mark.parametrize(
    "data",
    [
        {"department": 999999},
        {"department": "sales"},
        {"department": "__sales__", "category": "__vps__"},
        {"department": "__technical__"},
    ],
)
def test_a_forged_transfer_is_refused_and_changes_nothing(tech_agent, technical, sales, ticket, client_for, data):
    ids = {
        "__sales__": sales.pk,
        "__technical__": technical.pk,
        "__vps__": Category.objects.get(slug="vps").pk,
    }
    data = {key: ids.get(value, value) for key, value in data.items()}
    response = post(client_for(tech_agent), "transfer", ticket, data, follow=True)
    assert flash(response)
    ticket.refresh_from_db()
    assert ticket.department == technical
    assert "desk.ticket.transferred" not in actions_of(ticket)


def test_a_reply_on_a_ticket_of_another_department_is_a_404_and_saves_nothing(sales_agent, ticket, client_for):
    response = post(client_for(sales_agent), "reply", ticket, {"body": "xin chào"})
    assert response.status_code == 404
    assert Message.objects.filter(ticket=ticket).count() == 1

"""The bell, the notification pages, the presence selector, and the reply collision check.

Every view is the agent's own: another agent's notifications are never read or changed, customers
and visitors never reach them. A reply written while a new public message arrived is held back,
with that message shown, until the agent sends it anyway.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from hotro.alerts.models import Event, Notification, Preference
from hotro.desk import services
from hotro.desk.models import Message
from hotro.presence.models import AgentStatus

PAGES = ["console:notifications", "console:notification_preferences"]
POSTS = ["console:notifications_read", "console:notifications_read_all", "console:presence"]


@pytest.mark.parametrize("name", PAGES + POSTS)
def test_visitors_are_sent_to_sign_in_and_customers_get_a_404(name, client, client_for, customer_a):
    url = reverse(name)
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        assert getattr(client_for(customer_a), method)(url).status_code == 404


@pytest.mark.parametrize("name", POSTS)
def test_changes_are_post_only(name, client_for, tech_agent):
    assert client_for(tech_agent).get(reverse(name)).status_code == 405


def test_the_bell_counts_unread_notifications_on_every_console_page(make_ticket, contact_a, client_for, tech_agent):
    make_ticket(contact_a)
    make_ticket(contact_a)
    response = client_for(tech_agent).get(reverse("console:triage"))
    assert response.status_code == 200
    assert b'id="bell-count">2<' in response.content
    assert b'data-ws-path="/ws/console/"' in response.content and b'data-section="triage"' in response.content


def test_the_list_shows_only_my_notifications_and_marks_them_read(
    make_ticket, contact_a, client_for, tech_agent, tech_agent_2
):
    ticket = make_ticket(contact_a)
    mine = Notification.objects.get(recipient=tech_agent)
    theirs = Notification.objects.get(recipient=tech_agent_2)
    client = client_for(tech_agent)
    page = client.get(reverse("console:notifications"))
    assert page.status_code == 200
    assert f'id="notification-{mine.pk}"'.encode() in page.content
    assert f'id="notification-{theirs.pk}"'.encode() not in page.content
    assert ticket.number.encode() in page.content

    response = client.post(reverse("console:notifications_read"), {"id": [mine.pk, theirs.pk]})
    assert response.status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None and theirs.read_at is None


def test_marking_read_with_bad_ids_is_a_400_that_changes_nothing(make_ticket, contact_a, client_for, tech_agent):
    make_ticket(contact_a)
    client = client_for(tech_agent)
    assert client.post(reverse("console:notifications_read"), {"id": "abc"}).status_code == 400
    assert client.post(reverse("console:notifications_read"), {}).status_code == 400
    assert Notification.objects.filter(read_at__isnull=True).count() == 1


def test_mark_all_read_reaches_only_my_own(make_ticket, contact_a, client_for, tech_agent, tech_agent_2):
    make_ticket(contact_a)
    make_ticket(contact_a)
    assert client_for(tech_agent).post(reverse("console:notifications_read_all")).status_code == 302
    assert not Notification.objects.filter(recipient=tech_agent, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=tech_agent_2, read_at__isnull=True).count() == 2


def test_preferences_are_saved_per_department_and_event(client_for, technical, sales, tech_agent):
    client = client_for(tech_agent)
    page = client.get(reverse("console:notification_preferences"))
    assert page.status_code == 200
    assert f'name="app-{technical.pk}-new_ticket"'.encode() in page.content
    assert f'name="app-{sales.pk}-new_ticket"'.encode() not in page.content  # not one of my departments
    assert f'name="mail-{technical.pk}-assigned"'.encode() not in page.content  # always mailed by the desk

    posted = {f"app-{technical.pk}-assigned": "on", f"mail-{technical.pk}-new_ticket": "on"}
    posted[f"app-{sales.pk}-new_ticket"] = "on"  # another department's box: ignored
    assert client.post(reverse("console:notification_preferences"), posted).status_code == 302
    stored = {p.event: (p.in_app, p.email) for p in Preference.objects.filter(agent=tech_agent)}
    assert stored[Event.NEW_TICKET] == (False, True)
    assert stored[Event.ASSIGNED] == (True, False)
    assert stored[Event.CUSTOMER_REPLY] == (False, False)
    assert not Preference.objects.filter(department=sales).exists()


def test_an_agent_sets_their_presence_and_a_bad_status_is_a_400(client_for, tech_agent):
    client = client_for(tech_agent)
    response = client.post(reverse("console:presence"), {"presence": "away", "next": "/console/queue/"})
    assert response.status_code == 302 and response["Location"] == "/console/queue/"
    assert AgentStatus.objects.get(agent=tech_agent).chosen == "away"
    assert client.post(reverse("console:presence"), {"presence": "asleep"}).status_code == 400
    assert AgentStatus.objects.get(agent=tech_agent).chosen == "away"
    page = client.get(reverse("console:triage"))
    assert b'<option value="away" selected>' in page.content
    off_site = client.post(reverse("console:presence"), {"presence": "online", "next": "https://evil.example/"})
    assert off_site["Location"] == reverse("console:home")


# --- the reply collision check (two agents never answer blind) -------------------------------------


def reply(client, ticket, body: str, seen: int | str | None, **extra):
    data = {"mode": "reply", "body": body, **extra}
    if seen is not None:
        data["seen_message"] = seen
    return client.post(reverse("console:reply", args=[ticket.number]), data)


def last_id(ticket) -> int:
    return ticket.messages.order_by("-pk").values_list("pk", flat=True)[0]


def test_the_ticket_page_says_which_message_the_agent_saw_last(make_ticket, contact_a, client_for, tech_agent):
    ticket = make_ticket(contact_a)
    page = client_for(tech_agent).get(reverse("console:ticket", args=[ticket.number]))
    assert f'name="seen_message" value="{last_id(ticket)}"'.encode() in page.content
    assert f'data-ticket="{ticket.number}"'.encode() in page.content


def test_a_reply_after_a_new_customer_message_is_held_and_shows_it(make_ticket, contact_a, client_for, tech_agent):
    ticket = make_ticket(contact_a)
    seen = last_id(ticket)
    services.add_customer_reply(ticket, contact_a, "Em vừa khởi động lại, giờ vào được rồi!")
    client = client_for(tech_agent)

    held = reply(client, ticket, "Anh thử khởi động lại nhé", seen)
    assert held.status_code == 409
    assert "Em vừa khởi động lại, giờ vào được rồi!" in held.content.decode()
    assert b'name="send_anyway"' in held.content
    assert "Anh thử khởi động lại nhé" in held.content.decode()  # the draft is kept
    assert not Message.objects.filter(ticket=ticket, body_text="Anh thử khởi động lại nhé").exists()

    sent = reply(client, ticket, "Anh thử khởi động lại nhé", seen, send_anyway="1")
    assert sent.status_code == 302
    assert Message.objects.filter(ticket=ticket, body_text="Anh thử khởi động lại nhé", author_user=tech_agent).exists()


def test_another_agents_public_reply_also_holds_the_reply(make_ticket, contact_a, client_for, tech_agent, tech_agent_2):
    ticket = make_ticket(contact_a)
    seen = last_id(ticket)
    services.add_agent_reply(ticket, tech_agent_2, "Bên em đang kiểm tra ạ")
    assert reply(client_for(tech_agent), ticket, "Chào anh", seen).status_code == 409


def test_notes_and_my_own_messages_do_not_hold_a_reply(make_ticket, contact_a, client_for, tech_agent, tech_agent_2):
    ticket = make_ticket(contact_a)
    seen = last_id(ticket)
    services.add_internal_note(ticket, tech_agent_2, "Khách VIP")
    services.add_agent_reply(ticket, tech_agent, "Tin đầu")
    assert reply(client_for(tech_agent), ticket, "Tin hai", seen).status_code == 302


def test_a_reply_that_saw_everything_is_sent_and_one_without_the_field_is_not_checked(
    make_ticket, contact_a, client_for, tech_agent
):
    ticket = make_ticket(contact_a)
    first = last_id(ticket)
    services.add_customer_reply(ticket, contact_a, "Thêm thông tin")
    client = client_for(tech_agent)
    assert reply(client, ticket, "Đã nhận", last_id(ticket)).status_code == 302
    assert reply(client, ticket, "Không có trường", None).status_code == 302
    assert first < last_id(ticket)


def test_a_bad_seen_message_is_a_400_and_sends_nothing(make_ticket, contact_a, client_for, tech_agent):
    ticket = make_ticket(contact_a)
    count = ticket.messages.count()
    assert reply(client_for(tech_agent), ticket, "Chào", "abc").status_code == 400
    assert ticket.messages.count() == count


def test_an_agent_of_another_department_cannot_probe_a_ticket_by_replying(
    make_ticket, contact_a, client_for, sales_agent
):
    ticket = make_ticket(contact_a)
    assert reply(client_for(sales_agent), ticket, "Chào", 0).status_code == 404

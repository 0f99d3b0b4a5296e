"""The console socket (docs/console-protocol.md) through the real ASGI application.

Who may connect, what each agent receives after a desk change (P2: new work reaches the
agents of its department without anyone reloading), presence beats, viewing and typing.
"""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async
from django.db import transaction

from hotro.chat.tests.conftest import run, until
from hotro.desk import services
from hotro.desk.models import Status
from hotro.live.tests.conftest import console_socket
from hotro.presence.models import AgentStatus

pytestmark = pytest.mark.django_db(transaction=True)


def sync(function):
    return database_sync_to_async(function, thread_sensitive=False)


def test_an_anonymous_visitor_is_refused(provider_defaults):
    async def scenario():
        _socket, connected, code = await console_socket(None)
        return connected, code

    assert run(scenario) == (False, 4403)


def test_a_customer_is_refused(customer_a, session_of):
    session = session_of(customer_a)

    async def scenario():
        _socket, connected, code = await console_socket(session)
        return connected, code

    assert run(scenario) == (False, 4403)


def test_a_page_of_another_site_cannot_ride_an_agents_cookie(tech_agent, session_of):
    session = session_of(tech_agent)

    async def scenario():
        _socket, connected, code = await console_socket(session, origin="https://evil.example")
        return connected, code

    assert run(scenario) == (False, 4403)


def test_an_agent_is_greeted_and_counted_present(tech_agent, technical, session_of):
    session = session_of(tech_agent)

    async def scenario():
        socket, connected, _code = await console_socket(session)
        assert connected
        hello = await until(socket, "hello")
        await socket.send_json_to({"type": "presence", "status": "away"})
        chosen = await until(socket, "presence")
        await socket.send_json_to({"type": "presence", "status": "asleep"})
        refused = await until(socket, "error")
        await socket.send_json_to({"type": "beat"})
        beat = await until(socket, "beat")
        await socket.disconnect()
        return hello, chosen, refused, beat

    hello, chosen, refused, beat = run(scenario)
    assert hello["agent"]["id"] == tech_agent.pk and hello["departments"] == [technical.pk]
    assert hello["beat"] == 30 and hello["presence"] == "online"
    assert chosen["status"] == "away" and refused["code"] == "bad_status" and beat["presence"] == "away"
    status = AgentStatus.objects.get(agent=tech_agent)
    assert status.chosen == "away" and status.seen_at is not None


def test_a_desk_change_is_pushed_once_after_commit_to_its_department_only(
    make_ticket, contact_a, tech_agent, tech_agent_2, sales_agent, session_of
):
    ticket = make_ticket(contact_a)
    sessions = [session_of(tech_agent), session_of(tech_agent_2), session_of(sales_agent)]

    async def scenario():
        sockets = []
        for session in sessions:
            socket, connected, _code = await console_socket(session)
            assert connected
            await until(socket, "hello")
            sockets.append(socket)
        mine, colleague, sales = sockets
        # A reply that also sets the status: two desk events in one transaction, one push.
        await sync(services.add_agent_reply)(ticket, tech_agent, "Đã xử lý", new_status=Status.PENDING)
        pushed = await until(colleague, "ticket")
        own = await until(mine, "ticket")  # the actor's other pages follow too
        assert await colleague.receive_nothing(0.5)
        assert await sales.receive_nothing(0.5)
        for socket in sockets:
            await socket.disconnect()
        return pushed, own

    pushed, own = run(scenario)
    assert pushed == own
    assert pushed["number"] == ticket.number and pushed["id"] == ticket.pk
    assert pushed["status"] == Status.PENDING and pushed["changes"] == ["message", "status"]
    assert pushed["by"] == {"id": tech_agent.pk, "name": tech_agent.display_name, "kind": "agent"}
    assert pushed["message"]["internal"] is False and pushed["message"]["author"] == "agent"


def test_a_change_that_rolls_back_pushes_nothing(make_ticket, contact_a, tech_agent, tech_agent_2, session_of):
    ticket = make_ticket(contact_a)
    session = session_of(tech_agent_2)

    def failing_claim():
        with transaction.atomic():
            services.claim(ticket, tech_agent)
            raise RuntimeError("rolled back")

    async def scenario():
        socket, _connected, _code = await console_socket(session)
        await until(socket, "hello")
        with pytest.raises(RuntimeError):
            await sync(failing_claim)()
        quiet = await socket.receive_nothing(0.5)
        await sync(services.claim)(ticket, tech_agent)  # the next transaction's change still arrives
        claimed = await until(socket, "ticket")
        await socket.disconnect()
        return quiet, claimed

    quiet, claimed = run(scenario)
    assert quiet is True
    assert claimed["assignee"] == {"id": tech_agent.pk, "name": tech_agent.display_name}
    assert claimed["changes"] == ["assigned", "status"] or claimed["changes"] == ["assigned"]


def test_a_transfer_reaches_the_department_the_ticket_left_and_the_one_it_joined(
    make_ticket, contact_a, sales, tech_agent, sales_agent, session_of
):
    ticket = make_ticket(contact_a)
    sessions = [session_of(tech_agent), session_of(sales_agent)]

    async def scenario():
        sockets = []
        for session in sessions:
            socket, _connected, _code = await console_socket(session)
            await until(socket, "hello")
            sockets.append(socket)
        await sync(services.transfer_ticket)(ticket, sales, tech_agent)
        frames = [await until(socket, "ticket") for socket in sockets]
        for socket in sockets:
            await socket.disconnect()
        return frames

    left, joined = run(scenario)
    assert left == joined and left["department"] == sales.pk and "transferred" in left["changes"]


def test_new_work_is_a_notification_with_the_unread_count(make_ticket, contact_a, tech_agent, session_of):
    session = session_of(tech_agent)

    async def scenario():
        socket, _connected, _code = await console_socket(session)
        await until(socket, "hello")
        ticket = await sync(make_ticket)(contact_a)
        note = await until(socket, "notification")
        row = await until(socket, "ticket")
        await socket.disconnect()
        return ticket, note, row

    ticket, note, row = run(scenario)
    assert note["event"] == "new_ticket" and note["ticket"] == ticket.number and note["unread"] == 1
    assert note["url"] == f"/console/tickets/{ticket.number}/"
    assert row["changes"] == ["opened"] and row["status"] == Status.NEW and row["assignee"] is None


def test_agents_on_one_ticket_see_each_other_viewing_and_typing(
    make_ticket, contact_a, tech_agent, tech_agent_2, sales_agent, session_of
):
    ticket = make_ticket(contact_a)
    sessions = [session_of(tech_agent), session_of(tech_agent_2), session_of(sales_agent)]

    async def scenario():
        sockets = []
        for session in sessions:
            socket, _connected, _code = await console_socket(session)
            await until(socket, "hello")
            sockets.append(socket)
        first, second, stranger = sockets
        # Each page announces itself asking "who else is here?"; those already there answer (console.js).
        await first.send_json_to({"type": "viewing", "ticket": ticket.number, "reply": True})
        assert await first.receive_nothing(0.3)  # alone on the ticket so far
        await second.send_json_to({"type": "viewing", "ticket": ticket.number, "reply": True})
        seen_by_first = await until(first, "viewing")
        await first.send_json_to({"type": "viewing", "ticket": ticket.number})
        seen_by_second = await until(second, "viewing")
        await second.send_json_to({"type": "typing", "ticket": ticket.number})
        typing = await until(first, "typing")
        await stranger.send_json_to({"type": "viewing", "ticket": ticket.number})
        refused = await until(stranger, "error")
        await second.disconnect()
        gone = await until(first, "left")
        assert await first.receive_nothing(0.3)  # its own viewing and typing are not echoed
        await first.disconnect()
        await stranger.disconnect()
        return seen_by_first, seen_by_second, typing, refused, gone

    seen_by_first, seen_by_second, typing, refused, gone = run(scenario)
    assert seen_by_first["agent"]["id"] == tech_agent_2.pk and seen_by_first["ttl"] == 25
    assert seen_by_first["reply"] is True
    assert seen_by_second["agent"]["id"] == tech_agent.pk and seen_by_second["reply"] is False
    assert typing["agent"] == {"id": tech_agent_2.pk, "name": tech_agent_2.display_name} and typing["ttl"] == 6
    assert refused["code"] == "unknown_ticket"  # a ticket of another department is unknown here too
    assert gone["agent"]["id"] == tech_agent_2.pk and gone["ticket"] == ticket.number


def test_bad_frames_get_an_error_and_change_nothing(tech_agent, session_of):
    session = session_of(tech_agent)

    async def scenario():
        socket, _connected, _code = await console_socket(session)
        await until(socket, "hello")
        errors = []
        for text in ("not json", '["a list"]', '{"type": "shutdown"}', '{"type": "beat", "x": "' + "y" * 5000 + '"}'):
            await socket.send_to(text)
            errors.append((await until(socket, "error"))["code"])
        await socket.disconnect()
        return errors

    assert run(scenario) == ["bad_frame"] * 4

"""The chat protocol (docs/chat-protocol.md) through real sockets: visitors, agents, resume, errors.

P5: chat on the website, routed by department and hours; P6/P15: a technical chat becomes a ticket.
"""

from __future__ import annotations

import json

import pytest

from hotro.chat.models import ChatMessage, ChatStatus, Conversation
from hotro.chat.tests.conftest import SITE, agent_socket, run, until, visitor_socket
from hotro.core.models import OutboundMessage
from hotro.desk.models import Channel, Ticket

pytestmark = pytest.mark.usefixtures("widget")


async def started(topic: str = "technical", **fields):
    socket, connected = await visitor_socket()
    assert connected
    welcome = await until(socket, "welcome")
    await socket.send_json_to({"type": "start", "name": "Lan", "topic": topic, "page": f"{SITE}/vps", **fields})
    frame = await until(socket, "started")
    return socket, welcome, frame


def test_a_visitor_starts_a_chat_and_every_message_is_stored_before_its_ack():
    async def scenario():
        socket, welcome, frame = await started()
        technical = next(t for t in welcome["topics"] if t["key"] == "technical")
        assert technical["open"] is True and "ticket" in technical["advice"]  # P6: advised, not refused
        assert frame["queue_position"] == 1 and frame["conversation"]["status"] == "waiting"
        await socket.send_json_to({"type": "message", "client_id": "c-1", "body": "VPS không vào được SSH"})
        message = await until(socket, "message")
        ack = await until(socket, "ack")
        await socket.disconnect()
        return frame, message, ack

    frame, message, ack = run(scenario)
    stored = ChatMessage.objects.get()
    assert ack == {"type": "ack", "client_id": "c-1", "id": stored.pk}
    assert message["message"]["body"] == "VPS không vào được SSH" and message["message"]["author"] == "visitor"
    conversation = Conversation.objects.get()
    assert conversation.pk == frame["conversation"]["id"] and conversation.department.slug == "technical"
    assert frame["conversation"]["token"] not in conversation.token_hash  # only its hash is kept


def test_a_reconnecting_visitor_resumes_without_gap_or_duplicate():
    async def scenario():
        socket, _welcome, frame = await started()
        token = frame["conversation"]["token"]
        acks = []
        for n in (1, 2, 3):
            await socket.send_json_to({"type": "message", "client_id": f"c-{n}", "body": f"tin {n}"})
            acks.append(await until(socket, "ack"))
        await socket.disconnect()
        again, _ = await visitor_socket()
        await until(again, "welcome")
        # The page showed only the first message when the connection dropped.
        await again.send_json_to({"type": "resume", "token": token, "after": acks[0]["id"]})
        resumed = await until(again, "resumed")
        # It never saw the second's ack, so it sends it again: the same message is acknowledged.
        await again.send_json_to({"type": "message", "client_id": "c-2", "body": "tin 2"})
        repeated = await until(again, "ack")
        await again.disconnect()
        return resumed, repeated, acks

    resumed, repeated, acks = run(scenario)
    assert [m["body"] for m in resumed["messages"]] == ["tin 2", "tin 3"]
    assert ChatMessage.objects.count() == 3  # the repeated client id stored nothing new
    assert repeated["id"] == acks[1]["id"]


def test_an_agent_accepts_replies_and_turns_the_chat_into_a_ticket(tech_agent, session_of):
    session = session_of(tech_agent)

    async def scenario():
        visitor, _welcome, frame = await started(email="lan@khach.example")
        agent, connected = await agent_socket(session)
        assert connected
        state = await until(agent, "state")
        chat_id = frame["conversation"]["id"]
        assert [c["id"] for c in state["waiting"]] == [chat_id]
        await visitor.send_json_to({"type": "message", "client_id": "v-1", "body": "Website báo lỗi 502"})
        await until(visitor, "ack")
        await agent.send_json_to({"type": "accept", "conversation": chat_id})
        history = await until(agent, "history")
        accepted = await until(visitor, "accepted")
        await agent.send_json_to({"type": "message", "conversation": chat_id, "client_id": "a-1", "body": "Chào chị"})
        reply = await until(visitor, "message")
        while reply["message"]["author"] != "agent":
            reply = await until(visitor, "message")
        await agent.send_json_to({"type": "ticket", "conversation": chat_id})
        ticket = await until(visitor, "ticket")
        await agent.disconnect()
        await visitor.disconnect()
        return history, accepted, reply, ticket

    history, accepted, reply, ticket_frame = run(scenario)
    assert [m["body"] for m in history["messages"] if m["author"] == "visitor"] == ["Website báo lỗi 502"]
    assert accepted["agent"] == tech_agent.display_name
    assert reply["message"]["body"] == "Chào chị" and reply["message"]["name"] == tech_agent.display_name
    ticket = Ticket.objects.get()
    assert ticket_frame["number"] == ticket.number
    assert (ticket.channel, ticket.department.slug, ticket.requester.email) == (
        Channel.CHAT,
        "technical",
        "lan@khach.example",
    )
    first = ticket.messages.order_by("pk").first()
    assert "Website báo lỗi 502" in first.body_text and "Chào chị" in first.body_text  # the transcript
    assert OutboundMessage.objects.filter(ticket=ticket, kind="desk/ticket_opened", to="lan@khach.example").exists()
    assert Conversation.objects.get().ticket == ticket


def test_a_page_of_another_website_is_refused_at_the_handshake():
    async def scenario():
        _refused, connected = await visitor_socket(origin="https://evil.example")
        _unknown_widget, connected_too = await visitor_socket(widget="nope", origin="https://x.vn")
        return connected, connected_too

    assert run(scenario) == (False, False)
    assert not Conversation.objects.exists()


def test_the_agent_socket_refuses_customers_strangers_and_other_origins(customer_a, tech_agent, session_of):
    customer, agent = session_of(customer_a), session_of(tech_agent)

    async def scenario():
        results = []
        for session, origin in ((customer, None), ("", None), (agent, "https://evil.example")):
            _socket, connected = await (agent_socket(session, origin=origin) if origin else agent_socket(session))
            results.append(connected)
        return results

    assert run(scenario) == [False, False, False]


def test_agents_see_and_take_only_their_departments_chats(sales_agent, session_of):
    session = session_of(sales_agent)

    async def scenario():
        visitor, _welcome, frame = await started()  # technical
        agent, _ = await agent_socket(session)
        state = await until(agent, "state")
        await agent.send_json_to({"type": "accept", "conversation": frame["conversation"]["id"]})
        refused = await until(agent, "error")
        await agent.send_json_to({"type": "open", "conversation": frame["conversation"]["id"]})
        hidden = await until(agent, "error")
        await agent.disconnect()
        await visitor.disconnect()
        return state, refused, hidden

    state, refused, hidden = run(scenario)
    assert state["waiting"] == []
    assert refused["code"] == "forbidden" and hidden["code"] == "forbidden"
    assert Conversation.objects.get().status == ChatStatus.WAITING


def test_a_visitor_cannot_open_another_conversation():
    async def scenario():
        first, _welcome, _frame = await started()
        await first.disconnect()
        other, _ = await visitor_socket()
        await until(other, "welcome")
        await other.send_json_to({"type": "resume", "token": "guessed-token", "after": 0})
        unknown = await until(other, "error")
        await other.send_json_to({"type": "message", "client_id": "x", "body": "hello?"})
        no_chat = await until(other, "error")
        await other.disconnect()
        return unknown, no_chat

    unknown, no_chat = run(scenario)
    assert unknown["code"] == "unknown_conversation" and no_chat["code"] == "no_conversation"
    assert ChatMessage.objects.count() == 0


@pytest.mark.parametrize(
    ("frame", "code", "field"),
    [
        ({"type": "start", "name": "", "topic": "technical"}, "invalid", "name"),
        ({"type": "start", "name": "Lan", "topic": "gossip"}, "invalid", "topic"),
        ({"type": "start", "name": "Lan", "topic": "technical", "email": "not-an-address"}, "invalid", "email"),
        ({"type": "dance"}, "bad_frame", None),
        ("[1, 2]", "bad_frame", None),
        ("{not json", "bad_frame", None),
    ],
)
def test_bad_frames_get_a_clear_error_and_change_nothing(frame, code, field):
    async def scenario():
        socket, _ = await visitor_socket()
        await until(socket, "welcome")
        if isinstance(frame, str):
            await socket.send_to(text_data=frame)
        else:
            await socket.send_json_to(frame)
        error = await until(socket, "error")
        await socket.disconnect()
        return error

    error = run(scenario)
    assert error["code"] == code and error["message"]
    assert error.get("field") == field
    assert not Conversation.objects.exists()


def test_too_long_and_too_fast_messages_are_refused_with_a_reason(settings):
    settings.HOTRO_CHAT_MESSAGE_CHARS = 50
    settings.HOTRO_CHAT_MESSAGES_PER_MINUTE = 2

    async def scenario():
        socket, _welcome, _frame = await started()
        await socket.send_json_to({"type": "message", "client_id": "long", "body": "x" * 51})
        too_long = await until(socket, "error")
        for n in range(2):
            await socket.send_json_to({"type": "message", "client_id": f"m{n}", "body": "ok"})
            await until(socket, "ack")
        await socket.send_json_to({"type": "message", "client_id": "m3", "body": "again"})
        too_fast = await until(socket, "error")
        await socket.disconnect()
        return too_long, too_fast

    too_long, too_fast = run(scenario)
    assert too_long["code"] == "too_long" and "50" in too_long["message"]
    assert too_fast["code"] == "rate_limited"
    assert ChatMessage.objects.count() == 2


def test_texts_follow_the_visitors_language():
    async def scenario():
        socket, _connected = await visitor_socket(lang="vi")
        welcome = await until(socket, "welcome")
        await socket.send_json_to({"type": "start", "name": "", "topic": "technical"})
        error = await until(socket, "error")
        await socket.disconnect()
        return welcome, error

    welcome, error = run(scenario)
    assert any(t["label"] == "Sự cố kỹ thuật" for t in welcome["topics"]), json.dumps(welcome, ensure_ascii=False)
    assert error["message"] != "Tell us your name."


@pytest.mark.usefixtures("sales_closed_today")
def test_when_the_department_is_closed_the_visitor_leaves_an_offline_message_that_becomes_a_ticket():
    """P5: what arrives after hours is acknowledged and queued for the next opening."""

    async def scenario():
        socket, _ = await visitor_socket()
        welcome = await until(socket, "welcome")
        await socket.send_json_to({"type": "start", "name": "Minh", "topic": "presales"})
        closed = await until(socket, "error")
        await socket.send_json_to(
            {"type": "offline", "name": "Minh", "topic": "presales", "body": "Báo giá VPS 8GB?", "email": ""}
        )
        needs_email = await until(socket, "error")
        await socket.send_json_to(
            {
                "type": "offline",
                "name": "Minh",
                "topic": "presales",
                "body": "Báo giá VPS 8GB?",
                "email": "minh@khach.example",
            }
        )
        received = await until(socket, "offline_received")
        await socket.disconnect()
        return welcome, closed, needs_email, received

    welcome, closed, needs_email, received = run(scenario)
    presales = next(t for t in welcome["topics"] if t["key"] == "presales")
    assert presales["open"] is False and presales["opens_text"]
    assert closed["code"] == "closed" and needs_email["field"] == "email"
    ticket = Ticket.objects.get()
    assert received["ticket"] == ticket.number and received["answer_from"] == presales["opens_text"]
    assert (ticket.channel, ticket.department.slug, ticket.requester.email) == (
        Channel.CHAT,
        "sales",
        "minh@khach.example",
    )
    assert OutboundMessage.objects.filter(ticket=ticket, kind="desk/ticket_opened").count() == 1
    assert not Conversation.objects.exists()

"""Chat services without sockets: automatic assignment by load (P5), transcripts, presence."""

from __future__ import annotations

import pytest

from hotro.chat import services
from hotro.chat.models import AgentPresence, Author, ChatStatus, Conversation, Presence
from hotro.core.outbound.testing import render_pending, rendered


def online(agent, sockets: int = 1, status: str = Presence.ONLINE) -> None:
    AgentPresence.objects.update_or_create(agent=agent, defaults={"status": status, "sockets": sockets})


def new_chat(name: str = "Lan") -> Conversation:
    conversation, _token = services.start(None, name=name, email="", topic="technical", page="", language="vi")
    return conversation


@pytest.fixture
def auto_assign(settings, provider_defaults):
    settings.HOTRO_CHAT_AUTO_ASSIGN = True
    settings.HOTRO_CHAT_MAX_PER_AGENT = 2


@pytest.mark.usefixtures("auto_assign")
def test_new_chats_go_to_the_least_loaded_online_agent_under_their_limit(technical, tech_agent, tech_agent_2):
    online(tech_agent)
    online(tech_agent_2)
    first, second, third, fourth = (new_chat(f"Khách {n}") for n in range(4))
    assert {first.agent, second.agent} == {tech_agent, tech_agent_2}  # one each: the load is shared
    assert {third.agent, fourth.agent} == {tech_agent, tech_agent_2}
    fifth = new_chat("Khách 5")  # both at their limit of 2: it waits for someone to accept it
    assert fifth.agent is None and fifth.status == ChatStatus.WAITING


@pytest.mark.usefixtures("auto_assign")
def test_away_and_disconnected_agents_and_other_departments_get_no_chat(
    technical, tech_agent, tech_agent_2, sales_agent
):
    online(tech_agent, status=Presence.AWAY)
    online(tech_agent_2, sockets=0)  # said online, but no console open anywhere
    online(sales_agent)
    assert new_chat().agent is None


def test_without_automatic_assignment_chats_wait_to_be_accepted(provider_defaults, tech_agent):
    online(tech_agent)
    chat = new_chat()
    assert chat.agent is None
    services.accept(chat, tech_agent)
    chat.refresh_from_db()
    assert (chat.agent, chat.status) == (tech_agent, ChatStatus.ACTIVE)
    assert chat.messages.get(author=Author.SYSTEM).body  # "… joined the chat" for the visitor


def test_an_agent_of_another_department_cannot_accept(provider_defaults, sales_agent):
    chat = new_chat()
    with pytest.raises(services.ChatError) as refused:
        services.accept(chat, sales_agent)
    assert refused.value.code == "forbidden"
    assert Conversation.objects.get(pk=chat.pk).agent is None


def test_the_last_console_closing_makes_the_agent_offline(provider_defaults, tech_agent):
    assert services.agent_connected(tech_agent) == Presence.ONLINE
    services.agent_connected(tech_agent)
    services.agent_disconnected(tech_agent.pk)
    assert AgentPresence.objects.get(agent=tech_agent).status == Presence.ONLINE  # one console still open
    services.agent_disconnected(tech_agent.pk)
    presence = AgentPresence.objects.get(agent=tech_agent)
    assert (presence.status, presence.sockets) == (Presence.OFFLINE, 0)


def test_the_transcript_is_mailed_in_the_visitors_language(provider_defaults, tech_agent):
    chat = new_chat()
    services.post(chat, author=Author.VISITOR, body="Cho hỏi về VPS", client_id="1")
    services.accept(chat, tech_agent)
    services.post(chat, author=Author.AGENT, body="Dạ, anh cần gì ạ?", client_id="2", agent=tech_agent)
    services.request_transcript(chat, "lan@khach.example")
    render_pending()
    mail = rendered().get(to="lan@khach.example", kind="chat/transcript")
    assert "Cho hỏi về VPS" in mail.body_text and "Dạ, anh cần gì ạ?" in mail.body_text
    assert tech_agent.display_name in mail.body_text
    assert "Dạ, anh cần gì ạ?" in mail.body_html


def test_a_transcript_needs_a_valid_address_and_queues_nothing_otherwise(provider_defaults):
    chat = new_chat()
    with pytest.raises(services.ChatError) as refused:
        services.request_transcript(chat, "not an address")
    assert refused.value.field == "email"
    assert not rendered().exists()


def test_an_ended_chat_takes_no_more_messages(provider_defaults):
    chat = new_chat()
    services.end(chat, by="visitor")
    with pytest.raises(services.ChatError) as refused:
        services.post(chat, author=Author.VISITOR, body="còn đó không?", client_id="late")
    assert refused.value.code == "ended"
    assert not chat.messages.filter(client_id="late").exists()


def test_the_provider_defaults_make_the_default_widget_once(settings, db):
    from hotro.chat.defaults import load
    from hotro.chat.models import ChatWidget

    settings.HOTRO_CHAT_ORIGINS = ["https://www.cloudmini.example"]
    load(lambda line: None)
    ChatWidget.objects.filter(key="default").update(allowed_origins="https://cloudmini.vn")  # the admin's edit
    load(lambda line: None)
    assert ChatWidget.objects.get(key="default").origins == {"https://cloudmini.vn"}


def test_in_development_a_local_page_may_embed_the_widget_elsewhere_never(settings):
    settings.DEBUG = True
    assert services.origin_allowed(None, "http://127.0.0.1:8001", "127.0.0.1:8000")
    assert not services.origin_allowed(None, "https://evil.example", "127.0.0.1:8000")
    settings.DEBUG = False
    assert not services.origin_allowed(None, "http://127.0.0.1:8001", "127.0.0.1:8000")

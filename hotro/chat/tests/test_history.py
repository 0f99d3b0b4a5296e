"""Chats beside tickets: found by the console's search, on the customer's timeline, and read by
agents of their department only (P5)."""

from __future__ import annotations

import pytest

from hotro.chat import services
from hotro.chat.models import Author, Conversation


@pytest.fixture
def chat(provider_defaults, contact_a) -> Conversation:
    conversation, _token = services.start(
        None, name="Nguyễn Văn An", email=contact_a.email, topic="technical", page="", language="vi"
    )
    services.post(conversation, author=Author.VISITOR, body="Máy chủ mất kết nối mạng", client_id="1")
    return conversation


def test_the_console_search_finds_chats_without_accents(chat, tech_agent, client_for):
    page = client_for(tech_agent).get("/console/search/", {"q": "may chu mat ket noi"})
    assert page.status_code == 200
    assert f"/console/chat/{chat.pk}/" in page.content.decode()


def test_search_shows_chats_only_to_agents_of_their_department(chat, sales_agent, client_for):
    page = client_for(sales_agent).get("/console/search/", {"q": "may chu"})
    assert f"/console/chat/{chat.pk}/" not in page.content.decode()


def test_the_chat_is_on_the_customers_timeline_and_its_transcript_opens(chat, contact_a, tech_agent, client_for):
    client = client_for(tech_agent)
    timeline = client.get(f"/console/contacts/{contact_a.pk}/").content.decode()
    assert "Máy chủ mất kết nối mạng" in timeline and f"/console/chat/{chat.pk}/" in timeline
    transcript = client.get(f"/console/chat/{chat.pk}/")
    assert transcript.status_code == 200 and "Máy chủ mất kết nối mạng" in transcript.content.decode()


def test_other_departments_customers_and_strangers_cannot_read_a_transcript(
    chat, sales_agent, customer_a, client_for, client
):
    assert client_for(sales_agent).get(f"/console/chat/{chat.pk}/").status_code == 404
    assert client_for(customer_a).get(f"/console/chat/{chat.pk}/").status_code == 404
    assert client.get(f"/console/chat/{chat.pk}/").status_code == 302


def test_the_widget_script_loads_from_any_website(client):
    response = client.get("/chat/widget.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_only_agents_open_the_chat_console(tech_agent, customer_a, client_for, client):
    assert client_for(tech_agent).get("/console/chat/").status_code == 200
    assert client_for(customer_a).get("/console/chat/").status_code == 404
    assert client.get("/console/chat/").status_code == 302


def test_merging_customers_moves_their_chats(chat, contact_a, tech_agent):
    from hotro.accounts.services import get_or_create_contact_by_phone
    from hotro.desk.services import merge_contacts

    other = get_or_create_contact_by_phone("0912345678")
    Conversation.objects.filter(pk=chat.pk).update(contact=other)
    merge_contacts(contact_a, other, tech_agent)
    assert Conversation.objects.get(pk=chat.pk).contact == contact_a

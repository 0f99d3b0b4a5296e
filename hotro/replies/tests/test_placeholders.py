"""Placeholders: a fixed list substituted once as plain text, in the customer's language; unknown ones refused."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext

from hotro.catalog.models import Instance, Product, TicketService
from hotro.hours.display import WEEKDAY_NAMES
from hotro.replies import services as replies
from hotro.replies.models import CannedResponse
from hotro.replies.placeholders import PLACEHOLDERS, substitute, unknown_placeholders


def test_substitution_replaces_known_names_once_and_never_expands_values():
    values = {"customer_name": "{{ agent_name }}", "agent_name": "Lan"}
    assert substitute("Hi {{customer_name}} from {{  agent_name }}", values) == "Hi {{ agent_name }} from Lan"


def test_template_syntax_is_plain_text_and_unknown_names_stay_as_typed():
    text = "{% load static %}{{ settings.SECRET_KEY }} {{ customer_name|upper }}"
    assert substitute(text, {"customer_name": "An"}) == text
    assert unknown_placeholders(text) == ["settings.SECRET_KEY", "customer_name|upper"]


def test_the_known_names_are_the_five_of_the_issue():
    assert set(PLACEHOLDERS) == {"customer_name", "ticket_number", "department_hours", "agent_name", "service_hostname"}


@pytest.mark.parametrize("field", ["body_vi", "body_en"])
def test_saving_a_response_with_an_unknown_placeholder_is_refused_and_saves_nothing(tech_agent, field):
    bodies = {"body_vi": "Chào {{ customer_name }}", "body_en": "Hello {{ customer_name }}"}
    bodies[field] = "Hello {{ customer_nmae }}"
    with pytest.raises(replies.RepliesError) as refused:
        replies.save_response(None, title="Typo", department=None, owner=tech_agent, **bodies)
    assert refused.value.field == field
    assert refused.value.code == "unknown_placeholder"
    assert "{{ customer_nmae }}" in str(refused.value.message)
    assert not CannedResponse.objects.exists()


def test_vietnamese_customer_gets_the_vietnamese_body_filled_in(contact_a, tech_agent, make_ticket, technical_response):
    ticket = make_ticket(contact_a)
    text = replies.render_response(technical_response, ticket, tech_agent)
    hours = replies.department_hours_text(ticket.department, "vi")
    assert text == f"Ticket {ticket.number} đã được tiếp nhận. Giờ làm việc: {hours}."
    assert hours  # the Technical department has a ticket calendar in the provider's defaults


def test_english_customer_gets_the_english_body_filled_in(contact_b, tech_agent, make_ticket, personal_response):
    ticket = make_ticket(contact_b)
    text = replies.render_response(personal_response, ticket, tech_agent)
    assert text == f"Hello {contact_b.name}, this is {tech_agent.display_name}."


def test_a_customer_without_a_name_is_greeted_in_their_language(tech_agent, make_ticket, personal_response):
    from hotro.accounts.services import get_or_create_contact

    contact = get_or_create_contact("khach@example.net")
    ticket = make_ticket(contact)
    with translation.override("vi"):
        greeting = gettext("valued customer")
    assert replies.render_response(personal_response, ticket, tech_agent).startswith(f"Chào {greeting},")
    assert "khach@example.net" not in replies.render_response(personal_response, ticket, tech_agent)


def test_department_hours_name_the_days_in_each_language(technical, sales):
    vi, en = replies.department_hours_text(sales, "vi"), replies.department_hours_text(sales, "en")
    assert WEEKDAY_NAMES["vi"][0] in vi and WEEKDAY_NAMES["en"][0] in en
    assert ":" in vi and vi != en


def test_service_hostname_comes_from_the_tickets_linked_service(contact_a, tech_agent, make_ticket):
    ticket = make_ticket(contact_a)
    assert replies.placeholder_values(ticket, tech_agent, "vi")["service_hostname"] == ""
    product, _ = Product.objects.get_or_create(slug="vps-test", defaults={"name": "VPS", "name_en": "VPS"})
    instance = Instance.objects.create(
        external_id="vps-1", contact=contact_a, product=product, hostname="web1.khach.vn"
    )
    TicketService.objects.create(ticket=ticket, instance=instance, confirmed=True)
    assert replies.render_text("Host: {{ service_hostname }}", ticket, tech_agent) == "Host: web1.khach.vn"

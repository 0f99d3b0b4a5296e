"""Customers search their own tickets with the desk's search, never seeing internal notes."""

from django.urls import reverse

from hotro.desk import services

URL = reverse("portal:ticket_list")


def test_it_finds_vietnamese_without_accents_in_messages(client_for, customer_a, contact_a, make_ticket, tech_agent):
    ticket = make_ticket(contact_a, subject="Lỗi")
    services.add_agent_reply(ticket, tech_agent, "Anh vui lòng đăng ký lại khoá SSH.")
    other = make_ticket(contact_a, subject="Khác")
    page = client_for(customer_a).get(URL, {"q": "dang ky ssh"}).content.decode()
    assert ticket.number in page and other.number not in page


def test_internal_note_text_is_never_searchable_by_customers(
    client_for, customer_a, contact_a, make_ticket, tech_agent
):
    ticket = make_ticket(contact_a)
    services.add_internal_note(ticket, tech_agent, "Khách hay khiếu nại")
    page = client_for(customer_a).get(URL, {"q": "khieu nai"}).content.decode()
    assert ticket.number not in page


def test_a_customer_never_finds_another_customers_ticket(client_for, customer_a, contact_a, contact_b, make_ticket):
    theirs = make_ticket(contact_b, subject="Hỗ trợ riêng")
    client = client_for(customer_a)
    for query in ("ho tro rieng", theirs.number):
        assert list(client.get(URL, {"q": query}).context["page"].object_list) == []


def test_a_punctuation_query_shows_no_match(client_for, customer_a, contact_a, make_ticket):
    ticket = make_ticket(contact_a)
    response = client_for(customer_a).get(URL, {"q": "%%%"})
    assert response.status_code == 200
    assert ticket not in response.context["page"].object_list

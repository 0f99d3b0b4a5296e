"""Who may use which canned response: personal ones their owner only, shared ones their department's agents."""

from __future__ import annotations

from django.urls import reverse

from hotro.replies import services as replies


def _search(client, ticket, q=""):
    return client.get(reverse("console:reply_templates_search", args=[ticket.number]), {"q": q})


def test_a_personal_response_is_invisible_to_every_other_agent(
    personal_response, tech_agent, tech_agent_2, supervisor, admin_agent, technical
):
    assert personal_response in replies.usable_responses(tech_agent, technical)
    for other in (tech_agent_2, supervisor, admin_agent):
        assert personal_response not in replies.usable_responses(other, technical)
        assert personal_response not in replies.visible_responses(other)


def test_department_responses_are_for_that_departments_agents_only(
    technical_response, sales_response, tech_agent, sales_agent, technical, sales
):
    assert list(replies.usable_responses(tech_agent, technical)) == [technical_response]
    assert list(replies.usable_responses(tech_agent, sales)) == []  # not a member of Sales
    assert list(replies.usable_responses(sales_agent, sales)) == [sales_response]
    assert technical_response not in replies.visible_responses(sales_agent)


def test_the_reply_box_search_lists_what_the_agent_may_use_rendered_for_the_ticket(
    client_for, contact_b, make_ticket, tech_agent, tech_agent_2, personal_response, technical_response, sales_response
):
    ticket = make_ticket(contact_b)  # an English-speaking customer
    mine = _search(client_for(tech_agent), ticket).json()["results"]
    assert {r["id"] for r in mine} == {personal_response.pk, technical_response.pk}
    personal = next(r for r in mine if r["id"] == personal_response.pk)
    assert personal["personal"] is True
    assert personal["text"] == f"Hello {contact_b.name}, this is {tech_agent.display_name}."
    theirs = _search(client_for(tech_agent_2), ticket).json()["results"]
    assert {r["id"] for r in theirs} == {technical_response.pk}


def test_the_search_filters_by_words_of_title_or_text(
    client_for, contact_a, make_ticket, tech_agent, personal_response, technical_response
):
    ticket = make_ticket(contact_a)
    found = _search(client_for(tech_agent), ticket, "khởi").json()["results"]
    assert [r["id"] for r in found] == [personal_response.pk]
    assert _search(client_for(tech_agent), ticket, "zzz-nothing").json()["results"] == []


def test_the_search_of_another_departments_ticket_is_a_404(client_for, contact_a, make_ticket, sales, tech_agent):
    ticket = make_ticket(contact_a, department=sales)
    assert _search(client_for(tech_agent), ticket).status_code == 404

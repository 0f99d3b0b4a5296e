"""The ticket page's working-together actions over HTTP: merge, split, link, tags, and who may use them.

Every endpoint is checked with the four personas: the ticket's department's agent (done), an agent of
another department (404, nothing changes), a customer (404) and an anonymous visitor (sign in).
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from hotro.desk import services
from hotro.desk.models import AuditEvent, LinkKind, Message, Status, Tag, Ticket, TicketLink


@pytest.fixture
def two(contact_a, make_ticket, tech_agent):
    target = make_ticket(contact_a, subject="VPS chậm")
    source = make_ticket(contact_a, subject="VPS vẫn chậm")
    services.add_customer_reply(source, contact_a, "Đây là kết quả top.")
    return source, target


def _post(client, name, ticket, data, *args):
    return client.post(reverse(f"console:{name}", args=[ticket.number, *args]), data)


ENDPOINTS = [
    ("merge", lambda two: {"target": two[1].number}),
    ("split", lambda two: {"message": two[0].messages.last().pk}),
    ("link", lambda two: {"other": two[1].number, "kind": LinkKind.RELATED}),
    ("tag_add", lambda two: {"tag": "ssl"}),
    ("tag_remove", lambda two: {"tag": "ssl"}),
]


def _state():
    return (
        Message.objects.order_by("pk").values_list("ticket_id", flat=True).count(),
        list(Message.objects.order_by("pk").values_list("ticket_id", flat=True)),
        Ticket.objects.count(),
        TicketLink.objects.count(),
        Tag.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize(("name", "data"), ENDPOINTS)
def test_outsiders_change_nothing(two, name, data, client_for, sales_agent, customer_a):
    source, _target = two
    before = _state()
    assert _post(client_for(sales_agent), name, source, data(two)).status_code == 404
    assert _post(client_for(customer_a), name, source, data(two)).status_code == 404
    response = _post(Client(), name, source, data(two))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert _state() == before


@pytest.mark.parametrize("name", [name for name, _data in ENDPOINTS])
def test_the_endpoints_take_post_only(two, name, client_for, tech_agent):
    source, _target = two
    assert client_for(tech_agent).get(reverse(f"console:{name}", args=[source.number])).status_code == 405


def test_the_agent_merges_from_the_ticket_page_and_lands_on_the_survivor(two, client_for, tech_agent):
    source, target = two
    client = client_for(tech_agent)
    page = client.get(reverse("console:ticket", args=[source.number])).content.decode()
    assert reverse("console:merge", args=[source.number]) in page
    response = _post(client, "merge", source, {"target": target.number})
    assert response["Location"] == reverse("console:ticket", args=[target.number])
    source.refresh_from_db()
    assert source.merged_into_id == target.pk and source.status == Status.CLOSED


def test_the_merged_tickets_number_leads_to_the_survivor_in_the_console(two, client_for, tech_agent):
    source, target = two
    services.merge_tickets(source, target, tech_agent)
    client = client_for(tech_agent)
    response = client.get(reverse("console:ticket", args=[source.number]))
    assert response.status_code == 302
    assert response["Location"] == reverse("console:ticket", args=[target.number])
    as_it_was = client.get(reverse("console:ticket", args=[source.number]) + "?merged")
    assert as_it_was.status_code == 200
    assert "desk.ticket.merged_into" not in as_it_was.content.decode()  # the history says it in words


def test_a_merge_into_another_departments_ticket_is_refused_as_not_found(
    contact_a, make_ticket, sales, client_for, tech_agent
):
    source = make_ticket(contact_a)
    billing = make_ticket(contact_a, department=sales)
    response = _post(client_for(tech_agent), "merge", source, {"target": billing.number})
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.merged_into_id is None and billing.messages.count() == 1


def test_different_requesters_are_merged_only_when_the_agent_confirms(
    contact_a, contact_b, make_ticket, client_for, tech_agent
):
    target = make_ticket(contact_a)
    source = make_ticket(contact_b)
    client = client_for(tech_agent)
    _post(client, "merge", source, {"target": target.number})
    source.refresh_from_db()
    assert source.merged_into_id is None
    _post(client, "merge", source, {"target": target.number, "other_requester": "on"})
    source.refresh_from_db()
    assert source.merged_into_id == target.pk


def test_the_agent_splits_a_message_into_a_new_ticket(two, client_for, tech_agent):
    source, _target = two
    message = source.messages.last()
    response = _post(client_for(tech_agent), "split", source, {"message": message.pk, "subject": "Kết quả top"})
    new = Ticket.objects.get(subject="Kết quả top")
    assert response["Location"] == reverse("console:ticket", args=[new.number])
    assert list(new.messages.values_list("pk", flat=True)) == [message.pk]


def test_a_message_of_another_ticket_cannot_be_split_from_this_one(two, client_for, tech_agent):
    source, target = two
    response = _post(client_for(tech_agent), "split", target, {"message": source.messages.last().pk})
    assert response.status_code == 302
    assert Ticket.objects.count() == 2


def test_links_and_tags_show_on_the_ticket_page_and_go_away(two, client_for, tech_agent):
    source, target = two
    client = client_for(tech_agent)
    _post(client, "link", source, {"other": target.number, "kind": LinkKind.DUPLICATE})
    _post(client, "tag_add", source, {"tag": "Chậm"})
    page = client.get(reverse("console:ticket", args=[target.number])).content.decode()
    assert reverse("console:ticket", args=[source.number]) in page  # the link, seen from the other side
    page = client.get(reverse("console:ticket", args=[source.number])).content.decode()
    assert "?q=tag%3Ach%E1%BA%ADm" in page  # the tag's chip searches its tickets
    link = TicketLink.objects.get()
    _post(client, "unlink", source, {}, link.pk)
    _post(client, "tag_remove", source, {"tag": "chậm"})
    assert not TicketLink.objects.exists() and services.tags_of(source) == []


def test_unlink_of_a_link_of_another_ticket_is_a_404(two, contact_a, make_ticket, client_for, tech_agent):
    source, target = two
    third = make_ticket(contact_a)
    link = services.link_tickets(source, target, LinkKind.RELATED, tech_agent)
    assert _post(client_for(tech_agent), "unlink", third, {}, link.pk).status_code == 404
    assert TicketLink.objects.count() == 1


def test_a_bad_tag_name_changes_nothing(two, client_for, tech_agent):
    source, _target = two
    response = _post(client_for(tech_agent), "tag_add", source, {"tag": "<b>x</b>"})
    assert response.status_code == 302
    assert not Tag.objects.exists()


def test_queues_and_search_filter_by_tag(contact_a, make_ticket, client_for, tech_agent):
    tagged = make_ticket(contact_a, subject="Chứng chỉ SSL")
    other = make_ticket(contact_a, subject="Chứng chỉ khác")
    services.add_tag(tagged, "ssl", tech_agent)
    client = client_for(tech_agent)
    for name in ("console:queue", "console:search"):
        page = client.get(reverse(name), {"q": "tag:ssl"}).content.decode()
        assert f">{tagged.number}<" in page and f">{other.number}<" not in page, name

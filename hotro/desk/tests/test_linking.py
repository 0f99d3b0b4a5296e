"""Links between tickets: related, duplicate of, parent of; one per pair, no loops, history on both."""

from __future__ import annotations

import pytest

from hotro.desk import services
from hotro.desk.errors import DeskError
from hotro.desk.models import AuditEvent, LinkKind, TicketLink


@pytest.fixture
def three(contact_a, make_ticket):
    return [make_ticket(contact_a, subject=s) for s in ("một", "hai", "ba")]


def test_a_link_shows_on_both_tickets_read_from_each_side(three, tech_agent):
    one, two, _three = three
    services.link_tickets(two, one, LinkKind.DUPLICATE, tech_agent)
    [seen_from_two] = services.links_of(two, tech_agent)
    [seen_from_one] = services.links_of(one, tech_agent)
    assert (seen_from_two.number, seen_from_one.number) == (one.number, two.number)
    assert seen_from_two.label == str(LinkKind.DUPLICATE.label)
    assert seen_from_one.label != seen_from_two.label  # "has duplicate"
    assert AuditEvent.objects.filter(action="desk.ticket.linked", ticket__in=[one, two]).count() == 2


def test_removing_a_link_is_in_both_histories(three, tech_agent):
    one, two, _three = three
    link = services.link_tickets(one, two, LinkKind.RELATED, tech_agent)
    services.unlink_tickets(link, tech_agent)
    assert not TicketLink.objects.exists()
    assert set(AuditEvent.objects.filter(action="desk.ticket.unlinked").values_list("ticket_id", flat=True)) == {
        one.pk,
        two.pk,
    }


@pytest.mark.parametrize("kind", [LinkKind.RELATED, LinkKind.PARENT])
def test_one_link_per_pair_whichever_way_round(three, tech_agent, kind):
    one, two, _three = three
    services.link_tickets(one, two, LinkKind.RELATED, tech_agent)
    with pytest.raises(DeskError) as refused:
        services.link_tickets(two, one, kind, tech_agent)
    assert refused.value.code == "exists"


def test_parents_never_loop(three, tech_agent):
    one, two, three_ = three
    services.link_tickets(one, two, LinkKind.PARENT, tech_agent)
    services.link_tickets(two, three_, LinkKind.PARENT, tech_agent)
    with pytest.raises(DeskError) as refused:
        services.link_tickets(three_, one, LinkKind.PARENT, tech_agent)
    assert refused.value.code == "loop"


def test_no_link_to_itself_nor_to_another_departments_ticket(three, contact_a, make_ticket, sales, tech_agent):
    one = three[0]
    with pytest.raises(DeskError):
        services.link_tickets(one, one, LinkKind.RELATED, tech_agent)
    with pytest.raises(DeskError) as refused:
        services.link_tickets(one, make_ticket(contact_a, department=sales), LinkKind.RELATED, tech_agent)
    assert refused.value.code == "forbidden"
    assert not TicketLink.objects.exists()


def test_a_linked_ticket_in_another_department_shows_its_number_only(
    three, contact_a, make_ticket, sales, admin_agent, tech_agent
):
    billing = make_ticket(contact_a, department=sales, subject="Hoá đơn bí mật")
    services.link_tickets(three[0], billing, LinkKind.RELATED, admin_agent)
    [link] = services.links_of(three[0], tech_agent)
    assert link.number == billing.number and not link.visible and link.subject == ""

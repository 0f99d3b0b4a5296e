"""Tags: one desk-wide list, names normalised, added and removed with audit, searched as ``tag:name``."""

from __future__ import annotations

import pytest

from hotro.desk import search, services
from hotro.desk.errors import DeskError
from hotro.desk.models import AuditEvent, Tag, Ticket, normalise_tag_name


@pytest.mark.parametrize(
    ("raw", "name"), [(" SSL ", "ssl"), ("SSL Cert", "ssl-cert"), ("Khẩn", "khẩn"), ("a/b", ""), ("x" * 41, "")]
)
def test_tag_names_are_normalised(raw, name):
    assert normalise_tag_name(raw) == name


def test_adding_a_tag_creates_it_once_and_audits_once(contact_a, make_ticket, tech_agent):
    ticket = make_ticket(contact_a)
    services.add_tag(ticket, "SSL", tech_agent)
    services.add_tag(ticket, "ssl", tech_agent)  # already there: nothing more
    assert [t.name for t in services.tags_of(ticket)] == ["ssl"]
    assert Tag.objects.count() == 1
    assert list(AuditEvent.objects.filter(action="desk.ticket.tag_added").values_list("data", flat=True)) == [
        {"tag": "ssl"}
    ]


def test_removing_a_tag_is_audited(contact_a, make_ticket, tech_agent):
    ticket = make_ticket(contact_a)
    services.add_tag(ticket, "ssl", tech_agent)
    assert services.remove_tag(ticket, "SSL", tech_agent) is True
    assert services.remove_tag(ticket, "ssl", tech_agent) is False
    assert services.tags_of(ticket) == []
    assert AuditEvent.objects.filter(action="desk.ticket.tag_removed").count() == 1


def test_a_bad_name_is_refused_and_nothing_changes(contact_a, make_ticket, tech_agent):
    ticket = make_ticket(contact_a)
    with pytest.raises(DeskError) as refused:
        services.add_tag(ticket, "<script>", tech_agent)
    assert refused.value.field == "tag"
    assert not Tag.objects.exists()


def test_an_agent_of_another_department_cannot_tag(contact_a, make_ticket, sales_agent):
    with pytest.raises(DeskError):
        services.add_tag(make_ticket(contact_a), "ssl", sales_agent)
    assert services.tags_of(Ticket.objects.get()) == []


def test_search_filters_by_tag_alone_or_with_words(contact_a, make_ticket, tech_agent):
    ssl = make_ticket(contact_a, subject="Chứng chỉ SSL hết hạn")
    ssl_vps = make_ticket(contact_a, subject="VPS không có HTTPS")
    plain = make_ticket(contact_a, subject="Chứng chỉ khác")
    services.add_tag(ssl, "ssl", tech_agent)
    services.add_tag(ssl_vps, "SSL", tech_agent)
    everything = Ticket.objects.all()
    assert set(search.matching(everything, "tag:ssl", include_notes=True)) == {ssl, ssl_vps}
    assert list(search.matching(everything, "tag:SSL chung chi", include_notes=True)) == [ssl]
    assert list(search.matching(everything, "tag:nothing", include_notes=True)) == []
    assert plain not in search.matching(everything, "tag:ssl", include_notes=True)

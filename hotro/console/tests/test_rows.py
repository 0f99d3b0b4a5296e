"""The Python-rendered list rows: the cells an agent reads, and everything a customer typed escaped."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from hotro.accounts.services import get_or_create_contact
from hotro.console.rows import RowContext, claimed_row, ticket_rows
from hotro.desk import services
from hotro.desk.models import Priority, Ticket


def _row(page: str, ticket: Ticket) -> str:
    start = page.index(f'<tr id="ticket-{ticket.pk}"')
    return page[start : page.index("</tr>", start)]


def test_a_row_escapes_what_customers_typed_in_subject_name_and_email(tech_agent, make_ticket, client_for):
    sneaky = get_or_create_contact("mallory@evil.example", name='<b>Mallory</b> & "co"><img src=x>')
    ticket = make_ticket(sneaky, subject='<script>alert("x")</script> VPS')
    row = _row(client_for(tech_agent).get(reverse("console:queue")).content.decode(), ticket)
    assert "<script>" not in row and "<b>" not in row and "<img" not in row
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; VPS" in row
    assert "&lt;b&gt;Mallory&lt;/b&gt; &amp; &quot;co&quot;&gt;&lt;img src=x&gt;" in row


def test_a_row_shows_number_link_department_priority_status_assignee_due_age_and_channel(
    tech_agent, tech_agent_2, contact_a, make_ticket, client_for
):
    mine = make_ticket(contact_a, priority=Priority.URGENT, subject="mine")
    theirs = make_ticket(contact_a, subject="theirs")
    services.claim(mine, tech_agent)
    services.claim(theirs, tech_agent_2)
    tech_agent.language = "en"
    tech_agent.save(update_fields=["language"])
    page = client_for(tech_agent).get(reverse("console:queue")).content.decode()
    row = _row(page, mine)
    url = reverse("console:ticket", args=[mine.number])
    assert f'<a href="{url}">{mine.number}</a>' in row
    assert 'class="prio-row-urgent"' in row and '<span class="badge prio-urgent">' in row
    assert ">You<" in row
    assert 'class="due due-ok"' in row  # technical urgent: first response due within 30 min (P5)
    assert tech_agent_2.display_name in _row(page, theirs)


def test_an_overdue_ticket_shows_a_red_badge_in_its_row(tech_agent, contact_a, make_ticket, client_for):
    ticket = make_ticket(contact_a, priority=Priority.URGENT)
    Ticket.objects.filter(pk=ticket.pk).update(
        sla_due_at=timezone.now() - timedelta(minutes=25), sla_warn_at=timezone.now() - timedelta(hours=1)
    )
    row = _row(client_for(tech_agent).get(reverse("console:queue")).content.decode(), ticket)
    assert 'class="due due-breached"' in row


def test_a_renamed_agent_shows_under_the_new_name_at_once(tech_agent, tech_agent_2, contact_a, make_ticket, client_for):
    """Names come from a list each process keeps; saving the user drops it."""
    ticket = make_ticket(contact_a)
    services.claim(ticket, tech_agent_2)
    client = client_for(tech_agent)
    assert tech_agent_2.display_name in _row(client.get(reverse("console:queue")).content.decode(), ticket)
    tech_agent_2.full_name = "Trần Thị Mới"
    tech_agent_2.save(update_fields=["full_name"])
    assert "Trần Thị Mới" in _row(client.get(reverse("console:queue")).content.decode(), ticket)


def test_an_assignee_newer_than_the_kept_list_is_still_named(
    tech_agent, tech_agent_2, contact_a, make_ticket, client_for
):
    """Another process's change reaches this one's list late; the row loads the name itself meanwhile."""
    from hotro.console import choices

    ticket = make_ticket(contact_a)
    client = client_for(tech_agent)
    client.get(reverse("console:queue"))  # the names are kept now
    stale = {pk: name for pk, name in choices.agent_names().items() if pk != tech_agent_2.pk}
    choices.choices.clear()
    choices.choices.get(("agent_names",), lambda: stale)  # kept as a process that missed the change has it
    Ticket.objects.filter(pk=ticket.pk).update(assignee=tech_agent_2)
    assert tech_agent_2.display_name in _row(client.get(reverse("console:queue")).content.decode(), ticket)


def _no_request_context(agent, **values: str) -> RowContext:
    return RowContext(viewer_id=agent.pk, csrf_token=values.get("token", "t0ken"), next_path=values.get("next", "/q/"))


def test_a_row_renders_from_a_row_context_alone_with_everything_typed_escaped(tech_agent, make_ticket):
    """What pushes a changed row to an open page has no request: the reader's id, token and path are enough."""
    sneaky = get_or_create_contact("mallory@evil.example", name='<b>Mallory</b> & "co"><img src=x>')
    ticket = make_ticket(sneaky, subject='<script>alert("x")</script> VPS')
    context = _no_request_context(tech_agent, token='t0ken"><x>', next='/console/triage/?q="><i>&page=2')
    with translation.override("en"):
        row = str(ticket_rows(context, [ticket], show_claim=True))
    assert not any(tag in row for tag in ("<script>", "<b>", "<img", "<x>", "<i>"))
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; VPS" in row
    assert "&lt;b&gt;Mallory&lt;/b&gt; &amp; &quot;co&quot;&gt;&lt;img src=x&gt; · mallory@evil.example" in row
    assert '<input type="hidden" name="csrfmiddlewaretoken" value="t0ken&quot;&gt;&lt;x&gt;">' in row
    assert '<input type="hidden" name="next" value="/console/triage/?q=&quot;&gt;&lt;i&gt;&amp;page=2">' in row
    assert f'<form method="post" action="{reverse("console:claim", args=[ticket.number])}"' in row
    assert '<button class="btn small-btn">Claim</button>' in row
    assert f'<a href="{reverse("console:ticket", args=[ticket.number])}">{ticket.number}</a>' in row


def test_a_row_says_you_to_its_reader_and_names_the_assignee_to_others(
    tech_agent, tech_agent_2, contact_a, make_ticket
):
    ticket = services.claim(make_ticket(contact_a), tech_agent)
    with translation.override("en"):
        to_the_assignee = str(ticket_rows(_no_request_context(tech_agent), [ticket]))
        to_a_colleague = str(ticket_rows(_no_request_context(tech_agent_2), [ticket]))
    assert "<td>You</td>" in to_the_assignee
    assert f"<td>{tech_agent.display_name}</td>" in to_a_colleague


def test_a_claimed_row_escapes_why_the_claim_failed(tech_agent, contact_a, make_ticket):
    ticket = make_ticket(contact_a)
    row = str(claimed_row(_no_request_context(tech_agent), ticket, claim_error='<b onclick="x">Bình</b> took it'))
    assert '<span class="form-error small">&lt;b onclick=&quot;x&quot;&gt;Bình&lt;/b&gt; took it</span>' in row


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_row_shows_times_in_the_readers_zone_and_language_format(language, tech_agent, contact_a, make_ticket):
    """Both languages' formats (hotro/formats) write dd/mm/yyyy and a 24-hour clock; the due time hour first."""
    ticket = make_ticket(contact_a)
    created = datetime(2026, 2, 16, 1, 5, tzinfo=UTC)  # 08:05 in Hà Nội
    Ticket.objects.filter(pk=ticket.pk).update(
        created_at=created, sla_due_at=created + timedelta(hours=7), sla_warn_at=created + timedelta(hours=6)
    )
    ticket.refresh_from_db()
    with translation.override(language), timezone.override("Asia/Ho_Chi_Minh"):
        row = str(ticket_rows(_no_request_context(tech_agent), [ticket]))
    assert '<td class="nowrap" title="16/02/2026 08:05">' in row
    assert 'datetime="2026-02-16T08:05:00+00:00" title="15:05 16/02/2026"' in row

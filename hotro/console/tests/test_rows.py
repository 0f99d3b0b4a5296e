"""The Python-rendered list rows: the cells an agent reads, and everything a customer typed escaped."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from hotro.accounts.services import get_or_create_contact
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

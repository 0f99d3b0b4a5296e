"""Who is told what (P2: triage must not depend on someone reloading the page; P3 stays with hotro.notify).

Data is made through the desk's services, as every channel makes it.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import PASSWORD
from hotro.accounts.services import create_agent
from hotro.alerts import preferences
from hotro.alerts import services as alerts
from hotro.alerts.models import Event, Notification, Preference
from hotro.core.models import OutboundMessage
from hotro.desk import services
from hotro.sla.models import EventKind, SlaEvent, Target


def told(event: str) -> set[str]:
    return set(Notification.objects.filter(event=event).values_list("recipient__email", flat=True))


def mailed(kind: str) -> list[str]:
    return sorted(OutboundMessage.objects.filter(kind=kind).values_list("to", flat=True))


@pytest.fixture
def inactive_tech_agent(technical):
    user = create_agent("nghi@cloudmini.example", PASSWORD, name="Đã Nghỉ", departments=[technical])
    user.agent.active = False
    user.agent.save(update_fields=["active"])
    return user


def test_a_new_ticket_tells_every_active_agent_of_its_department_and_nobody_else(
    make_ticket, contact_a, tech_agent, tech_agent_2, supervisor, sales_agent, inactive_tech_agent
):
    ticket = make_ticket(contact_a)
    assert told(Event.NEW_TICKET) == {tech_agent.email, tech_agent_2.email, supervisor.email}
    assert Notification.objects.filter(ticket=ticket, read_at__isnull=True).count() == 3
    assert mailed("alerts/new_ticket") == []  # email is off unless the agent turns it on


def test_an_agent_who_logs_a_ticket_for_a_customer_is_not_told_of_it(contact_a, technical, tech_agent, tech_agent_2):
    services.open_ticket(requester=contact_a, department=technical, subject="Gọi điện", body="…", opened_by=tech_agent)
    assert told(Event.NEW_TICKET) == {tech_agent_2.email}


def test_a_customer_reply_on_an_unassigned_ticket_tells_the_department(
    make_ticket, contact_a, tech_agent, tech_agent_2, sales_agent
):
    ticket = make_ticket(contact_a)
    services.add_customer_reply(ticket, contact_a, "Còn lỗi không ạ?")
    assert told(Event.CUSTOMER_REPLY) == {tech_agent.email, tech_agent_2.email}


def test_a_customer_reply_on_an_assigned_ticket_tells_only_its_assignee(
    make_ticket, contact_a, tech_agent, tech_agent_2
):
    ticket = services.claim(make_ticket(contact_a), tech_agent)
    services.add_customer_reply(ticket, contact_a, "Còn lỗi không ạ?")
    assert told(Event.CUSTOMER_REPLY) == {tech_agent.email}
    assert mailed("alerts/customer_reply") == []  # the assignee's mail is hotro.notify's (desk/customer_reply)


def test_agent_replies_and_internal_notes_tell_nobody(make_ticket, contact_a, tech_agent, tech_agent_2):
    ticket = make_ticket(contact_a)
    Notification.objects.all().delete()
    services.add_agent_reply(ticket, tech_agent, "Chào anh")
    services.add_internal_note(ticket, tech_agent, "Ghi chú")
    assert Notification.objects.count() == 0


def test_an_assignment_tells_the_assignee_but_claiming_tells_nobody(make_ticket, contact_a, tech_agent, tech_agent_2):
    first = make_ticket(contact_a)
    services.assign(first, tech_agent_2, tech_agent)
    assert told(Event.ASSIGNED) == {tech_agent_2.email}
    row = Notification.objects.get(event=Event.ASSIGNED)
    assert row.data["actor"] == tech_agent.display_name and row.ticket == first
    services.claim(make_ticket(contact_a), tech_agent)  # one's own action
    assert Notification.objects.filter(event=Event.ASSIGNED).count() == 1


def test_preferences_switch_the_bell_off_and_email_on_per_department(
    make_ticket, contact_a, technical, sales, tech_agent, tech_agent_2
):
    tech_agent.agent.departments.add(sales)
    preferences.save(
        tech_agent,
        {
            (technical.pk, Event.NEW_TICKET): preferences.Choice(in_app=False, email=True),
            (sales.pk, Event.NEW_TICKET): preferences.Choice(in_app=True, email=False),
        },
    )
    make_ticket(contact_a)  # technical
    assert told(Event.NEW_TICKET) == {tech_agent_2.email}
    assert mailed("alerts/new_ticket") == [tech_agent.email]
    outbound = OutboundMessage.objects.get(kind="alerts/new_ticket")
    assert outbound.language == tech_agent.language
    make_ticket(contact_a, department=sales)
    assert Notification.objects.filter(recipient=tech_agent, ticket__department=sales).count() == 1
    assert mailed("alerts/new_ticket") == [tech_agent.email]  # sales: the bell only


def test_preferences_ignore_departments_the_agent_is_not_in_and_assignment_mail(technical, sales, tech_agent):
    saved = preferences.save(
        tech_agent,
        {
            (sales.pk, Event.NEW_TICKET): preferences.Choice(in_app=False, email=True),
            (technical.pk, Event.ASSIGNED): preferences.Choice(in_app=True, email=True),
        },
    )
    assert saved == 1
    stored = Preference.objects.get()
    assert stored.department == technical and stored.event == Event.ASSIGNED and stored.email is False


def test_an_sla_warning_tells_the_department_while_unassigned_and_mails_only_who_the_sla_does_not(
    make_ticket, contact_a, technical, tech_agent, tech_agent_2, supervisor
):
    ticket = make_ticket(contact_a)
    for agent in (tech_agent, supervisor):
        preferences.save(agent, {(technical.pk, Event.SLA_WARNING): preferences.Choice(email=True)})
    SlaEvent.objects.create(
        ticket=ticket,
        target=Target.FIRST_RESPONSE,
        kind=EventKind.WARNING,
        due_at=timezone.now() + timedelta(minutes=5),
    )
    assert told(Event.SLA_WARNING) == {tech_agent.email, tech_agent_2.email, supervisor.email}
    # The supervisor gets the SLA's own warning mail (hotro.sla.notify) already: not a second one.
    assert mailed("alerts/sla_warning") == [tech_agent.email]


def test_an_sla_warning_on_an_assigned_ticket_tells_its_assignee(make_ticket, contact_a, tech_agent, tech_agent_2):
    ticket = services.claim(make_ticket(contact_a), tech_agent)
    SlaEvent.objects.create(ticket=ticket, target=Target.RESOLUTION, kind=EventKind.WARNING, due_at=timezone.now())
    SlaEvent.objects.create(ticket=ticket, target=Target.RESOLUTION, kind=EventKind.BREACHED, due_at=timezone.now())
    assert told(Event.SLA_WARNING) == {tech_agent.email}
    assert Notification.objects.filter(event=Event.SLA_WARNING).count() == 1


def test_descriptions_are_in_the_readers_language(make_ticket, contact_a, tech_agent, sales_agent):
    from django.utils import translation

    make_ticket(contact_a, subject="Máy chủ chậm")
    row = Notification.objects.get(recipient=tech_agent)
    with translation.override("en"):
        english = alerts.describe(row)
    with translation.override("vi"):
        vietnamese = alerts.describe(row)
    assert row.ticket.number in english and "Máy chủ chậm" in english
    assert row.ticket.number in vietnamese


def test_an_agent_marks_only_their_own_notifications_read(make_ticket, contact_a, tech_agent, tech_agent_2):
    make_ticket(contact_a)
    make_ticket(contact_a)
    mine = list(Notification.objects.filter(recipient=tech_agent).values_list("pk", flat=True))
    theirs = list(Notification.objects.filter(recipient=tech_agent_2).values_list("pk", flat=True))
    assert alerts.mark_read(tech_agent, [mine[0], *theirs]) == 1
    assert alerts.unread_count(tech_agent) == 1 and alerts.unread_count(tech_agent_2) == 2
    assert alerts.mark_all_read(tech_agent) == 1
    assert alerts.unread_count(tech_agent) == 0 and alerts.unread_count(tech_agent_2) == 2


def test_nothing_is_written_when_the_change_rolls_back(contact_a, technical, tech_agent):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        services.open_ticket(requester=contact_a, department=technical, subject="x", body="y")
        raise RuntimeError("the desk change fails")
    assert Notification.objects.count() == 0

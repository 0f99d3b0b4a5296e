"""The admin is for administrators: configuration pages open for them and for nobody else."""

import pytest
from django.test import Client
from django.urls import reverse

PAGES = [
    "admin:desk_department_changelist",
    "admin:desk_category_changelist",
    "admin:desk_ticket_changelist",
    "admin:desk_auditevent_changelist",
    "admin:accounts_agent_changelist",
    "admin:accounts_contact_changelist",
    "admin:accounts_user_changelist",
    "admin:accounts_organisation_changelist",
    "admin:accounts_agent_add",
]


@pytest.mark.parametrize("page", PAGES)
def test_an_administrator_opens_each_configuration_page(client_for, admin_agent, contact_a, make_ticket, page):
    make_ticket(contact_a)
    assert client_for(admin_agent).get(reverse(page)).status_code == 200


@pytest.mark.parametrize("page", PAGES)
def test_agents_customers_and_strangers_are_kept_out(client_for, tech_agent, customer_a, page):
    for client in (client_for(tech_agent), client_for(customer_a), Client()):
        response = client.get(reverse(page))
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


def test_tickets_cannot_be_edited_in_the_admin(client_for, admin_agent, contact_a, make_ticket):
    ticket = make_ticket(contact_a)
    client = client_for(admin_agent)
    response = client.post(reverse("admin:desk_ticket_change", args=[ticket.pk]), {"subject": "changed"})
    ticket.refresh_from_db()
    assert ticket.subject != "changed"
    assert response.status_code in (200, 403)


def test_an_administrator_adds_an_agent_to_a_department(client_for, admin_agent, technical):
    from hotro.accounts.models import Membership, User

    user = User.objects.create_user("moi@cloudmini.example", "x-long-password-1")
    response = client_for(admin_agent).post(
        reverse("admin:accounts_agent_add"),
        {
            "user": user.pk,
            "role": "agent",
            "active": "on",
            "membership_set-TOTAL_FORMS": "1",
            "membership_set-INITIAL_FORMS": "0",
            "membership_set-0-department": technical.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Membership.objects.filter(agent__user=user, department=technical).exists()

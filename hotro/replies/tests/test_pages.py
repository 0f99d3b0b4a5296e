"""The canned-response and macro pages: who reaches which, and what they may change.

Personal responses: their owner only (others get a 404). A department's responses and macros: listed
to its agents, changed by its supervisors and administrators (a plain agent gets a 403, an agent of
another department a 404). Customers get a 404 everywhere, visitors are sent to sign in.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from hotro.desk.models import Status
from hotro.replies import services as replies
from hotro.replies.models import CannedResponse, Macro

NEW = {"title": "Chào", "body_vi": "Chào {{ customer_name }}", "body_en": "Hello {{ customer_name }}"}


@pytest.fixture
def technical_macro(technical, technical_response):
    return replies.save_macro(
        None,
        department=technical,
        name="Xong",
        response=technical_response,
        status=Status.RESOLVED,
        priority=None,
        category=None,
        assign="",
        assignee=None,
    )


def test_every_agent_reaches_the_list_and_sees_only_what_they_may_use(
    client_for, tech_agent, tech_agent_2, sales_agent, personal_response, technical_response, sales_response
):
    page = client_for(tech_agent).get(reverse("console:replies")).content.decode()
    assert personal_response.title in page and technical_response.title in page and sales_response.title not in page
    assert reverse("console:reply_template_edit", args=[technical_response.pk]) not in page  # not a supervisor
    other = client_for(tech_agent_2).get(reverse("console:replies")).content.decode()
    assert personal_response.title not in other
    assert technical_response.title not in client_for(sales_agent).get(reverse("console:replies")).content.decode()


def test_an_agent_creates_a_personal_response(client_for, tech_agent):
    response = client_for(tech_agent).post(reverse("console:reply_template_new"), {**NEW, "scope": "personal"})
    assert response.status_code == 302
    saved = CannedResponse.objects.get()
    assert (saved.owner_id, saved.department_id) == (tech_agent.pk, None)


def test_a_plain_agent_cannot_create_a_department_response(client_for, tech_agent, technical):
    response = client_for(tech_agent).post(reverse("console:reply_template_new"), {**NEW, "scope": str(technical.pk)})
    assert response.status_code == 400
    assert not CannedResponse.objects.exists()


def test_a_supervisor_creates_one_for_their_department_only(client_for, supervisor, technical, sales):
    client = client_for(supervisor)
    assert client.post(reverse("console:reply_template_new"), {**NEW, "scope": str(sales.pk)}).status_code == 400
    assert client.post(reverse("console:reply_template_new"), {**NEW, "scope": str(technical.pk)}).status_code == 302
    assert CannedResponse.objects.get().department_id == technical.pk


def test_an_unknown_placeholder_is_shown_on_the_field_and_nothing_is_saved(client_for, tech_agent):
    data = {**NEW, "scope": "personal", "body_en": "Hello {{ name }}"}
    response = client_for(tech_agent).post(reverse("console:reply_template_new"), data)
    assert response.status_code == 400
    assert "body_en" in response.context["form"].errors
    assert "{{ name }}" in response.context["form"].errors["body_en"][0]
    assert not CannedResponse.objects.exists()


def test_a_personal_response_is_edited_and_deleted_by_its_owner_only(
    client_for, tech_agent, tech_agent_2, supervisor, admin_agent, personal_response
):
    edit = reverse("console:reply_template_edit", args=[personal_response.pk])
    delete = reverse("console:reply_template_delete", args=[personal_response.pk])
    for other in (tech_agent_2, supervisor, admin_agent):
        client = client_for(other)
        assert client.get(edit).status_code == 404
        assert client.post(edit, {**NEW, "scope": "personal"}).status_code == 404
        assert client.post(delete).status_code == 404
    owner = client_for(tech_agent)
    assert owner.get(edit).status_code == 200
    assert owner.post(edit, {**NEW, "scope": "personal", "title": "Mới"}).status_code == 302
    personal_response.refresh_from_db()
    assert personal_response.title == "Mới"
    assert owner.get(delete).status_code == 405
    assert owner.post(delete).status_code == 302
    assert not CannedResponse.objects.filter(pk=personal_response.pk).exists()


def test_a_department_response_is_changed_by_its_supervisors_and_administrators(
    client_for, tech_agent, sales_agent, supervisor, admin_agent, technical, technical_response
):
    edit = reverse("console:reply_template_edit", args=[technical_response.pk])
    data = {**NEW, "scope": str(technical.pk)}
    assert client_for(tech_agent).get(edit).status_code == 403
    assert client_for(tech_agent).post(edit, data).status_code == 403
    assert client_for(sales_agent).get(edit).status_code == 404
    assert client_for(supervisor).post(edit, data).status_code == 302
    assert client_for(admin_agent).get(edit).status_code == 200
    delete = reverse("console:reply_template_delete", args=[technical_response.pk])
    assert client_for(tech_agent).post(delete).status_code == 403
    assert client_for(supervisor).post(delete).status_code == 302


def test_macros_are_kept_by_supervisors(client_for, tech_agent, sales_agent, supervisor, technical, technical_macro):
    new, edit = reverse("console:macro_new"), reverse("console:macro_edit", args=[technical_macro.pk])
    delete = reverse("console:macro_delete", args=[technical_macro.pk])
    assert client_for(tech_agent).get(new).status_code == 403
    assert client_for(tech_agent).get(edit).status_code == 403
    assert client_for(tech_agent).post(delete).status_code == 403
    assert client_for(sales_agent).get(edit).status_code == 404
    client = client_for(supervisor)
    assert client.get(new).status_code == 200
    data = {"name": "Chờ khách", "department": technical.pk, "status": Status.PENDING, "assign": "me"}
    assert client.post(new, data).status_code == 302
    assert Macro.objects.filter(name="Chờ khách", assign="me").exists()
    assert client.post(edit, {**data, "name": "Đổi tên"}).status_code == 302
    technical_macro.refresh_from_db()
    assert technical_macro.name == "Đổi tên"
    assert client.post(delete).status_code == 302
    assert not Macro.objects.filter(pk=technical_macro.pk).exists()


def test_a_macro_that_does_nothing_is_refused_on_the_form(client_for, supervisor, technical):
    response = client_for(supervisor).post(reverse("console:macro_new"), {"name": "Rỗng", "department": technical.pk})
    assert response.status_code == 400
    assert not Macro.objects.exists()


@pytest.mark.parametrize(
    "name",
    ["console:replies", "console:reply_template_new", "console:macro_new", "console:signatures", "console:routing"],
)
def test_customers_get_a_404_and_visitors_are_sent_to_sign_in(name, client_for, customer_a, client):
    url = reverse(name)
    assert client_for(customer_a).get(url).status_code == 404
    assert "/accounts/login/" in client.get(url)["Location"]


def test_ticket_endpoints_refuse_customers_and_visitors(client_for, customer_a, contact_a, make_ticket, client):
    ticket = make_ticket(contact_a)
    search = reverse("console:reply_templates_search", args=[ticket.number])
    macro = reverse("console:apply_macro", args=[ticket.number, 1])
    assert client_for(customer_a).get(search).status_code == 404
    assert client_for(customer_a).post(macro).status_code == 404
    assert "/accounts/login/" in client.get(search)["Location"]

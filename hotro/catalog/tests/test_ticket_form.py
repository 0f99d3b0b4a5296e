"""P14 on the portal's ticket form: a customer picks one of their own active services, and only those."""

from __future__ import annotations

import pytest

from hotro.catalog.models import TicketService
from hotro.desk.models import Category, Ticket


@pytest.fixture
def services(make_instance, contact_a, contact_b):
    return {
        "mine": make_instance(contact_a.email, label="web-an"),
        "mine_cancelled": make_instance(contact_a.email, label="old-an", status="cancelled"),
        "theirs": make_instance(contact_b.email, label="shop-binh"),
    }


def form_data(technical, **extra):
    return {
        "department": technical.pk,
        "priority": 3,
        "subject": "Website chậm",
        "body": "Trang web phản hồi rất chậm.",
        **extra,
    }


def test_the_form_lists_only_the_customers_own_active_services(services, customer_a, client_for):
    page = client_for(customer_a).get("/tickets/new/").content.decode()
    assert "web-an" in page
    assert "old-an" not in page
    assert "shop-binh" not in page


def test_a_guest_sees_no_services(services, client):
    page = client.get("/tickets/new/").content.decode()
    assert 'name="service"' not in page


def test_an_unverified_account_lists_nothing_of_the_addresss_owner(services, contact_a, client_for):
    from hotro.accounts.services import register_customer

    # Someone signs up with customer A's address and does not prove it.
    impostor = register_customer("an.nguyen+x@example.com", "pw-long-enough-123", name="X")
    impostor.email = "someone@example.com"
    impostor.save(update_fields=["email"])
    page = client_for(impostor).get("/tickets/new/").content.decode()
    assert "web-an" not in page


def test_the_ticket_names_the_chosen_service(services, customer_a, technical, client_for):
    response = client_for(customer_a).post("/tickets/new/", form_data(technical, service=services["mine"].pk))
    assert response.status_code == 302
    link = TicketService.objects.get()
    assert link.instance == services["mine"]
    assert link.confirmed and not link.suggested


def test_another_customers_service_is_refused_and_nothing_is_saved(services, customer_a, technical, client_for):
    response = client_for(customer_a).post("/tickets/new/", form_data(technical, service=services["theirs"].pk))
    assert response.status_code == 200
    assert "Choose one of your active services" in response.content.decode() or response.context["form"].errors
    assert Ticket.objects.count() == 0
    assert TicketService.objects.count() == 0


def test_an_out_of_scope_category_carries_the_policy_text(services, customer_a, client_for):
    out = Category.objects.get(slug="customer-software")
    page = client_for(customer_a).get("/tickets/new/").content.decode()
    assert f'value="{out.pk}"' in page
    option = page.split(f'value="{out.pk}"', 1)[1].split(">", 1)[0]
    assert "data-out-of-scope=" in option
    assert "mã nguồn" in option
    assert "js/scope-notice.js" in page


def test_an_out_of_scope_category_may_still_be_sent(services, customer_a, technical, client_for):
    out = Category.objects.get(slug="customer-software")
    response = client_for(customer_a).post("/tickets/new/", form_data(technical, category=out.pk))
    assert response.status_code == 302
    assert Ticket.objects.get().category == out

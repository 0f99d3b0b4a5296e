"""Triage and claiming (P2): the receiving team takes new tickets; the ticket records who and when."""

from django.urls import reverse

from hotro.accounts.services import create_agent
from hotro.desk import services
from hotro.desk.models import AuditEvent, Status


def test_triage_lists_only_new_unassigned_tickets_of_my_departments(
    tech_agent, tech_agent_2, contact_a, sales, make_ticket, client_for
):
    waiting = make_ticket(contact_a, subject="Chờ phân công")
    taken = make_ticket(contact_a, subject="Đã có người nhận")
    services.claim(taken, tech_agent_2)
    answered = make_ticket(contact_a, subject="Đã chuyển trạng thái")
    services.change_status(answered, Status.ON_HOLD, tech_agent_2)
    make_ticket(contact_a, department=sales, subject="Hoá đơn phòng khác")
    page = client_for(tech_agent).get(reverse("console:triage")).content.decode()
    assert waiting.number in page
    assert "Đã có người nhận" not in page
    assert "Đã chuyển trạng thái" not in page
    assert "Hoá đơn phòng khác" not in page


def test_triage_has_a_tab_per_department_for_an_agent_of_both(technical, sales, contact_a, make_ticket, client_for):
    both = create_agent("both@cloudmini.example", None, name="Hai Phòng", departments=[technical, sales])
    server_down = make_ticket(contact_a, subject="Máy chủ sập")
    invoice = make_ticket(contact_a, department=sales, subject="Xin hoá đơn VAT")
    client = client_for(both)
    everything = client.get(reverse("console:triage")).content.decode()
    assert server_down.subject in everything and invoice.subject in everything
    only_sales = client.get(reverse("console:triage"), {"department": "sales"}).content.decode()
    assert invoice.subject in only_sales and server_down.subject not in only_sales


def test_a_triage_tab_for_a_department_i_do_not_belong_to_is_a_404(tech_agent, sales, client_for):
    assert client_for(tech_agent).get(reverse("console:triage"), {"department": "sales"}).status_code == 404


def test_each_triage_row_has_a_claim_button(tech_agent, contact_a, make_ticket, client_for):
    ticket = make_ticket(contact_a)
    page = client_for(tech_agent).get(reverse("console:triage")).content.decode()
    assert f'hx-post="{reverse("console:claim", args=[ticket.number])}"' in page


def test_claim_with_htmx_swaps_the_row_to_claimed_by_you(tech_agent, contact_a, make_ticket, client_for):
    ticket = make_ticket(contact_a)
    response = client_for(tech_agent).post(
        reverse("console:claim", args=[ticket.number]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith("<tr")
    assert 'class="claimed"' in body
    ticket.refresh_from_db()
    assert ticket.assignee == tech_agent
    assert ticket.assigned_at is not None
    assert ticket.status == Status.OPEN
    assert AuditEvent.objects.filter(ticket=ticket, action="desk.ticket.assigned", actor_user=tech_agent).exists()


def test_claim_without_htmx_redirects_back_to_the_list(tech_agent, contact_a, make_ticket, client_for):
    ticket = make_ticket(contact_a)
    response = client_for(tech_agent).post(
        reverse("console:claim", args=[ticket.number]), {"next": reverse("console:triage")}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("console:triage")


def test_claim_does_not_redirect_to_another_site(tech_agent, contact_a, make_ticket, client_for):
    ticket = make_ticket(contact_a)
    response = client_for(tech_agent).post(
        reverse("console:claim", args=[ticket.number]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("console:ticket", args=[ticket.number])


def test_the_second_agent_to_claim_gets_a_clear_error_and_the_first_keeps_the_ticket(
    tech_agent, tech_agent_2, contact_a, make_ticket, client_for
):
    ticket = make_ticket(contact_a)
    url = reverse("console:claim", args=[ticket.number])
    client_for(tech_agent).post(url, headers={"HX-Request": "true"})
    response = client_for(tech_agent_2).post(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "Lê Kỹ Thuật" in response.content.decode()
    assert 'class="claimed"' not in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.assignee == tech_agent
    assert AuditEvent.objects.filter(ticket=ticket, action="desk.ticket.assigned").count() == 1


def test_the_second_claim_without_htmx_shows_the_error_as_a_message(
    tech_agent, tech_agent_2, contact_a, make_ticket, client_for
):
    ticket = make_ticket(contact_a)
    services.claim(ticket, tech_agent)
    response = client_for(tech_agent_2).post(reverse("console:claim", args=[ticket.number]), follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert any("Lê Kỹ Thuật" in m for m in messages)

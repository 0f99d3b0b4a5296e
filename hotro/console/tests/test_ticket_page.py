"""The agent's ticket page: whole thread with internal notes marked, compose modes, sidebar, history."""

import pytest
from django.urls import reverse

from conftest import upload
from hotro.desk import services
from hotro.desk.models import Priority, Status


@pytest.fixture
def ticket(contact_a, make_ticket):
    return make_ticket(contact_a, subject="Website báo lỗi 502", attachments=[upload("nginx.log")])


def page_for(client, ticket) -> str:
    response = client.get(reverse("console:ticket", args=[ticket.number]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_header_shows_requester_department_and_channel(tech_agent, ticket, client_for):
    page = page_for(client_for(tech_agent), ticket)
    for text in (
        ticket.number,
        "Website báo lỗi 502",
        "Nguyễn Văn An",
        "an.nguyen@example.com",
        ticket.department.label,
    ):
        assert text in page


def test_the_thread_shows_internal_notes_with_their_marker(tech_agent, ticket, client_for):
    services.add_agent_reply(ticket, tech_agent, "Chúng tôi đang kiểm tra.")
    note = services.add_internal_note(ticket, tech_agent, "Khách này từng bị DDoS tháng trước.")
    page = page_for(client_for(tech_agent), ticket)
    assert "Chúng tôi đang kiểm tra." in page
    assert "Khách này từng bị DDoS tháng trước." in page
    assert f'class="msg internal" id="message-{note.pk}"' in page
    assert 'class="note-tag"' in page


def test_the_compose_box_offers_a_public_reply_and_an_internal_note(tech_agent, ticket, client_for):
    page = page_for(client_for(tech_agent), ticket)
    assert 'value="reply"' in page and 'value="note"' in page
    assert f'formaction="{reverse("console:reply", args=[ticket.number])}"' in page
    assert f'formaction="{reverse("console:note", args=[ticket.number])}"' in page
    assert 'name="attachments"' in page and "multiple" in page
    assert 'name="then_status"' in page


def test_attachments_link_to_the_consoles_access_checked_download(tech_agent, ticket, client_for):
    attachment = ticket.attachments.get()
    client = client_for(tech_agent)
    page = page_for(client, ticket)
    assert "nginx.log" in page
    url = reverse("console:attachment", args=[attachment.pk])
    assert f'href="{url}"' in page
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream" and response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("who", ["sales_agent", "customer_a"])
def test_the_consoles_download_is_for_agents_of_the_department(who, ticket, client_for, request):
    """A customer, even the requester, downloads through the portal; the console is agents' only."""
    attachment = ticket.attachments.get()
    response = client_for(request.getfixturevalue(who)).get(reverse("console:attachment", args=[attachment.pk]))
    assert response.status_code == 404


def test_the_status_form_offers_only_legal_targets(tech_agent, ticket, client_for):
    services.change_status(ticket, Status.RESOLVED, tech_agent)
    page = page_for(client_for(tech_agent), ticket)
    status_select = page.split('name="status"')[1].split("</select>")[0]
    assert 'value="open"' in status_select and 'value="closed"' in status_select
    assert 'value="pending"' not in status_select


def test_the_assign_form_lists_agents_of_the_department_only(tech_agent, tech_agent_2, sales_agent, ticket, client_for):
    page = page_for(client_for(tech_agent), ticket)
    select = page.split('name="assignee"')[1].split("</select>")[0]
    assert "Phạm Hỗ Trợ" in select
    assert "Võ Kinh Doanh" not in select


def test_the_history_tells_what_happened_in_words(tech_agent, tech_agent_2, admin_agent, ticket, sales, client_for):
    """P2: the ticket records who assigned whom, and when."""
    admin_agent.language = "en"
    admin_agent.save(update_fields=["language"])
    services.assign(ticket, tech_agent_2, tech_agent)
    services.change_priority(ticket, Priority.URGENT, tech_agent)
    services.unassign(ticket, tech_agent)
    services.transfer_ticket(ticket, sales, tech_agent)
    history = page_for(client_for(admin_agent), ticket).split("history-list")[1]
    assert "Nguyễn Văn An opened the ticket" in history
    assert "Lê Kỹ Thuật assigned the ticket to Phạm Hỗ Trợ" in history
    assert "Lê Kỹ Thuật changed the status: New → Open" in history
    assert "Lê Kỹ Thuật changed the priority: Normal → Urgent" in history
    assert "Lê Kỹ Thuật unassigned Phạm Hỗ Trợ" in history
    assert "Lê Kỹ Thuật moved the ticket from Technical to Sales &amp; Accounting" in history


def test_the_history_reads_in_english_for_an_english_speaking_agent(
    sales_agent, contact_a, make_ticket, sales, client_for
):
    ticket = make_ticket(contact_a, department=sales)
    services.claim(ticket, sales_agent)
    page = page_for(client_for(sales_agent), ticket)
    assert "Võ Kinh Doanh took the ticket" in page
    assert "status: New → Open" in page


def test_after_a_note_the_compose_box_stays_in_note_mode(tech_agent, ticket, client_for):
    client = client_for(tech_agent)
    response = client.post(reverse("console:note", args=[ticket.number]), {"body": "ghi chú"})
    assert response["Location"].endswith("?mode=note#compose")
    page = client.get(response["Location"].split("#")[0]).content.decode()
    assert 'id="mode-note" checked' in page


def test_the_thread_escapes_what_customers_wrote_in_text_name_and_file_names(tech_agent, contact_a, client_for):
    contact_a.name = '<img src=x onerror="alert(1)">'
    contact_a.save(update_fields=["name"])
    ticket = services.open_ticket(
        requester=contact_a,
        department=tech_agent.agent.departments.get(),
        subject="xss",
        body="<script>alert('body')</script>\nthứ hai",
        attachments=[upload('<b>"log".txt')],
    )
    page = page_for(client_for(tech_agent), ticket)
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(&#x27;body&#x27;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page
    assert "&lt;b&gt;&quot;log&quot;.txt" in page


def test_an_agent_added_to_the_department_is_offered_at_once_in_this_process(tech_agent, ticket, client_for):
    from hotro.accounts.services import create_agent

    client = client_for(tech_agent)
    assert "Lê Mới" not in page_for(client, ticket)  # the lists are now kept for a while
    create_agent("moi@cloudmini.example", None, name="Lê Mới", departments=[ticket.department])
    assert "Lê Mới" in page_for(client, ticket)


def test_a_forged_assignee_is_refused_whatever_the_shown_list_says(tech_agent, sales_agent, ticket, client_for):
    response = client_for(tech_agent).post(
        reverse("console:assign", args=[ticket.number]), {"assignee": sales_agent.pk}, follow=True
    )
    ticket.refresh_from_db()
    assert ticket.assignee_id is None
    assert response.status_code == 200

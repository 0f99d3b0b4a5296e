"""The customer's own tickets (P4: they follow their requests in the portal)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from hotro.accounts.services import get_or_create_contact
from hotro.core.outbound.testing import rendered
from hotro.desk import services
from hotro.desk.models import Status, Ticket

pytestmark = pytest.mark.django_db

URL = "/tickets/"


def test_it_lists_only_the_customers_own_tickets_newest_activity_first(
    client_for, customer_a, contact_a, contact_b, make_ticket
):
    older = make_ticket(contact_a, subject="Older one")
    newer = make_ticket(contact_a, subject="Newer one")
    theirs = make_ticket(contact_b, subject="Someone else's")
    services.add_customer_reply(older, contact_a, "Bump")  # now the most recently active
    page = client_for(customer_a).get(URL).content.decode()
    assert theirs.subject not in page
    assert page.index(older.number) < page.index(newer.number)
    assert "status-new" in page


def test_it_shows_tickets_where_the_customer_is_in_cc(client_for, customer_b, contact_a, contact_b, make_ticket):
    ticket = make_ticket(contact_a, subject="Shared problem", ccs=[contact_b])
    assert ticket.number in client_for(customer_b).get(URL).content.decode()


def test_it_filters_open_and_closed(client_for, customer_a, contact_a, make_ticket):
    open_one = make_ticket(contact_a, subject="Still broken")
    closed_one = make_ticket(contact_a, subject="All fixed")
    services.close_ticket(closed_one, contact_a)
    client = client_for(customer_a)
    open_page = client.get(URL, {"state": "open"}).content.decode()
    assert open_one.number in open_page and closed_one.number not in open_page
    closed_page = client.get(URL, {"state": "closed"}).content.decode()
    assert closed_one.number in closed_page and open_one.number not in closed_page


def test_it_searches_by_subject_and_by_number(client_for, customer_a, contact_a, make_ticket):
    dns = make_ticket(contact_a, subject="DNS không phân giải")
    mail = make_ticket(contact_a, subject="Email bị trả về")
    client = client_for(customer_a)
    by_subject = client.get(URL, {"q": "dns"}).content.decode()
    assert dns.number in by_subject and mail.number not in by_subject
    by_number = client.get(URL, {"q": mail.number.lower()}).content.decode()
    assert mail.number in by_number and dns.number not in by_number


def test_it_pages_fifty_at_a_time(client_for, customer_a, contact_a, make_ticket):
    for _ in range(51):
        make_ticket(contact_a)
    client = client_for(customer_a)
    first = client.get(URL)
    assert len(first.context["page"].object_list) == 50
    assert len(client.get(URL, {"page": 2}).context["page"].object_list) == 1


def test_the_query_count_does_not_grow_with_the_rows(
    client_for, customer_a, contact_a, make_ticket, tech_agent, django_assert_max_num_queries
):
    client = client_for(customer_a)
    for _ in range(3):
        services.assign(make_ticket(contact_a), tech_agent, tech_agent)
    with django_assert_max_num_queries(12) as few:
        client.get(URL)
    for _ in range(20):
        services.assign(make_ticket(contact_a), tech_agent, tech_agent)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL)
    assert len(response.context["page"].object_list) == 23


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={URL}"


def test_an_unverified_account_does_not_see_earlier_guest_tickets_of_its_address(db, technical, client_for):
    """Signing up with someone's address must not reveal the tickets they opened as a guest."""
    from hotro.accounts.services import register_customer

    victim = get_or_create_contact("victim@example.com")
    earlier = services.open_ticket(requester=victim, department=technical, subject="Secret", body="Root password")
    Ticket.objects.filter(pk=earlier.pk).update(created_at=earlier.created_at - timedelta(minutes=5))
    intruder = register_customer("victim@example.com", "a-long-unusual-passphrase-42")
    client = client_for(intruder)
    assert earlier.number not in client.get(URL).content.decode()
    assert client.get(reverse("portal:ticket_detail", args=[earlier.number])).status_code == 404
    intruder.email_verified = True
    intruder.save(update_fields=["email_verified"])
    assert earlier.number in client.get(URL).content.decode()


def test_a_resolved_ticket_shows_its_status(client_for, customer_a, contact_a, make_ticket, tech_agent):
    ticket = make_ticket(contact_a)
    services.change_status(ticket, Status.RESOLVED, tech_agent)
    assert "status-resolved" in client_for(customer_a).get(URL).content.decode()


def test_an_unverified_account_does_not_see_later_tickets_of_its_address_either(db, technical, client_for):
    """The intruder signs up first; the real owner writes later (as a guest or by email): still hidden.

    The acknowledgement goes to the address with a guest link, not to the intruder's portal.
    """
    from hotro.accounts.services import register_customer

    intruder = register_customer("victim@example.com", "a-long-unusual-passphrase-42")
    owner = get_or_create_contact("victim@example.com")
    later = services.open_ticket(requester=owner, department=technical, subject="Secret", body="Root password")
    client = client_for(intruder)
    assert later.number not in client.get(URL).content.decode()
    assert client.get(reverse("portal:ticket_detail", args=[later.number])).status_code == 404
    ack = rendered().get(ticket=later, to="victim@example.com")
    assert "/t/" in ack.body_text and f"/tickets/{later.number}/" not in ack.body_text
    owner.refresh_from_db()
    assert owner.user is None


def test_following_the_verification_link_ties_the_address_tickets_to_the_account(db, technical, client_for):
    from hotro.accounts import verification
    from hotro.accounts.services import register_customer

    user = register_customer("owner@example.com", "a-long-unusual-passphrase-42")
    ticket = services.open_ticket(
        requester=get_or_create_contact("owner@example.com"), department=technical, subject="VPS", body="Lỗi"
    )
    verification.verify_email(verification.verification_token(user))
    assert ticket.number in client_for(user).get(URL).content.decode()


def test_a_row_escapes_the_subject_and_shows_status_words_and_local_time(
    client_for, customer_a, contact_a, make_ticket
):
    """Rows are built in Python (hotro.portal.rows): escaped like the template was, in the reader's language."""
    from zoneinfo import ZoneInfo

    ticket = make_ticket(contact_a, subject='<img src=x onerror="alert(1)"> & VPS')
    Ticket.objects.filter(pk=ticket.pk).update(updated_at=ticket.created_at.replace(year=2026, month=2, day=16, hour=2))
    page = client_for(customer_a).get(URL, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    row = page[page.index(f">{ticket.number}<") : page.index("</tr>", page.index(f">{ticket.number}<"))]
    assert "<img" not in row
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; VPS" in row
    assert f'href="{reverse("portal:ticket_detail", args=[ticket.number])}"' in page
    assert 'class="badge status-new">Mới</span>' in row  # customer_a reads Vietnamese
    local = ticket.created_at.replace(year=2026, month=2, day=16, hour=2).astimezone(ZoneInfo("Asia/Ho_Chi_Minh"))
    assert f'datetime="{local.isoformat()}"' in row
    assert local.strftime("%H:%M") in row


@pytest.mark.parametrize(("language", "status"), [("vi", "Mới"), ("en", "New")])
def test_rows_render_without_a_request_in_the_active_language_zone_and_format(language, status, contact_a, make_ticket):
    """Both languages' formats (hotro/formats) write dd/mm/yyyy and a 24-hour clock."""
    from datetime import UTC, datetime

    from django.utils import timezone, translation

    from hotro.portal.rows import ticket_rows

    ticket = make_ticket(contact_a, subject='<script>alert("x")</script> & VPS')
    Ticket.objects.filter(pk=ticket.pk).update(updated_at=datetime(2026, 2, 16, 1, 5, tzinfo=UTC))
    ticket.refresh_from_db()
    with translation.override(language), timezone.override("Asia/Ho_Chi_Minh"):
        row = str(ticket_rows([ticket]))
        department = ticket.department.label
    url = reverse("portal:ticket_detail", args=[ticket.number])
    assert row == (
        '<tr class="ticket-row">\n'
        f'  <td><a href="{url}">{ticket.number}</a></td>\n'
        f'  <td><a href="{url}">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; VPS</a></td>\n'
        f"  <td>{department}</td>\n"
        f'  <td><span class="badge status-new">{status}</span></td>\n'
        '  <td><time datetime="2026-02-16T08:05:00+07:00">16/02/2026 08:05</time></td>\n'
        "</tr>\n"
    )

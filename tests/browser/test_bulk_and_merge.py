"""Working together in a real browser (Debian's Chromium through Playwright): an agent selects two tickets
on the queue page and assigns them in one action, then merges one ticket into another from its page."""

from __future__ import annotations

import re
import shutil

import pytest

from hotro.desk import services
from hotro.desk.models import AuditEvent, Message, Status, Ticket
from tests.browser.conftest import CHROMIUM, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed"),
]


@pytest.mark.django_db(transaction=True)
def test_bulk_assign_on_the_queue_then_merge_from_the_ticket_page(
    live_server, browser, contact_a, make_ticket, tech_agent, tech_agent_2
):
    base = live_server.url
    first = make_ticket(contact_a, subject="VPS chậm")
    second = make_ticket(contact_a, subject="VPS vẫn chậm")
    services.add_customer_reply(second, contact_a, "Kết quả top đính kèm.")
    untouched = make_ticket(contact_a, subject="Không liên quan")

    page = browser.new_context(locale="vi-VN").new_page()
    sign_in(page, base, tech_agent.email)
    page.goto(f"{base}/console/queue/")
    page.check(f"input.bulk-pick[value='{first.pk}']")
    page.check(f"input.bulk-pick[value='{second.pk}']")
    page.select_option("#bulk-action", "assign")
    assert page.locator("#bulk-assignee").is_visible()  # the bar shows the chosen action's field
    assert not page.locator("#bulk-target").is_visible()
    page.select_option("#bulk-assignee", str(tech_agent_2.pk))
    page.locator("#bulk-form button.btn").click()
    page.wait_for_url(re.compile(r"/console/queue/$"))

    assigned = dict(Ticket.objects.values_list("pk", "assignee_id"))
    assert assigned == {first.pk: tech_agent_2.pk, second.pk: tech_agent_2.pk, untouched.pk: None}
    assert AuditEvent.objects.filter(action="desk.ticket.assigned").count() == 2

    messages_before = Message.objects.filter(ticket__in=[first, second]).count()
    page.goto(f"{base}/console/tickets/{second.number}/")
    page.locator("#merge-ticket summary").click()
    page.fill("#merge-ticket input[name=target]", first.number)
    page.locator("#merge-ticket button.btn").click()
    page.wait_for_url(re.compile(rf"/console/tickets/{first.number}/$"))
    assert "Kết quả top đính kèm." in page.content()  # the merged thread, on the survivor's page

    second.refresh_from_db()
    assert second.merged_into_id == first.pk and second.status == Status.CLOSED
    assert Message.objects.filter(ticket=first).count() == messages_before
    page.goto(f"{base}/console/tickets/{second.number}/")
    assert page.url.endswith(f"/console/tickets/{first.number}/")  # the old number leads to the survivor
